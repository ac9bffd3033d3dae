#include "kb/kb_internal.hpp"

#include <sipwhy/logs/mention.hpp>
#include <sipwhy/text.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sipwhy {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;
constexpr std::size_t k_window = 160;  // bytes of the line looked at on each side of the code
constexpr std::size_t k_max_phrase = 64;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_alpha(char c) {
    return is_upper(c) || is_lower(c);
}
bool is_alnum(char c) {
    return is_alpha(c) || is_digit(c);
}
// Identifier bytes: "statusCode", "reply_code", "sip.response.status_code", "$rs", "t_reply.c".
bool is_token(char c) {
    return is_alnum(c) || c == '_' || c == '.' || c == '$';
}
char lower(char c) {
    return is_upper(c) ? static_cast<char>(c + 32) : c;
}

using Words = std::span<const std::string_view>;

// A set of short words (16 bytes at most), looked up with one hash and a compare or two: the
// grammar looks words up for every candidate, so this is in the scan's hot path.
class WordSet {
public:
    // Built at compile time: the sets are read-only data, which a run that reads no log (sipwhy
    // 486) never touches, rather than tables filled in at start-up.
    explicit constexpr WordSet(Words words) { add(words, 1); }
    constexpr WordSet(std::initializer_list<std::pair<Words, std::uint8_t>> tagged) {
        for (const auto& [words, tag] : tagged) {
            add(words, tag);
        }
    }

    bool contains(std::string_view w) const { return tag_of(w) != 0; }

    // The same for a word already in a zero-padded buffer of 16 bytes: no copying.
    bool contains_padded(const std::array<char, 16>& word, std::size_t len) const {
        if (len == 0 || len > 16) {
            return false;
        }
        Slot key;
        key.a = bytes_of(word.data(), 8);
        key.b = bytes_of(word.data() + 8, 8);
        key.len = len;
        return find(key) != 0;
    }

    // The tag the word was added with, or 0.
    std::uint8_t tag_of(std::string_view w) const {
        if (w.empty() || w.size() > 16) {
            return 0;
        }
        return find(pack(w));
    }

private:
    struct Slot {
        std::uint64_t a = 0;
        std::uint64_t b = 0;
        std::size_t len = 0;
        std::uint8_t tag = 0;
    };
    std::uint8_t find(const Slot& key) const {
        for (std::size_t i = slot_of(key);; i = (i + 1) % m_slots.size()) {
            const Slot& s = m_slots[i];
            if (s.len == 0) {
                return 0;
            }
            if (s.len == key.len && s.a == key.a && s.b == key.b) {
                return s.tag;
            }
        }
    }
    constexpr void add(Words words, std::uint8_t tag) {
        for (const std::string_view w : words) {
            Slot key = pack(w);
            key.tag = tag;
            std::size_t i = slot_of(key);
            while (m_slots[i].len != 0) {
                if (m_slots[i].len == key.len && m_slots[i].a == key.a && m_slots[i].b == key.b) {
                    break;  // listed twice: the first tag stays
                }
                i = (i + 1) % m_slots.size();
            }
            if (m_slots[i].len == 0) {
                m_slots[i] = key;
            }
        }
    }
    // `n` bytes as one number, the first in the lowest byte (one load, where the compiler sees it).
    static constexpr std::uint64_t bytes_of(const char* p, std::size_t n) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i) {
            v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
        }
        return v;
    }
    static constexpr Slot pack(std::string_view w) {
        Slot s;
        s.len = std::min<std::size_t>(w.size(), 16);
        s.a = bytes_of(w.data(), std::min<std::size_t>(s.len, 8));
        if (s.len > 8) {
            s.b = bytes_of(w.data() + 8, s.len - 8);
        }
        return s;
    }
    static constexpr std::size_t slot_of(const Slot& s) {
        const std::uint64_t h =
            (s.a ^ (s.b * 0x9e3779b97f4a7c15ULL) ^ s.len) * 0xff51afd7ed558ccdULL;
        return static_cast<std::size_t>(h >> 55);  // 512 slots
    }
    std::array<Slot, 512> m_slots{};
};

bool in(std::string_view w, const WordSet& set) {
    return set.contains(w);
}

// Words (lower case) that say a number is a response's code. Strong ones name the response.
constexpr std::string_view k_cues_list[] = {
    "response",    "resp",           "reply",         "replied",   "answer",     "answered",
    "status",      "code",           "rcode",         "sipcode",   "statuscode", "final",
    "provisional", "failed",         "fail",          "failure",   "rejected",   "reject",
    "refused",     "declined",       "received",      "receive",   "recv",       "rcvd",
    "got",         "sent",           "send",          "sending",   "error",      "returned",
    "responded",   "relayed",        "relaying",      "forwarded", "forwarding", "state",
    "completed",   "retransmitting", "retransmitted", "receiving"};
// Of these, the ones that also fit a provisional or successful response.
constexpr std::string_view k_success_cues_list[] = {
    "response",      "resp",      "reply",      "replied",  "answer",     "answered",
    "status",        "code",      "rcode",      "sipcode",  "statuscode", "final",
    "provisional",   "received",  "receive",    "recv",     "rcvd",       "got",
    "sent",          "send",      "sending",    "returned", "responded",  "relayed",
    "relaying",      "forwarded", "forwarding", "state",    "completed",  "retransmitting",
    "retransmitted", "receiving", "succeeded",  "success",  "successful"};
// Of these, the ones that may follow the code ("'401' fatal response received").
constexpr std::string_view k_cues_after_list[] = {"response", "reply",   "received", "sent",
                                                  "answer",   "status",  "final",    "provisional",
                                                  "returned", "relayed", "forwarded"};
// A word just before the number that makes it something else.
constexpr std::string_view k_veto_before_list[] = {
    "cause",     "causes",  "hangup",   "q850",   "isdn",    "port",     "pid",     "line",
    "lineno",    "size",    "length",   "len",    "took",    "duration", "timeout", "expires",
    "expiry",    "retry",   "interval", "ttl",    "attempt", "session",  "peer",    "extension",
    "exten",     "ext",     "channel",  "chan",   "id",      "cseq",     "seq",     "tos",
    "cos",       "version", "count",    "total",  "rtcp",    "pt",       "payload", "errno",
    "uid",       "gid",     "frame",    "packet", "pkt",     "rtp",      "mos",     "jitter",
    "loss",      "delay",   "after",    "hash",   "every",   "warning",  "case",    "number",
    "index",     "idx",     "priority", "prio",   "weight",  "ptime",    "rate",    "bits",
    "max",       "min",     "limit",    "mtu",    "vlan",    "user",     "account", "room",
    "queue",     "agent",   "ivr",      "menu",   "option",  "bytes",    "byte",    "offset",
    "threshold", "level",   "sequence", "type",   "cnt",     "num",      "age",     "year",
    "day",       "week",    "hour",     "minute", "second",  "qualify",  "ring",    "digits",
    "dtmf",      "rtpmap",  "fmtp",     "ssrc",   "codec",   "ms",       "sec",     "label",
    "slot",      "bucket"};
