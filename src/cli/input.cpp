#include "input.hpp"

#include "app.hpp"
#include "environment.hpp"
#include "inflate.hpp"
#include "interrupt.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>

namespace sipwhy::cli {
namespace {

constexpr std::size_t k_gzip_chunk = 1 << 18;
constexpr std::size_t k_max_gzip_layers = 4;

// The window map_next gave last on this thread, for the SIGBUS handler: a file that another
// process truncates while it is mapped (logrotate's copytruncate) faults on the pages it lost, in
// the thread that reads it. The handler puts zero pages over the window, so that the read goes
// on, and says so; map_next then reports it. (Each worker of a parallel scan maps its own input.)
thread_local char* t_window = nullptr;
thread_local std::size_t t_window_size = 0;
thread_local volatile sig_atomic_t t_shrank = 0;

void on_sigbus(int sig, siginfo_t* info, void*) {
    char* base = t_window;
    const std::size_t size = t_window_size;
    const auto* at = static_cast<const char*>(info->si_addr);
    if (base != nullptr && at >= base && at < base + size &&
        ::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
            MAP_FAILED) {
        t_shrank = 1;
        return;  // the faulting read is done again, on a zero page
    }
    // Not a mapped input's fault: what SIGBUS does by default.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void catch_sigbus() {
    static const bool installed = [] {
        struct sigaction sa {};
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        return ::sigaction(SIGBUS, &sa, nullptr) == 0;
    }();
    (void)installed;
}

}  // namespace

namespace {

// The regular files below `root`, in name order, each once: a link to a file also found under its
// own name (or through another link) is dropped, as grep -r reads a file once. Links to
// directories are not followed. A directory that cannot be listed is reported through `error`
// and the walk goes on with the others. Each directory is listed whole and closed before the walk
// descends, so one descriptor is open at a time, however deep the tree.
std::vector<std::string> walk(const std::string& root,
                              const std::function<void(const InputError&)>& error) {
    namespace fs = std::filesystem;
    struct File {
        std::string path;
        bool link;
        dev_t device;
        ino_t inode;
    };
    std::vector<File> files;
    std::vector<std::string> pending = {root};
    while (!pending.empty()) {
        const std::string dir = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        std::vector<std::string> subdirectories;
        fs::directory_iterator it(dir, ec);
        for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
            const std::string path = it->path().string();
            std::error_code entry_ec;
            const bool link = it->is_symlink(entry_ec);
            if (!link && it->is_directory(entry_ec)) {
                subdirectories.push_back(path);
                continue;
            }
            struct stat st {};
            if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
                files.push_back({path, link, st.st_dev, st.st_ino});
            }
        }
        if (ec) {
            error({fmt::format("{}: {}", shown_path(dir), system_error_text(ec.value()))});
        }
        // Visited in name order, so that errors come in the order of the files.
        std::sort(subdirectories.rbegin(), subdirectories.rend());
        pending.insert(pending.end(), subdirectories.begin(), subdirectories.end());
    }
    std::sort(files.begin(), files.end(),
              [](const File& a, const File& b) { return a.path < b.path; });
    // A file's own name wins over the links to it; among links only, the first by name.
    std::set<std::pair<dev_t, ino_t>> seen;
    for (const File& f : files) {
        if (!f.link) {
            seen.insert({f.device, f.inode});
        }
    }
    std::vector<std::string> out;
    for (const File& f : files) {
        if (!f.link || seen.insert({f.device, f.inode}).second) {
            out.push_back(f.path);
        }
    }
    return out;
}

}  // namespace

bool NameFilter::accepts(const std::string& path) const {
    const std::string name = std::filesystem::path(path).filename().string();
    auto any = [&](const std::vector<std::string>& globs) {
        return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
            return ::fnmatch(g.c_str(), name.c_str(), 0) == 0;
        });
    };
    return (include.empty() || any(include)) && !any(exclude);
}

bool looks_binary(std::string_view first_bytes) {
    return first_bytes.find('\0') != std::string_view::npos;
}

std::vector<Input> expand_inputs(const std::vector<std::string>& operands, const NameFilter& names,
                                 const std::function<void(const InputError&)>& error) {
    namespace fs = std::filesystem;
    std::vector<Input> out;
    for (const auto& op : operands) {
        if (op == "-") {
            out.push_back({op, false});
            continue;
        }
        std::error_code ec;
        const auto status = fs::status(op, ec);
        if (ec || !fs::exists(status)) {
            error({fmt::format("{}: {}", shown_path(op),
                               system_error_text(ec ? ec.value() : ENOENT))});
            continue;
        }
        if (!fs::is_directory(status)) {
            out.push_back({op, false});
            continue;
        }
        for (std::string& f : walk(op, error)) {
            if (names.accepts(f)) {
                out.push_back({std::move(f), true});
            }
        }
    }
    return out;
}

// Inflates gzip data: one member or several, as `cat a.gz b.gz` makes.
struct ByteSource::Gzip {
    GzipInflater inflater;
    std::vector<char> in = std::vector<char>(k_gzip_chunk);
    bool member_ended = false;
    bool done = false;
};

