// Live sources through the real binary, on loopback only: HEP sent to 127.0.0.1 over UDP and TCP
// (versions 3 and 2, malformed packets among them), and a SIP response sent across `lo` while
// sipwhy captures there. Each is reported within a second; SIGINT and SIGTERM end the run with
// what the mode owes and the exit status of a scan.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace sipwhy::e2e {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// sipwhy running in the background, its output read as it comes.
class Running {
public:
    explicit Running(std::vector<std::string> args) {
        int out_pipe[2];
        int err_pipe[2];
        if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe");
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
        args.insert(args.begin(), SIPWHY_BINARY);
        std::vector<char*> argv;
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        std::string path = "PATH=/usr/bin:/bin";
        char* envp[] = {path.data(), nullptr};
        const int rc = posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), envp);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out_pipe[1]);
        ::close(err_pipe[1]);
        if (rc != 0) {
            throw std::runtime_error("posix_spawn");
        }
        m_out_fd = out_pipe[0];
        m_err_fd = err_pipe[0];
    }

    ~Running() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        for (const int fd : {m_out_fd, m_err_fd}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }

    // Reads until `text` is in stdout (or stderr) or `timeout` passes; whether it came.
    bool wait_for(const std::string& text, std::chrono::milliseconds timeout, bool in_err = false) {
        const auto end = Clock::now() + timeout;
        for (;;) {
            if ((in_err ? m_err : m_out).find(text) != std::string::npos) {
                return true;
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
            if (left.count() <= 0 || !read_some(static_cast<int>(left.count()))) {
                return (in_err ? m_err : m_out).find(text) != std::string::npos;
            }
        }
    }

    // Reads until sipwhy closes its output (it ended) or `timeout` passes; whether it ended.
    bool ended(std::chrono::milliseconds timeout) {
        const auto end = Clock::now() + timeout;
        while (m_out_fd >= 0 || m_err_fd >= 0) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
            if (left.count() <= 0) {
                return false;
            }
            read_some(static_cast<int>(left.count()));
        }
        return true;
    }

    // Sends `signal`, reads to the end and returns what the run printed and its status.
    Result stop(int signal = SIGINT) {
        ::kill(m_pid, signal);
        while (read_some(5000)) {
        }
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
        Result r;
        r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = m_out;
        r.err = m_err;
        return r;
    }

    const std::string& out() const { return m_out; }
    const std::string& err() const { return m_err; }

private:
    // Reads what is there within `ms`; false at the end of both pipes or on timeout.
    bool read_some(int ms) {
        std::vector<pollfd> fds;
        if (m_out_fd >= 0) {
            fds.push_back({m_out_fd, POLLIN, 0});
        }
        if (m_err_fd >= 0) {
            fds.push_back({m_err_fd, POLLIN, 0});
        }
        if (fds.empty() || ::poll(fds.data(), fds.size(), ms) <= 0) {
            return false;
        }
        for (const auto& p : fds) {
            if ((p.revents & (POLLIN | POLLHUP)) == 0) {
                continue;
            }
            char buffer[4096];
            const ssize_t n = ::read(p.fd, buffer, sizeof buffer);
            int& fd = p.fd == m_out_fd ? m_out_fd : m_err_fd;
            std::string& into = p.fd == m_out_fd ? m_out : m_err;
            if (n <= 0) {
                ::close(fd);
                fd = -1;
            } else {
                into.append(buffer, static_cast<std::size_t>(n));
            }
        }
        return true;
    }

    pid_t m_pid = -1;
    int m_out_fd = -1;
    int m_err_fd = -1;
    std::string m_out;
    std::string m_err;
};

// sipwhy --listen-hep 127.0.0.1:0 ARGS..., and the port it said it listens on.
struct Listening {
    std::unique_ptr<Running> run;
    unsigned port = 0;
};