// Words of a cause, anywhere among the three words before: a Q.850 or hangup cause, not a status.
constexpr std::string_view k_cause_words_list[] = {"cause",       "causes", "hangup",
                                                   "hangupcause", "q850",   "isdn"};
// Units and counted things after the number: it is a duration, a size or a count.
constexpr std::string_view k_units_list[] = {"ms",
                                             "msec",
                                             "msecs",
                                             "millisecond",
                                             "milliseconds",
                                             "us",
                                             "usec",
                                             "s",
                                             "sec",
                                             "secs",
                                             "second",
                                             "seconds",
                                             "min",
                                             "mins",
                                             "minute",
                                             "minutes",
                                             "h",
                                             "hr",
                                             "hrs",
                                             "hour",
                                             "hours",
                                             "day",
                                             "days",
                                             "b",
                                             "bytes",
                                             "byte",
                                             "kb",
                                             "kib",
                                             "mb",
                                             "mib",
                                             "gb",
                                             "octets",
                                             "bits",
                                             "kbps",
                                             "mbps",
                                             "bps",
                                             "hz",
                                             "khz",
                                             "pkts",
                                             "packets",
                                             "frames",
                                             "chars",
                                             "characters",
                                             "lines",
                                             "times",
                                             "responses",
                                             "replies",
                                             "requests",
                                             "messages",
                                             "calls",
                                             "errors",
                                             "failures",
                                             "attempts",
                                             "retries",
                                             "items",
                                             "entries",
                                             "events",
                                             "users",
                                             "channels",
                                             "sessions",
                                             "dialogs",
                                             "transactions",
                                             "registrations",
                                             "records",
                                             "rows",
                                             "x",
                                             "kbit",
                                             "mbit",
                                             "samples"};
// SIP stack, module and telephony words that give a line SIP context.
constexpr std::string_view k_context_list[] = {
    "sip",          "sips",       "kamailio",    "opensips",
    "asterisk",     "freeswitch", "sofia",       "nta",
    "nua",          "pjsip",      "pjsua",       "pjsip",
    "drachtio",     "belle",      "linphone",    "baresip",
    "sipp",         "jssip",      "sipjs",       "sipml5",
    "tm",           "registrar",  "reg",         "uac",
    "uas",          "b2bua",      "sbc",         "dialog",
    "registration", "register",   "registering", "reregistration",
    "registered",   "invite",     "call",        "calls",
    "caller",       "callee",     "trunk",       "pbx",
    "callid",       "cseq",       "via",         "contact",
    "branch",       "proxy",      "ringing",     "sdp",
    "acc",          "rtpengine",  "homer",       "heplify",
    "siptrace",     "voip",       "ims",         "pcscf",
    "scscf",        "icscf",      "telnyx",      "twilio",
    "ooh323",       "chan_sip",   "ua",          "outbound"};
constexpr std::string_view k_methods_list[] = {
    "INVITE",    "ACK",    "BYE",     "CANCEL", "OPTIONS", "REGISTER", "PRACK",
    "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO",   "REFER",   "MESSAGE",  "UPDATE"};
constexpr std::string_view k_http_methods_list[] = {"GET",   "POST", "PUT",     "DELETE",
                                                    "PATCH", "HEAD", "CONNECT", "TRACE"};
constexpr std::string_view k_http_words_list[] = {"http",  "https", "nginx", "apache",
                                                  "httpd", "curl",  "url",   "webhook"};
constexpr std::string_view k_source_extensions_list[] = {
    "c",   "h",  "cc", "cpp", "hpp", "cxx", "java", "py", "js",  "ts",    "go",    "rs", "rb",
    "php", "cs", "kt", "m",   "erl", "lua", "pl",   "ex", "exs", "scala", "swift", "mm", "lisp"};
// Phrase-ending words: "404 for REGISTER", "408 from server".
constexpr std::string_view k_phrase_stops_list[] = {
    "for", "from", "to",  "on",   "at",  "while", "in",   "with", "after", "by",
    "via", "back", "and", "when", "sip", "sips",  "call", "cseq", "callid"};

// The last word of a key that names a status: "statusCode", "reply_code", "last_recv".
constexpr std::string_view k_status_keys_list[] = {"code", "status", "response", "reply", "rcode"};
constexpr std::string_view k_key_words_list[] = {
    "code",       "status", "rcode", "response", "reply", "recv",  "sipcode",
    "statuscode", "result", "state", "received", "sent",  "reason"};
constexpr std::string_view k_new_words_list[] = {"new"};
constexpr std::string_view k_error_words_list[] = {"error", "err", "errno", "errcode"};
constexpr std::string_view k_reason_keys_list[] = {"reason", "phrase", "statustext", "statusmsg",
                                                   "rr"};  // $rr, beside $rs
// Words that say a request ran out of time. A number right after one is the timeout's length,
// unless it is a code that means a timeout ("transaction timeout 408 for INVITE").
constexpr std::string_view k_timeout_words_list[] = {"timeout", "timedout"};
// The first word of "timed out", "time out", "time-out".
constexpr std::string_view k_timed_words_list[] = {"timed", "time"};

// The lists as sets.
constexpr auto k_local_vetoes_list = [] {
    std::array<std::string_view, std::size(k_veto_before_list) + std::size(k_cause_words_list)> a{};
    std::size_t n = 0;
    for (const auto w : k_veto_before_list) {
        a[n++] = w;
    }
    for (const auto w : k_cause_words_list) {
        a[n++] = w;
    }
    return a;
}();
constexpr WordSet k_local_vetoes{k_local_vetoes_list};
// What a word of a line says: SIP (1), HTTP (2) or RTCP (3).
constexpr std::string_view k_rtcp_list[] = {"rtcp"};
constexpr WordSet k_context_kinds{{k_context_list, 1}, {k_http_words_list, 2}, {k_rtcp_list, 3}};
constexpr WordSet k_cues{k_cues_list};
constexpr WordSet k_success_cues{k_success_cues_list};
constexpr WordSet k_cues_after{k_cues_after_list};
constexpr WordSet k_cause_words{k_cause_words_list};
constexpr WordSet k_units{k_units_list};
constexpr WordSet k_methods{k_methods_list};
constexpr WordSet k_http_methods{k_http_methods_list};
constexpr WordSet k_source_extensions{k_source_extensions_list};
constexpr WordSet k_phrase_stops{k_phrase_stops_list};
constexpr WordSet k_status_keys{k_status_keys_list};
constexpr WordSet k_key_words{k_key_words_list};
constexpr WordSet k_new_words{k_new_words_list};
constexpr WordSet k_error_words{k_error_words_list};
constexpr WordSet k_reason_keys{k_reason_keys_list};
constexpr WordSet k_timeout_words{k_timeout_words_list};
constexpr WordSet k_timed_words{k_timed_words_list};

