#include "run.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sipwhy::e2e {
namespace {

// How long sipwhy may stay silent before it is killed (the sanitizer build gets more time).
constexpr int k_silence_s = 30 * k_slowdown;

void check(int rc, const char* what) {
    if (rc != 0) {
        throw std::runtime_error(std::string(what) + ": " + std::strerror(rc == -1 ? errno : rc));
    }
}

}  // namespace

void PrintTo(const Outcome& o, std::ostream* os) {
    *os << "{status " << o.status << ", out " << ::testing::PrintToString(o.out) << ", err "
        << ::testing::PrintToString(o.err) << "}";
}

void PrintTo(const Result& r, std::ostream* os) {
    PrintTo(static_cast<const Outcome&>(r), os);
}

::testing::AssertionResult has(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << ::testing::PrintToString(part) << " is not in " << ::testing::PrintToString(text);
}

void PrintTo(const StatusText& s, std::ostream* os) {
    *os << "{status " << s.status << ", " << ::testing::PrintToString(s.text) << "}";
}

Result sipwhy(const Invocation& run) {
    int in_pipe[2];
    int out_pipe[2];
    int err_pipe[2];
    check(::pipe2(in_pipe, O_CLOEXEC), "pipe");
    check(::pipe2(out_pipe, O_CLOEXEC), "pipe");
    check(::pipe2(err_pipe, O_CLOEXEC), "pipe");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (run.stdin_is_null) {
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    } else {
        posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    }
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    if (!run.cwd.empty()) {
        posix_spawn_file_actions_addchdir_np(&actions, run.cwd.c_str());
    }

    std::vector<std::string> args = run.wrapper;
    args.push_back(SIPWHY_BINARY);
    args.insert(args.end(), run.args.begin(), run.args.end());
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    std::vector<std::string> env = {"PATH=/usr/bin:/bin"};
    if (const char* home = std::getenv("HOME")) {
        env.push_back(std::string("HOME=") + home);
    }
    for (const auto& [k, v] : run.env) {
        env.push_back(k + "=" + v);
    }
    std::vector<char*> envp;
    for (auto& e : env) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);

    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    check(rc, "posix_spawn");
    // Writes to the child's stdin must never block while its output is waiting to be read.
    ::fcntl(in_pipe[1], F_SETFL, ::fcntl(in_pipe[1], F_GETFL) | O_NONBLOCK);

    // Feed stdin and drain stdout and stderr together, so that no pipe fills up and blocks.
    Result result;
    std::size_t written = 0;
    int in_fd = in_pipe[1];
    if (run.input.empty()) {
        ::close(in_fd);
        in_fd = -1;
    }
    int out_fd = out_pipe[0];
    int err_fd = err_pipe[0];
    ::signal(SIGPIPE, SIG_IGN);
    while (out_fd >= 0 || err_fd >= 0) {
        std::vector<pollfd> fds;
        if (in_fd >= 0 && written < run.input.size()) {
            fds.push_back({in_fd, POLLOUT, 0});
        }
        if (out_fd >= 0) {
            fds.push_back({out_fd, POLLIN, 0});
        }
        if (err_fd >= 0) {
            fds.push_back({err_fd, POLLIN, 0});
        }
        const int timeout_ms = in_fd >= 0 && run.hold_stdin ? 5000 : k_silence_s * 1000;
        if (::poll(fds.data(), fds.size(), timeout_ms) <= 0) {
            if (in_fd >= 0 && run.hold_stdin) {
                ::close(in_fd);  // nothing came while stdin was open
                in_fd = -1;
                continue;
            }
            ::kill(pid, SIGKILL);
            ADD_FAILURE() << "sipwhy said nothing for " << k_silence_s << " s";
            break;
        }
        for (const auto& p : fds) {
            if (p.revents == 0) {
                continue;
            }
            if (p.fd == in_fd && written == run.input.size()) {
                continue;  // held open: nothing more to write
            }
            if (p.fd == in_fd) {
                const ssize_t n =
                    ::write(in_fd, run.input.data() + written, run.input.size() - written);
                if (n > 0) {
                    written += static_cast<std::size_t>(n);
                }
                if (n < 0 && errno == EAGAIN) {
                    continue;
                }
                if (n < 0 || (written == run.input.size() && !run.hold_stdin)) {
                    ::close(in_fd);
                    in_fd = -1;
                }
                continue;
            }
            char buf[65536];
            const ssize_t n = ::read(p.fd, buf, sizeof buf);
            if (n <= 0) {
                ::close(p.fd);
                (p.fd == out_fd ? out_fd : err_fd) = -1;
                continue;
            }
            std::string& target = p.fd == out_fd ? result.out : result.err;
            target.append(buf, static_cast<std::size_t>(n));
            if (p.fd == out_fd && in_fd >= 0 && run.hold_stdin &&
                result.out.find('\n') != std::string::npos) {
                result.output_before_eof = true;
                ::close(in_fd);
                in_fd = -1;
            }
            if (p.fd == out_fd && run.read_limit && result.out.size() >= *run.read_limit) {
                ::close(out_fd);
                out_fd = -1;
            }
        }
    }
    if (in_fd >= 0) {
        result.ended_before_eof = run.hold_stdin;  // it closed its outputs with stdin still open
        ::close(in_fd);
    }
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    return result;
}

Result sipwhy(std::vector<std::string> args) {
    return sipwhy(Invocation{.args = std::move(args)});
}

Result in_calls(const std::string& log, std::vector<std::string> args) {
    args.push_back(log);
    return sipwhy(Invocation{.args = std::move(args), .cwd = k_calls});
}

const std::string k_486_tail =
    "  Sent by: UAS\n"
    "  RFC: RFC 3261 §21.4.24\n"
    "  Mappings:\n"
    "    Q.850 (RFC 3398)       17 User busy\n"
    "    FreeSWITCH             USER_BUSY (17)\n"
    "    Asterisk (chan_pjsip)  AST_CAUSE_USER_BUSY (17)\n"
    "    SIP.js (0.5-0.15)      BUSY (Busy)\n"
    "    JsSIP                  BUSY (Busy)\n";

std::string temp_dir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("sipwhy-e2e-" + std::to_string(::getpid())) /
                                      (std::string(info->test_suite_name()) + "." + info->name());
    // Emptied the first time a test asks for it: a run whose process had the same pid (the
    // sanitizer build runs the suite again) may have left it full.
    static std::string prepared;
    if (prepared != dir.string()) {
        std::filesystem::remove_all(dir);
        prepared = dir.string();
    }
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::string temp_file(const std::string& name, const std::string& content) {
    const std::filesystem::path path = std::filesystem::path(temp_dir()) / name;
    std::ofstream f(path, std::ios::binary);
    f << content;
    return path.string();
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
}

std::string gzip(const std::string& data) {
    std::string out(compressBound(static_cast<uLong>(data.size())) + 64, '\0');
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace sipwhy::e2e