Listening listen_hep(std::vector<std::string> args) {
    args.insert(args.begin(), {"--listen-hep", "127.0.0.1:0"});
    Listening l{std::make_unique<Running>(args), 0};
    const std::string said = "sipwhy: listening for HEP on 127.0.0.1:";
    if (l.run->wait_for(" (UDP and TCP)\n", 5000ms, true)) {
        const auto at = l.run->err().find(said);
        if (at != std::string::npos) {
            l.port = static_cast<unsigned>(std::stoul(l.run->err().substr(at + said.size())));
        }
    }
    return l;
}

sockaddr_in loopback(unsigned port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

void send_udp(unsigned port, const std::string& datagram) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    ASSERT_GE(fd, 0);
    const sockaddr_in to = loopback(port);
    EXPECT_EQ(::sendto(fd, datagram.data(), datagram.size(), 0,
                       reinterpret_cast<const sockaddr*>(&to), sizeof to),
              static_cast<ssize_t>(datagram.size()));
    ::close(fd);
}

// A TCP connection to 127.0.0.1:port.
int connect_tcp(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const sockaddr_in to = loopback(port);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
        return -1;
    }
    return fd;
}

// The text with every "127.0.0.1:NNNN" as "127.0.0.1:PORT": senders' ports are the system's.
std::string without_ports(std::string s) {
    const std::string host = "127.0.0.1:";
    for (auto at = s.find(host); at != std::string::npos; at = s.find(host, at + 1)) {
        const std::size_t digits = at + host.size();
        std::size_t end = digits;
        while (end < s.size() && s[end] >= '0' && s[end] <= '9') {
            ++end;
        }
        s.replace(digits, end - digits, "PORT");
    }
    return s;
}

// Sends `stream` over a new TCP connection in two writes a moment apart, cut at `cut`: `first`
// must come out within a second of the first write and `second` after the other. Then it ends the
// run with SIGTERM, into `r`.
void send_in_two(Listening& l, const std::string& stream, std::size_t cut, const std::string& first,
                 const std::string& second, Result& r) {
    const int fd = connect_tcp(l.port);
    ASSERT_GE(fd, 0);
    const auto sent = Clock::now();
    ASSERT_EQ(::write(fd, stream.data(), cut), static_cast<ssize_t>(cut));
    EXPECT_TRUE(l.run->wait_for(first, 1000ms));
    EXPECT_LT(Clock::now() - sent, 1000ms);
    std::this_thread::sleep_for(50ms);
    ASSERT_EQ(::write(fd, stream.data() + cut, stream.size() - cut),
              static_cast<ssize_t>(stream.size() - cut));
    EXPECT_TRUE(l.run->wait_for(second, 1000ms));
    ::close(fd);
    r = l.run->stop(SIGTERM);
}

const std::string k_busy = packets::sip_response(486, "Busy Here", "call-1", 1, "INVITE");
const std::string k_busy_line =
    "hep:1: 2023-11-14T22:13:20.000000Z udp 192.0.2.10:5060 -> 192.0.2.20:5060 486 Busy Here - "
    "busy (INVITE, call call-1)\n";

std::string hep3(const std::string& message, unsigned protocol = packets::proto::udp) {
    return packets::hep3("192.0.2.10", 5060, "192.0.2.20", 5060, message, protocol);
}

// HEP version 2, as Kamailio's siptrace sends it: IPv4, then the time (little-endian).
std::string hep2(const std::string& message) {
    std::string b = {'\x02', '\x1c', '\x02', '\x11', '\x13', '\xc4', '\x13', '\xc4'};
    b += std::string("\xc0\x00\x02\x0a\xc0\x00\x02\x14", 8);  // 192.0.2.10, 192.0.2.20
    b += std::string("\x00\xf1\x53\x65\x40\xe2\x01\x00", 8);  // 1700000000 s, 123456 us
    b += std::string("\x00\x00\x00\x00", 4);                  // capture id, padding
    return b + message;
}

