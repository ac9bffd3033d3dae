#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/sip/headers.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace sipwhy {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;

// A value a rule fills into its text, in each language.
struct Arg {
    std::string en;
    std::string ru;
    Arg(std::string both) : en(both), ru(std::move(both)) {}  // NOLINT: a value is the same in both
    Arg(std::string_view both) : Arg(std::string(both)) {}    // NOLINT
    Arg(const char* both) : Arg(std::string(both)) {}         // NOLINT
    Arg(std::string e, std::string r) : en(std::move(e)), ru(std::move(r)) {}
};

// The text with {1} ... {9} replaced by the arguments (missing ones by nothing).
std::string fill(std::string_view text, const std::vector<Arg>& args, Lang lang) {
    std::string out;
    out.reserve(text.size() + 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '1' &&
            text[i + 1] <= '9') {
            const auto n = static_cast<std::size_t>(text[i + 1] - '1');
            if (n < args.size()) {
                out += lang == Lang::ru ? args[n].ru : args[n].en;
            }
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

class Rules {
public:
    // `texts` off: the findings get their ids, categories and RFCs only (what a summary counts).
    Rules(const KnowledgeBase& kb, std::vector<RuleFinding>& out,
          std::optional<Lang> only = std::nullopt, bool texts = true)
        : m_kb(kb), m_out(out), m_only(only), m_texts(texts) {}

    void add(std::string_view id, const std::vector<Arg>& args,
             std::vector<FindingEvidence> evidence) {
        const FindingRule* rule = m_kb.finding_rule(id);
        if (rule == nullptr) {
            return;
        }
        RuleFinding f;
        f.id = rule->id;
        f.rfc = rule->rfc;
        f.category = rule->category;
        f.narrows = rule->narrows;
        if (!m_texts) {
            m_out.push_back(std::move(f));
            return;
        }
        if (m_only != Lang::ru) {
            f.text_en = fill(rule->text.in(Lang::en), args, Lang::en);
        }
        if (m_only != Lang::en) {
            f.text_ru = fill(rule->text.in(Lang::ru), args, Lang::ru);
        }
        for (auto& e : evidence) {
            e.value = std::string(cut_utf8(e.value, 256));
        }
        f.evidence = std::move(evidence);
        m_out.push_back(std::move(f));
    }

private:
    const KnowledgeBase& m_kb;
    std::vector<RuleFinding>& m_out;
    std::optional<Lang> m_only;
    bool m_texts;
};

FindingEvidence from_response(std::string_view header, std::string_view value) {
    return {std::string(header), std::string(value), false};
}

FindingEvidence from_request(std::string_view header, std::string_view value) {
    return {std::string(header), std::string(value), true};
}

// The number a header value starts with: "3600", "1800;refresher=uac", "120 (maintenance)".
std::optional<std::uint64_t> leading_number(std::string_view value) {
    value = trim(value);
    std::uint64_t n = 0;
    const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || p == value.data()) {
        return std::nullopt;
    }
    return n;
}

// The comma-separated items of a list header, trimmed, without empty ones; at most 32.
std::vector<std::string_view> list_items(std::string_view value) {
    std::vector<std::string_view> out;
    while (!value.empty() && out.size() < 32) {
        const auto comma = value.find(',');
        const std::string_view item = trim(value.substr(0, comma));
        if (!item.empty()) {
            out.push_back(item);
        }
        value = comma == k_npos ? std::string_view{} : value.substr(comma + 1);
    }
    return out;
}

bool parse_ipv4(std::string_view s, std::array<int, 4>& out) {
    for (std::size_t i = 0; i < 4; ++i) {
        int n = 0;
        const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec != std::errc{} || p == s.data() || n > 255 || p - s.data() > 3) {
            return false;
        }
        out[i] = n;
        s.remove_prefix(static_cast<std::size_t>(p - s.data()));
        if (i < 3) {
            if (s.empty() || s.front() != '.') {
                return false;
            }
            s.remove_prefix(1);
        }
    }
    return s.empty();
}

// The host and port of a URI's or a Via's host:port: "[2001:db8::1]:5061", "192.0.2.1", "host".
struct HostPort {
    std::string_view host;
    std::string_view port;  // empty when absent
};

HostPort split_hostport(std::string_view s) {
    if (!s.empty() && s.front() == '[') {
        const auto close = s.find(']');
        if (close == k_npos) {
            return {};
        }
        const std::string_view rest = s.substr(close + 1);
        return {s.substr(1, close - 1),
                rest.starts_with(':') ? rest.substr(1) : std::string_view{}};
    }
    const auto colon = s.find(':');
    return {s.substr(0, colon), colon == k_npos ? std::string_view{} : s.substr(colon + 1)};
}

// The host:port of the first SIP URI in a header value, and whether it is a sips: URI.
std::string_view uri_hostport(std::string_view value, bool& sips) {
    auto colon = value.find("sip:");
    std::size_t skip = 4;
    sips = false;
    if (const auto s = value.find("sips:"); s != k_npos && (colon == k_npos || s < colon)) {
        colon = s;
        skip = 5;
        sips = true;
    }
    if (colon == k_npos) {
        return {};
    }
    std::string_view rest = value.substr(colon + skip);
    rest = rest.substr(0, rest.find_first_of(";>? "));
    if (const auto at = rest.rfind('@'); at != k_npos) {
        rest = rest.substr(at + 1);
    }
    return rest;
}

// The sent-by of a Via value: "SIP/2.0/UDP host:port;params" gives "host:port".
std::string_view via_hostport(std::string_view via) {
    std::size_t i = 0;
    while (i < via.size() && via[i] != ' ' && via[i] != '\t') {
        ++i;
    }
    const std::string_view rest = trim(via.substr(i));
    return rest.substr(0, rest.find_first_of(";, "));
}

// The top Via value: a Via header may hold several, comma-separated.
std::string_view top_via(std::string_view via) {
    return via.substr(0, via.find(','));
}

// A port number, 1 to 65535, and nothing else.
std::optional<unsigned> port_number(std::string_view s) {
    unsigned n = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || p != s.data() + s.size() || n == 0 || n > 65535) {
        return std::nullopt;
    }
    return n;
}

// An IP address that is none of those behind NAT, nor a loopback or unspecified one: the
// address a server saw a client come from, when that was a NAT's public side.
bool is_public_address(std::string_view host) {
    std::array<int, 4> a{};
    if (parse_ipv4(host, a)) {
        return !is_private_address(host) && a[0] != 127 && a[0] != 0;
    }
    return host.find(':') != k_npos && !is_private_address(host) && host != "::1" && host != "::";
}

// The failures NAT is known to cause: requests or responses that never arrive (408), a Contact
// that cannot be reached (480), a dialog whose in-dialog requests went astray (481).
bool nat_failure(int code) {
    return code == 408 || code == 480 || code == 481;
}

// Whether the headers of a whole message were read, not just a status line: only then can a rule
// say that a header is missing.
// Whether the message's whole header block was read, so that a header it lacks is missing from
// the message itself (not from a log row that keeps a few columns).
bool has_headers(const MessageInfo& m) {
    return m.complete && (!m.call_id.empty() || !m.cseq_method.empty());
}

