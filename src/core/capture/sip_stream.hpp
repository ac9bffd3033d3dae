// One direction of a TCP connection read as SIP: messages one after another, each head up to its
// empty line and a body of Content-Length bytes (RFC 3261 §18.3), or WebSocket frames carrying one
// message each after an HTTP upgrade (RFC 7118). After a gap or bytes that are not SIP, reading
// resumes at the next line that starts a message.
#pragma once

#include <sipwhy/sip/scan_sink.hpp>
#include <sipwhy/sip/sip_message.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace sipwhy::detail {

class MessageReceiver {
public:
    virtual ~MessageReceiver() = default;
    // A message read from a stream, reported in the packet that completed it; `info` holds its
    // headers.
    virtual void message(const StartLine& start, const MessageInfo& info,
                         const PacketInfo& packet) = 0;
    // A whole message in one piece (a WebSocket message).
    virtual void whole(std::string_view message, Transport transport) = 0;
};

class SipStream {
public:
    explicit SipStream(std::size_t max_buffer) : m_max(max_buffer) {}

    // The next bytes of the stream, in order, from `packet`. `info` is scratch space.
    void data(std::string_view bytes, const PacketInfo& packet, MessageReceiver& receiver,
              MessageInfo& info);

    // Bytes before the next data are missing. A message still waiting for the rest of its body
    // is reported as it is, in the packet that completed its head.
    void gap(MessageReceiver& receiver);

    // The stream ends: as for a gap.
    void end(MessageReceiver& receiver) { gap(receiver); }

    // The memory its buffers hold.
    std::size_t buffered() const { return m_buf.capacity() + m_ws_message.capacity(); }

private:
    enum class Mode { start, sip, handshake, websocket, lost };
    enum class Frame { incomplete, invalid, complete };

    // A message whose body has not all come yet.
    struct Held {
        StartLine::Kind kind = StartLine::Kind::none;
        int code = 0;
        std::string reason;
        std::string method;
        MessageInfo info;
        PacketInfo packet;
    };

    void process(const PacketInfo& packet, MessageReceiver& receiver, MessageInfo& info);
    void report_held(MessageReceiver& receiver, const PacketInfo& packet);
    bool websocket_start() const;
    Frame websocket_frame(std::string_view b, std::size_t& header, std::uint64_t& length) const;
    void websocket(MessageReceiver& receiver);
    void consume(std::size_t n);
    bool head_complete();

    std::size_t m_max;
    Mode m_mode = Mode::start;
    std::string m_buf;
    std::uint64_t m_skip = 0;   // body bytes still to pass over
    std::size_t m_scanned = 0;  // the buffer has no empty line before this
    std::string m_ws_message;   // a fragmented WebSocket message so far
    bool m_ws_in_message = false;
    std::unique_ptr<Held> m_held;
};

}  // namespace sipwhy::detail
