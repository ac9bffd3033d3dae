// --listen-hep [ADDR:]PORT: HEP from capture agents over UDP and TCP, as sngrep -L and
// heplify-server receive it, handed to the capture scanner as it arrives.
#include "app.hpp"
#include "interrupt.hpp"
#include "live.hpp"
#include "output.hpp"

#include <sipwhy/capture/hep.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>
#include <memory>

namespace sipwhy::cli {
namespace {

class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

struct ListenAddress {
    std::string host;
    std::string port;
};

// "9060", "127.0.0.1:9060", "[::1]:9060".
ListenAddress parse_listen_address(const std::string& spec) {
    ListenAddress a{"0.0.0.0", spec};
    if (spec.starts_with('[')) {
        const auto close = spec.find("]:");
        if (close == std::string::npos) {
            a.port.clear();
        } else {
            a.host = spec.substr(1, close - 1);
            a.port = spec.substr(close + 2);
        }
    } else if (const auto colon = spec.find(':'); colon != std::string::npos) {
        a.host = spec.substr(0, colon);
        a.port = spec.substr(colon + 1);
    }
    const bool digits =
        !a.port.empty() && a.port.size() <= 5 &&
        std::all_of(a.port.begin(), a.port.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoi(a.port) > 65535) {
        throw UsageError{
            trf("--listen-hep: \"{}\" is not [ADDR:]PORT (e.g. 9060, "
                "127.0.0.1:9060, [::1]:9060)",
                "--listen-hep: \"{}\" - не [АДРЕС:]ПОРТ (например, 9060, "
                "127.0.0.1:9060, [::1]:9060)",
                excerpt(spec))};
    }
    return a;
}

std::string shown_address(const sockaddr_storage& ss) {
    char host[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        return fmt::format("[{}]:{}", host, ntohs(a->sin6_port));
    }
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
    return fmt::format("{}:{}", host, ntohs(a->sin_port));
}

void set_port(sockaddr_storage& ss, std::uint16_t port) {
    if (ss.ss_family == AF_INET6) {
        reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port = htons(port);
    } else {
        reinterpret_cast<sockaddr_in*>(&ss)->sin_port = htons(port);
    }
}

std::uint16_t port_of(const sockaddr_storage& ss) {
    return ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_port
                                          : reinterpret_cast<const sockaddr_in*>(&ss)->sin_port);
}

// A socket of `type` bound to `address`; a usage error naming the address when that fails.
int bound_socket(int type, const sockaddr_storage& address, socklen_t length,
                 const std::string& shown) {
    const int fd = ::socket(address.ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        throw UsageError{trf("--listen-hep: cannot open a socket: {}",
                             "--listen-hep: не удаётся открыть сокет: {}", std::strerror(errno))};
    }
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) != 0) {
        const int error = errno;
        ::close(fd);
        throw UsageError{trf("--listen-hep: cannot listen on {} ({}): {}",
                             "--listen-hep: не удаётся слушать {} ({}): {}", shown,
                             type == SOCK_DGRAM ? "UDP" : "TCP", std::strerror(error))};
    }
    return fd;
}

struct Client {
    Fd fd;
    std::string peer;
    HepStream stream;
    std::uint64_t counted_malformed = 0;
    explicit Client(int f, std::string p) : fd(f), peer(std::move(p)) {}
};

class Listener {
public:
    Listener(LiveFeed& feed) : m_feed(feed) {}

    void packet(std::string_view bytes, const std::string& peer, std::string_view transport) {
        ++m_stats.packets;
        const auto p = decode_hep(bytes);
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
        CaptureFrame f;
        f.number = m_stats.packets;
        if (p && p->seconds != 0) {
            f.seconds = p->seconds;
            f.nanoseconds = p->microseconds * 1000;
        } else {
            f.seconds = micros / 1000000;
            f.nanoseconds = static_cast<std::uint32_t>(micros % 1000000) * 1000;
        }
        if (p) {
            f.bytes = p->hep3;
        }
        if (!p || !m_feed.capture.hep_packet(f)) {
            malformed(
                fmt::format("packet {} from {} ({})", m_stats.packets, peer, transport),
                bytes.starts_with("HEP3") || (!bytes.empty() && (bytes[0] == 1 || bytes[0] == 2))
                    ? tr("HEP, but damaged", "HEP, но повреждён")
                    : tr("not HEP", "не HEP"));
        }
    }

    void malformed(const std::string& what, const std::string& why) {
        ++m_stats.malformed;
        if (m_feed.debug) {
            out() << std::flush;
            err() << trf("sipwhy: skipped {}: {}", "sipwhy: пропущен {}: {}", what, why) << '\n'
                  << std::flush;
        }
    }

    LiveStats stats() const { return m_stats; }

private:
    LiveFeed& m_feed;
    LiveStats m_stats;
};

}  // namespace

