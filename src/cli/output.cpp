#include "output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace sipwhy::cli {

FdStreamBuf::FdStreamBuf(int fd) : m_fd(fd) {
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

FdStreamBuf::~FdStreamBuf() {
    try {
        flush_buffer();
    } catch (...) {
        // Nothing can be reported from a destructor; the broken pipe is not an error anyway.
    }
}

void FdStreamBuf::write_all(const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EPIPE) {
                throw BrokenPipe{};
            }
            throw std::system_error(errno, std::generic_category(), "cannot write output");
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

bool FdStreamBuf::flush_buffer() {
    const auto size = static_cast<std::size_t>(pptr() - pbase());
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    write_all(m_buffer.data(), size);
    return true;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type ch) {
    flush_buffer();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(ch);
        pbump(1);
    }
    return traits_type::not_eof(ch);
}

std::streamsize FdStreamBuf::xsputn(const char* s, std::streamsize n) {
    const auto size = static_cast<std::size_t>(n);
    if (size > static_cast<std::size_t>(epptr() - pptr())) {
        flush_buffer();
        if (size >= m_buffer.size()) {
            write_all(s, size);
            return n;
        }
    }
    std::memcpy(pptr(), s, size);
    pbump(static_cast<int>(n));
    return n;
}

int FdStreamBuf::sync() {
    flush_buffer();
    return 0;
}

namespace {

// A stream and its buffer, alive until the process exits. The stream rethrows what the buffer
// throws (BrokenPipe) instead of only setting badbit.
struct FdStream {
    explicit FdStream(int fd) : buf(fd), stream(&buf) { stream.exceptions(std::ios::badbit); }
    FdStreamBuf buf;
    std::ostream stream;
};

}  // namespace

std::ostream& out() {
    static FdStream s(STDOUT_FILENO);
    return s.stream;
}

std::ostream& err() {
    static FdStream s(STDERR_FILENO);
    return s.stream;
}

}  // namespace sipwhy::cli