// "Retry-After: 120 (maintenance);duration=3600" (RFC 3261 §20.33).
void retry_after(Rules& rules, int code, const MessageInfo& m) {
    if (m.retry_after.empty() || code < 300) {
        return;
    }
    const auto seconds = leading_number(m.retry_after);
    if (!seconds) {
        return;
    }
    rules.add("retry_after", {std::to_string(*seconds)},
              {from_response("Retry-After", m.retry_after)});
}

// The interval a REGISTER or SUBSCRIBE asked for: its Expires, else its Contact's expires=.
std::optional<std::pair<std::uint64_t, FindingEvidence>> asked_interval(const MessageInfo& r) {
    if (const auto n = leading_number(r.expires)) {
        return std::pair(*n, from_request("Expires", r.expires));
    }
    const std::string_view param = header_param(r.contact, "expires");
    if (const auto n = leading_number(param)) {
        return std::pair(*n, from_request("Contact", r.contact));
    }
    return std::nullopt;
}

// 423 with Min-Expires (RFC 3261 §10.3, §21.4.17).
void min_expires(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (code != 423 || m.min_expires.empty()) {
        return;
    }
    const auto minimum = leading_number(m.min_expires);
    if (!minimum) {
        return;
    }
    if (request != nullptr) {
        if (const auto asked = asked_interval(*request); asked && asked->first < *minimum) {
            rules.add("min_expires_request",
                      {std::to_string(asked->first), std::to_string(*minimum)},
                      {asked->second, from_response("Min-Expires", m.min_expires)});
            return;
        }
    }
    rules.add("min_expires", {std::to_string(*minimum)},
              {from_response("Min-Expires", m.min_expires)});
}

// 422 with Min-SE (RFC 4028 §6).
void min_se(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (code != 422 || m.min_se.empty()) {
        return;
    }
    const auto minimum = leading_number(m.min_se);
    if (!minimum) {
        return;
    }
    if (request != nullptr) {
        if (const auto asked = leading_number(request->session_expires);
            asked && *asked < *minimum) {
            rules.add("min_se_request", {std::to_string(*asked), std::to_string(*minimum)},
                      {from_request("Session-Expires", request->session_expires),
                       from_response("Min-SE", m.min_se)});
            return;
        }
    }
    rules.add("min_se", {std::to_string(*minimum)}, {from_response("Min-SE", m.min_se)});
}

// "100rel (RFC 3262: reliable provisional responses), foo (not a registered option tag)".
Arg describe_tags(const KnowledgeBase& kb, std::string_view list) {
    Arg out{std::string{}, std::string{}};
    for (const auto tag : list_items(list)) {
        if (!out.en.empty()) {
            out.en += ", ";
            out.ru += ", ";
        }
        const std::string clean = std::string(cut_utf8(tag, 64));
        if (const OptionTag* t = kb.option_tag(tag)) {
            out.en += fmt::format("{} ({}: {})", clean, t->rfc, t->meaning.in(Lang::en));
            out.ru += fmt::format("{} ({}: {})", clean, t->rfc, t->meaning.in(Lang::ru));
        } else {
            out.en += fmt::format("{} (not a tag sipwhy knows)", clean);
            out.ru += fmt::format("{} (неизвестный sipwhy тег)", clean);
        }
    }
    return out;
}

// 420 with Unsupported, 421 with Require (RFC 3261 §8.2.2.3, §21.4.15, §21.4.16).
void option_tags(Rules& rules, const KnowledgeBase& kb, int code, const MessageInfo& m) {
    if (code == 420 && !m.unsupported.empty()) {
        rules.add("unsupported", {describe_tags(kb, m.unsupported)},
                  {from_response("Unsupported", m.unsupported)});
    }
    if (code == 421 && !m.require.empty()) {
        rules.add("require", {describe_tags(kb, m.require)}, {from_response("Require", m.require)});
    }
}

// 405 and its Allow (RFC 3261 §21.4.6, §20.5).
void allow(Rules& rules, int code, const MessageInfo& m) {
    if (code != 405 || !has_headers(m)) {
        return;
    }
    if (m.allow.empty()) {
        rules.add("allow_missing", {}, {from_response("Allow", "(none)")});
        return;
    }
    if (m.cseq_method.empty()) {
        return;
    }
    const auto items = list_items(m.allow);
    const bool listed = std::any_of(items.begin(), items.end(),
                                    [&](std::string_view a) { return iequals(a, m.cseq_method); });
    if (!listed) {
        rules.add("allow_lacks_method", {std::string(m.cseq_method), std::string(m.allow)},
                  {from_response("CSeq", fmt::format("{} {}", m.cseq_number, m.cseq_method)),
                   from_response("Allow", m.allow)});
    }
}

// 415 with Accept and Accept-Encoding (RFC 3261 §21.4.13), against the request's Content-Type.
void accept(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (code != 415 || (m.accept.empty() && m.accept_encoding.empty())) {
        return;
    }
    std::vector<FindingEvidence> evidence;
    std::string what;
    if (!m.accept.empty()) {
        evidence.push_back(from_response("Accept", m.accept));
        what = fmt::format("Accept: {}", m.accept);
    }
    if (!m.accept_encoding.empty()) {
        evidence.push_back(from_response("Accept-Encoding", m.accept_encoding));
        what += fmt::format("{}Accept-Encoding: {}", what.empty() ? "" : "; ", m.accept_encoding);
    }
    // What the request sent, when it is known: the text says nothing of it otherwise.
    Arg sent{std::string{}, std::string{}};
    if (request != nullptr && !request->content_type.empty()) {
        evidence.push_back(from_request("Content-Type", request->content_type));
        sent = Arg{fmt::format("; the request's body was Content-Type: {}", request->content_type),
                   fmt::format("; тело запроса было Content-Type: {}", request->content_type)};
    }
    rules.add("accept", {std::string(what), sent}, std::move(evidence));
}

// Each Warning value with a code the knowledge base knows (RFC 3261 §20.43).
void warnings(Rules& rules, const KnowledgeBase& kb, const MessageInfo& m) {
    for (const auto& raw : m.warnings) {
        const auto parsed = parse_warning(raw);
        if (!parsed) {
            continue;
        }
        for (const auto& w : *parsed) {
            const WarnCode* known = kb.warn_code(w.code);
            if (known == nullptr) {
                continue;
            }
            rules.add("warning",
                      {std::to_string(w.code), std::string(known->text), std::string(w.agent),
                       std::string(w.text),
                       Arg{std::string(known->meaning.in(Lang::en)),
                           std::string(known->meaning.in(Lang::ru))}},
                      {from_response("Warning", raw)});
        }
    }
}

