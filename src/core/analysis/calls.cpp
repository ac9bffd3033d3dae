#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace sipwhy {
namespace {

constexpr std::size_t k_closed_memory = 4096;
constexpr std::size_t k_max_transactions = 64;  // per call

bool is_challenge(int code) {
    return code == 401 || code == 407;
}

// Answers that ask the caller to try again differently, which it does with a new INVITE: 422
// Session Interval Too Small, 423 Interval Too Brief, 491 Request Pending, a 3xx redirection.
bool is_retried_step(int code) {
    return code == 422 || code == 423 || code == 491 || (code >= 300 && code < 400);
}

// Repeats of a final response by a retransmitting UAS are one answer.
bool same_answer(const std::string& a, int code_a, std::string_view b, int code_b) {
    return code_a == code_b && a == b;
}

// A message's time in microseconds: a frame's, or its log line's; nothing when it has none.
std::optional<std::int64_t> micros(const LogTime* time, const PacketInfo* packet) {
    if (packet != nullptr) {
        return packet->seconds * 1000000 + packet->nanoseconds / 1000;
    }
    if (time != nullptr) {
        return time->seconds * 1000000 + time->nanoseconds / 1000;
    }
    return std::nullopt;
}

// From `from` to `to` in milliseconds, when both are known and in order.
std::optional<std::int64_t> span_ms(const std::optional<std::int64_t>& from,
                                    const std::optional<std::int64_t>& to) {
    if (!from || !to || *to < *from) {
        return std::nullopt;
    }
    return (*to - *from + 500) / 1000;
}

void note_first(std::optional<std::int64_t>& slot, const std::optional<std::int64_t>& t) {
    if (!slot && t) {
        slot = t;
    }
}

// The wall-clock second of a call's first timed message, and in a log that message's time.
void note_start(std::optional<std::int64_t>& slot, std::optional<LogTime>& log_time,
                const LogTime* time, const PacketInfo* packet) {
    if (slot) {
        return;
    }
    if (packet != nullptr) {
        slot = packet->seconds;
    } else if (time != nullptr) {
        slot = time->seconds + (time->utc_offset_minutes ? *time->utc_offset_minutes * 60 : 0);
        log_time = *time;
    }
}

// The addresses of a capture's first message of a call, caller first.
void note_endpoints(std::string& caller, std::string& callee, const PacketInfo* packet,
                    std::string_view peer_src, std::string_view peer_dst, bool request) {
    if (!caller.empty()) {
        return;
    }
    if (packet != nullptr) {
        caller = (request ? packet->src : packet->dst).to_string();
        callee = (request ? packet->dst : packet->src).to_string();
    } else if (!peer_src.empty() && !peer_dst.empty()) {
        // A log whose framing names both addresses (sngrep, ngrep); not one that names the far
        // end only (Asterisk, FreeSWITCH), whose own address it does not know.
        caller = std::string(request ? peer_src : peer_dst);
        callee = std::string(request ? peer_dst : peer_src);
    }
}

}  // namespace

CallTracker::CallTracker(const KnowledgeBase& kb, Emit emit, Limits limits)
    : m_kb(kb), m_explanations(kb), m_emit(std::move(emit)), m_limits(limits) {}

CallTracker::Call& CallTracker::touch(std::string_view call_id, std::string_view source,
                                      std::uint64_t line, const PacketInfo* packet) {
    ++m_clock;
    const std::string id(call_id);
    auto it = m_calls.find(id);
    if (it == m_calls.end()) {
        Call call;
        call.call_id = id;
        call.source = std::string(source);
        call.line = line;
        if (packet != nullptr) {
            call.frame = packet->frame;
            call.seconds = packet->seconds;
            call.nanoseconds = packet->nanoseconds;
        }
        m_by_age.push_back(id);
        call.age = std::prev(m_by_age.end());
        it = m_calls.emplace(id, std::move(call)).first;
    } else {
        m_by_age.splice(m_by_age.end(), m_by_age, it->second.age);
    }
    it->second.last_seen = m_clock;
    return it->second;
}