ByteSource::ByteSource(const std::string& path) : m_name(display_name(path)) {
    if (path == "-") {
        m_fd = STDIN_FILENO;
    } else {
        m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            throw InputError{fmt::format("{}: {}", shown_path(path), system_error_text(errno))};
        }
        m_owned = true;
    }
    struct stat st {};
    const bool stated = ::fstat(m_fd, &st) == 0;
    if (stated && S_ISDIR(st.st_mode)) {
        if (m_owned) {
            ::close(m_fd);
        }
        throw InputError{trf("{}: is a directory", "{}: это каталог", shown_path(m_name))};
    }
    m_regular = stated && S_ISREG(st.st_mode);
    if (m_regular) {
        const off_t at = ::lseek(m_fd, 0, SEEK_CUR);
        m_start = at > 0 ? static_cast<std::uint64_t>(at) : 0;
    }
    const std::time_t written = m_regular ? st.st_mtime : std::time(nullptr);
    std::tm local{};
    if (::localtime_r(&written, &local) != nullptr) {
        m_modified_local = static_cast<std::int64_t>(::timegm(&local));
    }
    // The two magic bytes of gzip, if the input is that long; and again in what they inflate to,
    // for gzip inside gzip (a rotated log compressed once more), up to k_max_gzip_layers deep.
    try {
        while (true) {
            char magic[2];
            std::size_t have = 0;
            while (have < sizeof magic) {
                const std::size_t n = read_layer(m_gzip.size(), magic + have, sizeof magic - have);
                if (n == 0) {
                    break;
                }
                have += n;
            }
            const bool gzip = have == 2 && static_cast<unsigned char>(magic[0]) == 0x1F &&
                              static_cast<unsigned char>(magic[1]) == 0x8B;
            if (!gzip) {
                m_ahead.assign(magic, have);
                break;
            }
            if (m_gzip.size() == k_max_gzip_layers) {
                throw InputError{fmt::format("{}: gzip inside gzip more than {} deep",
                                             shown_path(m_name), k_max_gzip_layers)};
            }
            auto& g = *m_gzip.emplace_back(std::make_unique<Gzip>());
            // The magic bytes are the start of the gzip data.
            std::memcpy(g.in.data(), magic, have);
            g.inflater.give(g.in.data(), have);
        }
    } catch (const InputError&) {
        if (m_owned) {
            ::close(m_fd);
        }
        throw;
    }
}

ByteSource::ByteSource(const ByteSource& input, std::uint64_t offset)
    : m_name(input.m_name),
      m_modified_local(input.m_modified_local),
      m_regular(true),
      m_fd(::fcntl(input.m_fd, F_DUPFD_CLOEXEC, 0)),
      m_owned(m_fd >= 0),
      m_start(input.m_start + offset) {
    if (m_fd < 0) {
        throw InputError{fmt::format("{}: {}", shown_path(m_name), system_error_text(errno))};
    }
}

std::uint64_t ByteSource::size() const {
    struct stat st {};
    if (::fstat(m_fd, &st) != 0 || static_cast<std::uint64_t>(st.st_size) < m_start) {
        return 0;
    }
    return static_cast<std::uint64_t>(st.st_size) - m_start;
}

std::optional<std::uint64_t> ByteSource::line_start_from(std::uint64_t offset) const {
    if (offset == 0) {
        return 0;
    }
    // From the byte before `offset` on, a '\n' there making `offset` a line start; 4 KiB at a
    // time, since a line end is usually near.
    char bytes[4096];
    const std::uint64_t from = offset - 1;
    for (std::uint64_t at = from; at < from + (std::uint64_t{1} << 20);) {
        const ssize_t n = ::pread(m_fd, bytes, sizeof bytes, static_cast<off_t>(m_start + at));
        if (n <= 0) {
            return std::nullopt;
        }
        if (const void* nl = std::memchr(bytes, '\n', static_cast<std::size_t>(n))) {
            return at + 1 + static_cast<std::uint64_t>(static_cast<const char*>(nl) - bytes);
        }
        at += static_cast<std::uint64_t>(n);
    }
    return std::nullopt;
}

ByteSource::~ByteSource() {
    unmap();
    if (m_mapped > 0) {
        t_shrank = 0;  // a shrink not reported (the scan stopped early) is not the next input's
    }
    if (m_owned) {
        ::close(m_fd);
    }
}

// read(2) that retries on EINTR; 0 at the end, or once SIGINT or SIGTERM came; throws on error.
std::size_t ByteSource::read_raw(char* buffer, std::size_t size) {
    while (true) {
        if (interrupted()) {
            return 0;  // as if the input ended here
        }
        if (m_idle && !m_regular) {
            pollfd ready{m_fd, POLLIN, 0};
            const int r = ::poll(&ready, 1, m_idle_ms);
            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r == 0) {
                if (m_idle()) {
                    return 0;  // the caller has what it wanted (-q found its match)
                }
                pollfd more{m_fd, POLLIN, 0};
                if (::poll(&more, 1, -1) < 0 && errno == EINTR) {
                    continue;
                }
            }
        }
        const ssize_t n = ::read(m_fd, buffer, size);
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno != EINTR) {
            throw InputError{fmt::format("{}: {}", shown_path(m_name), system_error_text(errno))};
        }
    }
}

