// Standard output for the CLI: a buffered std::ostream over a file descriptor that turns a broken
// pipe into a BrokenPipe exception, so `sipwhy ... | head -1` ends quietly.
#pragma once

#include <array>
#include <ostream>
#include <streambuf>

namespace sipwhy::cli {

struct BrokenPipe {};

class FdStreamBuf : public std::streambuf {
public:
    explicit FdStreamBuf(int fd);
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
    std::array<char, 1 << 16> m_buffer{};
};

// The process's standard output and standard error as exception-raising streams.
std::ostream& out();
std::ostream& err();

}  // namespace sipwhy::cli