CallTracker::Transaction& CallTracker::transaction(Call& call, const MessageInfo& m,
                                                   std::string_view method) {
    if (call.caller_tag.empty()) {
        call.caller_tag = m.from_tag;
    }
    // The callee's requests carry its own tag in From; without tags, one direction is assumed.
    const bool reversed = !m.from_tag.empty() && m.from_tag != call.caller_tag;
    std::tuple<std::uint32_t, std::string, bool> key{m.cseq_number, std::string(method), reversed};
    if (call.transactions.size() >= k_max_transactions && !call.transactions.contains(key)) {
        drop_oldest(call);
    }
    auto& t = call.transactions[std::move(key)];
    t.cseq = m.cseq_number;
    t.method = std::string(method);
    t.reversed = reversed;
    return t;
}

void CallTracker::drop_oldest(Call& call) {
    // The oldest transaction of a method other than INVITE; among INVITEs only, the oldest but the
    // first one answered, which decides the verdict.
    auto victim = call.transactions.end();
    bool decider_seen = false;
    for (auto it = call.transactions.begin(); it != call.transactions.end(); ++it) {
        const Transaction& t = it->second;
        if (t.method != "INVITE") {
            victim = it;
            break;
        }
        if (!decider_seen && !t.reversed && t.final_code != 0 && !is_challenge(t.final_code)) {
            decider_seen = true;
            continue;
        }
        if (victim == call.transactions.end()) {
            victim = it;
        }
    }
    if (victim == call.transactions.end()) {
        return;
    }
    const Transaction& t = victim->second;
    if (is_challenge(t.final_code) && !t.stale && !t.reversed) {
        ++call.dropped_challenges[t.method];
    }
    call.dropped_cancel = call.dropped_cancel || (t.method == "INVITE" && t.cancel);
    call.transactions.erase(victim);
}

void CallTracker::note(Call& call, const Transaction& t) {
    if (t.method == "INVITE" && t.final_code != 0 && !is_challenge(t.final_code) &&
        !is_retried_step(t.final_code)) {
        call.answered = call.answered || t.final_code < 300;
        call.refused_and_acked = call.refused_and_acked || (t.final_code >= 300 && t.ack);
    }
    if (t.method == "BYE" && t.final_code != 0) {
        call.bye_answered = true;
    }
}

template <class Scanned>
CallTracker::Call* CallTracker::call_of(std::string_view source, const Scanned& r, bool request) {
    const MessageInfo* m = r.message;
    if (m == nullptr || m->call_id.empty() || m->cseq_method.empty() ||
        m_closed.contains(m->call_id)) {
        return nullptr;
    }
    Call& call = touch(m->call_id, source, r.line, r.packet);
    note_start(call.started_at, call.log_time, r.time, r.packet);
    note_endpoints(call.caller_address, call.callee_address, r.packet, r.peer_src, r.peer_dst,
                   request);
    if (call.from.empty()) {
        call.from = m->from_user;
    }
    if (call.to.empty()) {
        call.to = m->to_user;
    }
    return &call;
}