// Reason values that contradict the status, and SIP causes that are no status (RFC 3326 §2).
void reasons(Rules& rules, const KnowledgeBase& kb, int code, Category category,
             const MessageInfo& m) {
    for (const auto& raw : m.reasons) {
        const auto parsed = parse_reason(raw);
        if (!parsed) {
            continue;
        }
        for (const auto& r : *parsed) {
            if (!r.cause) {
                continue;
            }
            if (iequals(r.protocol, "SIP") &&
                (*r.cause < 100 || *r.cause > 699 || kb.code(*r.cause) == nullptr)) {
                rules.add("reason_sip_not_status", {std::to_string(*r.cause)},
                          {from_response("Reason", raw)});
                continue;
            }
            if (reason_contradiction(kb, code, category, r).empty()) {
                continue;
            }
            const Q850Cause* q = kb.q850(*r.cause);
            const CodeEntry* entry = kb.code(code);
            const std::string status =
                entry != nullptr ? fmt::format("{} {}", code, entry->reason) : std::to_string(code);
            rules.add(
                "reason_contradiction",
                {std::to_string(*r.cause),
                 Arg{std::string(q->name_in(Lang::en)), std::string(q->name_in(Lang::ru))}, status},
                {from_response("Reason", raw)});
        }
    }
}

// Server or User-Agent of a failure response (RFC 3261 §20.35, §20.41).
void sender(Rules& rules, int code, const MessageInfo& m) {
    if (code < 300) {
        return;
    }
    if (!m.server.empty()) {
        rules.add("sender", {std::string(m.server), "Server"}, {from_response("Server", m.server)});
    } else if (!m.user_agent.empty()) {
        rules.add("sender", {std::string(m.user_agent), "User-Agent"},
                  {from_response("User-Agent", m.user_agent)});
    }
}

// The causes platforms write in their own headers.
void platform_headers(Rules& rules, const KnowledgeBase& kb, const MessageInfo& m) {
    if (!m.x_asterisk_hangup_cause.empty() || !m.x_asterisk_hangup_code.empty()) {
        std::vector<FindingEvidence> evidence;
        if (!m.x_asterisk_hangup_cause.empty()) {
            evidence.push_back(from_response("X-Asterisk-HangupCause", m.x_asterisk_hangup_cause));
        }
        Arg what{std::string(m.x_asterisk_hangup_cause)};
        if (const auto n = leading_number(m.x_asterisk_hangup_code)) {
            evidence.push_back(
                from_response("X-Asterisk-HangupCauseCode", m.x_asterisk_hangup_code));
            if (n <= 127) {
                if (const Q850Cause* q = kb.q850(static_cast<int>(*n))) {
                    what = Arg{fmt::format("Q.850 {} ({})", *n, q->name_in(Lang::en)),
                               fmt::format("Q.850 {} ({})", *n, q->name_in(Lang::ru))};
                }
            }
        } else if (const auto c = leading_number(m.x_asterisk_hangup_cause); c && *c <= 127) {
            if (const Q850Cause* q = kb.q850(static_cast<int>(*c))) {
                what = Arg{fmt::format("Q.850 {} ({})", *c, q->name_in(Lang::en)),
                           fmt::format("Q.850 {} ({})", *c, q->name_in(Lang::ru))};
            }
        }
        rules.add("x_asterisk_hangup_cause", {what}, std::move(evidence));
    }
    if (!m.x_fs_hangup_cause.empty()) {
        const std::string_view name = trim(m.x_fs_hangup_cause);
        Arg what{std::string(name)};
        for (const auto& c : kb.data().platform_causes) {
            if (c.platform == Platform::freeswitch && iequals(c.name, name)) {
                what = Arg{fmt::format("{} (Q.850 {}): {}", std::string(name), c.value,
                                       c.meaning.in(Lang::en)),
                           fmt::format("{} (Q.850 {}): {}", std::string(name), c.value,
                                       c.meaning.in(Lang::ru))};
                break;
            }
        }
        rules.add("x_fs_hangup_cause", {what},
                  {from_response("X-FS-Hangup-Cause", m.x_fs_hangup_cause)});
    }
    if (!m.x_reason.empty()) {
        rules.add("x_reason", {std::string(m.x_reason)}, {from_response("X-Reason", m.x_reason)});
    }
}

// 401 and 407: stale=true (RFC 7616 §3.3), or no challenge at all (RFC 3261 §21.4.2, §21.4.8).
void challenges(Rules& rules, int code, const MessageInfo& m) {
    if (code != 401 && code != 407) {
        return;
    }
    const std::string_view header = code == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
    if (m.stale_nonce) {
        rules.add("stale_nonce", {header}, {from_response(header, m.challenge)});
        return;
    }
    const bool challenged = code == 401 ? m.www_authenticate : m.proxy_authenticate;
    if (!challenged && has_headers(m)) {
        rules.add("challenge_missing", {std::to_string(code), header},
                  {from_response(header, "(none)")});
    }
}

bool starts_digest(std::string_view item) {
    item = trim(item);
    return item.size() > 6 && istarts_with(item, "Digest") && (item[6] == ' ' || item[6] == '\t');
}

// Each digest challenge (or credentials) of one kind, from its "Digest": one per header value as
// RFC 3261 §7.3.1 asks, but a value that joins several is split at each scheme.
std::vector<std::string_view> digest_values(const std::vector<AuthValue>& values, bool proxy) {
    std::vector<std::string_view> out;
    for (const auto& v : values) {
        if (v.proxy != proxy) {
            continue;
        }
        const std::string_view s = v.value;
        std::size_t start = k_npos;
        for (std::size_t item = 0; item <= s.size();) {
            const std::size_t comma = std::min(s.find(',', item), s.size());
            if (starts_digest(s.substr(item, comma - item))) {
                if (start != k_npos) {
                    out.push_back(trim(s.substr(start, item - 1 - start)));
                }
                start = item;
            }
            item = comma + 1;
        }
        if (start != k_npos) {
            out.push_back(trim(s.substr(start)));
        }
    }
    return out;
}

// The algorithm of a digest challenge or credentials: MD5 when none is named (RFC 7616 §3.3).
std::string_view digest_algorithm_of(std::string_view value) {
    const std::string_view a = digest_param(value, "algorithm");
    return a.empty() ? std::string_view("MD5") : a;
}

bool is_sha2_digest(std::string_view a) {
    return iequals(a, "SHA-256") || iequals(a, "SHA-256-sess") || iequals(a, "SHA-512-256") ||
           iequals(a, "SHA-512-256-sess");
}

bool is_md5_digest(std::string_view a) {
    return iequals(a, "MD5") || iequals(a, "MD5-sess");
}

// The headers a 401 or a 407 challenges in and its request answers in (RFC 3261 §22.2, §22.3).
std::string_view challenge_header(int code) {
    return code == 407 ? "Proxy-Authenticate" : "WWW-Authenticate";
}

std::string_view credentials_header(int code) {
    return code == 407 ? "Proxy-Authorization" : "Authorization";
}

