#include "input.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sipwhy::cli {
namespace {

constexpr std::size_t k_chunk = 1 << 20;

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd > STDERR_FILENO) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

std::string display_name(const std::string& path) {
    return path == "-" ? std::string(k_stdin_name) : path;
}

// read(2) that retries on EINTR; returns bytes read, 0 at end, throws on error.
std::size_t read_some(int fd, char* buf, std::size_t size, const std::string& path) {
    while (true) {
        const ssize_t n = ::read(fd, buf, size);
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno != EINTR) {
            throw InputError{fmt::format("{}: {}", display_name(path), std::strerror(errno))};
        }
    }
}

// Inflates gzip data (one member or several, as `cat a.gz b.gz` makes) from `fd`, starting with
// the bytes already read into `first`.
void inflate_gzip(int fd, std::string_view first, const std::string& path,
                  const std::function<bool(std::string_view)>& consume) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        throw InputError{fmt::format("{}: cannot start gzip decompression", display_name(path))};
    }
    const std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&z, inflateEnd);
    std::vector<char> in(k_chunk);
    std::vector<char> out(k_chunk);
    std::copy(first.begin(), first.end(), in.begin());
    z.next_in = reinterpret_cast<Bytef*>(in.data());
    z.avail_in = static_cast<uInt>(first.size());
    bool member_ended = false;
    while (true) {
        if (z.avail_in == 0) {
            const std::size_t n = read_some(fd, in.data(), in.size(), path);
            if (n == 0) {
                if (!member_ended) {
                    throw InputError{fmt::format("{}: truncated gzip data", display_name(path))};
                }
                return;
            }
            z.next_in = reinterpret_cast<Bytef*>(in.data());
            z.avail_in = static_cast<uInt>(n);
        }
        if (member_ended) {
            inflateReset(&z);  // another member follows
            member_ended = false;
        }
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = out.size() - z.avail_out;
        if (produced > 0 && !consume({out.data(), produced})) {
            return;
        }
        if (rc == Z_STREAM_END) {
            member_ended = true;
        } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && z.avail_in == 0)) {
            throw InputError{fmt::format("{}: corrupt gzip data ({})", display_name(path),
                                         z.msg != nullptr ? z.msg : "no progress")};
        }
    }
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& operands,
                                       const std::function<void(const InputError&)>& error) {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    for (const auto& op : operands) {
        if (op == "-") {
            out.push_back(op);
            continue;
        }
        std::error_code ec;
        const auto status = fs::status(op, ec);
        if (ec || !fs::exists(status)) {
            error({fmt::format("{}: {}", op, ec ? ec.message() : std::strerror(ENOENT))});
            continue;
        }
        if (!fs::is_directory(status)) {
            out.push_back(op);
            continue;
        }
        std::vector<std::string> files;
        fs::recursive_directory_iterator it(op, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            error({fmt::format("{}: {}", op, ec.message())});
            continue;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                error({fmt::format("{}: {}", it->path().string(), ec.message())});
                break;
            }
            std::error_code file_ec;
            if (it->is_regular_file(file_ec)) {
                files.push_back(it->path().string());
            }
        }
        std::sort(files.begin(), files.end());
        out.insert(out.end(), files.begin(), files.end());
    }
    return out;
}

void read_input(const std::string& path, const std::function<bool(std::string_view)>& consume,
                InputKind* kind) {
    int raw = STDIN_FILENO;
    if (path != "-") {
        raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (raw < 0) {
            throw InputError{fmt::format("{}: {}", path, std::strerror(errno))};
        }
    }
    const Fd fd(raw);
    struct stat st{};
    if (::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) {
        throw InputError{fmt::format("{}: is a directory", display_name(path))};
    }
    std::vector<char> buf(k_chunk);
    // Enough of the start to recognize the format: fill at least the 4 magic bytes.
    std::size_t have = 0;
    while (have < 4) {
        const std::size_t n = read_some(fd.get(), buf.data() + have, buf.size() - have, path);
        if (n == 0) {
            break;
        }
        have += n;
    }
    const auto* b = reinterpret_cast<const unsigned char*>(buf.data());
    const bool gzip = have >= 2 && b[0] == 0x1F && b[1] == 0x8B;
    if (kind != nullptr) {
        *kind = gzip ? InputKind::gzip : InputKind::text;
    }
    if (gzip) {
        inflate_gzip(fd.get(), {buf.data(), have}, path, consume);
        return;
    }
    if (have > 0 && !consume({buf.data(), have})) {
        return;
    }
    while (true) {
        const std::size_t n = read_some(fd.get(), buf.data(), buf.size(), path);
        if (n == 0 || !consume({buf.data(), n})) {
            return;
        }
    }
}

}  // namespace sipwhy::cli
