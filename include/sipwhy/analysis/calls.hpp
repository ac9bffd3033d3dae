// Per-call verdicts: the responses and requests of one Call-ID, read together to say how the call
// (or registration) ended and why. The rules are in docs/calls.md. State stays bounded: a call
// leaves the table when it is complete, when nothing was seen of it for a while, or when the table
// is full (the oldest call goes first).
#pragma once

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/analysis/header_explain.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/logs/log_scanner.hpp>

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sipwhy {

enum class Verdict {
    answered,             // a 2xx to the INVITE
    busy,                 // 486, 600, or a busy phrase
    declined,             // 603, 607, 608, or a declining phrase
    canceled,             // the caller canceled: 487, or a CANCEL
    failed,               // another final response
    auth_failed,          // only 401/407 challenges, never answered
    no_final_response,    // the INVITE got no final response in the log
    registered,           // REGISTER answered 2xx
    registration_failed,  // REGISTER with another final response
    ok,                   // another method answered 2xx
    request_failed,       // another method with a failure response
};

template <>
constexpr auto ids<Verdict>() {
    return std::array<std::string_view, 11>{"answered",
                                            "busy",
                                            "declined",
                                            "canceled",
                                            "failed",
                                            "auth_failed",
                                            "no_final_response",
                                            "registered",
                                            "registration_failed",
                                            "ok",
                                            "request_failed"};
}

// How long each step of a call took, in milliseconds (docs/calls.md, "Timing"); empty when the
// input does not hold both ends of it.
struct CallTiming {
    std::optional<std::int64_t> pdd_ms;         // the first INVITE to the first 180 or 183
    std::optional<std::int64_t> setup_ms;       // the first INVITE to the deciding final answer
    std::optional<std::int64_t> ring_ms;        // the first 180 or 183 to the final answer
    std::optional<std::int64_t> duration_ms;    // the 2xx to the BYE
    std::optional<std::int64_t> disconnect_ms;  // the BYE to its final answer
    std::optional<std::int64_t> register_ms;    // the first REGISTER to its 2xx

    bool empty() const {
        return !pdd_ms && !setup_ms && !ring_ms && !duration_ms && !disconnect_ms && !register_ms;
    }
};

// A Reason cause that the status it came with contradicts: a 486 with Q.850 cause 16.
struct ReasonContradiction {
    const Q850Cause* cause = nullptr;  // the Reason header's cause; null when no contradiction
    int code = 0;
    std::string_view reason;               // the code's standard phrase, when the code is known
    const Q850Cause* rfc_cause = nullptr;  // the cause RFC 3398 §8.2.6.1 maps the code to

    bool empty() const { return cause == nullptr; }
    // "Reason Q.850 cause 16 (Normal call clearing) contradicts 486 Busy Here, which RFC 3398
    // maps to cause 17 (User busy)", in `lang`.
    std::string text(Lang lang) const;
};

struct CallVerdict {
    std::string call_id;
    std::string source;
    std::uint64_t line = 0;    // where the call was first seen in a log
    std::uint64_t frame = 0;   // where it was first seen in a capture (0 in a log)
    std::int64_t seconds = 0;  // the time of that frame
    std::uint32_t nanoseconds = 0;
    std::string method;  // INVITE, REGISTER, ...
    Verdict verdict = Verdict::failed;
    int code = 0;  // the deciding final response; 0 when none
    std::string reason;
    std::optional<Explanation> explanation;  // of the deciding response
    std::string from;
    std::string to;
    int challenges = 0;                            // 401/407 answers before the deciding one
    std::vector<ReasonExplanation> reason_header;  // of the deciding response, decoded
    ReasonContradiction contradiction;  // the Reason cause contradicts the status; empty when not
    bool no_ack = false;                // a 2xx retransmitted with no ACK seen
    int retransmissions = 0;            // repeats of the deciding response
    int responses = 0;                  // responses seen for the call, repeats included
    std::vector<RuleFinding> findings;  // what CallFindings read in the call (findings.hpp)
    CallTiming timing;
    bool bye = false;  // a BYE of the call was seen
    // The time of the call's first message with one, in seconds of the input's clock (a log's as
    // written, a capture's UTC); empty when none had a time.
    std::optional<std::int64_t> started_at;
    std::optional<LogTime> log_time;  // in a log: that first timed message's time, as written
    std::string caller_address;       // "192.0.2.10:5062" in a capture: where the call came from
    std::string callee_address;       // where it went; both empty in a log
};

class CallTracker {
public:
    using Emit = std::function<void(const CallVerdict&)>;

    struct Limits {
        std::size_t max_calls = 50000;      // calls kept at once
        std::uint64_t stale_after = 20000;  // messages without news before a call is done
    };

    CallTracker(const KnowledgeBase& kb, Emit emit) : CallTracker(kb, std::move(emit), Limits{}) {}
    CallTracker(const KnowledgeBase& kb, Emit emit, Limits limits);

    void response(std::string_view source, const ScannedResponse& r);
    void request(std::string_view source, const ScannedRequest& r);

    // Gives the verdict of every call still open, oldest first.
    void finish();

    std::size_t open_calls() const { return m_calls.size(); }

private:
    struct Transaction {
        std::uint32_t cseq = 0;
        std::string method;
        bool reversed = false;  // sent by the callee (its own CSeq numbers), not the caller
        int final_code = 0;
        bool stale = false;  // the final answer is a 401/407 with stale=true: a nonce refresh
        std::string final_reason;
        std::vector<std::string> reasons;
        int final_repeats = 0;
        bool ack = false;
        bool cancel = false;
        std::optional<std::int64_t> final_at;  // microseconds, when the final answer came
    };
    struct Call {
        std::string call_id;
        std::string source;
        std::uint64_t line = 0;
        std::uint64_t frame = 0;
        std::int64_t seconds = 0;
        std::uint32_t nanoseconds = 0;
        std::string from;
        std::string to;
        std::string caller_tag;  // the From tag of the first message that had one
        // By CSeq number, method and direction (RFC 3261 §17.1.3 and §17.2.3: each side numbers
        // its own requests).
        // At most k_max_transactions: a phone refreshing its registration all day makes one call
        // of many; the oldest go first, and what the verdict needs of them is kept below.
        std::map<std::tuple<std::uint32_t, std::string, bool>, Transaction> transactions;
        std::map<std::string, int, std::less<>> dropped_challenges;  // counted ones, by method
        bool dropped_cancel = false;  // a dropped INVITE transaction was canceled
        // What complete() asks, kept up to date message by message.
        bool refused_and_acked = false;  // an INVITE refused (not challenged), and ACKed
        bool answered = false;           // an INVITE answered 2xx
        bool bye_answered = false;
        bool requests_seen = false;
        bool bye_seen = false;
        int responses = 0;
        // When each step happened, in microseconds of the input's clock (CallTiming).
        std::optional<std::int64_t> invite_at, ring_at, bye_at, bye_answered_at, register_at,
            registered_at;
        std::string caller_address;
        std::string callee_address;
        std::optional<std::int64_t> started_at;  // seconds, as CallVerdict::started_at
        std::optional<LogTime> log_time;         // as CallVerdict::log_time
        std::uint64_t last_seen = 0;
        std::list<std::string>::iterator age;  // place in m_by_age
    };

    Call& touch(std::string_view call_id, std::string_view source, std::uint64_t line,
                const PacketInfo* packet);
    // The call a scanned request or response belongs to, its start, endpoints and numbers
    // noted; null when the message names no call or its call is closed.
    template <class Scanned>
    Call* call_of(std::string_view source, const Scanned& r, bool request);
    Transaction& transaction(Call& call, const MessageInfo& m, std::string_view method);
    static void drop_oldest(Call& call);
    static void note(Call& call, const Transaction& t);
    bool complete(const Call& call) const;
    void close(std::string call_id);
    void expire();
    CallVerdict verdict(const Call& call) const;

    const KnowledgeBase& m_kb;
    mutable ExplanationCache m_explanations;  // a verdict's deciding response, explained once
    Emit m_emit;
    Limits m_limits;
    std::unordered_map<std::string, Call> m_calls;
    std::list<std::string> m_by_age;           // least recently seen first
    std::uint64_t m_clock = 0;                 // messages seen
    std::unordered_set<std::string> m_closed;  // recently closed, so late repeats are ignored
    std::list<std::string> m_closed_order;
};

// Whether a Reason header's cause contradicts the response it came with (a 486 with Q.850 cause
// 16, normal call clearing); an empty ReasonContradiction when it does not.
ReasonContradiction reason_contradiction(const KnowledgeBase& kb, int code, Category category,
                                         const ReasonValue& reason);

}  // namespace sipwhy