// A challenge that offers SHA-256 or SHA-512-256 and no MD5 (RFC 8760 §2), answered by MD5
// credentials (MD5 when no algorithm is named, RFC 7616 §3.4): the client cannot compute the
// digest the server wants, and will be challenged again and again.
void digest_algorithm(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if ((code != 401 && code != 407) || request == nullptr) {
        return;
    }
    const auto offered = digest_values(m.challenges, code == 407);
    const auto answered = digest_values(request->credential_values, code == 407);
    const auto sha2 = [](std::string_view v) { return is_sha2_digest(digest_algorithm_of(v)); };
    const auto md5 = [](std::string_view v) { return is_md5_digest(digest_algorithm_of(v)); };
    if (offered.empty() || answered.empty() || !std::all_of(offered.begin(), offered.end(), sha2) ||
        !std::all_of(answered.begin(), answered.end(), md5)) {
        return;
    }
    std::string algorithms;
    std::vector<FindingEvidence> evidence;
    for (const auto v : offered) {
        algorithms += fmt::format("{}{}", algorithms.empty() ? "" : ", ", digest_algorithm_of(v));
        evidence.push_back(from_response(challenge_header(code), v));
    }
    const std::string_view named = digest_param(answered.front(), "algorithm");
    evidence.push_back(from_request(credentials_header(code), answered.front()));
    rules.add("digest_algorithm",
              {sanitize_utf8(cut_utf8(algorithms, 128)), challenge_header(code),
               named.empty() ? Arg{"MD5 (no algorithm named)", "MD5 (алгоритм не указан)"}
                             : Arg{sanitize_utf8(cut_utf8(named, 32))}},
              std::move(evidence));
}

// Credentials for one realm answered by a challenge for another (RFC 3261 §22.1, §22.4): the
// client answered for a realm the server is not, a wrong account or domain.
void realm_mismatch(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if ((code != 401 && code != 407) || request == nullptr) {
        return;
    }
    const auto offered = digest_values(m.challenges, code == 407);
    const auto answered = digest_values(request->credential_values, code == 407);
    std::vector<std::string_view> realms;
    for (const auto v : offered) {
        if (const auto r = digest_param(v, "realm"); !r.empty()) {
            realms.push_back(r);
        }
    }
    if (realms.empty() || answered.empty()) {
        return;
    }
    // Credentials for any realm challenged are an answer to it: nothing was mistaken.
    for (const auto v : answered) {
        const std::string_view r = digest_param(v, "realm");
        if (r.empty() || std::any_of(realms.begin(), realms.end(),
                                     [&](std::string_view c) { return iequals(c, r); })) {
            return;
        }
    }
    rules.add("realm_mismatch",
              {sanitize_utf8(cut_utf8(digest_param(answered.front(), "realm"), 128)),
               sanitize_utf8(cut_utf8(realms.front(), 128)), challenge_header(code)},
              {from_request(credentials_header(code), answered.front()),
               from_response(challenge_header(code), offered.front())});
}

// 3xx and its Contact (RFC 3261 §21.3, §8.1.3.4).
void redirect(Rules& rules, int code, const MessageInfo& m) {
    if (code >= 300 && code < 400 && !m.contact.empty()) {
        rules.add("redirect_contacts", {std::string(m.contact)},
                  {from_response("Contact", m.contact)});
    }
}

// A private top-Via sent-by behind a public received= (RFC 3261 §18.2.1, RFC 3581 §4), on the
// failures NAT is known to cause (nat_failure).
void via_nat(Rules& rules, int code, const MessageInfo& m) {
    if (m.via.empty() || !nat_failure(code)) {
        return;
    }
    const std::string_view sent_by = via_host(m.via);
    const std::string_view received = header_param(m.via, "received");
    if (sent_by.empty() || received.empty() || !is_private_address(sent_by) ||
        is_private_address(received)) {
        return;
    }
    rules.add("via_nat", {std::string(sent_by), std::string(received)},
              {from_response("Via", fmt::format("{} ... received={}", sent_by, received))});
}

// The port a Contact names: its own, else the scheme's (5060, 5061 for sips:, RFC 3263 §4.2).
std::optional<unsigned> contact_port_of(std::string_view contact) {
    bool sips = false;
    const std::string_view hostport = uri_hostport(contact, sips);
    if (hostport.empty()) {
        return std::nullopt;
    }
    const std::string_view port = split_hostport(hostport).port;
    return port.empty() ? std::optional<unsigned>(sips ? 5061 : 5060) : port_number(port);
}

// A private Contact in a request that came from a public address (received=, RFC 3581 §4): what
// is sent to the Contact (RFC 3261 §8.1.1.8), in-dialog requests and calls to a registration,
// goes to an address no one outside the client's network can reach.
void contact_nat(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (!nat_failure(code) || request == nullptr) {
        return;
    }
    const std::string_view host = uri_host(request->contact);
    const std::string_view via = top_via(m.via);
    const std::string_view received = header_param(via, "received");
    if (host.empty() || !is_private_address(host) || !is_public_address(received)) {
        return;
    }
    rules.add("contact_nat", {std::string(host), std::string(received)},
              {from_request("Contact", request->contact), from_response("Via", via)});
}

// rport=N on a UDP top Via, N neither the Via's port nor the request's Contact port (RFC 3581
// §4): a NAT gave the client another source port, and what is sent to the Contact port does not
// pass it. Over TCP and TLS a client always sends from another port than it listens on.
void contact_port(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (!nat_failure(code) || request == nullptr) {
        return;
    }
    const std::string_view via = top_via(m.via);
    if (!istarts_with(trim(via), "SIP/2.0/UDP")) {
        return;
    }
    const auto rport = port_number(header_param(via, "rport"));
    const std::string_view sent_port = split_hostport(via_hostport(via)).port;
    const auto via_port =
        sent_port.empty() ? std::optional<unsigned>(5060) : port_number(sent_port);
    const auto contact = contact_port_of(request->contact);
    if (!rport || !via_port || !contact || *rport == *via_port || *rport == *contact) {
        return;
    }
    rules.add("contact_port", {std::to_string(*contact), std::to_string(*rport)},
              {from_request("Contact", request->contact), from_response("Via", via)});
}

// 494 and the mechanisms of Security-Server (RFC 3329 §2.3.1).
void security_server(Rules& rules, int code, const MessageInfo& m) {
    if (code == 494 && !m.security_server.empty()) {
        rules.add("security_server", {std::string(m.security_server)},
                  {from_response("Security-Server", m.security_server)});
    }
}

// Whether the request answered is a re-INVITE: an INVITE whose To has a tag, inside a dialog (RFC
// 3261 §12.2.1.1). A response alone cannot say: a UAS tags the To of every response (§8.2.6.2).
bool is_reinvite(const MessageInfo& m, const MessageInfo* request) {
    return iequals(m.cseq_method, "INVITE") && request != nullptr && !request->to_tag.empty();
}

// 481 to a BYE or a re-INVITE: the dialog is gone (RFC 3261 §12.2.2).
void dialog_lost(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (code != 481) {
        return;
    }
    const bool bye = iequals(m.cseq_method, "BYE");
    const bool reinvite = is_reinvite(m, request);
    if (!bye && !reinvite) {
        return;
    }
    rules.add("dialog_lost", {bye ? "BYE" : "re-INVITE"},
              {from_response("CSeq", fmt::format("{} {}", m.cseq_number, m.cseq_method))});
}

// 483 and the Max-Forwards its request left with (RFC 3261 §8.1.1.6, §16.6).
void max_forwards(Rules& rules, int code, const MessageInfo* request) {
    if (code != 483 || request == nullptr) {
        return;
    }
    if (const auto n = leading_number(request->max_forwards)) {
        rules.add("max_forwards", {std::to_string(*n)},
                  {from_request("Max-Forwards", request->max_forwards)});
    }
}