TEST(LiveHep, Udp3IsReportedWithinASecond) {
    auto l = listen_hep({"--line-buffered"});
    ASSERT_NE(l.port, 0u) << l.run->err();
    const auto sent = Clock::now();
    send_udp(l.port, hep3(k_busy));
    EXPECT_TRUE(l.run->wait_for("\n", 1000ms));
    EXPECT_LT(Clock::now() - sent, 1000ms);
    const auto r = l.run->stop(SIGINT);
    EXPECT_EQ(
        r,
        (Outcome{0, k_busy_line,
                 "sipwhy: listening for HEP on 127.0.0.1:" + std::to_string(l.port) +
                     " (UDP and TCP)\nsipwhy: 1 HEP packets received, 0 malformed (skipped)\n"}));
}

TEST(LiveHep, Tcp3PacketsSplitAndJoinedAreReportedWithinASecond) {
    auto l = listen_hep({"--line-buffered", "--json"});
    ASSERT_NE(l.port, 0u) << l.run->err();
    const std::string first =
        hep3(packets::sip_response(200, "OK", "call-2", 1, "INVITE"), packets::proto::tcp);
    const std::string second =
        hep3(packets::sip_response(603, "Decline", "call-3", 1, "INVITE"), packets::proto::tcp);
    const std::string both = first + second;
    // The first packet and half the second in one write, the rest in another.
    const std::size_t cut = first.size() + second.size() / 2;
    Result r;
    ASSERT_NO_FATAL_FAILURE(send_in_two(l, both, cut, "\"code\":200", "\"code\":603", r));
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["source"], "hep");
    EXPECT_EQ(lines[0]["frame"], 1);
    EXPECT_EQ(lines[0]["transport"], "tcp");
    EXPECT_EQ(lines[0]["src"], "192.0.2.10:5060");
    EXPECT_EQ(lines[0]["call_id"], "call-2");
    EXPECT_EQ(lines[1]["frame"], 2);
    EXPECT_EQ(lines[1]["category"], "declined");
    EXPECT_TRUE(has(r.err, "sipwhy: 2 HEP packets received, 0 malformed (skipped)\n"));
}

TEST(LiveHep, Version2IsReportedWithItsOwnTime) {
    auto l = listen_hep({});  // a live source writes each line at once without --line-buffered
    ASSERT_NE(l.port, 0u) << l.run->err();
    send_udp(l.port, hep2(k_busy));
    EXPECT_TRUE(l.run->wait_for("\n", 1000ms));
    const auto r = l.run->stop();
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "hep:1: 2023-11-14T22:13:20.123456Z udp 192.0.2.10:5060 -> 192.0.2.20:5060 486 Busy "
            "Here - busy (INVITE, call call-1)\n"}));
}

TEST(LiveHep, Version2OverTcpEndsWithItsMessage) {
    // No length in a version 2 header: each packet ends where its SIP message does.
    auto l = listen_hep({"--line-buffered"});
    ASSERT_NE(l.port, 0u) << l.run->err();
    const std::string both =
        hep2(k_busy) + hep2(packets::sip_response(603, "Decline", "call-4", 1, "INVITE"));
    Result r;
    ASSERT_NO_FATAL_FAILURE(
        send_in_two(l, both, both.size() / 2 + 3, "486 Busy Here", "603 Decline", r));
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "hep:1: 2023-11-14T22:13:20.123456Z udp 192.0.2.10:5060 -> 192.0.2.20:5060 486 Busy "
            "Here - busy (INVITE, call call-1)\n"
            "hep:2: 2023-11-14T22:13:20.123456Z udp 192.0.2.10:5060 -> 192.0.2.20:5060 603 "
            "Decline - declined (INVITE, call call-4)\n"}));
    EXPECT_TRUE(has(r.err, "sipwhy: 2 HEP packets received, 0 malformed (skipped)\n"));
}