std::size_t ByteSource::read(char* buffer, std::size_t size) {
    if (!m_ahead.empty()) {
        const std::size_t n = std::min(size, m_ahead.size());
        std::memcpy(buffer, m_ahead.data(), n);
        m_ahead.erase(0, n);
        return n;
    }
    return read_decoded(buffer, size);
}

const char* ByteSource::inflater() const {
    return m_gzip.empty() ? nullptr : m_gzip.front()->inflater.name();
}

std::size_t ByteSource::read_decoded(char* buffer, std::size_t size) {
    return read_layer(m_gzip.size(), buffer, size);
}

std::size_t ByteSource::read_layer(std::size_t layer, char* buffer, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    if (layer == 0) {
        return read_raw(buffer, size);
    }
    Gzip& g = *m_gzip[layer - 1];
    while (!g.done) {
        if (g.inflater.avail_in() == 0) {
            const std::size_t n = read_layer(layer - 1, g.in.data(), g.in.size());
            if (n == 0) {
                if (!g.member_ended && !interrupted()) {
                    throw InputError{trf("{}: truncated gzip data", "{}: обрезанные данные gzip",
                                         shown_path(m_name))};
                }
                g.done = true;
                break;
            }
            g.inflater.give(g.in.data(), n);
        }
        if (g.member_ended) {
            g.inflater.next_member();  // another member follows
            g.member_ended = false;
        }
        const GzipInflater::Step step = g.inflater.inflate(buffer, size);
        if (step.corrupt != nullptr) {
            throw InputError{trf("{}: corrupt gzip data ({})", "{}: повреждённые данные gzip ({})",
                                 shown_path(m_name), step.corrupt)};
        }
        g.member_ended = step.member_end;
        if (step.produced > 0) {
            return step.produced;
        }
    }
    return 0;
}

void ByteSource::unmap() {
    if (m_map != nullptr) {
        t_window = nullptr;
        t_window_size = 0;
        ::munmap(m_map, m_map_size);
        m_map = nullptr;
        m_map_size = 0;
    }
}

std::string_view ByteSource::map_next() {
    unmap();
    if (t_shrank != 0) {
        t_shrank = 0;
        throw InputError{trf("{}: the file shrank while it was read",
                             "{}: файл уменьшился во время чтения", shown_path(m_name))};
    }
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        throw InputError{fmt::format("{}: {}", shown_path(m_name), system_error_text(errno))};
    }
    const std::uint64_t at = m_start + m_mapped;
    const auto end = static_cast<std::uint64_t>(st.st_size);
    if (interrupted() || end <= at) {
        return {};
    }
    // Windows start on a page: the file's offset is rounded down and the bytes before it skipped.
    static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t from = at / page * page;
    const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(end - from, k_map_window));
    catch_sigbus();
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, m_fd,
                     static_cast<off_t>(from));
    if (p == MAP_FAILED) {
        throw InputError{fmt::format("{}: {}", shown_path(m_name), system_error_text(errno))};
    }
    ::madvise(p, size, MADV_SEQUENTIAL);
    m_map = p;
    m_map_size = size;
    t_window_size = size;
    t_window = static_cast<char*>(p);
    const auto skip = static_cast<std::size_t>(at - from);
    m_mapped += size - skip;
    return {static_cast<const char*>(p) + skip, size - skip};
}

std::string_view ByteSource::peek(std::size_t size) {
    while (m_ahead.size() < size) {
        char buffer[64];
        const std::size_t n = read_decoded(buffer, std::min(sizeof buffer, size - m_ahead.size()));
        if (n == 0) {
            break;
        }
        m_ahead.append(buffer, n);
    }
    return std::string_view(m_ahead).substr(0, size);
}

bool is_capture(std::string_view b) {
    if (b.size() < 4) {
        return false;
    }
    const auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
    const std::uint32_t big = (std::uint32_t{u(0)} << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
    switch (big) {
        case 0xA1B2C3D4:  // pcap, microseconds, either byte order
        case 0xD4C3B2A1:
        case 0xA1B23C4D:  // pcap, nanoseconds
        case 0x4D3CB2A1:
        case 0x0A0D0D0A:  // pcapng Section Header Block
            return true;
        default:
            return false;
    }
}

void refuse_terminal_stdin(std::string_view en, std::string_view ru) {
    if (stdin_is_terminal()) {
        throw UsageError{tr(en, ru)};
    }
}

std::vector<std::string> operands_or_stdin(std::span<const std::string> operands,
                                           std::string_view en, std::string_view ru) {
    if (!operands.empty()) {
        return {operands.begin(), operands.end()};
    }
    refuse_terminal_stdin(en, ru);
    return {"-"};
}

}  // namespace sipwhy::cli