// 482 or 483 whose Via headers name one hop more than once: a loop (RFC 3261 §16.3).
void via_loop(Rules& rules, int code, const MessageInfo& m) {
    if (code != 482 && code != 483) {
        return;
    }
    const auto& v = m.via_sent_by;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto n = std::count(v.begin(), v.end(), v[i]);
        if (n > 1 && std::find(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v[i]) ==
                         v.begin() + static_cast<std::ptrdiff_t>(i)) {
            rules.add("via_loop", {std::string(v[i]), std::to_string(n)},
                      {from_response("Via", v[i])});
            return;
        }
    }
}

// What findings read of an SDP body (RFC 4566): each m= line with its formats' names.
struct SdpMedia {
    std::string line;  // "m=audio 49170 RTP/AVP 0 8 101"
    std::string type;  // audio, video, image
    std::string port;
    std::string proto;  // RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, udptl ...
    std::vector<std::string> formats;
    std::vector<std::pair<std::string, std::string>> rtpmap;  // format -> "PCMA/8000"
    std::string crypto;                                       // the first a=crypto line
    std::string fingerprint;  // the first a=fingerprint line (here or at session level)
    std::string ice;         // the first a=ice-ufrag or a=candidate line (here or at session level)
    std::string connection;  // the c= line (here, else at session level)
};

std::vector<SdpMedia> parse_sdp(std::string_view body) {
    std::vector<SdpMedia> out;
    std::string session_fingerprint;
    std::string session_ice;
    std::string session_connection;
    while (!body.empty() && out.size() < 8) {
        const auto nl = body.find('\n');
        std::string_view line = body.substr(0, nl);
        body = nl == k_npos ? std::string_view{} : body.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.starts_with("m=")) {
            SdpMedia m;
            m.line = std::string(line.substr(0, 200));
            std::string_view rest = line.substr(2);
            std::vector<std::string_view> words;
            while (!rest.empty() && words.size() < 40) {
                const auto sp = rest.find(' ');
                if (sp != 0) {
                    words.push_back(rest.substr(0, sp));
                }
                rest = sp == k_npos ? std::string_view{} : rest.substr(sp + 1);
            }
            if (words.size() < 3) {
                continue;
            }
            m.type = std::string(words[0]);
            m.port = std::string(words[1]);
            m.proto = std::string(words[2]);
            for (std::size_t i = 3; i < words.size(); ++i) {
                m.formats.emplace_back(words[i]);
            }
            m.fingerprint = session_fingerprint;
            m.ice = session_ice;
            m.connection = session_connection;
            out.push_back(std::move(m));
        } else if (line.starts_with("a=rtpmap:") && !out.empty()) {
            const std::string_view v = line.substr(9);
            const auto sp = v.find(' ');
            if (sp != k_npos && out.back().rtpmap.size() < 40) {
                out.back().rtpmap.emplace_back(v.substr(0, sp), trim(v.substr(sp + 1)));
            }
        } else if (line.starts_with("a=crypto:") && !out.empty() && out.back().crypto.empty()) {
            out.back().crypto = std::string(line.substr(0, 120));
        } else if (line.starts_with("a=fingerprint:")) {
            (out.empty() ? session_fingerprint : out.back().fingerprint) =
                std::string(line.substr(0, 120));
        } else if (line.starts_with("c=")) {
            (out.empty() ? session_connection : out.back().connection) =
                std::string(line.substr(0, 120));
        } else if (line.starts_with("a=ice-ufrag:") || line.starts_with("a=candidate:")) {
            std::string& ice = out.empty() ? session_ice : out.back().ice;
            if (ice.empty()) {
                ice = std::string(line.substr(0, 120));
            }
        }
    }
    return out;
}

// The name of a format: its rtpmap, else the static payload type's (RFC 3551 §6).
std::string format_name(const SdpMedia& m, std::string_view format) {
    for (const auto& [f, name] : m.rtpmap) {
        if (f == format) {
            return name;
        }
    }
    static constexpr std::array<std::pair<int, std::string_view>, 24> k_static = {{
        {0, "PCMU/8000"},    {3, "GSM/8000"},     {4, "G723/8000"},   {5, "DVI4/8000"},
        {6, "DVI4/16000"},   {7, "LPC/8000"},     {8, "PCMA/8000"},   {9, "G722/8000"},
        {10, "L16/44100/2"}, {11, "L16/44100/1"}, {12, "QCELP/8000"}, {13, "CN/8000"},
        {14, "MPA/90000"},   {15, "G728/8000"},   {16, "DVI4/11025"}, {17, "DVI4/22050"},
        {18, "G729/8000"},   {25, "CelB/90000"},  {26, "JPEG/90000"}, {28, "nv/90000"},
        {31, "H261/90000"},  {32, "MPV/90000"},   {33, "MP2T/90000"}, {34, "H263/90000"},
    }};
    int pt = -1;
    const auto [p, ec] = std::from_chars(format.data(), format.data() + format.size(), pt);
    if (ec == std::errc{} && p == format.data() + format.size()) {
        for (const auto& [n, name] : k_static) {
            if (n == pt) {
                return std::string(name);
            }
        }
    }
    return std::string(format);
}

std::string format_names(const SdpMedia& m) {
    std::string out;
    for (const auto& f : m.formats) {
        if (!out.empty()) {
            out += ", ";
        }
        out += format_name(m, f);
    }
    return out;
}

bool is_secure_profile(std::string_view proto) {
    return proto.find("SAVP") != k_npos;
}

// The refusals of a session description: 488 and 606 (RFC 3261 §21.4.26, §21.6.4), 415, and a
// refused re-INVITE.
bool refuses_media(int code, const MessageInfo& m, const MessageInfo* request) {
    return code == 488 || code == 606 || code == 415 ||
           (is_reinvite(m, request) && code >= 400 && code != 401 && code != 407 && code != 422 &&
            code != 491);
}

// Media: what the refused offer carried, and what the refusal says it takes.
void media(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (!refuses_media(code, m, request)) {
        return;
    }
    if (request != nullptr && !request->body.empty()) {
        for (const auto& media : parse_sdp(request->body)) {
            if (media.port == "0") {
                continue;  // a stream the offer itself refuses (RFC 3264 §6)
            }
            if (media.type == "image" && std::find(media.formats.begin(), media.formats.end(),
                                                   "t38") != media.formats.end()) {
                rules.add("t38_offer", {media.line}, {from_request("body", media.line)});
                continue;
            }
            if (is_secure_profile(media.proto) &&
                (!media.crypto.empty() || !media.fingerprint.empty())) {
                const std::string& keys = !media.crypto.empty() ? media.crypto : media.fingerprint;
                rules.add("srtp_offer", {media.proto, keys},
                          {from_request("body", media.line), from_request("body", keys)});
            }
            if (media.type == "audio" || media.type == "video") {
                rules.add("offer_codecs", {media.type, format_names(media)},
                          {from_request("body", media.line)});
            }
        }
    }
    if (!m.body.empty()) {
        for (const auto& media : parse_sdp(m.body)) {
            if ((media.type == "audio" || media.type == "video") && media.port != "0") {
                rules.add("answer_codecs", {std::to_string(code), media.type, format_names(media)},
                          {from_response("body", media.line)});
            }
        }
    }
}