// The codes whose SIP phrase is also HTTP's (RFC 9110 §15): a phrase that proves nothing alone.
constexpr std::array<int, 21> k_http_shared = {200, 202, 300, 301, 305, 400, 401,
                                               402, 403, 404, 405, 406, 407, 408,
                                               410, 413, 414, 415, 501, 502, 503};

const std::array<std::string_view, 600>& phrase_table() {
    static const std::array<std::string_view, 600> table = [] {
        std::array<std::string_view, 600> t{};
        for (const CodeEntry& c : builtin_kb_data().codes) {
            if (c.code >= 100 && c.code <= 699) {
                t.at(static_cast<std::size_t>(c.code - 100)) = c.reason;
            }
        }
        return t;
    }();
    return table;
}

// Whether the knowledge base files `code` under timeouts (408 Request Timeout, 504 Server
// Time-out): the codes that a timeout word before them describes rather than measures.
bool means_timeout(int code) {
    static const std::array<bool, 600> table = [] {
        std::array<bool, 600> t{};
        for (const CodeEntry& c : builtin_kb_data().codes) {
            if (c.code >= 100 && c.code <= 699) {
                t.at(static_cast<std::size_t>(c.code - 100)) = c.category == Category::timeout;
            }
        }
        return t;
    }();
    return code >= 100 && code <= 699 && table.at(static_cast<std::size_t>(code - 100));
}

// Whether `phrase` is a variant phrase the built-in knowledge base lists for `code` (exactly, after
// normalize_phrase; variants with a wildcard are left out).
bool known_variant(int code, std::string_view phrase) {
    static const std::vector<std::pair<int, std::string>> variants = [] {
        std::vector<std::pair<int, std::string>> v;
        for (const Variant& x : builtin_kb_data().variants) {
            if (x.key.find('*') == std::string_view::npos) {
                v.emplace_back(x.code, std::string(x.key));
            }
        }
        std::sort(v.begin(), v.end());
        return v;
    }();
    const std::pair<int, std::string> key{code, normalize_phrase(phrase)};
    return std::binary_search(variants.begin(), variants.end(), key);
}

bool one_of(char c, std::string_view set) {
    return set.find(c) != k_npos;
}

// A token of the line: its bytes, and where it is.
struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string_view text;
};

// Calls `f(word)` with each lower-cased part of an identifier, split at `_`, `.`, `$`, `-` and
// at camelCase steps ("sip.response.status_code" -> sip, response, status, code; "statusCode"
// -> status, code), and then once with the whole identifier lower-cased and joined. Stops when
// `f` returns true; returns whether it did.
template <typename F>
bool each_word(std::string_view token, F&& f) {
    std::array<char, 24> part{};
    std::array<char, 32> whole{};
    std::size_t n = 0;
    std::size_t w = 0;
    auto flush = [&]() {
        const bool hit = n > 0 && n <= part.size() && f(std::string_view(part.data(), n));
        n = 0;
        return hit;
    };
    for (std::size_t i = 0; i < token.size(); ++i) {
        const char c = token[i];
        if (!is_alnum(c)) {
            if (flush()) {
                return true;
            }
            continue;
        }
        if (is_upper(c) && i > 0 && is_lower(token[i - 1]) && flush()) {
            return true;
        }
        if (n < part.size()) {
            part[n] = lower(c);
        }
        ++n;
        if (w < whole.size()) {
            whole[w++] = lower(c);
        }
    }
    if (flush()) {
        return true;
    }
    return w > 0 && w < whole.size() && f(std::string_view(whole.data(), w));
}

bool has_word(std::string_view token, const WordSet& set) {
    return each_word(token, [&](std::string_view w) { return in(w, set); });
}

bool is_method(std::string_view t) {
    return in(t, k_methods);
}

// Up to `max` tokens before `pos` in `s` (nearest first), within `span` bytes.
std::size_t tokens_before(std::string_view s, std::size_t pos, std::size_t span,
                          std::array<Token, 4>& out, std::size_t max) {
    const std::size_t floor = pos > span ? pos - span : 0;
    std::size_t n = 0;
    std::size_t i = pos;
    while (n < max && i > floor) {
        while (i > floor && !is_token(s[i - 1])) {
            --i;
        }
        const std::size_t end = i;
        while (i > floor && is_token(s[i - 1])) {
            --i;
        }
        if (end > i) {
            std::size_t b = i;
            std::size_t e = end;
            while (e > b && s[e - 1] == '.') {
                --e;  // a sentence's full stop
            }
            if (e > b) {
                out[n++] = {b, e, s.substr(b, e - b)};
            }
        }
    }
    return n;
}

std::size_t tokens_after(std::string_view s, std::size_t pos, std::size_t span,
                         std::array<Token, 4>& out, std::size_t max) {
    const std::size_t ceiling = std::min(s.size(), pos + span);
    std::size_t n = 0;
    std::size_t i = pos;
    while (n < max && i < ceiling) {
        while (i < ceiling && !is_token(s[i])) {
            ++i;
        }
        const std::size_t b = i;
        while (i < ceiling && is_token(s[i])) {
            ++i;
        }
        std::size_t e = i;
        while (e > b && s[e - 1] == '.') {
            --e;
        }
        if (e > b) {
            out[n++] = {b, e, s.substr(b, e - b)};
        }
    }
    return n;
}

// Calls `f(begin, end)` for each token of `s` in order (maximal runs of token bytes); stops when
// it returns true.
template <typename F>
void each_token(std::string_view s, F&& f) {
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && !is_token(s[i])) {
            ++i;
        }
        const std::size_t b = i;
        while (i < s.size() && is_token(s[i])) {
            ++i;
        }
        if (i == b || f(b, i)) {
            return;
        }
    }
}

// What a stretch of text says about SIP and HTTP.
struct Context {
    bool sip = false;
    bool http = false;
    bool rtcp = false;
    std::string_view method;  // the nearest method to the code
    std::size_t method_distance = k_npos;
};