TEST(LiveHep, MalformedPacketsAreCountedAndSkipped) {
    auto l = listen_hep({"--line-buffered", "--debug"});
    ASSERT_NE(l.port, 0u) << l.run->err();
    const std::string good = hep3(k_busy);
    send_udp(l.port, "hello, not HEP");
    send_udp(l.port, good.substr(0, good.size() - 10));  // its length says more than came
    std::string bad_chunk = good;
    bad_chunk[10] = '\x7f';  // the first chunk's length runs past the packet
    send_udp(l.port, bad_chunk);
    // On TCP: garbage, then a packet, which is still found.
    const int fd = connect_tcp(l.port);
    ASSERT_GE(fd, 0);
    const std::string stream = "GET / HTTP/1.0\r\n\r\n" + good;
    ASSERT_EQ(::write(fd, stream.data(), stream.size()), static_cast<ssize_t>(stream.size()));
    EXPECT_TRUE(l.run->wait_for("486 Busy Here", 1000ms));
    ::close(fd);
    const auto r = l.run->stop();
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "hep:4: 2023-11-14T22:13:20.000000Z udp 192.0.2.10:5060 -> 192.0.2.20:5060 486 Busy "
            "Here - busy (INVITE, call call-1)\n"}));
    EXPECT_EQ(without_ports(r.err),
              "sipwhy: listening for HEP on 127.0.0.1:PORT (UDP and TCP)\n"
              "sipwhy: skipped packet 1 from 127.0.0.1:PORT (UDP): not HEP\n"
              "sipwhy: skipped packet 2 from 127.0.0.1:PORT (UDP): HEP, but damaged\n"
              "sipwhy: skipped packet 3 from 127.0.0.1:PORT (UDP): HEP, but damaged\n"
              "sipwhy: skipped bytes from 127.0.0.1:PORT (TCP): not HEP\n"
              "sipwhy: 4 HEP packets received, 4 malformed (skipped)\n");
}

TEST(LiveHep, SummaryOnSigtermAndEveryInterval) {
    auto l = listen_hep({"--summary", "--interval", "1"});
    ASSERT_NE(l.port, 0u) << l.run->err();
    send_udp(l.port, hep3(k_busy));
    send_udp(l.port, hep3(packets::sip_response(603, "Decline", "call-4", 1, "INVITE")));
    // The summary so far comes within the second, the interval.
    EXPECT_TRUE(l.run->wait_for("Total: 2 responses\n", 2000ms));
    const auto r = l.run->stop(SIGTERM);
    EXPECT_EQ(r.status, 0);
    const std::string tail =
        "By class:  4xx 1  6xx 1\nBy category:  busy 1  declined 1\nTotal: 2 responses\n";
    EXPECT_EQ(r.out.substr(r.out.size() - tail.size()), tail);
    EXPECT_GE(r.out.find(tail), 0u);
    EXPECT_NE(r.out.find(tail), r.out.size() - tail.size());  // printed before the end too
}

TEST(LiveHep, OpenCallsAreOwedOnInterrupt) {
    auto l = listen_hep({"--calls", "--line-buffered"});
    ASSERT_NE(l.port, 0u) << l.run->err();
    const std::string invite =
        "INVITE sip:bob@example.net SIP/2.0\r\nCall-ID: open-1\r\nCSeq: 1 INVITE\r\n"
        "Content-Length: 0\r\n\r\n";
    send_udp(l.port, hep3(invite));
    std::this_thread::sleep_for(300ms);
    const auto r = l.run->stop(SIGINT);
    EXPECT_EQ(
        status_out(r),
        (StatusText{0,
                    "hep:1: 2023-11-14T22:13:20.000000Z call open-1: no_final_response (INVITE)\n"
                    "  endpoints: 192.0.2.10:5060 -> 192.0.2.20:5060\n"}));
}

TEST(LiveHep, FlowDrawsTheCallsOnInterrupt) {
    // A live source has no end but the signal: the ladders come then.
    auto l = listen_hep({"--flow", "--mermaid"});
    ASSERT_NE(l.port, 0u) << l.run->err();
    send_udp(l.port, hep3(packets::sip_request("INVITE", "call-1", 1)));
    send_udp(l.port, hep3(k_busy));
    std::this_thread::sleep_for(300ms);
    const auto r = l.run->stop(SIGINT);
    EXPECT_EQ(status_out(r), (StatusText{0,
                                         "sequenceDiagram\n"
                                         "    title call call-1 (hep)\n"
                                         "    participant H1 as 192.0.2.10:5060\n"
                                         "    participant H2 as 192.0.2.20:5060\n"
                                         "    H1->>H2: INVITE (22:13:20.000 +0.000)\n"
                                         "    H1-->>H2: 486 Busy Here (22:13:20.000 +0.000)\n"}));
}