LiveStats listen_hep(const std::string& spec, LiveFeed& feed) {
    const ListenAddress wanted = parse_listen_address(spec);
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(wanted.host.c_str(), wanted.port.c_str(), &hints, &found) != 0 ||
        found == nullptr) {
        throw UsageError{trf("--listen-hep: \"{}\" is not an IPv4 or IPv6 address",
                             "--listen-hep: \"{}\" - не адрес IPv4 или IPv6",
                             excerpt(wanted.host))};
    }
    sockaddr_storage address{};
    const socklen_t length = found->ai_addrlen;
    std::memcpy(&address, found->ai_addr, found->ai_addrlen);
    ::freeaddrinfo(found);

    // Port 0: the port the system chose for UDP, for TCP too; another one when that TCP port is
    // taken.
    const std::uint16_t wanted_port = port_of(address);
    std::unique_ptr<Fd> udp;
    std::unique_ptr<Fd> tcp_socket;
    std::string shown;
    for (int attempt = 0; !tcp_socket; ++attempt) {
        set_port(address, wanted_port);
        udp = std::make_unique<Fd>(bound_socket(SOCK_DGRAM, address, length, spec));
        sockaddr_storage bound{};
        socklen_t bound_length = sizeof bound;
        ::getsockname(udp->get(), reinterpret_cast<sockaddr*>(&bound), &bound_length);
        set_port(address, port_of(bound));
        shown = shown_address(address);
        try {
            tcp_socket = std::make_unique<Fd>(bound_socket(SOCK_STREAM, address, length, shown));
        } catch (const UsageError&) {
            if (wanted_port != 0 || attempt == 15) {
                throw;
            }
        }
    }
    const Fd& tcp = *tcp_socket;
    if (::listen(tcp.get(), static_cast<int>(2 * k_max_hep_clients)) != 0) {
        throw UsageError{trf("--listen-hep: cannot listen on {} (TCP): {}",
                             "--listen-hep: не удаётся слушать {} (TCP): {}", shown,
                             std::strerror(errno))};
    }
    err() << trf("sipwhy: listening for HEP on {} (UDP and TCP)",
                 "sipwhy: приём HEP на {} (UDP и TCP)", shown)
          << '\n'
          << std::flush;

    Listener listener(feed);
    std::list<Client> clients;
    std::vector<char> buffer(k_max_hep_packet + 1);
    IntervalTicks ticks(feed);
    while (!interrupted() && !feed.done()) {
        std::vector<pollfd> fds = {{udp->get(), POLLIN, 0}, {tcp.get(), POLLIN, 0}};
        for (const Client& c : clients) {
            fds.push_back({c.fd.get(), POLLIN, 0});
        }
        // A signal that comes just before poll is seen within a quarter of a second.
        const int ready = ::poll(fds.data(), fds.size(), ticks.poll_timeout(250));
        if (ready < 0 && errno != EINTR) {
            throw UsageError{trf("--listen-hep: {}", "--listen-hep: {}", std::strerror(errno))};
        }
        ticks.tick_if_due();
        if (ready <= 0) {
            continue;
        }
        if ((fds[0].revents & POLLIN) != 0) {
            // A burst is read in turns with the other sockets.
            for (int i = 0; i < 64 && !feed.done(); ++i) {
                sockaddr_storage from{};
                socklen_t from_length = sizeof from;
                const ssize_t n = ::recvfrom(udp->get(), buffer.data(), buffer.size(), 0,
                                             reinterpret_cast<sockaddr*>(&from), &from_length);
                if (n < 0) {
                    break;
                }
                listener.packet({buffer.data(), static_cast<std::size_t>(n)}, shown_address(from),
                                "UDP");
            }
        }
        std::size_t index = 2;
        for (auto it = clients.begin(); it != clients.end() && index < fds.size(); ++index) {
            Client& c = *it;
            bool closed = false;
            if ((fds[index].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
                const ssize_t n = ::recv(c.fd.get(), buffer.data(), buffer.size(), 0);
                if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
                    closed = true;
                } else if (n > 0) {
                    c.stream.append({buffer.data(), static_cast<std::size_t>(n)});
                    while (const auto packet = c.stream.next()) {
                        listener.packet(*packet, c.peer, "TCP");
                    }
                    for (; c.counted_malformed < c.stream.malformed(); ++c.counted_malformed) {
                        listener.malformed(fmt::format("bytes from {} (TCP)", c.peer),
                                           tr("not HEP", "не HEP"));
                    }
                }
            }
            it = closed ? clients.erase(it) : std::next(it);
        }
        // Connections accepted after the poll are read from the next one on.
        if ((fds[1].revents & POLLIN) != 0) {
            for (int i = 0; i < 16; ++i) {
                sockaddr_storage from{};
                socklen_t from_length = sizeof from;
                const int fd = ::accept4(tcp.get(), reinterpret_cast<sockaddr*>(&from),
                                         &from_length, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (fd < 0) {
                    break;
                }
                if (clients.size() >= k_max_hep_clients) {
                    ::close(fd);  // the oldest connections are kept
                    listener.malformed(shown_address(from), tr("too many TCP connections",
                                                               "слишком много TCP-соединений"));
                } else {
                    clients.emplace_back(fd, shown_address(from));
                }
            }
        }
    }
    return listener.stats();
}

}  // namespace sipwhy::cli
