// Reading inputs for the scan: files, directories (recursively, in name order), standard input;
// gzip recognized by its magic bytes and inflated on the fly, gzip inside gzip too; packet captures
// (pcap, pcapng) recognized by theirs, inside gzip or not.
#pragma once

#include <sipwhy/text.hpp>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy::cli {

// A failure to read one input: reported, and the other inputs are still read.
struct InputError {
    std::string message;  // "FILE: what went wrong"
};

// A file name as error messages show it: sanitized, and cut when it is longer than real paths are
// (a 100 KB operand is not echoed whole).
inline std::string shown_path(std::string_view path) {
    return excerpt(path, 256);
}

// The name standard input goes by in findings, like grep's.
inline constexpr std::string_view k_stdin_name = "(standard input)";

// An input as findings name it: the path, or "(standard input)" for "-".
inline std::string display_name(const std::string& path) {
    return path == "-" ? std::string(k_stdin_name) : path;
}

// With no operand, a command reads standard input, unless it is a terminal: nobody pipes a log
// into one, and waiting for typed input would look like a hang. Then throws UsageError{tr(en, ru)},
// which says what to give.
void refuse_terminal_stdin(std::string_view en, std::string_view ru);

// The operands, or "-" (standard input) when there are none; refuse_terminal_stdin(en, ru) first.
std::vector<std::string> operands_or_stdin(std::span<const std::string> operands,
                                           std::string_view en, std::string_view ru);

// One file to read, and whether a directory scan found it (rather than an operand naming it).
struct Input {
    std::string path;
    bool in_directory = false;
};

// Which files of a directory scan to read: their base names against globs, as fnmatch(3) reads
// them; an empty `include` takes every name.
struct NameFilter {
    std::vector<std::string> include;
    std::vector<std::string> exclude;
    bool accepts(const std::string& path) const;
};

// The files to read for these operands: "-" is standard input; a directory stands for the regular
// files below it that `names` accepts, in name order, each file once (by device and inode).
// Operands that do not exist and directories that cannot be listed are reported through `error`
// and skipped.
std::vector<Input> expand_inputs(const std::vector<std::string>& operands, const NameFilter& names,
                                 const std::function<void(const InputError&)>& error);

// Whether these first bytes of an input are binary: a NUL byte among them, grep's test.
bool looks_binary(std::string_view first_bytes);

// The bytes of one input ("-" for standard input), inflated when they are gzip, and again when
// that is gzip (up to 4 deep).
class ByteSource {
public:
    // Opens `path`. Throws InputError when it cannot be opened or is a directory.
    explicit ByteSource(const std::string& path);
    // The same mappable input from its byte `offset` on, for another thread to map (a part of a
    // split scan): a descriptor of its own on the same open file.
    ByteSource(const ByteSource& input, std::uint64_t offset);
    ~ByteSource();
    ByteSource(const ByteSource&) = delete;
    ByteSource& operator=(const ByteSource&) = delete;

    // Up to `size` bytes; 0 at the end. Throws InputError when the input cannot be read, or its
    // gzip data is corrupt or truncated.
    std::size_t read(char* buffer, std::size_t size);

    // The first `size` bytes (fewer when the input is shorter), still to be read.
    std::string_view peek(std::size_t size);

    // Whether the input is a regular file without gzip, whose bytes `map_next` can give in place
    // of `read`: mapped into memory rather than copied, a fifth of a log scan's time.
    bool mappable() const { return m_regular && m_gzip.empty(); }

    // For gzip data, the library that inflates it ("ISA-L" or "zlib", inflate.hpp); else null.
    const char* inflater() const;

    // For a mappable input: its next bytes (up to `k_map_window`, from where the input started
    // whatever was peeked), mapped; valid until the next call or the destructor. Empty at the
    // end, which is where the file ends when the call reaches it (a file that grows is read on).
    // Throws InputError when it cannot be mapped or when the file shrank while it was read (its
    // lost bytes were read as NULs, never as a crash).
    std::string_view map_next();
    static constexpr std::size_t k_map_window = std::size_t{1} << 20;

    // For a mappable input: how many bytes it has now.
    std::uint64_t size() const;

    // For a mappable input: where the first line that starts at or after byte `offset` starts,
    // looked for in the 1 MiB from there; `offset` itself when it is 0 or a line start, and
    // nothing when no line ends in reach.
    std::optional<std::uint64_t> line_start_from(std::uint64_t offset) const;

    // The input as findings name it: the path, or "(standard input)".
    const std::string& name() const { return m_name; }

    // When the input was last written, as local civil time in seconds since the epoch (what a
    // log's timestamps without a year are completed with): a file's modification time, or now
    // for a pipe or a terminal.
    std::int64_t modified_local() const { return m_modified_local; }

    // For a pipe, a FIFO or a terminal (tail -f): when no byte has come for `ms` milliseconds,
    // calls `idle` once before waiting on; reading ends, as at the end of the input, when it
    // returns true. Files are never idle.
    void on_idle(int ms, std::function<bool()> idle) {
        m_idle_ms = ms;
        m_idle = std::move(idle);
    }

private:
    struct Gzip;
    std::size_t read_raw(char* buffer, std::size_t size);
    std::size_t read_decoded(char* buffer, std::size_t size);
    // Bytes inflated by gzip layer `layer` (1 the outermost), or raw ones for layer 0.
    std::size_t read_layer(std::size_t layer, char* buffer, std::size_t size);

    std::string m_name;
    std::int64_t m_modified_local = 0;
    bool m_regular = false;
    int m_idle_ms = 0;
    std::function<bool()> m_idle;
    int m_fd = -1;
    bool m_owned = false;
    std::uint64_t m_start = 0;   // the offset the input started at (stdin may be past 0)
    std::uint64_t m_mapped = 0;  // bytes from m_start given by map_next so far
    void* m_map = nullptr;       // the current window
    std::size_t m_map_size = 0;
    void unmap();
    std::string m_ahead;                        // decoded bytes peeked at, not yet read
    std::vector<std::unique_ptr<Gzip>> m_gzip;  // gzip inside gzip: outermost first
};

// Whether these first bytes are those of a pcap or pcapng file.
bool is_capture(std::string_view first_bytes);

}  // namespace sipwhy::cli
