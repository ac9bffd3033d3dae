// Findings: statements about one response, each backed by the headers it was read from. A rule is a
// small function over a response's headers (and, when known, its request's); its text, RFC and
// category live in the knowledge base (data/findings.json), so that they are translated and can be
// overridden with --kb. docs/findings.md lists the rules. Pure: no I/O.
#pragma once

#include <sipwhy/category.hpp>
#include <sipwhy/kb/finding_ids.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/sip/scan_sink.hpp>
#include <sipwhy/sip/sip_message.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy {

// One piece of evidence: the header (or body line) a rule read and the value it found there.
struct FindingEvidence {
    std::string header;    // "Min-Expires"
    std::string value;     // the value as read, cut to 256 bytes
    bool request = false;  // read from the request, not from the response
    std::string where;     // for a call's findings: "line 12", "frame 3"

    bool operator==(const FindingEvidence&) const = default;
};

// What a rule found about a response.
struct RuleFinding {
    std::string_view id;
    std::string_view rfc;
    Category category = Category::unknown;
    std::string text_en;
    std::string text_ru;
    std::vector<FindingEvidence> evidence;
    bool narrows = false;  // its rule names the cause (FindingRule::narrows)

    std::string_view text(Lang lang) const { return lang == Lang::ru ? text_ru : text_en; }
};

// The category a response's findings narrow `category` to: the first narrowing finding's, when
// `category` says only that the request failed, not why (unknown, unavailable, timeout,
// server_error, capacity, forbidden); else `category` itself. docs/findings.md.
Category narrowed_category(Category category, const std::vector<RuleFinding>& findings);

// The findings the headers of one response allow. `request` is the request it answers, when the
// input held it (the same Call-ID and CSeq), else null. `category` is the response's explanation's,
// for the Reason contradiction. Rules whose text the knowledge base lacks stay silent. With `only`,
// the texts are written in that language alone (a scan prints one). Only failures (300 and up)
// have findings, and a 2xx to a REGISTER whose request is known. `reason` is the status line's
// phrase, for the phrases a local stack writes.
std::vector<RuleFinding> response_findings(const KnowledgeBase& kb, int code, Category category,
                                           const MessageInfo& response,
                                           const MessageInfo* request = nullptr,
                                           std::optional<Lang> only = std::nullopt,
                                           std::string_view reason = {});

// The same findings with their ids, categories, RFCs and `narrows` only, no texts and no
// evidence: what a summary counts, at a fraction of the cost.
std::vector<RuleFinding> response_finding_ids(const KnowledgeBase& kb, int code, Category category,
                                              const MessageInfo& response,
                                              const MessageInfo* request = nullptr,
                                              std::string_view reason = {});

// A message pasted whole: a response, perhaps after the request it answers, as
// `sipwhy "$(cat response.txt)"` and `sipwhy explain -` get it.
struct PastedMessage {
    int code = 0;
    std::string reason;
    MessageInfo response;
    std::optional<MessageInfo> request;  // the request before it with its Call-ID and CSeq
};

// Whether `text` starts with a whole SIP message: a status or request line, then a header line.
bool looks_like_message(std::string_view text);

// The first response in `text` that has headers, with the request before it; nullopt when there
// is none. Reads at most 16 messages.
std::optional<PastedMessage> read_pasted_message(std::string_view text);

// Remembers the last requests a scan saw, so that a response finds the request it answers (by
// Call-ID, CSeq number and method): a ring of `capacity` requests, the oldest overwritten, so that
// remembering costs no allocation once the ring is warm.
class RequestMemory {
public:
    explicit RequestMemory(std::size_t capacity = 64) : m_ring(capacity) {}
    void add(const MessageInfo& request);
    // The request `response` answers; null when none was seen.
    const MessageInfo* find(const MessageInfo& response) const;
    // Forgets every request: a new input's responses answer its own requests only.
    void clear() {
        m_next = 0;
        m_size = 0;
    }

private:
    std::vector<MessageInfo> m_ring;
    std::size_t m_next = 0;
    std::size_t m_size = 0;
};

// Findings over the messages of one call (docs/findings.md, "Calls"): the digest handshake,
// requests retransmitted with no response, 100 Trying and then nothing, and when a 408 came.
// Fed the same scan events as CallTracker, keyed by Call-ID; holds at most `max_calls` calls
// (then starts over) and a few transactions per call.
class CallFindings {
public:
    explicit CallFindings(const KnowledgeBase& kb, std::size_t max_calls = 50000)
        : m_kb(kb), m_max_calls(max_calls) {}

    void request(const ScannedRequest& r);
    void response(const ScannedResponse& r);
    // The findings of the call, which is then forgotten.
    std::vector<RuleFinding> take(std::string_view call_id);

private:
    struct Transaction {
        std::uint32_t cseq = 0;
        std::string method;
        int sent = 0;  // the request, retransmissions included
        std::string first_where;
        std::optional<double> first_time;  // seconds, from the capture
        std::string nonce;                 // of the credentials it carried, when it did
        bool credentials = false;
        bool trying = false;       // a 100 came
        bool provisional = false;  // another 1xx came
        int final_code = 0;
        std::string final_where;  // where the final response was read
    };
    struct Call {
        std::vector<Transaction> transactions;  // at most 16, oldest first
        int responses = 0;
        std::vector<RuleFinding> findings;  // found as the responses came
        int refused = 0;                    // credentials answered by a new, not stale, challenge
        std::string refused_where;
        std::string refused_challenge;
        std::string refused_header;  // WWW-Authenticate or Proxy-Authenticate
        std::map<std::string, int, std::less<>> challenged_nonces;  // nonce -> times challenged
    };
    Transaction& transaction(Call& call, const MessageInfo& m);
    Call& call(std::string_view id);

    const KnowledgeBase& m_kb;
    std::size_t m_max_calls;
    std::map<std::string, Call, std::less<>> m_calls;
};

// Counts of findings by id, for --summary.
class FindingCounts {
public:
    void add(const std::vector<RuleFinding>& findings);
    void merge(const FindingCounts& other);
    bool empty() const { return m_counts.empty(); }
    // Ids by count, highest first, then by id.
    std::vector<std::pair<std::string_view, std::uint64_t>> sorted() const;

private:
    std::map<std::string_view, std::uint64_t> m_counts;
};

// One line per media stream of an SDP body, as a ladder shows it: "audio 192.0.2.10:4000
// RTP/AVP G729/8000, telephone-event/8000" (the stream's c= address, else the session's). At
// most 8 streams; empty when the body has none.
std::vector<std::string> sdp_summary(std::string_view body);

// Whether `host` is an IPv4 address in a private (RFC 1918), shared (RFC 6598) or link-local
// range, or an IPv6 unique-local or link-local address: an address behind NAT.
bool is_private_address(std::string_view host);

// "sip:alice@192.0.2.1:5060;transport=udp" gives "192.0.2.1"; "SIP/2.0/UDP [2001:db8::1]:5060;..."
// gives "2001:db8::1". Empty when there is no host.
std::string_view uri_host(std::string_view value);
std::string_view via_host(std::string_view via);

}  // namespace sipwhy
