#include "render/json_line.hpp"
#include "render/render_util.hpp"

#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/report/scan_report.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sipwhy {
namespace {

using namespace detail;
using Json = nlohmann::ordered_json;

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

// The wall-clock second of a call's first timed message.
void note_start(std::optional<std::int64_t>& slot, const LogTime* time, const PacketInfo* packet) {
    if (slot) {
        return;
    }
    if (packet != nullptr) {
        slot = packet->seconds;
    } else if (time != nullptr) {
        slot = time->seconds + (time->utc_offset_minutes ? *time->utc_offset_minutes * 60 : 0);
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
    : m_kb(kb), m_emit(std::move(emit)), m_limits(limits) {}

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

void CallTracker::response(std::string_view source, const ScannedResponse& r) {
    const MessageInfo* m = r.message;
    if (m == nullptr || m->call_id.empty() || m->cseq_method.empty() ||
        m_closed.contains(m->call_id)) {
        return;
    }
    Call& call = touch(m->call_id, source, r.line, r.packet);
    ++call.responses;
    const std::optional<std::int64_t> at = micros(r.time, r.packet);
    note_start(call.started_at, r.time, r.packet);
    note_endpoints(call.caller_address, call.callee_address, r.packet, r.peer_src, r.peer_dst,
                   false);
    if (call.from.empty()) {
        call.from = m->from_user;
    }
    if (call.to.empty()) {
        call.to = m->to_user;
    }
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
    const MessageInfo* m = r.message;
    if (m == nullptr || m->call_id.empty() || m->cseq_method.empty() ||
        m_closed.contains(m->call_id)) {
        return;
    }
    Call& call = touch(m->call_id, source, r.line, r.packet);
    call.requests_seen = true;
    const std::optional<std::int64_t> at = micros(r.time, r.packet);
    note_start(call.started_at, r.time, r.packet);
    note_endpoints(call.caller_address, call.callee_address, r.packet, r.peer_src, r.peer_dst,
                   true);
    if (call.from.empty()) {
        call.from = m->from_user;
    }
    if (call.to.empty()) {
        call.to = m->to_user;
    }
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
    v.explanation = explain_status(m_kb, v.code, v.reason);
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
    std::string t = ru ? fmt::format("Причина Q.850 {} ({}) в Reason противоречит {}",
                                     cause->cause, cause->name_in(lang), status)
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

namespace {

// "250 ms", "2.0 s", "1 min 5.0 s"; in Russian "250 мс", "2.0 с", "1 мин 5.0 с".
std::string duration_text(std::int64_t ms, Lang lang) {
    const bool ru = lang == Lang::ru;
    if (ms < 1000) {
        return fmt::format("{} {}", ms, ru ? "мс" : "ms");
    }
    if (ms < 60000) {
        return fmt::format("{:.1f} {}", static_cast<double>(ms) / 1000, ru ? "с" : "s");
    }
    return fmt::format("{} {} {:.1f} {}", ms / 60000, ru ? "мин" : "min",
                       static_cast<double>(ms % 60000) / 1000, ru ? "с" : "s");
}

// "pdd 2.0 s, answered after 10.0 s, 8.0 s ringing, 60.0 s talk, BYE answered in 200 ms".
std::string timing_text(const CallVerdict& v, Lang lang) {
    const CallTiming& t = v.timing;
    const bool ru = lang == Lang::ru;
    const auto d = [lang](std::int64_t ms) { return duration_text(ms, lang); };
    std::vector<std::string> parts;
    if (t.pdd_ms) {
        parts.push_back((ru ? "PDD " : "pdd ") + d(*t.pdd_ms));
    }
    if (t.setup_ms) {
        const bool answered = v.verdict == Verdict::answered;
        parts.push_back(ru ? fmt::format("{} через {}", answered ? "ответ" : "окончательный ответ",
                                         d(*t.setup_ms))
                           : fmt::format("{} after {}", answered ? "answered" : "final answer",
                                         d(*t.setup_ms)));
    }
    if (t.ring_ms) {
        parts.push_back(ru ? "звонок " + d(*t.ring_ms) : d(*t.ring_ms) + " ringing");
    }
    if (t.duration_ms) {
        parts.push_back(ru ? "разговор " + d(*t.duration_ms) : d(*t.duration_ms) + " talk");
    }
    if (t.disconnect_ms) {
        parts.push_back((ru ? "ответ на BYE через " : "BYE answered in ") + d(*t.disconnect_ms));
    }
    if (t.register_ms) {
        parts.push_back((ru ? "регистрация за " : "registered in ") + d(*t.register_ms));
    }
    std::string text;
    for (const auto& p : parts) {
        text += (text.empty() ? "" : ", ") + p;
    }
    return text;
}

// The verdict as the text output names it; JSON and CSV carry the id.
std::string_view verdict_text(Verdict v, Lang lang) {
    if (lang != Lang::ru) {
        return to_string(v);
    }
    switch (v) {
    case Verdict::answered: return "отвечен";
    case Verdict::busy: return "занято";
    case Verdict::declined: return "отклонён";
    case Verdict::canceled: return "отменён";
    case Verdict::failed: return "не удался";
    case Verdict::auth_failed: return "аутентификация не пройдена";
    case Verdict::no_final_response: return "нет окончательного ответа";
    case Verdict::registered: return "зарегистрирован";
    case Verdict::registration_failed: return "регистрация не удалась";
    case Verdict::ok: return "выполнен";
    case Verdict::request_failed: return "запрос не выполнен";
    }
    return {};
}

// ", after 2 challenges"; in Russian the noun agrees with the number.
std::string challenges_text(int n, Lang lang) {
    if (lang == Lang::ru) {
        const bool one = n % 10 == 1 && n % 100 != 11;
        return fmt::format(", после {} запрос{} аутентификации", n, one ? "а" : "ов");
    }
    return fmt::format(", after {} challenge{}", n, n == 1 ? "" : "s");
}

Json ms_json(const std::optional<std::int64_t>& ms) {
    return ms ? Json(*ms) : Json(nullptr);
}

std::string ms_csv(const std::optional<std::int64_t>& ms) {
    return ms ? std::to_string(*ms) : std::string{};
}

}  // namespace

void render_call_text(std::ostream& out, const CallVerdict& v, const RenderOptions& opt) {
    const Lang lang = opt.lang;
    const std::string_view call = lang == Lang::ru ? "вызов" : "call";
    std::string head =
        v.frame != 0
            ? fmt::format("{}:{}: {} {} {}: ", sanitize_utf8(v.source), v.frame,
                          format_utc(v.seconds, v.nanoseconds), call, sanitize_utf8(v.call_id))
            : fmt::format("{}:{}: {} {}: ", sanitize_utf8(v.source), v.line, call,
                          sanitize_utf8(v.call_id));
    const Category category =
        v.explanation ? narrowed_category(v.explanation->category, v.findings)
                      : (v.verdict == Verdict::canceled ? Category::canceled : Category::unknown);
    out << head << styled(verdict_text(v.verdict, lang), category_style(category), opt.color);
    if (v.code != 0) {
        out << " - " << v.code;
        if (!v.reason.empty()) {
            out << ' ' << sanitize_utf8(v.reason);
        }
    }
    std::string who = sanitize_utf8(v.method);
    if (!v.from.empty() || !v.to.empty()) {
        who += fmt::format(" {} -> {}", sanitize_utf8(v.from), sanitize_utf8(v.to));
    }
    if (v.challenges > 0) {
        who += challenges_text(v.challenges, lang);
    }
    out << " (" << who << ")\n";
    for (const auto& r : v.reason_header) {
        std::string line = fmt::format("  {}: {}", label::reason_header.in(lang),
                                       sanitize_utf8(r.value.protocol));
        if (r.value.cause) {
            line += fmt::format(" {} {}", lang == Lang::ru ? "причина" : "cause", *r.value.cause);
        }
        if (r.q850 != nullptr) {
            line += fmt::format(" ({})", r.q850->name_in(lang));
        }
        if (!r.value.text.empty()) {
            line += fmt::format(" \"{}\"", sanitize_utf8(r.value.text));
        }
        out << line << '\n';
    }
    if (!v.contradiction.empty()) {
        out << "  " << styled("!", Style::red, opt.color) << ' ' << v.contradiction.text(lang)
            << '\n';
    }
    if (!v.caller_address.empty()) {
        out << "  " << (lang == Lang::ru ? "адреса" : "endpoints") << ": " << v.caller_address
            << " -> " << v.callee_address << '\n';
    }
    if (!v.timing.empty()) {
        out << "  " << (lang == Lang::ru ? "время" : "timing") << ": " << timing_text(v, lang)
            << '\n';
    }
    if (!v.findings.empty()) {
        render_rule_findings_text(out, v.findings, opt);
    }
    if (v.no_ack) {
        out << "  " << styled("!", Style::red, opt.color) << ' '
            << fmt::format(fmt::runtime(label::no_ack.in(lang)),
                           fmt::format("{} {}", v.code, sanitize_utf8(v.reason)),
                           v.retransmissions + 1)
            << '\n';
    }
}

void render_call_json(std::ostream& out, const CallVerdict& v, Lang lang) {
    Json j;
    j["call_id"] = sanitize_utf8(v.call_id);
    j["source"] = sanitize_utf8(v.source);
    j["line"] = v.frame == 0 ? Json(v.line) : Json(nullptr);
    j["frame"] = v.frame != 0 ? Json(v.frame) : Json(nullptr);
    j["time"] = v.frame != 0 ? Json(format_utc(v.seconds, v.nanoseconds)) : Json(nullptr);
    j["method"] = v.method.empty() ? Json(nullptr) : Json(sanitize_utf8(v.method));
    j["verdict"] = std::string(to_string(v.verdict));
    j["code"] = v.code != 0 ? Json(v.code) : Json(nullptr);
    j["reason"] = v.code != 0 ? Json(sanitize_utf8(v.reason)) : Json(nullptr);
    j["category"] = v.explanation ? Json(std::string(to_string(
                                        narrowed_category(v.explanation->category, v.findings))))
                                  : Json(nullptr);
    j["code_category"] =
        v.explanation ? Json(std::string(to_string(v.explanation->category))) : Json(nullptr);
    j["next_step"] =
        v.explanation ? Json(std::string(to_string(v.explanation->next_step))) : Json(nullptr);
    j["meaning"] = Json(nullptr);
    if (v.explanation) {
        const auto& x = *v.explanation;
        const LocalText t = x.variant != nullptr ? x.variant->meaning
                            : x.entry != nullptr ? x.entry->summary
                                                 : LocalText{};
        if (!t.empty()) {
            j["meaning"] = std::string(first_sentence(t.in(lang)));
        }
    }
    j["from"] = v.from.empty() ? Json(nullptr) : Json(sanitize_utf8(v.from));
    j["to"] = v.to.empty() ? Json(nullptr) : Json(sanitize_utf8(v.to));
    j["challenges"] = v.challenges;
    Json reasons = Json::array();
    for (const auto& r : v.reason_header) {
        reasons.push_back(
            {{"protocol", sanitize_utf8(r.value.protocol)},
             {"cause", r.value.cause ? Json(*r.value.cause) : Json(nullptr)},
             {"text", r.value.text.empty() ? Json(nullptr) : Json(sanitize_utf8(r.value.text))},
             {"name", r.q850 != nullptr ? Json(std::string(r.q850->name)) : Json(nullptr)}});
    }
    j["reasons"] = std::move(reasons);
    j["contradiction"] =
        v.contradiction.empty() ? Json(nullptr) : Json(v.contradiction.text(lang));
    j["no_ack"] = v.no_ack;
    j["retransmissions"] = v.retransmissions;
    j["responses"] = v.responses;
    j["caller_address"] = v.caller_address.empty() ? Json(nullptr) : Json(v.caller_address);
    j["callee_address"] = v.callee_address.empty() ? Json(nullptr) : Json(v.callee_address);
    j["timing"] = {{"pdd_ms", ms_json(v.timing.pdd_ms)},
                   {"setup_ms", ms_json(v.timing.setup_ms)},
                   {"ring_ms", ms_json(v.timing.ring_ms)},
                   {"duration_ms", ms_json(v.timing.duration_ms)},
                   {"disconnect_ms", ms_json(v.timing.disconnect_ms)},
                   {"register_ms", ms_json(v.timing.register_ms)}};
    j["findings"] = rule_findings_json(v.findings, lang, "call");
    write_json_line(out, j);
}

void render_call_csv_header(std::ostream& out) {
    out << "call_id,source,line,method,verdict,code,reason,category,from,to,challenges,"
           "reason_protocol,reason_cause,contradiction,no_ack,frame,time,caller_address,"
           "callee_address,pdd_ms,setup_ms,ring_ms,duration_ms,disconnect_ms,register_ms\n";
}

void render_call_csv(std::ostream& out, const CallVerdict& v) {
    const ReasonValue* r = v.reason_header.empty() ? nullptr : &v.reason_header.front().value;
    out << csv_field(sanitize_utf8(v.call_id)) << ',' << csv_field(sanitize_utf8(v.source)) << ','
        << (v.frame == 0 ? std::to_string(v.line) : std::string{}) << ','
        << csv_field(sanitize_utf8(v.method)) << ',' << to_string(v.verdict) << ','
        << (v.code != 0 ? std::to_string(v.code) : std::string{}) << ','
        << csv_field(sanitize_utf8(v.reason)) << ','
        << (v.explanation ? to_string(v.explanation->category) : std::string_view{}) << ','
        << csv_field(sanitize_utf8(v.from)) << ',' << csv_field(sanitize_utf8(v.to)) << ','
        << v.challenges << ','
        << (r != nullptr ? csv_field(sanitize_utf8(r->protocol)) : std::string{}) << ','
        << (r != nullptr && r->cause ? std::to_string(*r->cause) : std::string{}) << ','
        << csv_field(v.contradiction.text(Lang::en)) << ',' << (v.no_ack ? "true" : "false") << ','
        << (v.frame != 0 ? std::to_string(v.frame) : std::string{}) << ','
        << (v.frame != 0 ? format_utc(v.seconds, v.nanoseconds) : std::string{}) << ','
        << v.caller_address << ',' << v.callee_address << ',' << ms_csv(v.timing.pdd_ms) << ','
        << ms_csv(v.timing.setup_ms) << ',' << ms_csv(v.timing.ring_ms) << ','
        << ms_csv(v.timing.duration_ms) << ',' << ms_csv(v.timing.disconnect_ms) << ','
        << ms_csv(v.timing.register_ms) << '\n';
}

}  // namespace sipwhy