void CallTracker::response(std::string_view source, const ScannedResponse& r) {
    Call* const found = call_of(source, r, false);
    if (found == nullptr) {
        return;
    }
    Call& call = *found;
    const MessageInfo* m = r.message;
    ++call.responses;
    const std::optional<std::int64_t> at = micros(r.time, r.packet);
    if (m->cseq_method == "CANCEL") {
        // The answer to a CANCEL: the caller gave up on the INVITE of the same CSeq number.
        transaction(call, *m, "INVITE").cancel = true;
    } else if (r.code < 200) {
        // A provisional answer tells the method of the call even when its request is not seen.
        const Transaction& t = transaction(call, *m, m->cseq_method);
        if (t.method == "INVITE" && !t.reversed && (r.code == 180 || r.code == 183)) {
            note_first(call.ring_at, at);
        }
    } else {
        Transaction& t = transaction(call, *m, m->cseq_method);
        if (t.final_code == 0) {
            t.final_at = at;
            if (t.method == "BYE") {
                call.bye_seen = true;
                note_first(call.bye_answered_at, at);
            }
            if (t.method == "REGISTER" && r.code < 300) {
                note_first(call.registered_at, at);
            }
            t.final_code = r.code;
            t.stale = is_challenge(r.code) && m->stale_nonce;
            t.final_reason = std::string(r.reason);
            t.reasons = m->reasons;
        } else if (same_answer(t.final_reason, t.final_code, r.reason, r.code)) {
            ++t.final_repeats;
        }
        note(call, t);
    }
    if (complete(call)) {
        close(call.call_id);
    }
    expire();
}

void CallTracker::request(std::string_view source, const ScannedRequest& r) {
    Call* const found = call_of(source, r, true);
    if (found == nullptr) {
        return;
    }
    Call& call = *found;
    const MessageInfo* m = r.message;
    call.requests_seen = true;
    const std::optional<std::int64_t> at = micros(r.time, r.packet);
    if (r.method == "ACK" || r.method == "CANCEL") {
        // Both belong to the INVITE with the same CSeq number.
        Transaction& invite = transaction(call, *m, "INVITE");
        (r.method == "ACK" ? invite.ack : invite.cancel) = true;
        note(call, invite);
    } else {
        const Transaction& t = transaction(call, *m, r.method);
        if (t.method == "INVITE" && !t.reversed) {
            note_first(call.invite_at, at);
        } else if (t.method == "BYE") {
            call.bye_seen = true;
            note_first(call.bye_at, at);
        } else if (t.method == "REGISTER") {
            note_first(call.register_at, at);
        }
    }
    if (complete(call)) {
        close(call.call_id);
    }
    expire();
}

bool CallTracker::complete(const Call& call) const {
    // Early closing only where nothing more can come: a refused INVITE whose ACK was seen, or an
    // answered call whose BYE was answered. Registrations stay open: phones refresh them.
    return (call.refused_and_acked && !call.answered) || (call.answered && call.bye_answered);
}

void CallTracker::close(std::string call_id) {
    // By value: the id belongs to the call that is erased here.
    const auto it = m_calls.find(call_id);
    if (it == m_calls.end()) {
        return;
    }
    const CallVerdict v = verdict(it->second);
    m_by_age.erase(it->second.age);
    m_calls.erase(it);
    m_closed.insert(call_id);
    m_closed_order.push_back(std::move(call_id));
    if (m_closed_order.size() > k_closed_memory) {
        m_closed.erase(m_closed_order.front());
        m_closed_order.pop_front();
    }
    m_emit(v);
}

void CallTracker::expire() {
    while (!m_by_age.empty()) {
        const Call& oldest = m_calls.at(m_by_age.front());
        const bool stale = oldest.last_seen + m_limits.stale_after < m_clock;
        if (!stale && m_calls.size() <= m_limits.max_calls) {
            return;
        }
        // Not remembered as closed: a late message starts a new verdict rather than vanishing.
        const std::string id = m_by_age.front();
        const CallVerdict v = verdict(m_calls.at(id));
        m_by_age.pop_front();
        m_calls.erase(id);
        m_emit(v);
    }
}

void CallTracker::finish() {
    while (!m_by_age.empty()) {
        const std::string id = m_by_age.front();
        const CallVerdict v = verdict(m_calls.at(id));
        m_by_age.pop_front();
        m_calls.erase(id);
        m_emit(v);
    }
    m_closed.clear();
    m_closed_order.clear();
}

