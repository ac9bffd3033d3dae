// Reading packet captures (pcap and pcapng, from files, pipes or gzip) with libpcap.
#pragma once

#include "input.hpp"

#include <sipwhy/capture/capture.hpp>

#include <functional>

namespace sipwhy::cli {

// Reads the frames of the capture in `source` and hands each to `frame`, numbered from 1; stops
// early when `frame` returns false. Throws InputError when the capture is corrupt or truncated
// (after handing over the frames before the damage), or when its link type is not one sipwhy
// decodes.
void read_capture(ByteSource& source, const std::function<bool(const CaptureFrame&)>& frame);

}  // namespace sipwhy::cli
