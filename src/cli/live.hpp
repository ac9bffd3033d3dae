// Live sources for the scan: HEP received from capture agents (--listen-hep) and packets
// captured on interfaces (--interface). Both hand what they receive to the capture scanner, so
// every scan mode works on them, and both run until SIGINT or SIGTERM (interrupt.hpp) or until
// the scan wants nothing more (-q found a match, -m reached). Memory stays bounded: one datagram
// buffer, at most k_max_hep_clients TCP connections each holding at most one HEP packet, and the
// capture scanner's own limits.
#pragma once

#include <sipwhy/capture/capture.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sipwhy::cli {

struct LiveFeed {
    CaptureScanner& capture;
    std::function<bool()> done;  // the scan wants nothing more
    std::function<void()> tick;  // every `interval` seconds (the summary so far)
    int interval = 0;            // 0 for no ticks
    bool debug = false;          // say on stderr what was skipped and why
};

// The --interval ticks of a live source's poll loop: how long a poll may wait without passing the
// next tick, and the tick once it is due.
class IntervalTicks {
public:
    explicit IntervalTicks(LiveFeed& feed)
        : m_feed(feed), m_next(Clock::now() + std::chrono::seconds(feed.interval)) {}

    // `longest` milliseconds, or fewer when the next tick comes sooner.
    int poll_timeout(int longest) const {
        if (m_feed.interval <= 0) {
            return longest;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(m_next - Clock::now()).count();
        return static_cast<int>(std::clamp<long long>(left, 0, longest));
    }

    void tick_if_due() {
        if (m_feed.interval > 0 && Clock::now() >= m_next) {
            m_feed.tick();
            m_next += std::chrono::seconds(m_feed.interval);
        }
    }

private:
    using Clock = std::chrono::steady_clock;
    LiveFeed& m_feed;
    Clock::time_point m_next;
};

// What a live source received, for the line printed when it ends.
struct LiveStats {
    std::uint64_t packets = 0;
    std::uint64_t malformed = 0;  // HEP: not HEP, or HEP the scanner could not read
    std::uint64_t dropped = 0;    // capture: what the kernel dropped (pcap_stats)
};

inline constexpr std::size_t k_max_hep_clients = 64;

// Listens on [ADDR:]PORT (ADDR an IPv4 or IPv6 address, IPv6 in brackets; 0.0.0.0 when left
// out; PORT 0 for any free port) for HEP over UDP and TCP, and says on stderr where it listens.
// Throws UsageError when the address is invalid or cannot be bound.
LiveStats listen_hep(const std::string& spec, LiveFeed& feed);

// Captures on each interface ("any" for all) through libpcap in immediate mode, with an optional
// BPF filter. Throws UsageError when an interface does not exist, capture is not permitted
// (naming the capability it needs), or the filter does not compile.
LiveStats capture_live(const std::vector<std::string>& interfaces, const std::string& bpf,
                       LiveFeed& feed);

}  // namespace sipwhy::cli