void read_context(std::string_view s, std::size_t code_at, Context& c, bool methods) {
    each_token(s, [&](std::size_t b, std::size_t i) {
        const std::string_view t = s.substr(b, i - b);
        if (b > 0 && s[b - 1] == '/' && !(b > 1 && (s[b - 2] == '/' || is_digit(s[b - 2])))) {
            return false;  // a path segment: "/api/register" (but "486/INVITE" names the method)
        }
        if (is_upper(t.front())) {
            // "INFO" is also a log level: "INFO:", "[INFO]", "<INFO>".
            const bool level = t == "INFO" && ((i < s.size() && one_of(s[i], ":]>")) ||
                                               (b > 0 && one_of(s[b - 1], "[<")));
            // A JSON key ("MESSAGE": in journald's export) names a field, not a method.
            const bool json_key = i + 1 < s.size() && s[i] == '"' && s[i + 1] == ':';
            if (is_method(t) && !level && !json_key) {
                c.sip = true;
                const std::size_t d = b > code_at ? b - code_at : code_at - b;
                if (methods && d < c.method_distance) {
                    c.method = t;
                    c.method_distance = d;
                }
                return false;
            }
            if (in(t, k_http_methods)) {
                c.http = true;
                return true;
            }
        }
        if (t.size() > 5 && istarts_with(t, "http") && t[4] == '/') {
            c.http = true;
            return true;
        }
        each_word(t, [&](std::string_view w) {
            switch (k_context_kinds.tag_of(w)) {
                case 1:
                    c.sip = true;
                    break;
                case 2:
                    c.http = true;
                    return true;
                case 3:
                    c.rtcp = true;
                    return true;
                default:
                    break;
            }
            return false;
        });
        return c.http || c.rtcp;
    });
    // "http/1.1", "sip:", "SIP/2.0", "Call-ID" across token boundaries, in one pass.
    for (std::size_t k = 0; k < s.size() && !c.http; ++k) {
        const char ch = lower(s[k]);
        if (ch == 'h' && istarts_with(s.substr(k, 5), "http/")) {
            c.http = true;
        } else if (ch == 's' && (istarts_with(s.substr(k, 4), "sip:") ||
                                 istarts_with(s.substr(k, 7), "sip/2.0"))) {
            c.sip = true;
        } else if (ch == 'c' && istarts_with(s.substr(k, 7), "call-id")) {
            c.sip = true;
        }
    }
}

// The code's canonical phrase at `p` of `s`, case-insensitively, ending at a word boundary:
// its length, or 0.
std::size_t canonical_at(std::string_view s, std::size_t p, std::string_view phrase) {
    if (phrase.empty() || p + phrase.size() > s.size() || !istarts_with(s.substr(p), phrase)) {
        return 0;
    }
    const std::size_t e = p + phrase.size();
    return e < s.size() && is_alnum(s[e]) ? 0 : phrase.size();
}

// A phrase in words after the code: capitalised words up to a delimiter or a linking word.
std::string_view words_at(std::string_view s, std::size_t p) {
    if (p >= s.size() || !is_upper(s[p])) {
        return {};
    }
    std::size_t e = p;
    std::size_t last = p;
    int words = 0;
    while (e < s.size() && e - p < k_max_phrase && words < 8) {
        const std::size_t b = e;
        while (e < s.size() && (is_alnum(s[e]) || s[e] == '-' || s[e] == '\'' ||
                                static_cast<unsigned char>(s[e]) >= 0x80)) {
            ++e;
        }
        if (e == b) {
            break;
        }
        std::array<char, 16> low{};
        const std::size_t n = std::min(e - b, low.size());
        for (std::size_t i = 0; i < n; ++i) {
            low[i] = lower(s[b + i]);
        }
        const std::string_view word(low.data(), n);
        if (is_method(s.substr(b, e - b))) {
            break;  // "486 INVITE, for dlg ...": the method, not a phrase
        }
        if (words > 0 && in(word, k_phrase_stops)) {
            break;
        }
        if (e < s.size() && (s[e] == '=' || s[e] == ':')) {
            break;  // a key of the next field: "404 Method=INVITE"
        }
        last = e;
        ++words;
        if (e < s.size() && s[e] == ' ' && e + 1 < s.size() && is_alnum(s[e + 1])) {
            ++e;
            continue;
        }
        break;
    }
    return s.substr(p, last - p);
}

// Whether `s` holds a key such as "new_code=" or "newStatus:" other than the one at `self`.
bool new_status_key_in(std::string_view s, std::size_t self) {
    bool found = false;
    each_token(s, [&](std::size_t b, std::size_t i) {
        const std::string_view t = s.substr(b, i - b);
        found = b != self && i < s.size() && one_of(s[i], "=:") && has_word(t, k_new_words) &&
                has_word(t, k_key_words);
        return found;
    });
    return found;
}

// "sip_hangup_cause", "sip_term_status", "sip": a key that names a SIP status.
bool sip_status_key(std::string_view token) {
    // "sip:486" (FreeSWITCH), and "rs=408": the reply status pseudo-variable $rs of Kamailio's and
    // OpenSIPS's scripts, as xlog lines print it.
    if (iequals(token, "sip") || token == "rs" || token == "$rs") {
        return true;
    }
    bool sip = false;
    bool status = false;
    each_word(token, [&](std::string_view w) {
        sip = sip || w == "sip";
        status = status || w == "cause" || w == "status" || w == "code";
        return false;
    });
    return sip && status;
}

// After "call_id=", "ci=", "Call-ID: ", `"callId":"`: the value.
std::string_view call_id_in(std::string_view s) {
    static constexpr std::array<std::string_view, 5> keys = {"call-id", "call_id", "callid",
                                                             "ci=", "sip.call_id"};
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && is_alnum(s[i - 1])) {
            continue;
        }
        for (const auto key : keys) {
            if (lower(s[i]) != key[0] || !istarts_with(s.substr(i), key)) {
                continue;
            }
            std::size_t p = i + (key == "ci=" ? 2 : key.size());
            while (p < s.size() && one_of(s[p], "\"': =")) {
                ++p;
            }
            std::size_t e = p;
            while (e < s.size() && !one_of(s[e], " \t;,\"'>)]}\r") && e - p < 128) {
                ++e;
            }
            if (e > p) {
                return s.substr(p, e - p);
            }
        }
    }
    return {};
}

// Whether `token`, lower-cased, is in `set`: the whole token, not its parts ("timeout" is a
// timeout word, "fr_inv_timeout" the name of a setting).
bool lower_in(std::string_view token, const WordSet& set) {
    std::array<char, 16> low{};
    if (token.empty() || token.size() > low.size()) {
        return false;
    }
    for (std::size_t k = 0; k < token.size(); ++k) {
        low[k] = lower(token[k]);
    }
    return set.contains_padded(low, token.size());
}

// Whether `code`, `gap` after a timeout word, is the timeout's status: the code means a timeout
// (the knowledge base's category), and it is not the word's value ("timeout=600", "timeout: 408"
// are settings; "timeout 408", "timed out (408)" are not). A unit after the number ("timeout 500
// ms") makes it a duration whatever the code.
bool status_of_timeout(std::string_view gap, int code) {
    return means_timeout(code) && gap.size() <= 3 && gap.find_first_of("=:") == k_npos;
}

// The same after the word `word`, when it is a timeout word of one token.
bool timeout_status(std::string_view word, std::string_view gap, int code) {
    return status_of_timeout(gap, code) && lower_in(word, k_timeout_words);
}