TEST(LiveHep, ListensOnIpv6Loopback) {
    Running run({"--listen-hep", "[::1]:0", "--line-buffered"});
    const std::string said = "sipwhy: listening for HEP on [::1]:";
    if (!run.wait_for(" (UDP and TCP)\n", 5000ms, true)) {
        if (run.wait_for("Cannot assign requested address", 1000ms, true)) {
            GTEST_SKIP() << "no IPv6 loopback here: " << run.err();
        }
        FAIL() << run.err();
    }
    const auto at = run.err().find(said);
    ASSERT_NE(at, std::string::npos) << run.err();
    const auto port = static_cast<std::uint16_t>(std::stoul(run.err().substr(at + said.size())));
    const int fd = ::socket(AF_INET6, SOCK_DGRAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in6 to{};
    to.sin6_family = AF_INET6;
    to.sin6_port = htons(port);
    to.sin6_addr = in6addr_loopback;
    const std::string packet = hep3(k_busy);
    EXPECT_EQ(::sendto(fd, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                       sizeof to),
              static_cast<ssize_t>(packet.size()));
    ::close(fd);
    EXPECT_TRUE(run.wait_for("\n", 1000ms));
    const auto r = run.stop();
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.substr(0, 7), "hep:1: ");
    EXPECT_TRUE(has(r.out, "486 Busy Here - busy"));
}

TEST(LiveHep, ConnectionsPastTheLimitAreClosedAndTheOthersServed) {
    auto l = listen_hep({"--line-buffered"});
    ASSERT_NE(l.port, 0u) << l.run->err();
    std::vector<int> fds;
    for (int i = 0; i < 70; ++i) {
        fds.push_back(connect_tcp(l.port));
        ASSERT_GE(fds.back(), 0);
    }
    std::this_thread::sleep_for(300ms);
    const std::string packet = hep3(k_busy, packets::proto::tcp);
    ASSERT_EQ(::write(fds.front(), packet.data(), packet.size()),
              static_cast<ssize_t>(packet.size()));
    EXPECT_TRUE(l.run->wait_for("\n", 1000ms));
    // The 65th connection on was closed by the listener: it reads the end of the stream.
    pollfd last{fds.back(), POLLIN, 0};
    ASSERT_EQ(::poll(&last, 1, 3000), 1);
    char byte = 0;
    EXPECT_EQ(::read(fds.back(), &byte, 1), 0);
    for (const int fd : fds) {
        ::close(fd);
    }
    const auto r = l.run->stop();
    EXPECT_EQ(
        status_out(r),
        (StatusText{0,
                    "hep:1: 2023-11-14T22:13:20.000000Z tcp 192.0.2.10:5060 -> 192.0.2.20:5060 "
                    "486 Busy Here - busy (INVITE, call call-1)\n"}));
    EXPECT_TRUE(has(r.err, "sipwhy: 1 HEP packets received, 6 malformed (skipped)\n"));
}

TEST(LiveHep, QuietEndsAtTheFirstMatchAndCountIsOwedOnInterrupt) {
    auto quiet = listen_hep({"-q", "--code", "603"});
    ASSERT_NE(quiet.port, 0u) << quiet.run->err();
    send_udp(quiet.port, hep3(k_busy));
    send_udp(quiet.port, hep3(packets::sip_response(603, "Decline", "call-5", 1, "INVITE")));
    // sipwhy ends by itself, without a signal, at the 603.
    EXPECT_TRUE(quiet.run->ended(1000ms));
    const auto q = quiet.run->stop(SIGKILL);  // no effect on a process that has ended
    EXPECT_EQ(status_out(q), (StatusText{0, ""}));

    auto count = listen_hep({"-c", "--failures"});
    ASSERT_NE(count.port, 0u) << count.run->err();
    send_udp(count.port, hep3(k_busy));
    send_udp(count.port, hep3(packets::sip_response(200, "OK", "call-6", 1, "INVITE")));
    std::this_thread::sleep_for(300ms);
    const auto c = count.run->stop(SIGINT);
    EXPECT_EQ(status_out(c), (StatusText{0, "1\n"}));
}

