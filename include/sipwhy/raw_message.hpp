// A message's header lines kept as they were read, to be parsed only when something asks: most
// requests in a log are never answered by a failure, so reading each one's headers into a
// MessageInfo would be work thrown away. Pure: no I/O.
#pragma once

#include <sipwhy/sip_message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy {

class RawMessage {
public:
    void clear();
    // Keeps one header line; the Call-ID and CSeq are read at once, for matching.
    void add_header(std::string_view name, std::string_view value);
    void set_body(std::string_view body);
    // Whether a Content-Type (or compact c) header says SDP: the body is worth keeping.
    bool sdp() const { return m_sdp; }

    std::string_view call_id() const { return m_call_id; }
    std::uint32_t cseq_number() const { return m_cseq_number; }
    std::string_view cseq_method() const { return m_cseq_method; }

    // The headers and body, read as MessageInfo reads a message's.
    void parse_into(MessageInfo& m) const;

private:
    std::string m_headers;  // each header as its name's length and bytes, its value's the same
    std::string m_body;
    std::string m_call_id;
    std::uint32_t m_cseq_number = 0;
    std::string m_cseq_method;
    bool m_sdp = false;
};

// The last requests a log scan saw, kept raw, so that a response finds the request it answers
// (by Call-ID, CSeq number and method) and only that one is parsed: a ring of `capacity`
// requests, the oldest overwritten, that allocates nothing once warm.
class RawRequestMemory {
public:
    explicit RawRequestMemory(std::size_t capacity = 64) : m_ring(capacity) {}
    void add(const RawMessage& request);
    // The request `response` answers, parsed; null when none was seen. Valid until the next
    // call of add or find.
    const MessageInfo* find(const MessageInfo& response);
    // Forgets every request: a new input's responses answer its own requests only.
    void clear() {
        m_next = 0;
        m_size = 0;
    }

private:
    std::vector<RawMessage> m_ring;
    std::size_t m_next = 0;
    std::size_t m_size = 0;
    MessageInfo m_parsed;
};

}  // namespace sipwhy