// The timeout cue just before the code of `back` (the tokens before it, nearest first; the code
// at `c` of `s`): "timeout 408", "timedout (408)", "timed out (408)", "time-out [504]".
// Whether the line names a method, as a record's key (`"method": "CreateSIPParticipant"`,
// `method=POST`), that is no SIP method: the record is of another protocol (an RPC, HTTP), and its
// status is that protocol's.
bool foreign_method(std::string_view line) {
    for (std::size_t k = line.find("method"); k != k_npos; k = line.find("method", k + 6)) {
        if (k > 0 && (is_alnum(line[k - 1]) || line[k - 1] == '_' || line[k - 1] == '.')) {
            continue;  // "sip_method", "cseq.method": a SIP key of its own
        }
        std::size_t p = k + 6;
        if (p < line.size() && line[p] == '"') {
            ++p;
        }
        while (p < line.size() && line[p] == ' ') {
            ++p;
        }
        if (p >= line.size() || (line[p] != ':' && line[p] != '=')) {
            continue;
        }
        ++p;
        while (p < line.size() && (line[p] == ' ' || line[p] == '"' || line[p] == '\'')) {
            ++p;
        }
        std::size_t e = p;
        while (e < line.size() && is_alpha(line[e])) {
            ++e;
        }
        if (e - p < 3 || (e < line.size() && (is_alnum(line[e]) || line[e] == '_'))) {
            continue;
        }
        std::string upper(line.substr(p, e - p));
        for (char& c : upper) {
            c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        if (!is_method(upper)) {
            return true;
        }
    }
    return false;
}

// Verbs of making or passing on a response, and the words that deny them: "can't generate 487
// reply when a final 408 was sent out" (Kamailio's tm), "failed to send 503 reply", "unable to
// relay 200 OK": the code is a response that was not sent.
constexpr std::string_view k_sending_verbs[] = {"generate", "send",    "create", "build",
                                                "relay",    "forward", "deliver"};
constexpr std::string_view k_denials[] = {
    "can't",     "cant",  "cannot",   "can not", "couldn't", "could not", "unable to",
    "failed to", "won't", "will not", "didn't",  "did not",  "not"};

// Whether the word right before the code is a sending verb that a denial comes right before.
bool denied_sending(std::string_view s, std::size_t c, const std::array<Token, 4>& back,
                    std::size_t nb) {
    if (nb == 0 || back[0].end + 1 != c || s[back[0].end] != ' ' ||
        std::find_if(std::begin(k_sending_verbs), std::end(k_sending_verbs), [&](auto v) {
            return iequals(back[0].text, v);
        }) == std::end(k_sending_verbs)) {
        return false;
    }
    std::string_view lead = s.substr(0, back[0].begin);
    while (!lead.empty() && lead.back() == ' ') {
        lead.remove_suffix(1);
    }
    for (const std::string_view denial : k_denials) {
        if (lead.size() >= denial.size() &&
            iequals(lead.substr(lead.size() - denial.size()), denial) &&
            (lead.size() == denial.size() || !is_alnum(lead[lead.size() - denial.size() - 1]))) {
            return true;
        }
    }
    return false;
}

bool timeout_cue(std::string_view s, std::size_t c, const std::array<Token, 4>& back,
                 std::size_t nb, int code) {
    if (nb == 0) {
        return false;
    }
    const std::string_view gap = s.substr(back[0].end, c - back[0].end);
    if (timeout_status(back[0].text, gap, code)) {
        return true;
    }
    return nb > 1 && iequals(back[0].text, "out") && back[1].end + 1 == back[0].begin &&
           one_of(s[back[1].end], " -") && lower_in(back[1].text, k_timed_words) &&
           status_of_timeout(gap, code);
}

// After a code in angle brackets ending at `e` of `s`: the method of "<503> for <INVITE>" or
// "<503> for INVITE", the way sofia-sip's nta names a response's transaction; or empty.
std::string_view method_after_for(std::string_view s, std::size_t e) {
    constexpr std::string_view k_for = "> for ";
    if (!s.substr(e).starts_with(k_for)) {
        return {};
    }
    std::size_t p = e + k_for.size();
    const bool bracketed = p < s.size() && s[p] == '<';
    p += bracketed ? 1 : 0;
    std::size_t q = p;
    while (q < s.size() && is_upper(s[q])) {
        ++q;
    }
    const std::string_view method = s.substr(p, q - p);
    const bool closed = bracketed ? q < s.size() && s[q] == '>' : q == s.size() || !is_token(s[q]);
    return closed && is_method(method) ? method : std::string_view{};
}

// Bytes of a word of a reason phrase: "Busy", "Time-out", "Call/Transaction", "Don't".
bool is_phrase_byte(char c) {
    return is_alnum(c) || c == '-' || c == '\'' || c == '/' ||
           static_cast<unsigned char>(c) >= 0x80;
}

// Whether a phrase may start at `b` of `s`: a capitalised word just before it would be the
// phrase's own first word ("Thank You (403)" is no "You"), unless it is written in capitals
// (a method, a log level: "INVITE Busy Here (486)", "WARNING Forbidden [403]").
bool phrase_starts_at(std::string_view s, std::size_t b) {
    if (b < 2 || s[b - 1] != ' ' || !is_phrase_byte(s[b - 2])) {
        return true;
    }
    std::size_t w = b - 1;
    while (w > 0 && is_phrase_byte(s[w - 1])) {
        --w;
    }
    const std::string_view word = s.substr(w, b - 1 - w);
    return !is_upper(word.front()) ||
           std::all_of(word.begin(), word.end(), [](char ch) { return !is_lower(ch); });
}

// The reason phrase written just before a code in brackets, "Busy Here (486)", "Forbidden [403]",
// "Not Found <404>": the code's own phrase or one the knowledge base lists for it, ending at the
// opening bracket `open` of `s` (or one space before it); or empty.
std::string_view phrase_before(std::string_view s, std::size_t open, int code,
                               std::string_view phrase) {
    std::size_t pe = open;
    if (pe > 0 && s[pe - 1] == ' ') {
        --pe;
    }
    if (!phrase.empty() && phrase.size() <= pe) {
        const std::size_t b = pe - phrase.size();
        if (iequals(s.substr(b, phrase.size()), phrase) && (b == 0 || !is_alnum(s[b - 1])) &&
            phrase_starts_at(s, b)) {
            return s.substr(b, phrase.size());
        }
    }
    // A variant: the longest run of words before the bracket that the knowledge base lists.
    std::string_view found;
    std::size_t b = pe;
    for (int words = 0; words < 8 && pe - b < k_max_phrase; ++words) {
        std::size_t w = b;
        while (w > 0 && is_phrase_byte(s[w - 1])) {
            --w;
        }
        if (w == b) {
            break;
        }
        if (is_alpha(s[w]) && phrase_starts_at(s, w) && known_variant(code, s.substr(w, pe - w))) {
            found = s.substr(w, pe - w);
        }
        if (w == 0 || s[w - 1] != ' ') {
            break;
        }
        b = w - 1;
    }
    return found;
}

// The three digits at `at` of `text` as a number.
int number_at(std::string_view text, std::size_t at) {
    return (text[at] - '0') * 100 + (text[at + 1] - '0') * 10 + (text[at + 2] - '0');
}

}  // namespace

