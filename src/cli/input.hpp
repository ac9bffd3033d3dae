// Reading inputs for the scan: files, directories (recursively, in name order), standard input;
// gzip recognized by its magic bytes and inflated on the fly. Delivers bytes in chunks.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy::cli {

// A failure to read one input: reported, and the other inputs are still read.
struct InputError {
    std::string message;  // "FILE: what went wrong"
};

// The name standard input goes by in findings, like grep's.
inline constexpr std::string_view k_stdin_name = "(standard input)";

// The files to read for these operands: "-" is standard input; a directory stands for the regular
// files below it, in name order. Unreadable operands are reported through `error` and skipped.
std::vector<std::string> expand_inputs(const std::vector<std::string>& operands,
                                       const std::function<void(const InputError&)>& error);

enum class InputKind { text, gzip, pcap };

// Reads `path` ("-" for standard input) and hands its bytes, inflated when gzip, to `consume` in
// chunks. Stops early when `consume` returns false. Throws InputError when the input cannot be
// opened or read, or its gzip data is corrupt or truncated (after handing over what came before).
// `kind` says what the first bytes were.
void read_input(const std::string& path, const std::function<bool(std::string_view)>& consume,
                InputKind* kind = nullptr);

}  // namespace sipwhy::cli