// The address of a c= line: "c=IN IP4 192.0.2.1/127" gives "192.0.2.1" (RFC 4566 §5.7).
std::string_view connection_address(std::string_view line) {
    const auto last = line.rfind(' ');
    if (!line.starts_with("c=") || last == k_npos) {
        return {};
    }
    const std::string_view address = line.substr(last + 1);
    return address.substr(0, address.find('/'));
}

// An offer whose c= address is private while the server saw the client come from a public one
// (RFC 4566 §5.7): media sent to the offer's address goes nowhere unless the far end sends it
// back where it comes from. ICE finds its own way (RFC 8445), so an ICE offer says nothing.
void sdp_private_address(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (!refuses_media(code, m, request) || request == nullptr || request->body.empty()) {
        return;
    }
    const std::string_view via = top_via(m.via);
    const std::string_view received = header_param(via, "received");
    if (!is_public_address(received)) {
        return;
    }
    for (const auto& media : parse_sdp(request->body)) {
        const std::string_view address = connection_address(media.connection);
        if (media.port != "0" && media.ice.empty() && is_private_address(address)) {
            rules.add("sdp_private_address", {std::string(address), std::string(received)},
                      {from_request("body", media.connection), from_response("Via", via)});
            return;
        }
    }
}

// The profiles of a WebRTC endpoint's streams (RFC 8829 §5.1.2; SCTP for its data channels).
bool is_webrtc_profile(std::string_view proto) {
    return iequals(proto, "UDP/TLS/RTP/SAVPF") || iequals(proto, "TCP/DTLS/RTP/SAVPF") ||
           iequals(proto, "UDP/DTLS/SCTP") || iequals(proto, "TCP/DTLS/SCTP");
}

// A refused offer of a WebRTC endpoint: every stream with ICE and DTLS-SRTP (RFC 8829 §5.1.1,
// RFC 8445, RFC 5763). The peer is no WebRTC endpoint; a gateway must terminate both for it.
void ice_only_offer(Rules& rules, int code, const MessageInfo* request) {
    if ((code != 488 && code != 606 && code != 415) || request == nullptr ||
        request->body.empty()) {
        return;
    }
    const auto sdp = parse_sdp(request->body);
    const SdpMedia* first = nullptr;
    for (const auto& media : sdp) {
        if (media.port == "0") {
            continue;  // a stream the offer itself refuses, or one bundled with another
        }
        if (!is_webrtc_profile(media.proto) || media.ice.empty() || media.fingerprint.empty()) {
            return;
        }
        first = first != nullptr ? first : &media;
    }
    if (first == nullptr) {
        return;
    }
    rules.add("ice_only_offer", {first->proto},
              {from_request("body", first->line), from_request("body", first->ice),
               from_request("body", first->fingerprint)});
}

// A refused re-INVITE leaves the session as it was (RFC 3261 §14.1).
void reinvite_refused(Rules& rules, int code, const MessageInfo& m, const MessageInfo* request) {
    if (is_reinvite(m, request) && code >= 400 && code != 401 && code != 407 && code != 422 &&
        code != 491 && code != 481) {
        rules.add("reinvite_refused", {std::to_string(code)},
                  {from_request("To", fmt::format("tag={}", request->to_tag)),
                   from_response("CSeq", fmt::format("{} {}", m.cseq_number, m.cseq_method))});
    }
}

// A 2xx to REGISTER that grants far less than the request asked (RFC 3261 §10.3 step 7, §10.2.8):
// the binding expires sooner than the client thinks, unless it reads the answer.
void registration_granted(Rules& rules, const MessageInfo& m, const MessageInfo& request) {
    const auto asked = asked_interval(request);
    if (!asked) {
        return;
    }
    std::optional<std::uint64_t> granted = leading_number(header_param(m.contact, "expires"));
    FindingEvidence evidence = from_response("Contact", m.contact);
    if (!granted) {
        granted = leading_number(m.expires);
        evidence = from_response("Expires", m.expires);
    }
    if (!granted || *granted == 0 || *granted * 2 >= asked->first) {
        return;
    }
    rules.add("registration_granted_less", {std::to_string(asked->first), std::to_string(*granted)},
              {asked->second, evidence});
}