std::string_view canonical_phrase(int code) {
    if (code < 100 || code > 699) {
        return {};
    }
    return phrase_table().at(static_cast<std::size_t>(code - 100));
}

std::string_view reason_key_value(std::string_view s) {
    std::string_view value;
    each_token(s, [&](std::size_t b, std::size_t i) {
        if (!has_word(s.substr(b, i - b), k_reason_keys)) {
            return false;
        }
        std::size_t p = i;
        while (p < s.size() && one_of(s[p], "\"' ")) {
            ++p;
        }
        if (p >= s.size() || (s[p] != '=' && s[p] != ':')) {
            return false;
        }
        ++p;
        while (p < s.size() && one_of(s[p], "\"' <\t\\")) {
            ++p;
        }
        std::size_t e = p;
        while (e < s.size() && !one_of(s[e], ";,\"'<>\t\r&|}\\") && e - p < k_max_phrase) {
            ++e;
        }
        const std::string_view v = trim(s.substr(p, e - p));
        if (!v.empty() && is_alpha(v.front())) {
            value = v;
            return true;
        }
        return false;
    });
    return value;
}

// Whether the canonical phrase of the code at `at` follows it at `e`, after a space or an opening
// bracket or quote.
bool phrase_follows(std::string_view text, std::size_t e, std::size_t at) {
    const int code = number_at(text, at);
    const std::string_view phrase = canonical_phrase(code);
    std::size_t p = e;
    while (p < text.size() && p < e + 2 && one_of(text[p], " (\"'[")) {
        ++p;
    }
    return p > e && canonical_at(text, p, phrase) > 0;
}

bool may_be_mention(std::string_view text, std::size_t at) {
    const std::size_t e = at + 3;
    if (e > text.size()) {
        return false;
    }
    // The bytes right around the number.
    const char prev = at > 0 ? text[at - 1] : '\0';
    const char next = e < text.size() ? text[e] : '\0';
    const char next2 = e + 1 < text.size() ? text[e + 1] : '\0';
    if (is_token(prev) || one_of(prev, "/#@+%&\\") ||
        (prev == '-' && at > 1 && is_alnum(text[at - 2]))) {
        return false;
    }
    if (is_alnum(next) || next == '_' || next == '@' || next == '%' ||
        (one_of(next, ".:-,/") && is_digit(next2))) {
        return false;
    }
    if (prev == '[' && at > 1 && is_alnum(text[at - 2])) {
        return false;  // a pid: "opensips[486]"
    }
    // The nearest word before, within the line: "Content-Length: 486", "cause 487", "8 101".
    {
        const std::size_t floor = at > 64 ? at - 64 : 0;
        std::size_t i = at;
        while (i > floor && !is_token(text[i - 1]) && text[i - 1] != '\n' && text[i - 1] != '\r') {
            --i;
        }
        const std::size_t end = i;
        while (i > floor && is_token(text[i - 1])) {
            --i;
        }
        std::size_t te = end;
        while (te > i && text[te - 1] == '.') {
            --te;
        }
        if (te > i) {
            const std::string_view t = text.substr(i, te - i);
            // A source file's line number: "sofia.c:486", "(Foo.java:404)".
            const auto dot = t.rfind('.');
            if (dot != k_npos && prev == ':' && in(t.substr(dot + 1), k_source_extensions)) {
                return false;
            }
            // One word of letters (the usual case: "Length", "rtpmap") is looked up once;
            // an identifier word by word.
            const bool simple = t.size() <= 16 && std::all_of(t.begin() + 1, t.end(), is_lower) &&
                                is_alpha(t.front());
            bool veto = false;
            if (simple) {
                std::array<char, 16> low{};
                for (std::size_t k = 0; k < t.size(); ++k) {
                    low[k] = lower(t[k]);
                }
                veto = k_local_vetoes.contains_padded(low, t.size());
            } else {
                each_word(t, [&](std::string_view w) {
                    veto = veto || in(w, k_local_vetoes);
                    return veto;
                });
                // The name's last part decides for a key ("status_length" is no status);
                // a key naming a SIP cause or status gives the SIP code.
                veto = veto && (!has_word(t, k_status_keys) || has_word(t, k_cause_words)) &&
                       !sip_status_key(t);
            }
            // The code's own phrase after it outweighs the word: "reset by peer (489 Bad Event)";
            // a code that means a timeout is the status of the timeout before it, not its length.
            if (veto && !phrase_follows(text, e, at) &&
                !timeout_status(t, text.substr(te, at - te), number_at(text, at))) {
                return false;
            }
            // A list of numbers: "RTP/AVP 0 8 101".
            if (end == at - 1 && text[end] == ' ' && t.find_first_not_of("0123456789") == k_npos) {
                return false;
            }
        }
    }
    // A unit or counted thing right after, or one word later: "486 ms", "600 bytes", "200
    // calls", "[380] bytes", "[486] new bytes".
    {
        std::size_t i = e;
        const std::size_t ceiling = std::min(text.size(), e + 48);
        for (int word = 0; word < 2; ++word) {
            const std::size_t gap_start = i;
            while (i < ceiling && i <= gap_start + 2 && !is_token(text[i]) && text[i] != '\n' &&
                   text[i] != '\r') {
                ++i;
            }
            if (i > gap_start + 2 || i >= ceiling || (word == 1 && i == gap_start)) {
                break;
            }
            std::array<char, 16> low{};
            std::size_t n = 0;
            const std::size_t b = i;
            while (i < ceiling && is_token(text[i])) {
                if (n < low.size()) {
                    low[n] = lower(text[i]);
                }
                ++n;
                ++i;
            }
            while (n > 0 && n <= low.size() && low[n - 1] == '.') {
                low[--n] = '\0';  // "486 ms." ends a sentence
            }
            if (i > b && n <= low.size() && k_units.contains_padded(low, n)) {
                return false;
            }
            // Only a short lower-case word may stand between the number and its unit.
            if (n > 8 || !is_lower(text[b])) {
                break;
            }
        }
    }
    return true;
}

std::string_view next_line_reason(std::string_view line) {
    // The line must not report a status of its own: "code=200;reason=OK" is its own record.
    bool own_status = false;
    each_token(line, [&](std::size_t b, std::size_t i) {
        std::size_t p = i;
        while (p < line.size() && one_of(line[p], "\"' =:<")) {
            ++p;
        }
        own_status = p > i && p < line.size() && is_digit(line[p]) &&
                     has_word(line.substr(b, i - b), k_key_words);
        return own_status;
    });
    return own_status ? std::string_view{} : reason_key_value(line);
}