TEST(LiveHep, NothingFoundIsStatus1) {
    auto l = listen_hep({});
    ASSERT_NE(l.port, 0u) << l.run->err();
    const auto r = l.run->stop(SIGINT);
    EXPECT_EQ(status_out(r), (StatusText{1, ""}));
}

TEST(LiveHep, BadAddressesAndCombinations) {
    const auto r = sipwhy({"--listen-hep", "99999"});
    EXPECT_EQ(status_err(r),
              (StatusText{2,
                          "sipwhy: error: --listen-hep: \"99999\" is not [ADDR:]PORT (e.g. 9060, "
                          "127.0.0.1:9060, [::1]:9060)\n"}));
    struct Case {
        std::vector<std::string> args;
        std::string err;
    };
    const std::vector<Case> cases = {
        {{"--lang", "ru", "--listen-hep", "99999"},
         "sipwhy: ошибка: --listen-hep: \"99999\" - не [АДРЕС:]ПОРТ (например, 9060, "
         "127.0.0.1:9060, [::1]:9060)\n"},
        {{"--listen-hep", "nohost:9060"},
         "sipwhy: error: --listen-hep: \"nohost\" is not an IPv4 or IPv6 address\n"},
        {{"--listen-hep", "9060", "pbx.log"},
         "sipwhy: error: --listen-hep reads a live source, not files (\"pbx.log\")\n"},
        {{"--listen-hep", "9060", "-i", "lo"},
         "sipwhy: error: --listen-hep and --interface cannot be combined\n"},
        {{"--listen-hep", "9060", "--interval", "5"},
         "sipwhy: error: --interval prints the summary of a live source: give "
         "--summary and --listen-hep or --interface\n"},
        {{"--listen-hep", "9060", "486"},
         "sipwhy: error: --listen-hep is for scanning logs, not for explaining codes\n"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(sipwhy(c.args).err, c.err) << ::testing::PrintToString(c.args);
    }
}

// --- Live capture --------------------------------------------------------------------------------

// Whether this process may capture: it may open a packet socket (CAP_NET_RAW). Tests run as root
// here; elsewhere they say they are skipped.
bool may_capture() {
    const int fd = ::socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        return false;
    }
    ::close(fd);
    return true;
}

// A UDP port on loopback that nothing listens on, for a response sent across lo.
unsigned free_udp_port() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a = loopback(0);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t length = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
    ::close(fd);
    return ntohs(a.sin_port);
}

// sipwhy capturing with ARGS (an interface option and its name first) the UDP sent to `port`, a
// free one; `started` once it has said it captures on that interface.
struct Capturing {
    unsigned port = 0;
    std::unique_ptr<Running> run;
    bool started = false;
};

Capturing capture(std::vector<std::string> args) {
    const std::string interface = args.at(1);
    const unsigned port = free_udp_port();
    args.insert(args.begin() + 2, {"--bpf", "udp dst port " + std::to_string(port)});
    Capturing c{port, std::make_unique<Running>(args)};
    c.started = c.run->wait_for("sipwhy: capturing on " + interface + "\n", 5000ms, true);
    return c;
}