// The called user is not in E.164 form while the caller is (404, 484): a dialing-plan mismatch
// (ITU-T E.164; RFC 3966 §5.1.4 for the global number form).
bool is_e164(std::string_view user) {
    return user.size() >= 4 && user.front() == '+' &&
           std::all_of(user.begin() + 1, user.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_digits(std::string_view user) {
    return !user.empty() &&
           std::all_of(user.begin(), user.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void number_form(Rules& rules, int code, const MessageInfo& m) {
    if ((code != 404 && code != 484) || !is_e164(m.from_user) || !is_digits(m.to_user) ||
        m.to_user.size() < 6) {
        return;
    }
    rules.add("number_not_e164", {m.to_user, m.from_user},
              {from_response("To", m.to_user), from_response("From", m.from_user)});
}

// A phrase that a SIP stack writes for a status it made itself, never received (the knowledge
// base's local variants: sofia-sip's "DNS Error", pjsip's transport errors).
void local_stack(Rules& rules, const KnowledgeBase& kb, int code, std::string_view reason) {
    if (reason.empty()) {
        return;
    }
    const auto variants = kb.variants_of(code);
    if (std::none_of(variants.begin(), variants.end(), [](const Variant* v) { return v->local; })) {
        return;
    }
    const std::string key = normalize_phrase(reason);
    for (const Variant* v : variants) {
        if (v->local && v->key == key) {
            rules.add(
                "local_stack",
                {fmt::format("{} {}", code, reason),
                 v->vendor.empty() ? std::string("the local SIP stack") : std::string(v->vendor)},
                {from_response("status line", fmt::format("SIP/2.0 {} {}", code, reason))});
            return;
        }
    }
}

}  // namespace

bool is_private_address(std::string_view host) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    std::array<int, 4> a{};
    if (parse_ipv4(host, a)) {
        return a[0] == 10 || (a[0] == 172 && a[1] >= 16 && a[1] <= 31) ||
               (a[0] == 192 && a[1] == 168) || (a[0] == 100 && a[1] >= 64 && a[1] <= 127) ||
               (a[0] == 169 && a[1] == 254);
    }
    if (host.find(':') == k_npos || host.size() < 4) {
        return false;
    }
    // fc00::/7 (unique local) and fe80::/10 (link-local).
    const auto lower = [](char c) { return static_cast<char>(c | 0x20); };
    const char c0 = lower(host[0]);
    const char c1 = lower(host[1]);
    const char c2 = lower(host[2]);
    if (c0 == 'f' && (c1 == 'c' || c1 == 'd') && host.find(':') == 4) {
        return true;
    }
    return c0 == 'f' && c1 == 'e' && (c2 == '8' || c2 == '9' || c2 == 'a' || c2 == 'b') &&
           host.find(':') == 4;
}

std::string_view uri_host(std::string_view value) {
    bool sips = false;
    return split_hostport(uri_hostport(value, sips)).host;
}

std::string_view via_host(std::string_view via) {
    return split_hostport(via_hostport(via)).host;
}

namespace {

std::vector<RuleFinding> run_rules(const KnowledgeBase& kb, int code, Category category,
                                   const MessageInfo& response, const MessageInfo* request,
                                   std::optional<Lang> only, std::string_view reason, bool texts) {
    std::vector<RuleFinding> out;
    if (code < 300) {
        // Every rule but one is about a failure, and most responses are not (a scan for the
        // findings reads the headers of these only: ScanOptions::headers_for_findings).
        if (code >= 200 && request != nullptr && iequals(response.cseq_method, "REGISTER")) {
            Rules rules(kb, out, only, texts);
            registration_granted(rules, response, *request);
        }
        return out;
    }
    Rules rules(kb, out, only, texts);
    min_expires(rules, code, response, request);
    min_se(rules, code, response, request);
    option_tags(rules, kb, code, response);
    allow(rules, code, response);
    accept(rules, code, response, request);
    security_server(rules, code, response);
    challenges(rules, code, response);
    digest_algorithm(rules, code, response, request);
    realm_mismatch(rules, code, response, request);
    redirect(rules, code, response);
    retry_after(rules, code, response);
    reasons(rules, kb, code, category, response);
    warnings(rules, kb, response);
    platform_headers(rules, kb, response);
    reinvite_refused(rules, code, response, request);
    media(rules, code, response, request);
    ice_only_offer(rules, code, request);
    sdp_private_address(rules, code, response, request);
    number_form(rules, code, response);
    local_stack(rules, kb, code, reason);
    dialog_lost(rules, code, response, request);
    max_forwards(rules, code, request);
    via_loop(rules, code, response);
    via_nat(rules, code, response);
    contact_nat(rules, code, response, request);
    contact_port(rules, code, response, request);
    sender(rules, code, response);
    return out;
}

}  // namespace

std::vector<RuleFinding> response_findings(const KnowledgeBase& kb, int code, Category category,
                                           const MessageInfo& response, const MessageInfo* request,
                                           std::optional<Lang> only, std::string_view reason) {
    return run_rules(kb, code, category, response, request, only, reason, true);
}

std::vector<RuleFinding> response_finding_ids(const KnowledgeBase& kb, int code, Category category,
                                              const MessageInfo& response,
                                              const MessageInfo* request, std::string_view reason) {
    return run_rules(kb, code, category, response, request, std::nullopt, reason, false);
}

bool looks_like_message(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size() && (text[pos] == '\r' || text[pos] == '\n' || text[pos] == ' ')) {
        ++pos;
    }
    const std::size_t le = text.find('\n', pos);
    if (le == k_npos) {
        return false;
    }
    const auto start = StartLine::parse(text.substr(pos, le - pos));
    if (start.kind != StartLine::Kind::response && start.kind != StartLine::Kind::request) {
        return false;
    }
    std::string_view next = text.substr(le + 1);
    next = next.substr(0, next.find('\n'));
    if (!next.empty() && next.back() == '\r') {
        next.remove_suffix(1);
    }
    std::string_view name;
    std::string_view value;
    return split_header(next, name, value);
}

std::optional<PastedMessage> read_pasted_message(std::string_view text) {
    std::optional<MessageInfo> request;
    std::size_t pos = 0;
    for (int i = 0; i < 16 && pos < text.size(); ++i) {
        const std::size_t start = find_start_line(text, pos);
        if (start == k_npos) {
            break;
        }
        MessageInfo info;
        const auto head = read_message_head(text.substr(start), info, true);
        if (!head || head->length == 0) {
            break;
        }
        pos = start + head->length;
        if (head->length < text.size() - start) {
            const std::string_view rest = text.substr(pos);
            const std::size_t next = find_start_line(rest);
            // Up to the next message: a pasted message's line ends, and so its Content-Length,
            // are seldom what was sent.
            const std::size_t body = std::min(next, rest.size());
            info.keep_body(rest.substr(0, body));
            pos += body;
        }
        if (head->start.kind == StartLine::Kind::request) {
            request = std::move(info);
            continue;
        }
        if (head->start.kind != StartLine::Kind::response || !head->sip_headers) {
            continue;
        }
        PastedMessage m;
        m.code = head->start.code;
        m.reason = std::string(head->start.reason);
        if (request && request->call_id == info.call_id &&
            request->cseq_number == info.cseq_number) {
            m.request = std::move(request);
        }
        m.response = std::move(info);
        return m;
    }
    return std::nullopt;
}

void RequestMemory::add(const MessageInfo& request) {
    if (request.call_id.empty() || request.cseq_method.empty() || m_ring.empty()) {
        return;
    }
    m_ring[m_next] = request;
    m_next = (m_next + 1) % m_ring.size();
    m_size = std::min(m_size + 1, m_ring.size());
}

const MessageInfo* RequestMemory::find(const MessageInfo& response) const {
    if (response.call_id.empty()) {
        return nullptr;
    }
    // Newest first: a retransmitted request is the same request.
    for (std::size_t i = 0; i < m_size; ++i) {
        const MessageInfo& r = m_ring[(m_next + m_ring.size() - 1 - i) % m_ring.size()];
        if (r.cseq_number == response.cseq_number && r.cseq_method == response.cseq_method &&
            r.call_id == response.call_id) {
            return &r;
        }
    }
    return nullptr;
}

namespace {

std::string where_of(std::uint64_t line, const PacketInfo* packet) {
    return packet != nullptr ? fmt::format("frame {}", packet->frame)
                             : fmt::format("line {}", line);
}

std::optional<double> time_of(const PacketInfo* packet) {
    if (packet == nullptr) {
        return std::nullopt;
    }
    return static_cast<double>(packet->seconds) + packet->nanoseconds / 1e9;
}

FindingEvidence at(std::string_view where, std::string_view header, std::string_view value,
                   bool request) {
    return {std::string(header), std::string(value), request, std::string(where)};
}

}  // namespace

CallFindings::Call& CallFindings::call(std::string_view id) {
    auto it = m_calls.find(id);
    if (it == m_calls.end()) {
        if (m_calls.size() >= m_max_calls) {
            m_calls.clear();
        }
        it = m_calls.emplace(std::string(id), Call{}).first;
    }
    return it->second;
}

CallFindings::Transaction& CallFindings::transaction(Call& c, const MessageInfo& m) {
    // By CSeq number and method: a CANCEL (a transaction of its own, RFC 3261 §9.2) is no
    // retransmission of its INVITE. ACKs are not fed here.
    for (auto& t : c.transactions) {
        if (t.cseq == m.cseq_number && t.method == m.cseq_method) {
            return t;
        }
    }
    if (c.transactions.size() >= 16) {
        c.transactions.erase(c.transactions.begin());
    }
    Transaction& t = c.transactions.emplace_back();
    t.cseq = m.cseq_number;
    t.method = m.cseq_method;
    return t;
}

void CallFindings::request(const ScannedRequest& r) {
    const MessageInfo* m = r.message;
    if (m == nullptr || m->call_id.empty() || m->cseq_method.empty() ||
        iequals(m->cseq_method, "ACK")) {
        return;
    }
    Call& c = call(m->call_id);
    Transaction& t = transaction(c, *m);
    if (t.sent++ == 0) {
        t.first_where = where_of(r.line, r.packet);
        t.first_time = time_of(r.packet);
        // A CANCEL is never challenged, as it cannot be resubmitted (RFC 3261 §22.1): credentials
        // it carries answer no challenge.
        if (!m->credentials.empty() && !iequals(m->cseq_method, "CANCEL")) {
            t.credentials = true;
            t.nonce = std::string(digest_param(m->credentials, "nonce").substr(0, 128));
        }
    }
}

void CallFindings::response(const ScannedResponse& r) {
    const MessageInfo* m = r.message;
    if (m == nullptr || m->call_id.empty() || m->cseq_method.empty()) {
        return;
    }
    Call& c = call(m->call_id);
    ++c.responses;
    Transaction& t = transaction(c, *m);
    if (r.code == 100) {
        t.trying = true;
        return;
    }
    if (r.code < 200) {
        t.provisional = true;
        return;
    }
    if (t.final_code != 0) {
        return;  // a retransmission of the final response
    }
    t.final_code = r.code;
    Rules rules(m_kb, c.findings);
    const std::string where = where_of(r.line, r.packet);
    t.final_where = where;
    const std::string cseq = fmt::format("{} {}", m->cseq_number, m->cseq_method);
    if ((r.code == 401 || r.code == 407) && t.credentials && !m->stale_nonce) {
        if (c.refused++ == 0) {
            c.refused_where = where;
            c.refused_challenge = m->challenge;
            c.refused_header = r.code == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
        }
        if (!t.nonce.empty() && ++c.challenged_nonces[t.nonce] == 2) {
            rules.add("same_nonce", {sanitize_utf8(t.nonce)},
                      {at(t.first_where, r.code == 401 ? "Authorization" : "Proxy-Authorization",
                          fmt::format("nonce=\"{}\"", t.nonce), true),
                       at(where, "CSeq", cseq, false)});
        }
    }
    if (r.code == 403 && t.credentials) {
        rules.add("forbidden_after_credentials", {sanitize_utf8(t.method)},
                  {at(t.first_where, "Authorization", fmt::format("nonce=\"{}\"", t.nonce), true),
                   at(where, "CSeq", cseq, false)});
    }
    if (r.code == 408 && t.first_time && r.packet != nullptr) {
        const double after = *time_of(r.packet) - *t.first_time;
        const std::string seconds = fmt::format("{:.1f}", after);
        if (after >= 31.0 && after <= 34.0 && !t.provisional) {
            rules.add("timer_b", {seconds, sanitize_utf8(t.method)},
                      {at(t.first_where, "CSeq", cseq, true), at(where, "CSeq", cseq, false)});
        } else if (t.provisional && iequals(t.method, "INVITE")) {
            rules.add("no_answer_timer", {seconds},
                      {at(t.first_where, "CSeq", cseq, true), at(where, "CSeq", cseq, false)});
        }
    }
}

std::vector<RuleFinding> CallFindings::take(std::string_view call_id) {
    const auto it = m_calls.find(call_id);
    if (it == m_calls.end()) {
        return {};
    }
    Call c = std::move(it->second);
    m_calls.erase(it);
    Rules rules(m_kb, c.findings);
    if (c.refused > 0) {
        rules.add("credentials_refused", {std::to_string(c.refused)},
                  {at(c.refused_where, c.refused_header, c.refused_challenge, false)});
    }
    const auto invite_of = [&](std::uint32_t cseq) -> const Transaction* {
        for (const auto& t : c.transactions) {
            if (t.cseq == cseq && t.method == "INVITE") {
                return &t;
            }
        }
        return nullptr;
    };
    for (const auto& t : c.transactions) {
        const std::string cseq = fmt::format("{} {}", t.cseq, t.method);
        if (iequals(t.method, "CANCEL")) {
            // A CANCEL retransmitted and not answered, or ended by its own Timer F (a 408), while
            // its INVITE had no final response: the far side never saw it (RFC 3261 §9.1,
            // §17.1.2.2). A CANCEL answered at all was seen, whatever the answer.
            const Transaction* invite = invite_of(t.cseq);
            if (t.sent < 2 || (t.final_code != 0 && t.final_code != 408) || invite == nullptr ||
                invite->final_code != 0) {
                continue;
            }
            std::vector<FindingEvidence> evidence{at(t.first_where, "CSeq", cseq, true)};
            if (!invite->first_where.empty()) {
                evidence.push_back(
                    at(invite->first_where, "CSeq", fmt::format("{} INVITE", t.cseq), true));
            }
            if (t.final_code == 408) {
                evidence.push_back(at(t.final_where, "CSeq", cseq, false));
            }
            rules.add("cancel_unanswered",
                      {std::to_string(t.sent), t.final_code == 408
                                                   ? Arg{"ended in a 408", "закончился ответом 408"}
                                                   : Arg{"got no response", "не получил ответа"}},
                      std::move(evidence));
            continue;
        }
        if (c.responses == 0 && t.sent >= 2) {
            rules.add("no_response", {sanitize_utf8(t.method), std::to_string(t.sent)},
                      {at(t.first_where, "CSeq", cseq, true)});
            break;
        }
        if (iequals(t.method, "INVITE") && t.trying && !t.provisional && t.final_code == 0) {
            rules.add("trying_then_nothing", {}, {at(t.first_where, "CSeq", cseq, true)});
        }
    }
    return std::move(c.findings);
}

void FindingCounts::add(const std::vector<RuleFinding>& findings) {
    for (const auto& f : findings) {
        ++m_counts[f.id];
    }
}

void FindingCounts::merge(const FindingCounts& other) {
    for (const auto& [id, n] : other.m_counts) {
        m_counts[id] += n;
    }
}

std::vector<std::pair<std::string_view, std::uint64_t>> FindingCounts::sorted() const {
    std::vector<std::pair<std::string_view, std::uint64_t>> out(m_counts.begin(), m_counts.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

Category narrowed_category(Category category, const std::vector<RuleFinding>& findings) {
    // The categories that say only that the request failed, not why.
    switch (category) {
        case Category::unknown:
        case Category::unavailable:
        case Category::timeout:
        case Category::server_error:
        case Category::capacity:
        case Category::forbidden:
            break;
        default:
            return category;
    }
    for (const auto& f : findings) {
        if (f.narrows && f.category != Category::unknown) {
            return f.category;
        }
    }
    return category;
}

std::vector<std::string> sdp_summary(std::string_view body) {
    std::vector<std::string> out;
    for (const SdpMedia& m : parse_sdp(body)) {
        // "c=IN IP4 192.0.2.10": the address is its last word.
        std::string_view c = trim(m.connection);
        c = c.substr(c.rfind(' ') == k_npos ? 0 : c.rfind(' ') + 1);
        const std::string where = c.empty() ? m.port : fmt::format("{}:{}", c, m.port);
        out.push_back(sanitize_utf8(
            trim(fmt::format("{} {} {} {}", m.type, where, m.proto, format_names(m)))));
    }
    return out;
}

}  // namespace sipwhy
