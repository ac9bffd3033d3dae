// Standard output and standard error for the CLI: buffered std::ostreams over file descriptors.
// On standard output a broken pipe becomes a BrokenPipe exception, so `sipwhy ... | head -1` ends
// quietly, and any other write error an OutputError, which ends the run with an error. Standard
// error never throws: a message that cannot be written is dropped, and the exit status still tells.
#pragma once

#include <array>
#include <ostream>
#include <streambuf>

namespace sipwhy::cli {

struct BrokenPipe {};

// A write to standard output failed for a reason other than a broken pipe (a full disk, say).
struct OutputError {
    int error;  // errno
};

class FdStreamBuf : public std::streambuf {
public:
    // `raise`: throw BrokenPipe and OutputError on a failed write, instead of dropping the bytes.
    FdStreamBuf(int fd, bool raise);
    ~FdStreamBuf() override;
    FdStreamBuf(const FdStreamBuf&) = delete;
    FdStreamBuf& operator=(const FdStreamBuf&) = delete;

protected:
    int_type overflow(int_type ch) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    bool flush_buffer();
    void write_all(const char* data, std::size_t size);

    int m_fd;
    bool m_raise;
    bool m_failed = false;  // a write failed: later bytes are dropped
    // Not zeroed: only what was written is read, and zeroing it would touch 16 pages at start-up.
    std::array<char, 1 << 16> m_buffer;
};

// The process's standard output (exception-raising) and standard error (never raising); or, on
// a thread that an OutputRedirect is alive on, the streams it names.
std::ostream& out();
std::ostream& err();

// While alive, out() and err() on this thread are `to_out` and `to_err`: a parallel scan's worker
// writes each input's output where the inputs are put back in order.
class OutputRedirect {
public:
    OutputRedirect(std::ostream& to_out, std::ostream& to_err);
    ~OutputRedirect();
    OutputRedirect(const OutputRedirect&) = delete;
    OutputRedirect& operator=(const OutputRedirect&) = delete;

private:
    std::ostream* m_out;
    std::ostream* m_err;
};

}  // namespace sipwhy::cli
