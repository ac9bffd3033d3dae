#include <sipwhy/headers.hpp>
#include <sipwhy/raw_message.hpp>
#include <sipwhy/text.hpp>

#include <cstdint>
#include <cstring>

namespace sipwhy {

void RawMessage::clear() {
    m_headers.clear();
    m_body.clear();
    m_call_id.clear();
    m_cseq_number = 0;
    m_cseq_method.clear();
    m_sdp = false;
}

void RawMessage::add_header(std::string_view name, std::string_view value) {
    if (name.empty() || m_headers.size() > 16384) {
        return;
    }
    const char first = static_cast<char>(name[0] | 0x20);
    if (first == 'c' || first == 'i') {
        if (iequals(name, "Call-ID") || iequals(name, "i")) {
            m_call_id.assign(value.substr(0, 256));
        } else if (iequals(name, "CSeq")) {
            if (const auto c = parse_cseq(value)) {
                m_cseq_number = c->number;
                m_cseq_method.assign(c->method.substr(0, 32));
            }
        } else if (iequals(name, "Content-Type") || iequals(name, "c")) {
            m_sdp = istarts_with(value, "application/sdp");
        }
    }
    // Each as its length and its bytes: a value may hold any byte, a NUL too.
    for (const std::string_view part : {name, value}) {
        const auto n = static_cast<std::uint32_t>(part.size());
        m_headers.append(reinterpret_cast<const char*>(&n), sizeof n);
        m_headers.append(part);
    }
}

void RawMessage::set_body(std::string_view body) {
    m_body.assign(body);
}

void RawMessage::parse_into(MessageInfo& m) const {
    m.clear();
    std::string_view rest = m_headers;
    const auto part = [&rest]() {
        std::uint32_t n = 0;
        if (rest.size() < sizeof n) {
            rest = {};
            return rest;
        }
        std::memcpy(&n, rest.data(), sizeof n);
        const std::string_view bytes = rest.substr(sizeof n, n);
        rest.remove_prefix(sizeof n + bytes.size());
        return bytes;
    };
    while (rest.size() >= 2 * sizeof(std::uint32_t)) {
        const std::string_view name = part();
        const std::string_view value = part();
        m.add_header(name, value);
    }
    m.keep_body(m_body);
}

void RawRequestMemory::add(const RawMessage& request) {
    if (request.call_id().empty() || request.cseq_method().empty() || m_ring.empty()) {
        return;
    }
    m_ring[m_next] = request;
    m_next = (m_next + 1) % m_ring.size();
    m_size = std::min(m_size + 1, m_ring.size());
}

const MessageInfo* RawRequestMemory::find(const MessageInfo& response) {
    if (response.call_id.empty()) {
        return nullptr;
    }
    // Newest first: a retransmitted request is the same request.
    for (std::size_t i = 0; i < m_size; ++i) {
        const RawMessage& r = m_ring[(m_next + m_ring.size() - 1 - i) % m_ring.size()];
        if (r.cseq_number() == response.cseq_number && r.cseq_method() == response.cseq_method &&
            r.call_id() == response.call_id) {
            r.parse_into(m_parsed);
            return &m_parsed;
        }
    }
    return nullptr;
}

}  // namespace sipwhy