TEST(LiveCapture, UdpResponseAcrossLoIsReportedWithinASecond) {
    if (!may_capture()) {
        GTEST_SKIP() << "capture on lo is not permitted (no CAP_NET_RAW)";
    }
    const auto c = capture({"-i", "lo", "--line-buffered"});
    ASSERT_TRUE(c.started) << c.run->err();
    const auto sent = Clock::now();
    send_udp(c.port, packets::sip_response(480, "Temporarily Unavailable", "lo-1", 1, "INVITE"));
    EXPECT_TRUE(c.run->wait_for("\n", 1000ms));
    EXPECT_LT(Clock::now() - sent, 1000ms);
    const auto r = c.run->stop(SIGINT);
    EXPECT_EQ(r.status, 0);
    const std::string out = r.out.substr(r.out.find(": ") + 2);
    EXPECT_EQ(r.out.substr(0, 5), "lo:1:");
    EXPECT_TRUE(has(out, " udp 127.0.0.1:")) << r.out;
    EXPECT_EQ(out.substr(out.find(" -> ")),
              " -> 127.0.0.1:" + std::to_string(c.port) +
                  " 480 Temporarily Unavailable - unavailable (INVITE, call lo-1)\n");
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
    EXPECT_TRUE(has(r.err, "sipwhy: 1 packets captured, 0 dropped by the kernel\n"));
}

TEST(LiveCapture, SummaryOnInterrupt) {
    if (!may_capture()) {
        GTEST_SKIP() << "capture on lo is not permitted (no CAP_NET_RAW)";
    }
    const auto c = capture({"--interface", "lo", "--summary", "--json"});
    ASSERT_TRUE(c.started) << c.run->err();
    send_udp(c.port, packets::sip_response(486, "Busy Here", "lo-2", 1, "INVITE"));
    send_udp(c.port, packets::sip_response(486, "Busy Here", "lo-3", 1, "INVITE"));
    std::this_thread::sleep_for(500ms);
    const auto r = c.run->stop(SIGTERM);
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["total"], 2);
    EXPECT_EQ(lines[0]["by_category"]["busy"], 2);
}

TEST(LiveCapture, AnyCapturesOnEveryInterface) {
    if (!may_capture()) {
        GTEST_SKIP() << "capture is not permitted (no CAP_NET_RAW)";
    }
    const auto c = capture({"-i", "any", "--json"});
    ASSERT_TRUE(c.started) << c.run->err();
    send_udp(c.port, packets::sip_response(603, "Decline", "any-1", 1, "INVITE"));
    EXPECT_TRUE(c.run->wait_for("\n", 1000ms));
    const auto r = c.run->stop(SIGTERM);
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);  // a packet across lo is seen once on any
    EXPECT_EQ(lines[0]["source"], "any");
    EXPECT_EQ(lines[0]["dst"], "127.0.0.1:" + std::to_string(c.port));
    EXPECT_EQ(lines[0]["category"], "declined");
    EXPECT_EQ(lines[0]["call_id"], "any-1");
}

TEST(LiveCapture, ClearErrors) {
    auto r = sipwhy({"-i", "nosuchif0"});
    EXPECT_EQ(status_out(r), (StatusText{2, ""}));
    if (may_capture()) {
        EXPECT_EQ(r.err,
                  "sipwhy: error: --interface: no interface \"nosuchif0\" (ip link lists "
                  "them; any captures on all)\n");
        r = sipwhy({"-i", "lo", "--bpf", "udp port nonsense"});
        EXPECT_EQ(r.status, 2);
        EXPECT_EQ(r.err.rfind("sipwhy: error: --bpf: \"udp port nonsense\": ", 0), 0u) << r.err;
        // Without CAP_NET_RAW, the capability is named.
        r = sipwhy({.args = {"-i", "lo"},
                    .wrapper = {"setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"}});
        EXPECT_EQ(
            status_err(r),
            (StatusText{2,
                        "sipwhy: error: --interface lo: capture is not permitted: it needs the "
                        "CAP_NET_RAW capability (run as root, or: sudo setcap "
                        "cap_net_raw,cap_net_admin=eip $(command -v sipwhy)) (socket: Operation "
                        "not permitted)\n"}));
    }
    r = sipwhy({"--bpf", "udp", "pbx.log"});
    EXPECT_EQ(r.err, "sipwhy: error: --bpf filters live capture: give --interface too\n");
}

}  // namespace
}  // namespace sipwhy::e2e
