#include "output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sipwhy::cli {

FdStreamBuf::FdStreamBuf(int fd, bool raise) : m_fd(fd), m_raise(raise) {
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

FdStreamBuf::~FdStreamBuf() {
    try {
        flush_buffer();
    } catch (...) {
        // Nothing can be reported from a destructor; run() flushes standard output before it
        // returns, so only what an error left behind in the buffer can be lost here.
    }
}

void FdStreamBuf::write_all(const char* data, std::size_t size) {
    while (size > 0 && !m_failed) {
        const ssize_t n = ::write(m_fd, data, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            // Once a write has failed, the stream's text has a hole: nothing more is written.
            m_failed = true;
            if (!m_raise) {
                return;
            }
            if (errno == EPIPE) {
                throw BrokenPipe{};
            }
            throw OutputError{errno};
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
    if (n <= 0) {
        return 0;  // an empty std::string_view may have no data at all: no memcpy from null
    }
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
// throws (BrokenPipe, OutputError) instead of only setting badbit.
struct FdStream {
    FdStream(int fd, bool raise) : buf(fd, raise), stream(&buf) {
        stream.exceptions(std::ios::badbit);
    }
    FdStreamBuf buf;
    std::ostream stream;
};

thread_local std::ostream* t_out = nullptr;
thread_local std::ostream* t_err = nullptr;

}  // namespace

std::ostream& out() {
    if (t_out != nullptr) {
        return *t_out;
    }
    static FdStream s(STDOUT_FILENO, true);
    return s.stream;
}

std::ostream& err() {
    if (t_err != nullptr) {
        return *t_err;
    }
    static FdStream s(STDERR_FILENO, false);
    return s.stream;
}

OutputRedirect::OutputRedirect(std::ostream& to_out, std::ostream& to_err)
    : m_out(t_out), m_err(t_err) {
    t_out = &to_out;
    t_err = &to_err;
}

OutputRedirect::~OutputRedirect() {
    t_out = m_out;
    t_err = m_err;
}

}  // namespace sipwhy::cli
