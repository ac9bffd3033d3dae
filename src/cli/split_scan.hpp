// One large file on several cores: its later parts are scanned at once, each by a scanner of its
// own, and joined where the scanner of the part before agrees with them (LogScanner::Carry), so
// that what the sink is told is what one scanner reading the file from its start would tell it.
#pragma once

#include "input.hpp"

#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <functional>
#include <memory>

namespace sipwhy::cli {

// A sink for one later part, and how what it was told joins the first sink's, after what the
// first sink was told before it.
struct PartSinks {
    std::function<std::unique_ptr<ScanSink>()> make;
    std::function<void(ScanSink& first, ScanSink& part)> absorb;
};

// How many parts a file of `size` bytes is worth splitting into on `jobs` threads: each at least
// 8 MiB; 1 when it is not worth it.
unsigned split_parts(std::uint64_t size, unsigned jobs);

// Reads the mappable `source` into `scanner` (which reports to `sink`) in `parts` parts, the first
// one on this thread; `scanner` is left at the input's end, not finished. Only for a scanner whose
// options are LogScanner::splittable. Throws InputError as ByteSource does.
void scan_split(ByteSource& source, unsigned parts, LogScanner& scanner, ScanSink& sink,
                const ScanOptions& options, TimeReference reference, const PartSinks& sinks);

}  // namespace sipwhy::cli