CallVerdict CallTracker::verdict(const Call& call) const {
    CallVerdict v;
    v.call_id = call.call_id;
    v.source = call.source;
    v.line = call.line;
    v.frame = call.frame;
    v.seconds = call.seconds;
    v.nanoseconds = call.nanoseconds;
    v.from = call.from;
    v.to = call.to;
    v.responses = call.responses;
    v.caller_address = call.caller_address;
    v.bye = call.bye_seen;
    v.started_at = call.started_at;
    v.log_time = call.log_time;
    v.callee_address = call.callee_address;

    // The transactions of the method that defines the call, in CSeq order: the caller's, or the
    // callee's when only those were seen.
    std::vector<const Transaction*> chain;
    for (const std::string_view method : {"INVITE", "REGISTER"}) {
        for (const bool reversed : {false, true}) {
            for (const auto& [key, t] : call.transactions) {
                if (t.method == method && t.reversed == reversed) {
                    chain.push_back(&t);
                }
            }
            if (!chain.empty()) {
                break;
            }
        }
        if (!chain.empty()) {
            v.method = std::string(method);
            break;
        }
    }
    if (chain.empty()) {
        for (const auto& [key, t] : call.transactions) {
            if (t.final_code != 0 && t.method != "CANCEL" && t.method != "ACK") {
                chain = {&t};
                v.method = t.method;
            }
        }
    }
    if (chain.empty()) {
        v.method = call.transactions.empty() ? "" : call.transactions.begin()->second.method;
        v.verdict = Verdict::no_final_response;
        return v;
    }

    // A challenge counts, unless it is only a nonce refresh (stale=true).
    const auto counted = [](const Transaction* t) {
        return is_challenge(t->final_code) && !t->stale;
    };
    const Transaction* deciding = nullptr;
    const Transaction* last_challenge = nullptr;
    bool canceled = false;
    const auto dropped = call.dropped_challenges.find(v.method);
    v.challenges = dropped == call.dropped_challenges.end() ? 0 : dropped->second;
    if (v.method == "INVITE") {
        canceled = call.dropped_cancel;
        // The first INVITE that got a real answer decides; re-INVITEs after it do not. A step of
        // negotiation that a new INVITE answered does not decide either: 422 or 423 (a longer
        // Session-Expires or interval asked for), 491 (glare, retried), a 3xx (the new target).
        for (std::size_t i = 0; i < chain.size(); ++i) {
            const Transaction* t = chain[i];
            canceled = canceled || t->cancel;
            if (is_challenge(t->final_code)) {
                v.challenges += counted(t) ? 1 : 0;
                last_challenge = t;
                continue;
            }
            if (i + 1 < chain.size() && is_retried_step(t->final_code)) {
                continue;
            }
            if (t->final_code != 0) {
                deciding = t;
                break;
            }
        }
    } else {
        // Registrations and other requests: the latest answer decides; a nonce refresh does not.
        for (const Transaction* t : chain) {
            if (t->final_code != 0 && !(is_challenge(t->final_code) && t->stale)) {
                deciding = t;
            }
            if (is_challenge(t->final_code)) {
                last_challenge = t;
            }
        }
        for (const Transaction* t : chain) {
            if (counted(t) && (deciding == nullptr || t->cseq < deciding->cseq)) {
                ++v.challenges;
            }
        }
    }
    if (deciding == nullptr && last_challenge != nullptr) {
        deciding = last_challenge;
        v.challenges -= counted(last_challenge) ? 1 : 0;
    }
    if (deciding == nullptr) {
        v.verdict = canceled ? Verdict::canceled : Verdict::no_final_response;
        if (v.method == "INVITE") {
            v.timing.pdd_ms = span_ms(call.invite_at, call.ring_at);
        }
        return v;
    }

    if (v.method == "INVITE") {
        v.timing.pdd_ms = span_ms(call.invite_at, call.ring_at);
        v.timing.setup_ms = span_ms(call.invite_at, deciding->final_at);
        v.timing.ring_ms = span_ms(call.ring_at, deciding->final_at);
        if (deciding->final_code < 300) {
            v.timing.duration_ms = span_ms(deciding->final_at, call.bye_at);
            v.timing.disconnect_ms = span_ms(call.bye_at, call.bye_answered_at);
        }
    } else if (v.method == "REGISTER" && deciding->final_code < 300) {
        v.timing.register_ms = span_ms(call.register_at, call.registered_at);
    }
    v.code = deciding->final_code;
    v.reason = deciding->final_reason;
    v.explanation = m_explanations.get(v.code, v.reason);
    v.retransmissions = deciding->final_repeats;
    const Category category = v.explanation->category;
    if (is_challenge(v.code)) {
        v.verdict = Verdict::auth_failed;
    } else if (v.method == "INVITE") {
        if (v.code < 300) {
            v.verdict = Verdict::answered;
            v.no_ack = call.requests_seen && deciding->final_repeats > 0 && !deciding->ack;
        } else if (v.code == 487 || category == Category::canceled || deciding->cancel) {
            v.verdict = Verdict::canceled;
        } else if (category == Category::busy) {
            v.verdict = Verdict::busy;
        } else if (category == Category::declined) {
            v.verdict = Verdict::declined;
        } else {
            v.verdict = Verdict::failed;
        }
    } else if (v.method == "REGISTER") {
        v.verdict = v.code < 300 ? Verdict::registered : Verdict::registration_failed;
    } else {
        v.verdict = v.code < 300 ? Verdict::ok : Verdict::request_failed;
    }
    for (const auto& raw : deciding->reasons) {
        if (const auto parsed = parse_reason(raw)) {
            for (auto& r : explain_reason(m_kb, *parsed)) {
                v.reason_header.push_back(std::move(r));
            }
        }
    }
    for (const auto& r : v.reason_header) {
        v.contradiction = reason_contradiction(m_kb, v.code, category, r.value);
        if (!v.contradiction.empty()) {
            break;
        }
    }
    return v;
}