std::optional<Mention> read_mention(std::string_view line, std::size_t at,
                                    std::string_view before) {
    if (at + 3 > line.size()) {
        return std::nullopt;
    }
    const int code = number_at(line, at);
    const std::string_view phrase = canonical_phrase(code);
    if (phrase.empty()) {
        return std::nullopt;  // a number SIP does not define as a status
    }
    // The window: a bounded stretch of the line around the code, the code at `c`.
    const std::size_t from = at > k_window ? at - k_window : 0;
    const std::string_view s = line.substr(from, k_window * 2 + 3);
    const std::size_t c = at - from;
    const std::size_t e = c + 3;

    if (!may_be_mention(s, c)) {
        return std::nullopt;
    }
    const char prev = c > 0 ? s[c - 1] : '\0';
    const char next = e < s.size() ? s[e] : '\0';
    // Configuration and script text: comparisons, calls, comments.
    {
        std::size_t q = c;
        while (q > 0 && one_of(s[q - 1], " \"'([")) {
            --q;  // status =~ "(183)|2[0-9][0-9]"
        }
        if (q >= 2) {
            const std::string_view op = s.substr(q - 2, 2);
            if (op == "==" || op == "!=" || op == "<=" || op == ">=" || op == "=~") {
                return std::nullopt;
            }
        }
        // Inside a call's arguments, however deep: t_reply("404", ...), sl_send_reply(404, ...),
        // t_check_status("486|408"), t_check_status("(408)|(480)").
        int depth = 0;
        for (std::size_t k = c; k > 0; --k) {
            const char ch = s[k - 1];
            if (ch == ')') {
                ++depth;
            } else if (ch == '(') {
                if (depth == 0 && k >= 2 && is_token(s[k - 2])) {
                    return std::nullopt;
                }
                depth = depth > 0 ? depth - 1 : 0;
            }
        }
        std::string_view head = line;
        while (!head.empty() && (head.front() == ' ' || head.front() == '\t')) {
            head.remove_prefix(1);
        }
        if (head.starts_with("#") || head.starts_with("//") || head.starts_with(";")) {
            return std::nullopt;
        }
        // Markup: an XML element's attribute (FreeSWITCH's dialplan: <action
        // application="respond" data="486 Busy Here"/>). A syslog priority "<34>" is no element.
        if (head.size() > 1 && head[0] == '<' && is_alpha(head[1]) && at <= line.size() &&
            line.substr(0, at).find("=\"") != k_npos) {
            return std::nullopt;
        }
    }

    std::array<Token, 4> back{};
    std::array<Token, 4> ahead{};
    const std::size_t nb = tokens_before(s, c, 64, back, 4);
    const std::size_t na = tokens_after(s, e, 48, ahead, 3);

    // A cause: "Cause: 487 [ORIGINATOR_CANCEL]", "hangup cause 603", "q850_cause=102". Further
    // back than the nearest word it counts only when no status key is joined to the number
    // ("cause: Busy, status_code: 486" is a status).
    // A key that names a SIP status or SIP cause ("sip_hangup_cause", "sip_term_status") and
    // "sip:486" (FreeSWITCH's proto_specific_hangup_cause) give the SIP code itself.
    const bool joined_to_key =
        nb > 0 && s.substr(back[0].end, c - back[0].end).find_first_of("=:") != k_npos &&
        s.substr(back[0].end, c - back[0].end).size() <= 6;
    const bool sip_key = joined_to_key && sip_status_key(back[0].text);
    const bool status_key = joined_to_key && (has_word(back[0].text, k_key_words) || sip_key);
    for (std::size_t i = 0; i < std::min<std::size_t>(nb, 3); ++i) {
        if (has_word(back[i].text, k_cause_words) && !sip_key && (i == 0 || !status_key)) {
            return std::nullopt;
        }
    }
    // The line's start may lie before the window, at the end of the bytes before it.
    const std::size_t last_nl = before.rfind('\n');
    const std::string_view line_head = last_nl == k_npos ? before : before.substr(last_nl + 1);
    if (denied_sending(s, c, back, nb) || foreign_method(line) || foreign_method(line_head)) {
        return std::nullopt;
    }
    // A CSeq number after its method: "nta: sent INVITE (404) to ...".
    if ((prev == '(' || prev == '[') && nb > 0 && back[0].end + 2 >= c && is_method(back[0].text)) {
        return std::nullopt;
    }
    Mention m;
    m.code = code;
    int score = 0;
    bool evidence = false;

    // A key joined to the number: "code=487", "status:  <500>", `"sip_status": 486`,
    // "new_code=200". Only punctuation between the key and the number.
    bool key = false;
    if (nb > 0) {
        const std::string_view gap = s.substr(back[0].end, c - back[0].end);
        const bool joined = !gap.empty() && gap.size() <= 6 &&
                            gap.find_first_not_of("=: <\"'[") == k_npos &&
                            gap.find_first_of("=:") != k_npos;
        // "T_code=183, new_code=487": a line that gives the old and the new status reports the
        // new one; the old is the state before it.
        const bool old_state =
            !has_word(back[0].text, k_new_words) && new_status_key_in(s, back[0].begin);
        if (joined && old_state && has_word(back[0].text, k_key_words)) {
            return std::nullopt;
        }
        if (joined && (has_word(back[0].text, k_key_words) || sip_key)) {
            key = true;
            score += 3;
            evidence = true;
            m.framing = gap.find('"') != k_npos && gap.find(':') != k_npos ? Framing::json
                                                                           : Framing::key_value;
        }
    }
    // Cue words before ("failed: 486", "got final response 404", "reply code is <487>"). Words
    // of failure say nothing of a 1xx or 2xx: "send failed: error 100 (Network is down)" is an
    // errno.
    if (!key) {
        int cues = 0;
        for (std::size_t i = 0; i < nb; ++i) {
            if (has_word(back[i].text, code >= 300 ? k_cues : k_success_cues)) {
                ++cues;
            }
        }
        // A timeout word for a code that means a timeout: "transaction timeout 408 for INVITE",
        // "INVITE to sip:bob timed out (408)".
        if (timeout_cue(s, c, back, nb, code)) {
            ++cues;
        }
        // The words that name the number itself are the strongest: "code 486", "status 403",
        // "response 404", "processResponse 180".
        const bool names_it =
            nb > 0 && has_word(back[0].text, k_status_keys) &&
            s.substr(back[0].end, c - back[0].end).find_first_not_of(" ([<'\"") == k_npos;
        if (cues > 0) {
            score += (names_it ? 3 : 2) + std::min(cues - 1, 1);
            evidence = true;
        }
    }
    // A number marked as a value: "[403]", "(481)", "<503>", "'401'".
    if ((prev == '[' && next == ']') || (prev == '(' && next == ')') ||
        (prev == '<' && next == '>') || (prev == '\'' && next == '\'') ||
        (prev == '"' && next == '"')) {
        score += 1;
    }
    // Cue words after ("'401' fatal response received").
    {
        int cues = 0;
        for (std::size_t i = 0; i < na; ++i) {
            if (has_word(ahead[i].text, k_cues_after)) {
                ++cues;
            }
        }
        if (cues > 0) {
            score += 2 + std::min(cues - 1, 1);
            evidence = true;
        }
    }
    // Arrows and direction tags: "<-- 180 Ringing", "--> 200 OK", "RX 486/INVITE".
    {
        std::size_t q = c;
        while (q > 0 && s[q - 1] == ' ') {
            --q;
        }
        const std::string_view lead = s.substr(0, q);
        const bool arrow = lead.ends_with("-->") || lead.ends_with("<--") || lead.ends_with("->") ||
                           lead.ends_with("<-") || lead.ends_with(">>>") || lead.ends_with("<<<") ||
                           lead.ends_with("=>") || lead.ends_with("<=");
        const bool tag = nb > 0 && back[0].end == q &&
                         (back[0].text == "RX" || back[0].text == "TX" || back[0].text == "Rx" ||
                          back[0].text == "Tx" || back[0].text == "IN" || back[0].text == "OUT");
        if (arrow || tag) {
            score += 3;
            evidence = true;
            m.framing = Framing::compact;
        }
    }
    // "486/INVITE": the code with its method.
    if (next == '/' && na > 0 && ahead[0].begin == e + 1 && is_method(ahead[0].text)) {
        score += 2;
        evidence = true;
        m.method = ahead[0].text;
        if (m.framing == Framing::prose) {
            m.framing = Framing::compact;
        }
    }

    // "<503> for <INVITE>": the code in angle brackets with its transaction's method, as
    // sofia-sip's nta writes it ("nta(0x7f2c14026a60): <503> for <INVITE>, try next after
    // timeout").
    if (prev == '<' && next == '>' && m.method.empty()) {
        if (const std::string_view method = method_after_for(s, e); !method.empty()) {
            score += 2;
            evidence = true;
            m.method = method;
            if (m.framing == Framing::prose) {
                m.framing = Framing::compact;
            }
        }
    }

    // The phrase: the canonical one, a delimited record's next field, a quoted or bracketed
    // phrase, capitalised words, or a reason key on the line.
    std::size_t p = e;
    while (p < s.size() && p < e + 3 && one_of(s[p], " \"'=:>)]")) {
        ++p;
    }
    const bool record = one_of(prev, ",|\t;") && next == prev;
    if (record) {
        std::size_t f = e + 1;
        std::size_t fe = f;
        while (fe < s.size() && s[fe] != prev) {
            ++fe;
        }
        const std::string_view field = s.substr(f, fe - f);
        if (iequals(field, phrase)) {
            m.reason = field;
            score += 3;
            evidence = true;
            m.framing = Framing::record;
        }
    } else {
        std::size_t q = p;
        if (q < s.size() && one_of(s[q], "(\"[")) {
            ++q;
        }
        // The code opens the statement ("reg: sip:100@pbx (prio 0): 401 Unauthorized"): what
        // follows it is its phrase, as on a status line.
        const bool opens = c == 0 || (c >= 2 && s[c - 1] == ' ' && one_of(s[c - 2], ":])}>"));
        if (const std::size_t n = canonical_at(s, q, phrase); n > 0) {
            m.reason = s.substr(q, n);
            score +=
                std::find(k_http_shared.begin(), k_http_shared.end(), code) == k_http_shared.end()
                    ? 3
                    : 2;
            score += opens ? 1 : 0;
            evidence = true;
        } else if (next == ' ' || next == '"' || next == '(' || next == '\'') {
            const std::string_view w = words_at(s, q);
            if (!w.empty() && (q == p || s[q - 1] != '(' ||
                               (q + w.size() < s.size() && s[q + w.size()] == ')'))) {
                m.reason = w;
                // A phrase the knowledge base knows for this code (a carrier's or a stack's
                // own) is as good as the canonical one.
                if (known_variant(code, w)) {
                    score += 3 + (opens ? 1 : 0);
                    evidence = true;
                }
            }
        }
    }
    // The phrase before the code in brackets: "rejected: Busy Here (486)", "status Forbidden
    // [403]", "final response Not Found <404> for INVITE". A cause just before the phrase makes
    // it the cause's text: "hangup cause Server Time-out (504)".
    const bool bracketed = (prev == '(' && next == ')') || (prev == '[' && next == ']') ||
                           (prev == '<' && next == '>');
    if (bracketed && m.reason.empty()) {
        if (const std::string_view w = phrase_before(s, c - 1, code, phrase); !w.empty()) {
            const auto b = static_cast<std::size_t>(w.data() - s.data());
            std::array<Token, 4> lead{};
            const std::size_t nl = tokens_before(s, b, 32, lead, 2);
            for (std::size_t i = 0; i < nl; ++i) {
                if (has_word(lead[i].text, k_cause_words)) {
                    return std::nullopt;
                }
            }
            m.reason = w;
            const bool shared =
                iequals(w, phrase) &&
                std::find(k_http_shared.begin(), k_http_shared.end(), code) != k_http_shared.end();
            score += shared ? 2 : 3;
            evidence = true;
        }
    }
    // "error 100 (Network is down)", "error 111 (Connection refused)": an error number with its
    // system's text, not a status with its phrase.
    if (nb > 0 && has_word(back[0].text, k_error_words) && next == ' ' && e + 1 < s.size() &&
        s[e + 1] == '(' && !iequals(m.reason, phrase)) {
        return std::nullopt;
    }
    if (m.reason.empty()) {
        m.reason = reason_key_value(s.substr(e));
        // A key whose value ends its line may have its phrase on the next line.
        m.reason_on_next_line = m.reason.empty() && key &&
                                line.substr(at + 3).find_first_not_of(" \t>\"',;)]}\r") == k_npos;
    }
    if (!evidence) {
        return std::nullopt;
    }

    Context ctx;
    read_context(s, c, ctx, m.method.empty());
    // A key that names a SIP status ("sip_status", "rs") is SIP context of its own.
    ctx.sip = ctx.sip || sip_key;
    if (!ctx.sip && !before.empty()) {
        Context earlier;
        read_context(before.substr(before.size() > 512 ? before.size() - 512 : 0), 0, earlier,
                     false);
        ctx.sip = earlier.sip;
        ctx.http = ctx.http || earlier.http;
    }
    if (ctx.http || ctx.rtcp) {
        return std::nullopt;
    }
    if (m.method.empty()) {
        m.method = ctx.method;
    }
    if (!m.method.empty() && ctx.method_distance < 80) {
        score += 1;
    }
    if (ctx.sip) {
        score += 1;
    }
    const bool sip_only_phrase =
        !m.reason.empty() && iequals(m.reason, phrase) &&
        std::find(k_http_shared.begin(), k_http_shared.end(), code) == k_http_shared.end();
    if (!ctx.sip && !sip_only_phrase) {
        return std::nullopt;
    }
    if (score < k_mention_threshold) {
        return std::nullopt;
    }
    m.score = score;
    m.call_id = call_id_in(s);
    return m;
}

}  // namespace sipwhy
