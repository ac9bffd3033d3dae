// TCP reassembly for the capture scanner: each direction of a connection followed by its
// sequence numbers, segments that arrive ahead of a missing one held (a bounded number), and the
// bytes handed in order to a SipStream, which reads SIP out of them. Bounded as a whole: the
// streams quiet the longest are dropped first when the directions or their buffers exceed the
// limits.
#pragma once

#include "capture/sip_stream.hpp"

#include <sipwhy/capture/capture.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sipwhy::detail {

// One direction of a TCP connection.
struct StreamKey {
    Endpoint src;
    Endpoint dst;
    bool operator==(const StreamKey&) const = default;
};

struct StreamKeyHash {
    std::size_t operator()(const StreamKey& k) const {
        const auto part = [](const Endpoint& e) {
            return std::hash<std::string_view>{}(
                       {reinterpret_cast<const char*>(e.address.data()), e.address.size()}) ^
                   (std::size_t{e.port} << 1);
        };
        return part(k.src) * 31 + part(k.dst);
    }
};

// A segment's TCP header, as far as reassembly reads it.
struct TcpSegment {
    std::uint32_t seq = 0;
    bool syn = false;
    bool fin = false;
    bool rst = false;
    bool truncated = false;  // the capture kept less of it than its headers say
    std::string_view payload;
};

class TcpStreams {
public:
    explicit TcpStreams(const CaptureLimits& limits) : m_limits(limits) {}

    // The next segment of direction `key`, which came in `packet`; the messages it completes go
    // to `receiver`. `info` is scratch space.
    void segment(const StreamKey& key, const TcpSegment& s, const PacketInfo& packet,
                 MessageReceiver& receiver, MessageInfo& info);

    // Every stream ends: messages still waiting for their bodies are reported as they are, the
    // held segments delivered as if in `packet` (the last one read).
    void clear(const PacketInfo& packet, MessageReceiver& receiver, MessageInfo& info);

private:
    struct Direction {
        bool seq_known = false;
        std::uint32_t next_seq = 0;
        struct Segment {
            std::uint32_t seq = 0;
            std::string data;
        };
        std::vector<Segment> pending;  // arrived ahead of a missing segment
        std::size_t pending_bytes = 0;
        std::size_t accounted = 0;  // what m_buffered counts for it
        SipStream stream;
        std::list<StreamKey>::iterator age;

        explicit Direction(std::size_t max_buffer) : stream(max_buffer) {}
    };
    using Map = std::unordered_map<StreamKey, Direction, StreamKeyHash>;

    // The context of the segment being read.
    struct Context {
        const PacketInfo& packet;
        MessageReceiver& receiver;
        MessageInfo& info;
    };

    void account(Direction& d);
    void drop(Map::iterator it, MessageReceiver& receiver);
    void deliver(Direction& d, std::string_view bytes, const Context& c);
    void add(Direction& d, std::uint32_t seq, std::string_view payload, const Context& c);
    void drain(Direction& d, const Context& c);
    void flush_pending(Direction& d, const Context& c);

    CaptureLimits m_limits;
    Map m_streams;
    std::list<StreamKey> m_age;  // least recently active first
    std::size_t m_buffered = 0;  // bytes the streams hold (their buffers' capacity)
};

}  // namespace sipwhy::detail