ReasonContradiction reason_contradiction(const KnowledgeBase& kb, int code, Category category,
                                         const ReasonValue& reason) {
    if (code < 300 || !reason.cause || !iequals(reason.protocol, "Q.850")) {
        return {};
    }
    const Q850Cause* q = kb.q850(*reason.cause);
    if (q == nullptr) {
        return {};
    }
    const auto lists = [code](std::span<const int> codes) {
        return std::find(codes.begin(), codes.end(), code) != codes.end();
    };
    if (q->to_sip == code || lists(q->from_sip)) {
        return {};  // RFC 3398 pairs them
    }
    const std::string value = std::to_string(*reason.cause);
    for (const auto& c : kb.data().platform_causes) {
        if (c.value == value && (c.to_sip == code || lists(c.from_sip))) {
            return {};  // a platform pairs them
        }
    }
    if (q->category && *q->category == category) {
        return {};
    }
    ReasonContradiction c{q, code};
    if (const CodeEntry* entry = kb.code(code)) {
        c.reason = entry->reason;
    }
    for (const auto& other : kb.data().q850) {
        if (lists(other.from_sip)) {
            c.rfc_cause = &other;
            break;
        }
    }
    return c;
}

std::string ReasonContradiction::text(Lang lang) const {
    if (cause == nullptr) {
        return {};
    }
    const bool ru = lang == Lang::ru;
    const std::string status =
        reason.empty() ? std::to_string(code) : fmt::format("{} {}", code, reason);
    std::string t = ru ? fmt::format("Причина Q.850 {} ({}) в Reason противоречит {}", cause->cause,
                                     cause->name_in(lang), status)
                       : fmt::format("Reason Q.850 cause {} ({}) contradicts {}", cause->cause,
                                     cause->name, status);
    if (rfc_cause != nullptr) {
        t += ru ? fmt::format(", который RFC 3398 сопоставляет причине {} ({})", rfc_cause->cause,
                              rfc_cause->name_in(lang))
                : fmt::format(", which RFC 3398 maps to cause {} ({})", rfc_cause->cause,
                              rfc_cause->name);
    }
    return t;
}

}  // namespace sipwhy
