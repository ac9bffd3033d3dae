#include "capture/sip_stream.hpp"

#include "capture/packet_bytes.hpp"

#include <sipwhy/text.hpp>

#include <algorithm>

namespace sipwhy::detail {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;
constexpr std::size_t k_max_handshake = 16 * 1024;
constexpr std::size_t k_max_partial_line = 8 * 1024;  // kept while looking for a start line
constexpr std::size_t k_keep_capacity = 4 * 1024;

// A SIP message starts with a method's or "SIP/"'s capital.
bool may_start_sip(std::string_view b) {
    return !b.empty() && b[0] >= 'A' && b[0] <= 'Z';
}

// XORs a masked WebSocket payload with its 4-byte masking key (RFC 6455 §5.3).
void unmask(char* data, std::size_t size, const char* key) {
    for (std::size_t i = 0; i < size; ++i) {
        data[i] = static_cast<char>(data[i] ^ key[i % 4]);
    }
}

bool contains_websocket_upgrade(std::string_view head) {
    for (std::size_t i = 0; i + 9 <= head.size(); ++i) {
        if ((head[i] == 'w' || head[i] == 'W') && iequals(head.substr(i, 9), "websocket")) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool SipStream::head_complete() {
    const std::size_t from = m_scanned > 2 ? m_scanned - 2 : 0;
    for (std::size_t nl = m_buf.find('\n', from); nl != k_npos; nl = m_buf.find('\n', nl + 1)) {
        const std::size_t next = nl + 1;
        if (next < m_buf.size() &&
            (m_buf[next] == '\n' ||
             (m_buf[next] == '\r' && next + 1 < m_buf.size() && m_buf[next + 1] == '\n'))) {
            return true;
        }
    }
    m_scanned = m_buf.size();
    return false;
}

void SipStream::consume(std::size_t n) {
    m_scanned = m_scanned > n ? m_scanned - n : 0;
    m_buf.erase(0, n);
    if (m_buf.empty() && m_buf.capacity() > k_keep_capacity) {
        std::string().swap(m_buf);  // a big message passed: give its memory back
    }
}

void SipStream::report_held(MessageReceiver& receiver, const PacketInfo& packet) {
    const std::unique_ptr<Held> held = std::move(m_held);
    StartLine start;
    start.kind = held->kind;
    start.code = held->code;
    start.reason = held->reason;
    start.method = held->method;
    receiver.message(start, held->info, packet);
}

void SipStream::gap(MessageReceiver& receiver) {
    if (m_held) {
        const PacketInfo packet = m_held->packet;
        report_held(receiver, packet);
    }
    m_skip = 0;
    m_ws_in_message = false;
    std::string().swap(m_ws_message);
    std::string().swap(m_buf);
    m_scanned = 0;
    if (m_mode != Mode::websocket) {
        m_mode = Mode::lost;
    }
}

void SipStream::data(std::string_view bytes, const PacketInfo& packet, MessageReceiver& receiver,
                     MessageInfo& info) {
    if (m_skip > 0 && m_buf.empty()) {
        // A body being passed over: no need to hold it.
        const std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(m_skip, bytes.size()));
        bytes.remove_prefix(n);
        m_skip -= n;
        if (m_skip == 0 && m_held) {
            report_held(receiver, packet);
        }
    }
    if (bytes.empty()) {
        return;
    }
    m_buf.append(bytes);
    process(packet, receiver, info);
}

void SipStream::process(const PacketInfo& packet, MessageReceiver& receiver, MessageInfo& info) {
    while (true) {
        if (m_skip > 0) {
            const std::size_t n =
                static_cast<std::size_t>(std::min<std::uint64_t>(m_skip, m_buf.size()));
            consume(n);
            m_skip -= n;
            if (m_skip > 0) {
                return;
            }
            if (m_held) {
                report_held(receiver, packet);
            }
        }
        if (m_buf.empty()) {
            return;
        }
        switch (m_mode) {
            case Mode::start: {
                const std::size_t text = m_buf.find_first_not_of("\r\n");
                consume(text == k_npos ? m_buf.size() : text);  // keep-alives
                if (m_buf.empty()) {
                    return;
                }
                if (m_buf.starts_with("GET ") || m_buf.starts_with("HTTP/1.")) {
                    m_mode = Mode::handshake;
                } else if (may_start_sip(m_buf)) {
                    m_mode = Mode::sip;
                } else if (websocket_start()) {
                    m_mode = Mode::websocket;  // its handshake was not captured
                } else {
                    std::size_t header = 0;
                    std::uint64_t length = 0;
                    if (websocket_frame(m_buf, header, length) == Frame::incomplete &&
                        m_buf.size() < m_max) {
                        return;  // not decidable before the frame is complete
                    }
                    m_mode = Mode::lost;
                }
                continue;
            }
            case Mode::sip: {
                const std::size_t text = m_buf.find_first_not_of("\r\n");
                consume(text == k_npos ? m_buf.size() : text);  // keep-alives
                if (m_buf.empty()) {
                    return;
                }
                if (!may_start_sip(m_buf)) {
                    // Not a message's start: look for the next one from the next line.
                    const std::size_t nl = m_buf.find('\n');
                    consume(nl == k_npos ? m_buf.size() : nl + 1);
                    m_mode = Mode::lost;
                    continue;
                }
                // Read the head only once its empty line is there, remembering how far that
                // was looked for: a head that comes a byte per segment costs linear time.
                const bool complete = head_complete();
                const auto head = complete ? read_message_head(m_buf, info, false) : std::nullopt;
                if (!head) {
                    if (m_buf.size() > m_max) {
                        // A head this long is no head: give up its start line, look further.
                        const std::size_t nl = m_buf.find('\n');
                        consume(nl == k_npos ? m_buf.size() : nl + 1);
                        m_mode = Mode::lost;
                        continue;
                    }
                    return;
                }
                switch (head->start.kind) {
                    case StartLine::Kind::none:
                        m_mode = Mode::lost;
                        consume(head->length);
                        break;
                    case StartLine::Kind::malformed:
                        receiver.message(head->start, info, packet);
                        m_mode = Mode::lost;
                        consume(head->length);
                        break;
                    case StartLine::Kind::response:
                    case StartLine::Kind::request: {
                        if (!head->sip_headers) {
                            // A start line without a SIP head after it is another protocol
                            // dressed as SIP: its body is passed over when its length can be
                            // believed, else reading goes on from the next start line.
                            const std::uint64_t body = head->content_length.value_or(0);
                            consume(head->length);
                            if (head->content_length && body <= m_max) {
                                m_skip = body;
                            } else {
                                m_mode = Mode::lost;
                            }
                            break;
                        }
                        // Reported when its body is complete, as Wireshark does.
                        const std::uint64_t body = head->content_length.value_or(0);
                        if (body > m_max) {
                            // A body larger than any message held (Content-Length: 99999999)
                            // would make the stream pass over everything after it: the message
                            // is reported as it is, and reading resumes at the next start line.
                            receiver.message(head->start, info, packet);
                            consume(head->length);
                            m_mode = Mode::lost;
                            break;
                        }
                        if (body <= m_buf.size() - head->length) {
                            info.keep_body(std::string_view(m_buf).substr(head->length, body));
                            receiver.message(head->start, info, packet);
                        } else {
                            m_held = std::make_unique<Held>();
                            m_held->kind = head->start.kind;
                            m_held->code = head->start.code;
                            m_held->reason.assign(head->start.reason);
                            m_held->method.assign(head->start.method);
                            m_held->info = info;
                            m_held->packet = packet;
                        }
                        consume(head->length);
                        m_skip = body;
                        break;
                    }
                }
                continue;
            }
            case Mode::lost: {
                const std::size_t p = find_start_line(m_buf);
                if (p == k_npos) {
                    // Keep the last line, which may be the start of a start line.
                    const std::size_t nl = m_buf.rfind('\n');
                    if (nl != k_npos) {
                        consume(nl + 1);
                    }
                    const std::size_t keep = std::min(k_max_partial_line, m_max);
                    if (m_buf.size() > keep) {
                        consume(m_buf.size() - keep);
                    }
                    return;
                }
                consume(p);
                m_mode = Mode::sip;
                continue;
            }
            case Mode::handshake: {
                const std::size_t end = m_buf.find("\r\n\r\n");
                if (end == k_npos) {
                    if (m_buf.size() > k_max_handshake) {
                        m_mode = Mode::lost;
                        continue;
                    }
                    return;
                }
                const bool upgrade =
                    contains_websocket_upgrade(std::string_view(m_buf).substr(0, end));
                consume(end + 4);
                m_mode = upgrade ? Mode::websocket : Mode::lost;
                continue;
            }
            case Mode::websocket:
                websocket(receiver);
                return;
        }
    }
}

SipStream::Frame SipStream::websocket_frame(std::string_view b, std::size_t& header,
                                            std::uint64_t& length) const {
    if (b.size() < 2) {
        return Frame::incomplete;
    }
    const std::uint8_t opcode = u8(b, 0) & 0x0F;
    if ((opcode >= 3 && opcode <= 7) || opcode >= 11) {
        return Frame::invalid;
    }
    const bool masked = (u8(b, 1) & 0x80) != 0;
    length = u8(b, 1) & 0x7F;
    header = 2;
    if (length == 126) {
        if (b.size() < 4) {
            return Frame::incomplete;
        }
        length = be16(b, 2);
        header = 4;
    } else if (length == 127) {
        if (b.size() < 10) {
            return Frame::incomplete;
        }
        length = be64(b, 2);
        header = 10;
    }
    if (masked) {
        header += 4;
    }
    if (length > m_max) {
        return Frame::invalid;
    }
    if (b.size() < header + length) {
        return Frame::incomplete;
    }
    return Frame::complete;
}

// A stream whose handshake was not captured: the first frame is a text or binary frame that
// holds the start of a SIP message.
bool SipStream::websocket_start() const {
    const std::uint8_t b0 = u8(m_buf, 0);
    if ((b0 & 0x70) != 0 || ((b0 & 0x0F) != 1 && (b0 & 0x0F) != 2)) {
        return false;
    }
    std::size_t header = 0;
    std::uint64_t length = 0;
    if (websocket_frame(m_buf, header, length) != Frame::complete) {
        return false;
    }
    std::string payload = m_buf.substr(header, static_cast<std::size_t>(length));
    if ((u8(m_buf, 1) & 0x80) != 0) {
        unmask(payload.data(), payload.size(), m_buf.data() + header - 4);
    }
    const std::size_t p = payload.find_first_not_of("\r\n");
    if (p == k_npos) {
        return false;
    }
    const std::size_t le = payload.find('\n', p);
    const std::string_view first =
        std::string_view(payload).substr(p, le == k_npos ? k_npos : le - p);
    return StartLine::parse(first).kind != StartLine::Kind::none;
}

void SipStream::websocket(MessageReceiver& receiver) {
    while (!m_buf.empty()) {
        std::size_t header = 0;
        std::uint64_t length = 0;
        const Frame f = websocket_frame(m_buf, header, length);
        if (f == Frame::incomplete) {
            return;
        }
        if (f == Frame::invalid) {
            m_buf.clear();  // the connection carries something else now
            m_mode = Mode::lost;
            return;
        }
        const std::uint8_t b0 = u8(m_buf, 0);
        const bool fin = (b0 & 0x80) != 0;
        const bool compressed = (b0 & 0x40) != 0;  // permessage-deflate: not readable here
        const std::uint8_t opcode = b0 & 0x0F;
        std::string_view payload =
            std::string_view(m_buf).substr(header, static_cast<std::size_t>(length));
        const bool masked = (u8(m_buf, 1) & 0x80) != 0;
        if (opcode == 1 || opcode == 2) {
            m_ws_message.clear();
            m_ws_in_message = !compressed;
        }
        if ((opcode <= 2) && m_ws_in_message) {
            const std::size_t at = m_ws_message.size();
            if (at + payload.size() > m_max) {
                m_ws_in_message = false;
                m_ws_message.clear();
            } else {
                m_ws_message.append(payload);
                if (masked) {
                    unmask(m_ws_message.data() + at, payload.size(), m_buf.data() + header - 4);
                }
            }
        }
        consume(header + static_cast<std::size_t>(length));
        if (opcode <= 2 && fin && m_ws_in_message) {
            m_ws_in_message = false;
            receiver.whole(m_ws_message, Transport::websocket);
            std::string().swap(m_ws_message);
        }
    }
}

}  // namespace sipwhy::detail
