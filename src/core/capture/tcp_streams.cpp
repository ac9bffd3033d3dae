#include "capture/tcp_streams.hpp"

#include <algorithm>
#include <iterator>

namespace sipwhy::detail {

void TcpStreams::segment(const StreamKey& key, const TcpSegment& s, const PacketInfo& packet,
                         MessageReceiver& receiver, MessageInfo& info) {
    const Context c{packet, receiver, info};
    auto it = m_streams.find(key);
    if (it == m_streams.end()) {
        if (s.payload.empty() && !s.syn) {
            return;  // nothing to follow
        }
        if (m_streams.size() >= m_limits.max_streams) {
            drop(m_streams.find(m_age.front()), receiver);
        }
        it = m_streams.emplace(key, Direction(m_limits.max_stream_buffer)).first;
        m_age.push_back(key);
        it->second.age = std::prev(m_age.end());
    } else {
        m_age.splice(m_age.end(), m_age, it->second.age);
    }
    if (s.syn && it->second.seq_known) {
        // The ports are in use again: a new connection.
        flush_pending(it->second, c);
        it->second.stream.end(receiver);
        const auto age = it->second.age;
        const std::size_t accounted = it->second.accounted;
        it->second = Direction(m_limits.max_stream_buffer);
        it->second.age = age;
        it->second.accounted = accounted;
    }
    Direction& d = it->second;
    if (s.syn) {
        d.seq_known = true;
        d.next_seq = s.seq + 1;
    } else if (!d.seq_known) {
        // Joined after the handshake: follow from here.
        d.seq_known = true;
        d.next_seq = s.seq;
    }
    if (!s.payload.empty()) {
        add(d, s.syn ? s.seq + 1 : s.seq, s.payload, c);
        if (s.truncated) {
            // The snap length cut the segment: what follows it is not in the capture.
            flush_pending(d, c);
            d.stream.gap(receiver);
            d.seq_known = false;
        }
    }
    if (s.rst || s.fin) {
        flush_pending(d, c);  // what came is all there will be
        drop(it, receiver);
    } else {
        account(d);
    }
    // Over the budget: the streams quiet the longest go first.
    while (m_buffered > m_limits.max_buffered && !m_age.empty()) {
        drop(m_streams.find(m_age.front()), receiver);
    }
}

// Brings the total of what the streams hold up to date with what `d` holds now.
void TcpStreams::account(Direction& d) {
    const std::size_t now = d.stream.buffered() + d.pending_bytes;
    m_buffered = m_buffered - d.accounted + now;
    d.accounted = now;
}

// Stops following a stream: a message waiting for the rest of its body is reported as it is.
void TcpStreams::drop(Map::iterator it, MessageReceiver& receiver) {
    it->second.stream.end(receiver);
    m_buffered -= it->second.accounted;
    m_age.erase(it->second.age);
    m_streams.erase(it);
}

void TcpStreams::deliver(Direction& d, std::string_view bytes, const Context& c) {
    d.stream.data(bytes, c.packet, c.receiver, c.info);
    d.next_seq += static_cast<std::uint32_t>(bytes.size());
}

void TcpStreams::add(Direction& d, std::uint32_t seq, std::string_view payload, const Context& c) {
    const auto ahead = static_cast<std::int32_t>(seq - d.next_seq);
    if (ahead < 0) {
        // Retransmitted bytes: keep only what is new.
        const std::size_t old = static_cast<std::size_t>(-static_cast<std::int64_t>(ahead));
        if (old >= payload.size()) {
            return;
        }
        payload.remove_prefix(old);
    } else if (ahead > 0) {
        // A segment before this one is missing: hold this one until it comes.
        if (d.pending.size() >= m_limits.max_pending_segments ||
            d.pending_bytes + payload.size() > m_limits.max_stream_buffer) {
            flush_pending(d, c);
            d.stream.gap(c.receiver);
            d.next_seq = seq;
            deliver(d, payload, c);
            return;
        }
        d.pending.push_back({seq, std::string(payload)});
        d.pending_bytes += payload.size();
        return;
    }
    deliver(d, payload, c);
    drain(d, c);
}

// Delivers the held segments that follow on from what was delivered.
void TcpStreams::drain(Direction& d, const Context& c) {
    bool progress = true;
    while (progress && !d.pending.empty()) {
        progress = false;
        for (std::size_t i = 0; i < d.pending.size(); ++i) {
            const auto ahead = static_cast<std::int32_t>(d.pending[i].seq - d.next_seq);
            if (ahead > 0) {
                continue;
            }
            Direction::Segment s = std::move(d.pending[i]);
            d.pending.erase(d.pending.begin() + static_cast<std::ptrdiff_t>(i));
            d.pending_bytes -= s.data.size();
            const std::size_t old = static_cast<std::size_t>(-static_cast<std::int64_t>(ahead));
            if (old < s.data.size()) {
                deliver(d, std::string_view(s.data).substr(old), c);
            }
            progress = true;
            break;
        }
    }
}

// Gives up on the missing bytes: delivers the held segments in order, across the gaps.
void TcpStreams::flush_pending(Direction& d, const Context& c) {
    while (!d.pending.empty()) {
        auto first =
            std::min_element(d.pending.begin(), d.pending.end(), [&](const auto& a, const auto& b) {
                return static_cast<std::int32_t>(a.seq - b.seq) < 0;
            });
        if (static_cast<std::int32_t>(first->seq - d.next_seq) > 0) {
            d.stream.gap(c.receiver);
            d.next_seq = first->seq;
        }
        drain(d, c);
    }
}

void TcpStreams::clear(const PacketInfo& packet, MessageReceiver& receiver, MessageInfo& info) {
    const Context c{packet, receiver, info};
    while (!m_age.empty()) {
        const auto it = m_streams.find(m_age.front());
        flush_pending(it->second, c);
        drop(it, receiver);
    }
}

}  // namespace sipwhy::detail
