#include "logs/anchor.hpp"
#include "logs/framings.hpp"
#include "logs/message_collector.hpp"
#include "logs/peer_line.hpp"
#include "logs/recent_responses.hpp"
#include "logs/zeek_log.hpp"

#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/logs/mention.hpp>
#include <sipwhy/logs/request_window.hpp>
#include <sipwhy/sip/headers.hpp>
#include <sipwhy/text.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <utility>

namespace sipwhy {
namespace {

using detail::k_dedup_window;
constexpr std::size_t k_npos = std::string_view::npos;
constexpr std::size_t k_max_reason = 256;
constexpr std::size_t k_max_back =
    64 * 1024;  // how far back a start line's line start is looked for
constexpr std::size_t k_tail = 2048;
constexpr std::size_t k_max_line_read =
    4096;  // bytes after a status line's code read for its phrase     // bytes of earlier input
           // kept for context and times
constexpr std::size_t k_context = 512;       // bytes before a mention's line read for SIP context
constexpr std::size_t k_mention_span = 192;  // bytes of a line a mention is read from

// How a line end is written inside one log line: syslog's "#015#012" and "#012", a string's
// "\r\n" and "\n". The length of the one at `p`, or 0.
std::size_t escape_at(std::string_view s, std::size_t p) {
    const std::string_view at = s.substr(p, 8);
    if (at.starts_with("#015#012")) {
        return 8;
    }
    if (at.starts_with("#012") || at.starts_with("\\r\\n")) {
        return 4;
    }
    if (at.starts_with("\\n")) {
        return 2;
    }
    return 0;
}

// Where the first escaped line end in `s` starts, or npos.
std::size_t find_escape(std::string_view s, std::size_t from = 0) {
    // A byte loop: find_first_of would call memchr on its set for every byte.
    for (std::size_t p = from; p < s.size(); ++p) {
        if ((s[p] == '#' || s[p] == '\\') && escape_at(s, p) > 0) {
            return p;
        }
    }
    return std::string_view::npos;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::size_t find_from(std::string_view b, char c, std::size_t from) {
    if (from >= b.size()) {
        return k_npos;
    }
    const void* hit = std::memchr(b.data() + from, c, b.size() - from);
    return hit == nullptr ? k_npos
                          : static_cast<std::size_t>(static_cast<const char*>(hit) - b.data());
}

// FNV-1a of `text`, its digits left out when `words_only`.
std::uint64_t text_hash(std::string_view text, bool words_only) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const char c : text) {
        if (!(words_only && c >= '0' && c <= '9')) {
            h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        }
    }
    return h;
}

// A mention's line as its words: its first 512 bytes, digits left out, so that the same
// statement about other calls, addresses or times has the same shape.
std::uint64_t mention_shape(std::string_view line) {
    return text_hash(line.substr(0, 512), true);
}

// The 48 bytes before a mention's code at `at` and the 32 after it, as they are.
std::uint64_t mention_near(std::string_view line, std::size_t at) {
    const std::size_t from = std::min(at > 48 ? at - 48 : 0, line.size());
    return text_hash(line.substr(from, at - from + 35), false);
}

// Where the line holding position `p` of a block starts, looked for up to 4 KiB back (a block
// starts a line), or npos when it starts further back.
std::size_t line_start_within(std::string_view b, std::size_t p) {
    constexpr std::size_t k_reach = 4096;
    if (p == 0 || b[p - 1] == '\n') {
        return p;
    }
    const std::size_t floor = p > k_reach ? p - k_reach : 0;
    const void* nl = memrchr(b.data() + floor, '\n', p - floor);
    if (nl != nullptr) {
        return static_cast<std::size_t>(static_cast<const char*>(nl) - b.data()) + 1;
    }
    return floor == 0 ? 0 : k_npos;
}

// Three digits 100-699 at `p`, not followed by another digit: the code, else 0.
int code_at(std::string_view b, std::size_t p) {
    if (p + 3 > b.size() || !is_digit(b[p]) || !is_digit(b[p + 1]) || !is_digit(b[p + 2])) {
        return 0;
    }
    if (p + 3 < b.size() && is_digit(b[p + 3])) {
        return 0;
    }
    const int code = (b[p] - '0') * 100 + (b[p + 1] - '0') * 10 + (b[p + 2] - '0');
    return code >= 100 && code <= 699 ? code : 0;
}

// A reason phrase cleaned of what framings add around it, and cut to a sane length at a UTF-8
// character boundary.
std::string_view clean_reason(std::string_view r, bool markdown) {
    const auto escaped = find_escape(r);
    if (escaped != k_npos) {
        r = r.substr(0, escaped);
    }
    r = r.substr(0, r.find('\r'));  // a CR ends the line too (CRLF, or old Mac files with CR only)
    r = trim(r);
    // A CR shown in caret notation ("^M"), or syslog's "#015" for it.
    while (r.ends_with("^M") || r.ends_with("#015")) {
        r = trim(r.substr(0, r.size() - (r.ends_with("^M") ? 2 : 4)));
    }
    // What a log writes after the phrase on the same line: an arrow to the next message
    // (" --> ", " <- "), a column (" | ", a tab).
    for (std::size_t at = 1; at < r.size(); ++at) {
        if (r[at] != '-' && r[at] != '<' && r[at] != '|' && r[at] != '\t') {
            continue;
        }
        const std::string_view from = r.substr(at - 1);
        if (r[at] == '\t' || from.starts_with(" --> ") || from.starts_with(" <-- ") ||
            from.starts_with(" -> ") || from.starts_with(" <- ") || from.starts_with(" | ")) {
            r = trim(r.substr(0, at));
            break;
        }
    }
    if (markdown) {
        while (!r.empty() && r.back() == '*') {
            r.remove_suffix(1);
        }
        r = trim(r);
    }
    return cut_utf8(r, k_max_reason);
}

std::string_view line_view(std::string_view b, std::size_t from, std::size_t le) {
    std::string_view line = b.substr(from, le - from);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    if (line.ends_with("^M")) {
        line.remove_suffix(2);
    }
    return line;
}

// The phrase, cut where the code's canonical phrase ends when what follows it is plainly not
// part of a phrase: "100 Trying New dialog: 9a3f" (a capitalised note after the phrase ends with
// a colon), "200 OK (CSeq 1 REGISTER)".
std::string_view cut_after_canonical(std::string_view r, int code) {
    const std::string_view phrase = canonical_phrase(code);
    if (phrase.empty() || r.size() <= phrase.size() || !istarts_with(r, phrase) ||
        r[phrase.size()] != ' ') {
        return r;
    }
    const std::string_view rest = trim(r.substr(phrase.size()));
    const auto colon = rest.find(": ");
    const bool note =
        colon != k_npos && colon < 24 && rest.substr(0, colon).find_first_of("(),;") == k_npos;
    const bool paren = rest.starts_with("(CSeq ");
    return note || paren ? r.substr(0, phrase.size()) : r;
}

// A phrase ending with a dot, and the line after its status line: the dot is ngrep's (-W byline
// writes each CR as a dot) when that line ends with one too, and is then left out; as
// MessageCollector::line decides for a message read with its headers.
std::string_view dotted_reason(std::string_view reason, std::string_view next_line) {
    if (!next_line.empty() && next_line.back() == '\r') {
        next_line.remove_suffix(1);
    }
    if (next_line.empty() || next_line.back() != '.') {
        return reason;
    }
    reason.remove_suffix(1);
    return reason;
}

}  // namespace

// at.starts_with(word), its first byte compared first: most candidates differ there; in any case
// for a framing that says so, whose word is in lower case.
[[gnu::always_inline]] inline bool starts(std::string_view at, std::string_view word,
                                          bool any_case = false) {
    if (any_case) {
        if (at.size() < word.size()) {
            return false;
        }
        for (std::size_t i = 0; i < word.size(); ++i) {
            const char w = word[i];
            if (w >= 'a' && w <= 'z' ? (at[i] | 0x20) != w : at[i] != w) {
                return false;
            }
        }
        return true;
    }
    return !at.empty() && at[0] == word[0] && at.starts_with(word);
}

// Whether the candidate at `at` (at most 16 bytes) may start one of the framings of
// k_line_framings: the scanner's cheap test before it finds the candidate's line.
// k_line_framings: the loop over them is unrolled (the index sequence), so that each comparison
// is with a word of known length.
template <std::size_t... I>
[[gnu::always_inline]] inline bool worth_a_line(std::string_view at, std::index_sequence<I...>) {
    return (starts(at, detail::k_line_framings[I].word, detail::k_line_framings[I].any_case) ||
            ...);
}
[[gnu::always_inline]] inline bool worth_a_line(std::string_view at) {
    return worth_a_line(at, std::make_index_sequence<std::size(detail::k_line_framings)>());
}

// The scanner's state and its steps; LogScanner is its face (log_scanner.hpp).
class LogScanner::Impl {
public:
    Impl(ScanSink& sink, ScanOptions options)
        : m_sink(sink),
          m_opt(options),
          m_line(options.line_numbers ? 1 : 0),
          m_window(options.request_window ? std::make_unique<RequestWindow>() : nullptr) {}

    void feed(std::string_view bytes);
    void finish();
    void idle();
    void forget_requests();
    void set_time_reference(TimeReference reference) { m_reference = reference; }
    Carry carry() const;
    void start_at(std::uint64_t offset);
    bool stopped() const { return m_stopped; }

private:
    using Pending = detail::PendingSummaries::Pending;
    using Collect = detail::MessageCollector::Kind;

    void process(std::string_view block);
    // The candidate at `a` in the line [ls, le), by the framing it starts (framings.hpp).
    std::size_t handle_candidate(std::string_view b, std::size_t ls, std::size_t a, std::size_t le);
    // A candidate that starts with a SIP version's "SIP/" or "sip/" (`at`: its first bytes).
    std::size_t start_line(std::string_view b, std::size_t ls, std::size_t a, std::size_t le,
                           std::string_view at);
    // handle_candidate from framing I of k_line_framings on (unrolled, as worth_a_line).
    template <std::size_t I>
    [[gnu::always_inline]] std::size_t framing(std::string_view b, std::size_t ls, std::size_t a,
                                               std::size_t le, std::string_view at);
    // The status line whose text starts at `a` and whose code is at `p`.
    std::size_t status_line(std::string_view b, std::size_t ls, std::size_t a, std::size_t le,
                            std::size_t p);
    std::size_t digits(std::string_view b, std::size_t a);
    std::size_t wrapped_code(std::string_view b, std::size_t a);
    // A mention of a response at input offset `offset`, in the line `line_text` that starts at
    // `line_start`.
    void push_mention(const Mention& m, std::uint64_t line, std::uint64_t offset,
                      std::string_view line_text, std::uint64_t line_start,
                      std::optional<LogTime> time);
    void attach_reason(std::string_view next_line);
    std::optional<LogTime> time_at(std::string_view b, std::size_t ls);
    // The same for the line starting at input offset `here`, in the block or the tail before it.
    std::optional<LogTime> time_of_line(std::string_view b, std::uint64_t here);
    static constexpr std::uint64_t k_no_line = ~std::uint64_t{0};
    // The line starting at input offset `x` (without its line end, at most 200 bytes), in the
    // block or the tail; its first `length` bytes when its length is known.
    std::string_view line_at(std::string_view b, std::uint64_t x,
                             std::uint64_t length = k_no_line) const;
    // Where the line before the one starting at `x` starts, if that is at `floor` or later and
    // the bytes are still here (the block, or the tail when it runs into the block); else
    // k_no_line.
    std::uint64_t previous_line_start(std::string_view b, std::uint64_t x,
                                      std::uint64_t floor) const;
    // The bytes at hand that hold input offset `at` (the block, or the tail before it), with the
    // input offset of their first byte, which starts a line; null when neither holds it.
    const char* bytes_holding(std::string_view b, std::uint64_t at, std::uint64_t& offset) const;
    // As previous_line_start, but the nearest line before `x` that may hold a timestamp:
    // parse_log_time finds one only in a line with a clock ("HH:MM:SS": two colons three bytes
    // apart) or in one that starts with '{' (a JSON export's epoch). The lines passed over are
    // those in which it would find none; the search costs a byte search, not a parse per line.
    // When none is found down to `floor`: `floor` if `floor_is_line` (a line known to start
    // there), else k_no_line.
    std::uint64_t previous_time_line(std::string_view b, std::uint64_t x, std::uint64_t floor,
                                     bool floor_is_line) const;
    std::string_view input_before(std::string_view b, std::size_t ls, std::size_t n);
    void remember_tail(std::string_view b);
    // The request whose lines are being kept ends before the line starting at `ls`.
    void close_request(std::string_view b, std::size_t ls);
    std::size_t request_line(std::string_view b, std::size_t ls, std::size_t a, std::size_t le);
    std::size_t summary_line(std::string_view b, std::size_t a, std::size_t le, Framing framing);
    // The next line of the message being read, at `pos`.
    std::size_t continue_message(std::string_view b, std::size_t pos);
    std::size_t inline_headers(std::string_view b, std::size_t from, std::size_t le);
    // After a start line from `start` to `le` (its line begins at `ls`): the headers that follow
    // are read; `label` is the start line's label in packet-dissection text. Returns where to go
    // on.
    std::size_t begin_message(Collect what, const detail::MessageCollector::Start& message,
                              bool markdown, std::string_view b, std::size_t ls, std::size_t start,
                              std::size_t le, std::string_view label);
    void end_message();
    void zeek_line(std::string_view line);
    void count_lines_to(std::string_view b, std::size_t pos);
    std::uint64_t offset_of(std::size_t pos) const { return m_block_offset + pos; }
    void emit_full(std::uint64_t line, std::uint64_t offset, int code, std::string_view reason,
                   const MessageInfo* message, const std::optional<LogTime>& time);
    void flush_pending(std::uint64_t before_offset);
    // Queues a summary or a mention (PendingSummaries), reporting the oldest when the queue is
    // full.
    void add_pending(Pending p);
    void report_pending(const Pending& p);
    // What is told to the sink, until it says it wants no more of this input.
    void tell_response(const ScannedResponse& r) { m_stopped = m_stopped || !m_sink.response(r); }
    void tell_request(const ScannedRequest& r) { m_stopped = m_stopped || !m_sink.request(r); }
    void tell_malformed(const MalformedStatus& m) { m_stopped = m_stopped || !m_sink.malformed(m); }

    ScanSink& m_sink;
    bool m_stopped = false;  // the sink wants no more of this input
    ScanOptions m_opt;
    std::string m_carry;               // an incomplete last line, waiting for its end
    std::uint64_t m_line;              // line of the current position (0 when not counted)
    std::uint64_t m_consumed = 0;      // bytes fully processed before the current block
    std::uint64_t m_block_offset = 0;  // input offset of the current block's first byte
    std::size_t m_counted = 0;         // position in the block up to which lines are counted
    bool m_at_input_start = true;
    TimeReference m_reference;

    // The last bytes before the current block (at most 2 KiB, from a line start), for the context
    // and timestamps of lines near the block's start.
    std::string m_tail;
    std::uint64_t m_tail_offset = 0;
    std::string m_scratch;
    // The last time_of_line: the line it was asked for, its answer, and where that answer's line
    // starts (k_no_line for none).
    std::uint64_t m_time_memo_here = k_no_line;
    std::optional<LogTime> m_time_memo;
    std::uint64_t m_time_memo_at = k_no_line;
    // The addresses of the newest framing line seen by time_at (ScannedResponse::peer_src), where
    // its next line starts (past FreeSWITCH's line of dashes), and the message's copy when that
    // next line is its start line.
    std::string m_peer_src, m_peer_dst;
    std::uint64_t m_peer_end = ~std::uint64_t{0};
    std::uint64_t m_time_here = ~std::uint64_t{0};
    // Whether the newest framing line's addresses are those of the message starting here.
    bool framing_names_peers() const {
        return m_peer_end == m_time_here && m_time_here != ~std::uint64_t{0};
    }

    // ScanOptions::headers_for_findings: whether a response with this code is one a rule may
    // find something in.
    bool may_have_findings(int code) const {
        return code >= 300 || (code >= 200 && m_window && m_window->holds_register());
    }

    detail::MessageCollector m_collector;  // the message whose headers are being read

    detail::ZeekLog m_zeek;  // a Zeek sip.log's columns, once its header is read
    MessageInfo m_zeek_message;

    // Summary lines and full status lines seen lately, to report each response once.
    detail::PendingSummaries m_pending;
    detail::RecentResponses m_recent;
    bool m_reason_next_line = false;  // the newest pending mention wants the next line's phrase
    MessageInfo m_mention_message;

    // A status line read without headers whose phrase ends with a dot, at the end of a block:
    // the next line says whether the dot is ngrep's CR (dotted_reason).
    struct DotWait {
        std::uint64_t line = 0;
        std::uint64_t offset = 0;
        int code = 0;
        std::string reason;
        std::optional<LogTime> time;
    };
    std::optional<DotWait> m_dot_wait;
    // Reports the waiting status line, its phrase's dot read against `next_line`; with no next
    // line (the input ended or paused), the dot is the phrase's own.
    void emit_dot_wait(std::optional<std::string_view> next_line = std::nullopt) {
        if (m_dot_wait) {
            DotWait w = std::move(*m_dot_wait);
            m_dot_wait.reset();
            emit_full(w.line, w.offset, w.code,
                      next_line ? dotted_reason(w.reason, *next_line) : std::string_view(w.reason),
                      nullptr, w.time);
        }
    }

    // ScanOptions::request_window: the requests kept, and where in the block the lines of the
    // newest still to be kept start.
    std::unique_ptr<RequestWindow> m_window;
    std::size_t m_copy_pos = 0;
};

LogScanner::LogScanner(ScanSink& sink, ScanOptions options)
    : m_impl(std::make_unique<Impl>(sink, options)) {}

LogScanner::~LogScanner() = default;

void LogScanner::feed(std::string_view bytes) {
    m_impl->feed(bytes);
}

bool LogScanner::stopped() const {
    return m_impl->stopped();
}

void LogScanner::finish() {
    m_impl->finish();
}

void LogScanner::idle() {
    m_impl->idle();
}

void LogScanner::forget_requests() {
    m_impl->forget_requests();
}

void LogScanner::set_time_reference(TimeReference reference) {
    m_impl->set_time_reference(reference);
}

LogScanner::Carry LogScanner::carry() const {
    return m_impl->carry();
}

void LogScanner::start_at(std::uint64_t offset) {
    m_impl->start_at(offset);
}

void LogScanner::Impl::forget_requests() {
    if (m_window) {
        m_window->clear();
    }
}

void LogScanner::Impl::feed(std::string_view bytes) {
    while (!bytes.empty() && !m_stopped) {
        const std::size_t nl = find_from(bytes, '\n', 0);
        if (!m_carry.empty() || nl == k_npos) {
            // Complete the carried line first; a line longer than the limit goes in pieces.
            const std::size_t take = nl == k_npos ? bytes.size() : nl + 1;
            const std::size_t room = k_max_line - std::min(m_carry.size(), k_max_line);
            if (take > room) {
                m_carry.append(bytes.substr(0, room));
                bytes.remove_prefix(room);
                m_block_offset = m_consumed;
                process(m_carry);
                m_consumed += m_carry.size();
                m_carry.clear();
                continue;
            }
            m_carry.append(bytes.substr(0, take));
            bytes.remove_prefix(take);
            if (nl == k_npos) {
                return;
            }
            m_block_offset = m_consumed;
            process(m_carry);
            m_consumed += m_carry.size();
            m_carry.clear();
            continue;
        }
        // Every complete line of the chunk in one block; the rest waits for its end.
        const std::size_t last_nl = bytes.rfind('\n');
        const std::string_view block = bytes.substr(0, last_nl + 1);
        m_block_offset = m_consumed;
        process(block);
        m_consumed += block.size();
        bytes.remove_prefix(block.size());
    }
}

bool LogScanner::Carry::operator==(const Carry& other) const {
    return m_quiet && other.m_quiet && m_offset == other.m_offset && m_tail == other.m_tail &&
           m_full == other.m_full && m_mentions == other.m_mentions &&
           m_time_here == other.m_time_here && m_time == other.m_time &&
           m_time_at == other.m_time_at && m_requests == other.m_requests &&
           m_request_open == other.m_request_open;
}

LogScanner::Carry LogScanner::Impl::carry() const {
    Carry c;
    c.m_offset = m_consumed;
    c.m_quiet = m_carry.empty() && !m_collector.active() && m_pending.empty() &&
                !m_reason_next_line && !m_dot_wait && !m_zeek.active() && !m_at_input_start;
    c.m_tail = m_tail;
    if (m_opt.times) {
        c.m_time_here = m_time_memo_here;
        c.m_time = m_time_memo;
        c.m_time_at = m_time_memo_at;
    }
    // Oldest first, from the oldest that a later line can still be a repetition of: what is older
    // no new scanner saw, and it matters no more (nor when it is pushed out: the newer ones are
    // pushed out as many additions later in either scanner).
    c.m_full = m_recent.full_since(m_consumed);
    c.m_mentions = m_recent.mentions_since(m_consumed);
    if (m_window) {
        c.m_requests = m_window->offsets();
        c.m_request_open = m_window->is_open();
    }
    return c;
}

void LogScanner::Impl::start_at(std::uint64_t offset) {
    m_consumed = offset;
    m_tail_offset = offset;
    m_at_input_start = false;
}

void LogScanner::Impl::finish() {
    if (!m_carry.empty()) {
        m_block_offset = m_consumed;
        process(m_carry);
        m_consumed += m_carry.size();
        m_carry.clear();
    }
    if (m_collector.active()) {
        end_message();
    }
    if (m_window) {
        m_window->close();  // the input's last request ends with it
    }
    emit_dot_wait();
    flush_pending(~std::uint64_t{0});
    // Ready for the next input.
    m_stopped = false;
    m_line = m_opt.line_numbers ? 1 : 0;
    m_consumed = 0;
    m_at_input_start = true;
    m_zeek.reset();
    m_recent.clear();
    m_reason_next_line = false;
    m_tail.clear();
    m_tail_offset = 0;
    m_peer_end = ~std::uint64_t{0};
    m_time_memo_here = k_no_line;
    m_time_memo.reset();
    m_time_memo_at = k_no_line;
}

void LogScanner::Impl::idle() {
    if (m_collector.active()) {
        end_message();
    }
    if (m_window) {
        m_window->close();
    }
    emit_dot_wait();
    flush_pending(~std::uint64_t{0});
    m_reason_next_line = false;
}

void LogScanner::Impl::count_lines_to(std::string_view b, std::size_t pos) {
    if (pos <= m_counted) {
        return;
    }
    if (m_opt.line_numbers) {
        m_line += detail::count_newlines(b.substr(m_counted, pos - m_counted));
    }
    m_counted = pos;
}

void LogScanner::Impl::process(std::string_view b) {
    m_counted = 0;
    std::size_t pos = 0;
    detail::AnchorCursor anchors;
    std::size_t known_ls = 0;  // the line last found around a candidate: [known_ls, known_le)
    std::size_t known_le = 0;
    if (m_reason_next_line) {
        // The mention at the end of the last block wanted this line's phrase.
        m_reason_next_line = false;
        attach_reason(line_view(b, 0, std::min(find_from(b, '\n', 0), b.size())));
    }
    if (m_dot_wait) {
        // The status line at the end of the last block waited for this line (ngrep's dots).
        emit_dot_wait(line_view(b, 0, std::min(find_from(b, '\n', 0), b.size())));
    }
    if (m_tail.size() >= 2 && m_tail.back() == '\n' && is_digit(m_tail[m_tail.size() - 2]) &&
        !b.empty() && is_digit(b[0]) && !m_collector.active() && !m_zeek.active()) {
        pos = wrapped_code(b, k_npos);
    }

    if (m_at_input_start) {
        // A Zeek log (or zeek-cut output) names its columns in its first line.
        m_at_input_start = false;
        const std::size_t le = std::min(find_from(b, '\n', 0), b.size());
        if (m_zeek.header(line_view(b, 0, le))) {
            pos = le < b.size() ? le + 1 : le;
        }
    }
    while (pos < b.size() && !m_stopped) {
        if (m_collector.active()) {
            count_lines_to(b, pos);
            pos = continue_message(b, pos);
            continue;
        }
        if (m_zeek.active()) {
            count_lines_to(b, pos);
            const std::size_t le = std::min(find_from(b, '\n', pos), b.size());
            zeek_line(line_view(b, pos, le));
            pos = le + 1;
            continue;
        }
        const std::size_t a = anchors.next(b, pos);
        if (a == k_npos) {
            break;
        }
        if (is_digit(b[a])) {
            pos = digits(b, a);
            continue;
        }
        if (b[a] == '\n') {
            pos = wrapped_code(b, a);
            continue;
        }
        // Most candidates are Via values ("SIP/2.0/UDP") or other words: drop them before
        // looking for the line's ends.
        const std::string_view at = b.substr(a, 8);
        if (at == "SIP/2.0/" || at == "sip/2.0/") {
            pos = a + 8;
            continue;
        }
        if (!worth_a_line(at)) {
            pos = a + 1;
            continue;
        }
        std::size_t ls = a;
        if (m_opt.line_numbers || m_opt.headers || m_opt.requests || m_window) {
            // The line's true start, also when an earlier candidate left `pos` inside the line.
            if (a >= known_ls && a < known_le) {
                ls = known_ls;
            } else {
                const std::size_t floor = a > k_max_back ? a - k_max_back : 0;
                const void* nl = a > floor ? memrchr(b.data() + floor, '\n', a - floor) : nullptr;
                ls = nl == nullptr
                         ? floor
                         : static_cast<std::size_t>(static_cast<const char*>(nl) - b.data()) + 1;
                known_ls = ls;
                known_le = std::min(find_from(b, '\n', a), b.size());
            }
            count_lines_to(b, ls);
        }
        flush_pending(offset_of(a));
        // The line's end, looked for once per line: a line of many candidates costs its length
        // once, not once per candidate.
        if (!(a >= known_ls && a < known_le)) {
            known_ls = a;
            known_le = std::min(find_from(b, '\n', a), b.size());
        }
        pos = handle_candidate(b, ls, a, known_le);
    }
    count_lines_to(b, b.size());
    if (m_window) {
        if (m_window->is_open()) {
            m_window->append(b.substr(std::min(m_copy_pos, b.size())));
        }
        m_window->end_block();  // the block's bytes are gone after this
    }
    m_copy_pos = 0;
    remember_tail(b);
}

void LogScanner::Impl::close_request(std::string_view b, std::size_t ls) {
    if (m_window && m_window->is_open()) {
        if (ls > m_copy_pos) {
            m_window->append(b.substr(m_copy_pos, ls - m_copy_pos));
        }
        m_window->close();
    }
}

void LogScanner::Impl::remember_tail(std::string_view b) {
    bool at_line_start = false;  // whether the kept bytes begin a line
    if (b.size() >= k_tail) {
        const std::size_t cut = b.size() - k_tail;
        at_line_start = cut == 0 ? m_tail.empty() || m_tail.back() == '\n' : b[cut - 1] == '\n';
        m_tail.assign(b.substr(cut));
        m_tail_offset = m_block_offset + cut;
    } else {
        m_tail.append(b);
        if (m_tail.size() <= k_tail) {
            return;
        }
        const std::size_t cut = m_tail.size() - k_tail;
        at_line_start = m_tail[cut - 1] == '\n';
        m_tail.erase(0, cut);
        m_tail_offset += cut;
    }
    if (at_line_start) {
        return;
    }
    // Keep it starting at a line start.
    const std::size_t nl = m_tail.find('\n');
    if (nl == std::string::npos || nl + 1 == m_tail.size()) {
        const bool whole_line_end = !m_tail.empty() && m_tail.back() == '\n';
        m_tail_offset += m_tail.size();
        m_tail.clear();
        if (whole_line_end) {
            m_tail = "\n";  // the block's last line end, for a code wrapped across the blocks
            m_tail_offset -= 1;
        }
        return;
    }
    m_tail.erase(0, nl + 1);
    m_tail_offset += nl + 1;
}

std::string_view LogScanner::Impl::input_before(std::string_view b, std::size_t ls, std::size_t n) {
    if (ls >= n) {
        return b.substr(ls - n, n);
    }
    const std::size_t from_tail = std::min(n - ls, m_tail.size());
    m_scratch.assign(m_tail, m_tail.size() - from_tail, from_tail);
    m_scratch.append(b.substr(0, ls));
    return m_scratch;
}

std::optional<LogTime> LogScanner::Impl::time_at(std::string_view b, std::size_t ls) {
    m_time_here = ~std::uint64_t{0};
    if (!m_opt.times && !(m_opt.headers && m_opt.peers)) {
        return std::nullopt;  // neither a timestamp nor a framing line is looked for
    }
    // A true line start: `ls` may be the anchor itself when lines are not looked for.
    const std::size_t start = line_start_within(b, ls);
    if (start == k_npos) {
        return std::nullopt;
    }
    return time_of_line(b, offset_of(start));
}

std::string_view LogScanner::Impl::line_at(std::string_view b, std::uint64_t x,
                                           std::uint64_t length) const {
    std::string_view v;
    if (x >= m_block_offset && x - m_block_offset <= b.size()) {
        v = b.substr(x - m_block_offset);
    } else if (x >= m_tail_offset && x - m_tail_offset < m_tail.size()) {
        v = std::string_view(m_tail).substr(x - m_tail_offset);
    }
    if (length != k_no_line) {
        return v.substr(0, length);
    }
    v = v.substr(0, 200);  // as far as a timestamp or a framing is looked for
    return v.substr(0, v.find('\n'));
}

std::uint64_t LogScanner::Impl::previous_line_start(std::string_view b, std::uint64_t x,
                                                    std::uint64_t floor) const {
    if (x == 0 || x <= floor) {
        return k_no_line;
    }
    // The previous line ends with the '\n' at x - 1 and starts after the '\n' before that one,
    // or where the bytes at hand start: the block and the tail each start a line.
    const std::uint64_t end = x - 1;
    const std::uint64_t lo = floor > 0 ? floor - 1 : 0;  // a '\n' here starts a line at floor
    const auto from_bytes = [&](const char* data, std::uint64_t data_offset) {
        const std::uint64_t from = std::max(lo, data_offset);
        const void* nl =
            end > from ? memrchr(data + (from - data_offset), '\n', end - from) : nullptr;
        if (nl != nullptr) {
            return data_offset + static_cast<std::uint64_t>(static_cast<const char*>(nl) - data) +
                   1;
        }
        return data_offset >= floor ? data_offset : k_no_line;
    };
    std::uint64_t data_offset = 0;
    const char* data = bytes_holding(b, end, data_offset);
    return data == nullptr ? k_no_line : from_bytes(data, data_offset);
}

const char* LogScanner::Impl::bytes_holding(std::string_view b, std::uint64_t at,
                                            std::uint64_t& offset) const {
    if (at >= m_block_offset && at - m_block_offset < b.size()) {
        offset = m_block_offset;
        return b.data();
    }
    if (at >= m_tail_offset && at - m_tail_offset < m_tail.size()) {
        offset = m_tail_offset;
        return m_tail.data();
    }
    return nullptr;
}

std::uint64_t LogScanner::Impl::previous_time_line(std::string_view b, std::uint64_t x,
                                                   std::uint64_t floor, bool floor_is_line) const {
    const std::uint64_t none = floor_is_line ? floor : k_no_line;  // searched down to floor
    while (x > floor) {
        // The line before ends with the '\n' at x - 1; the bytes before it are the block's or,
        // further back, the tail's, each of which starts a line.
        const std::uint64_t end = x - 1;
        std::uint64_t data_offset = 0;
        const char* data = bytes_holding(b, end, data_offset);
        if (data == nullptr) {
            return k_no_line;
        }
        const std::uint64_t from = std::max(floor, data_offset);
        const char* lo = data + (from - data_offset);
        const char* hi = data + (end - data_offset);  // the '\n', not searched
        // The last clock's second colon, then the last '{' after it that starts a line.
        const char* hit = nullptr;
        for (const char* q = hi; q > lo;) {
            const auto* c =
                static_cast<const char*>(memrchr(lo, ':', static_cast<std::size_t>(q - lo)));
            if (c == nullptr) {
                break;
            }
            if (c - lo >= 3 && c[-3] == ':') {
                hit = c;
                break;
            }
            q = c;
        }
        const char* brace_floor = hit != nullptr ? hit : lo;
        for (const char* q = hi; q > brace_floor;) {
            const auto* c = static_cast<const char*>(
                memrchr(brace_floor, '{', static_cast<std::size_t>(q - brace_floor)));
            if (c == nullptr) {
                break;
            }
            if (c == data || c[-1] == '\n') {
                hit = c;
                break;
            }
            q = c;
        }
        if (hit != nullptr) {
            // The start of the line the hit is in, as previous_line_start finds line starts.
            const std::uint64_t nl_from = std::max(floor > 0 ? floor - 1 : 0, data_offset);
            const char* nl_lo = data + (nl_from - data_offset);
            const void* nl =
                hit > nl_lo ? memrchr(nl_lo, '\n', static_cast<std::size_t>(hit - nl_lo)) : nullptr;
            if (nl != nullptr) {
                return data_offset +
                       static_cast<std::uint64_t>(static_cast<const char*>(nl) - data) + 1;
            }
            return data_offset >= floor ? data_offset : k_no_line;
        }
        if (data_offset <= floor) {
            return none;
        }
        x = data_offset;  // on into the bytes before these
    }
    return none;
}

std::optional<LogTime> LogScanner::Impl::time_of_line(std::string_view b, std::uint64_t here) {
    if (!m_opt.times && !(m_opt.headers && m_opt.peers)) {
        return std::nullopt;
    }
    m_time_here = here;
    const std::uint64_t window = here > k_tail ? here - k_tail : 0;
    if (m_opt.headers && m_opt.peers) {
        // A framing line right before the message (past FreeSWITCH's line of dashes) names its
        // ends (peer_line.hpp).
        std::uint64_t x = previous_line_start(b, here, window);
        for (int separators = 0; x != k_no_line && separators <= 4; ++separators) {
            const std::string_view line = line_at(b, x);
            if (detail::may_name_peers(line) && detail::peer_line(line, m_peer_src, m_peer_dst)) {
                m_peer_end = here;
                break;
            }
            if (!detail::separator_line(line)) {
                break;
            }
            x = previous_line_start(b, x, window);
        }
    }
    if (!m_opt.times) {
        return std::nullopt;  // the framing line's addresses were wanted (--host in any mode)
    }
    // The newest timestamp among this line and the lines starting in the k_tail bytes before it:
    // looked for from this line back, so that a message's lines under its log header cost one
    // or two lines each; and only down to the line the last call started at, whose answer
    // stands for it and the lines before it (a log without timestamps is walked once).
    // Lines that cannot hold one are passed over (previous_time_line), down to the last call's
    // line, which is then looked at for its answer.
    const bool memo = m_time_memo_here != k_no_line && here >= m_time_memo_here;
    const bool memo_in_reach = memo && m_time_memo_here >= window;
    const std::uint64_t floor = memo_in_reach ? m_time_memo_here : window;
    std::optional<LogTime> found;
    std::uint64_t found_at = k_no_line;
    for (std::uint64_t x = here; x != k_no_line;) {
        if (memo && x <= m_time_memo_here) {
            if (x == m_time_memo_here && m_time_memo_at != k_no_line && m_time_memo_at >= window) {
                found = m_time_memo;
                found_at = m_time_memo_at;
            }
            break;
        }
        if (auto t = parse_log_time(line_at(b, x), m_reference)) {
            found = t;
            found_at = x;
            break;
        }
        x = previous_time_line(b, x, floor, memo_in_reach);
    }
    if (memo || m_time_memo_here == k_no_line) {
        m_time_memo_here = here;
        m_time_memo = found;
        m_time_memo_at = found_at;
    }
    return found;
}

std::size_t LogScanner::Impl::digits(std::string_view b, std::size_t a) {
    const bool versioned = a >= 5 && b.substr(a - 5, 5) == "/2.0 ";
    // A number SIP does not define as a status is no mention: "rtpmap:101", "(584 bytes)".
    if (!versioned && (canonical_phrase(code_at(b, a)).empty() || !may_be_mention(b, a))) {
        return a + 3;
    }
    // The line around the code, within reach of the mention grammar's window.
    const std::size_t floor = a > k_mention_span ? a - k_mention_span : 0;
    const void* back = a > floor ? memrchr(b.data() + floor, '\n', a - floor) : nullptr;
    const std::size_t ls =
        back == nullptr ? floor
                        : static_cast<std::size_t>(static_cast<const char*>(back) - b.data()) + 1;
    const std::size_t span_end = std::min(b.size(), a + k_mention_span);
    const void* fwd = std::memchr(b.data() + a, '\n', span_end - a);
    const std::size_t le = fwd == nullptr
                               ? span_end
                               : static_cast<std::size_t>(static_cast<const char*>(fwd) - b.data());
    const std::string_view line = line_view(b, ls, le);
    const std::size_t at = a - ls;
    if (at + 3 > line.size()) {
        return a + 3;
    }

    // A status line that lost its first bytes on the way into the log: "IP/2.0 480 ...",
    // "P/2.0 480 ...", at the start of the line or after a space.
    for (const std::string_view lost : {"IP/2.0 ", "P/2.0 "}) {
        if (!versioned) {
            break;
        }
        if (at >= lost.size() && iequals(line.substr(at - lost.size(), lost.size()), lost)) {
            const std::size_t start = at - lost.size();
            if (start == 0 || line[start - 1] == ' ' || line[start - 1] == '\t') {
                count_lines_to(b, a);
                flush_pending(offset_of(a));
                const std::size_t full_le = std::min(find_from(b, '\n', a), b.size());
                return status_line(b, ls, ls + start, full_le, a);
            }
        }
    }

    const std::string_view before = input_before(b, ls, k_context);
    const auto m = read_mention(line, at, before);
    if (!m) {
        return a + 3;
    }
    // A status line later on the same line is that line's report: leave the line to it.
    const std::string_view rest = line.substr(at);
    for (std::size_t v = rest.find("/2.0 "); v != k_npos; v = rest.find("/2.0 ", v + 1)) {
        if (v >= 3 && iequals(rest.substr(v - 3, 3), "SIP")) {
            return a + 3;
        }
    }
    count_lines_to(b, a);
    flush_pending(offset_of(a));
    // The line's own timestamp is at its start, which may lie before the mention's window (a
    // long JSON line), as far back as time_at looks.
    std::string_view own_line = line;
    std::size_t own_start = ls;
    if (const std::size_t start = line_start_within(b, ls); start != k_npos && start < ls) {
        own_line = line_view(b, start, le);
        own_start = start;
    }
    push_mention(*m, m_line, offset_of(a), own_line, offset_of(own_start), time_at(b, own_start));
    // The mention's key ends its line, so nothing else on the line comes between it and the
    // next line, whatever block that line is in.
    if (m->reason_on_next_line && m_pending.waiting_for_reason() != nullptr) {
        const std::size_t line_end = std::min(find_from(b, '\n', a), b.size());
        if (line_end + 1 < b.size()) {
            const std::size_t next_end = std::min(find_from(b, '\n', line_end + 1), b.size());
            attach_reason(line_view(b, line_end + 1, next_end));
        } else {
            m_reason_next_line = true;
        }
    }
    return a + 3;
}

std::size_t LogScanner::Impl::wrapped_code(std::string_view b, std::size_t a) {
    // A logger wrapped a long line inside a code: "...;code=4" then "87;reason=...". `a` is the
    // line end between them, or npos when it ended the last block.
    std::string_view prev;
    std::size_t next = 0;
    std::uint64_t prev_offset = 0;
    if (a == k_npos) {
        if (m_tail.size() < 2) {
            return 0;
        }
        const std::string_view t(m_tail.data(), m_tail.size() - 1);
        const auto nl = t.rfind('\n');
        prev = t.substr(nl == k_npos ? 0 : nl + 1);
        prev_offset = m_tail_offset + (nl == k_npos ? 0 : nl + 1);
        next = 0;
    } else {
        // Only "=D" or "=DD" (or ':') at the end of the line can be a wrapped code.
        const bool one = a >= 2 && (b[a - 2] == '=' || b[a - 2] == ':');
        const bool two = a >= 3 && is_digit(b[a - 2]) && (b[a - 3] == '=' || b[a - 3] == ':');
        if (!one && !two) {
            return a + 1;
        }
        // The line must start within the k_tail bytes before its end, as it must when it ended the
        // last block (the tail holds that much): the same input reads the same in any chunks.
        const std::size_t floor = a > k_tail ? a - k_tail : 0;
        const void* nl = a > floor ? memrchr(b.data() + floor, '\n', a - floor) : nullptr;
        if (nl == nullptr && floor > 0) {
            return a + 1;
        }
        const std::size_t ls =
            nl == nullptr ? 0
                          : static_cast<std::size_t>(static_cast<const char*>(nl) - b.data()) + 1;
        prev = b.substr(ls, a - ls);
        prev_offset = offset_of(ls);
        next = a + 1;
    }
    if (!prev.empty() && prev.back() == '\r') {
        return a == k_npos ? 0 : a + 1;
    }
    std::size_t k = 0;
    while (k < prev.size() && k < 3 && is_digit(prev[prev.size() - 1 - k])) {
        ++k;
    }
    if (k == 0 || k > 2 || prev.size() == k ||
        (prev[prev.size() - 1 - k] != '=' && prev[prev.size() - 1 - k] != ':')) {
        return a == k_npos ? 0 : a + 1;
    }
    std::size_t d = 0;
    while (next + d < b.size() && d < 4 && is_digit(b[next + d])) {
        ++d;
    }
    if (d + k != 3) {
        return a == k_npos ? 0 : a + 1;
    }
    const std::size_t next_end =
        std::min({find_from(b, '\n', next), b.size(), next + k_mention_span});
    m_scratch.assign(prev.substr(prev.size() > k_mention_span ? prev.size() - k_mention_span : 0));
    const std::size_t at = m_scratch.size() - k;
    m_scratch.append(line_view(b, next, next_end));
    const std::string joined = m_scratch;
    const auto m = read_mention(joined, at, {});
    if (!m) {
        return a == k_npos ? 0 : a + 1;
    }
    if (m_opt.line_numbers) {
        count_lines_to(b, a == k_npos ? 0 : a);
    }
    const std::uint64_t line = m_line == 0 ? 0 : (a == k_npos ? m_line - 1 : m_line);
    flush_pending(prev_offset);
    push_mention(*m, line, prev_offset + (prev.size() - k), joined, prev_offset,
                 time_of_line(b, prev_offset));
    return next + d;
}

void LogScanner::Impl::push_mention(const Mention& m, std::uint64_t line, std::uint64_t offset,
                                    std::string_view line_text, std::uint64_t line_start,
                                    std::optional<LogTime> time) {
    // The line's own timestamp decides whether two mentions are one response, whatever the mode.
    const std::optional<LogTime> own = parse_log_time(line_text, m_reference);
    const std::uint64_t shape = mention_shape(line_text);
    const std::uint64_t near =
        mention_near(line_text, offset >= line_start ? offset - line_start : 0);
    if (m_recent.full_just_before(m.code, offset)) {
        return;  // the full message was logged just before
    }
    detail::RecentResponses::Mention seen{offset, m.code, own, std::string(m.call_id), shape, near};
    if (m_recent.repeats(seen, line_start, m.framing == Framing::record)) {
        return;  // the same response, logged again by another module or in other words
    }
    m_recent.add_mention(std::move(seen));
    Pending p;
    p.line = line;
    p.offset = offset;
    p.code = m.code;
    p.reason.assign(clean_reason(m.reason, false));
    p.framing = m.framing;
    p.method.assign(m.method);
    p.call_id.assign(m.call_id.substr(0, 128));
    p.time = time;
    p.wants_reason = m.reason_on_next_line;
    add_pending(std::move(p));
}

void LogScanner::Impl::attach_reason(std::string_view next_line) {
    Pending* const waiting = m_pending.waiting_for_reason();
    if (waiting == nullptr) {
        return;
    }
    Pending& p = *waiting;
    p.wants_reason = false;
    const std::string_view reason = next_line_reason(next_line);
    if (!reason.empty()) {
        p.reason.assign(clean_reason(reason, false));
    }
}

std::size_t LogScanner::Impl::handle_candidate(std::string_view b, std::size_t ls, std::size_t a,
                                               std::size_t le) {
    return framing<0>(b, ls, a, le, b.substr(a, std::min<std::size_t>(le - a, 16)));
}

template <std::size_t I>
inline std::size_t LogScanner::Impl::framing(std::string_view b, std::size_t ls, std::size_t a,
                                             std::size_t le, std::string_view at) {
    if constexpr (I == std::size(detail::k_line_framings)) {
        return a + 1;
    } else {
        constexpr detail::LineFraming f = detail::k_line_framings[I];
        if (starts(at, f.prefix, f.any_case)) {
            if constexpr (f.kind == detail::LineStart::zeek_fields) {
                if (a == ls && m_zeek.header(line_view(b, ls, le))) {
                    return le < b.size() ? le + 1 : le;
                }
                return a + 1;
            } else if constexpr (f.kind == detail::LineStart::start_line) {
                return start_line(b, ls, a, le, at);
            } else {
                if (a >= f.before.size() &&
                    b.substr(a - f.before.size(), f.before.size()) == f.before) {
                    return summary_line(b, a + f.prefix.size(), le, f.framing);
                }
            }
        }
        return framing<I + 1>(b, ls, a, le, at);
    }
}

std::size_t LogScanner::Impl::start_line(std::string_view b, std::size_t ls, std::size_t a,
                                         std::size_t le, std::string_view at) {
    // The version is case-insensitive (RFC 3261 §7.1).
    if (starts_with_sip_version(at)) {
        if (at.size() > 8 && (at[7] == ' ' || at[7] == '\t') && is_digit(at[8])) {
            return status_line(b, ls, a, le, a + 8);
        }
        const std::string_view after = b.substr(a + 7, le - a - 7);
        if (after.empty() || after == "\r" || escape_at(after, 0) > 0 ||
            (after.size() > 1 && after[0] == ' ' && escape_at(after, 1) > 0) ||
            after.starts_with(" \r") || after == "^M" || after == " ^M") {
            return request_line(b, ls, a, le);
        }
        return a + 4;
    }
    if (at.starts_with("SIP/") && at.size() >= 12) {
        // "SIP/3.0 200 OK": a status line of a version sipwhy cannot vouch for.
        const std::string_view text = b.substr(a, std::min<std::size_t>(le - a, 120));
        if (const auto start = StartLine::parse(text); start.kind == StartLine::Kind::malformed) {
            tell_malformed({m_line, trim(text), start.problem});
            return le;
        }
    }
    return a + 1;
}

std::size_t LogScanner::Impl::status_line(std::string_view b, std::size_t ls, std::size_t a,
                                          std::size_t le, std::size_t p) {
    close_request(b, ls);
    // The code as every reader of status lines reads it (status_line.hpp); the rest here is the
    // log's framing: escapes, Markdown, a bare CR, where the message goes on.
    const StatusCode c = read_status_code(b.substr(p, std::min<std::size_t>(le - p, 41)));
    const std::size_t after = p + c.end;
    if (c.kind == StatusCode::Kind::none) {
        return after;  // "SIP/2.0 2x..." is no status line
    }
    if (c.kind == StatusCode::Kind::malformed) {
        const std::string_view text = trim(b.substr(a, std::min<std::size_t>(le - a, 120)));
        tell_malformed({m_line, text, c.problem});
        return after;
    }
    const int code = c.code;
    const bool markdown = a >= 2 && b.substr(a - 2, 2) == "**";
    // Only the phrase's reach is read for it: a long line of status lines costs its length once.
    const std::string_view raw = b.substr(after, std::min(le - after, k_max_line_read));
    // A bare CR ends a line too (old Mac files, some devices): the next line may start another
    // message, so the scan goes on after it.
    const std::size_t cr = raw.find('\r');
    if (cr != k_npos && cr + 1 < raw.size() && raw[cr + 1] != '\n') {
        const std::string_view reason = cut_after_canonical(clean_reason(raw, markdown), code);
        emit_full(m_line, offset_of(a), code, reason, nullptr, time_at(b, ls));
        return after + cr + 1;
    }
    const std::string_view reason = cut_after_canonical(clean_reason(raw, markdown), code);
    const auto escaped = find_escape(raw);
    const std::optional<LogTime> time = time_at(b, ls);
    const bool peers = framing_names_peers();

    if (!m_opt.headers || (m_opt.headers_for_findings && !may_have_findings(code))) {
        if (escaped == k_npos && !reason.empty() && reason.back() == '.') {
            // ngrep -W byline writes each line's CR as a dot: the phrase's last dot is one when
            // the next line ends with a dot too, as a scan that reads the headers decides.
            if (le + 1 >= b.size()) {
                // The next line is in the next block: the response waits for it.
                m_dot_wait = DotWait{m_line, offset_of(a), code, std::string(reason), time};
                return le;
            }
            const std::string_view next = line_view(b, le + 1, find_from(b, '\n', le + 1));
            emit_full(m_line, offset_of(a), code, dotted_reason(reason, next), nullptr, time);
            return le;
        }
        emit_full(m_line, offset_of(a), code, reason, nullptr, time);
        return escaped == k_npos ? le : after + escaped;
    }
    const detail::MessageCollector::Start message{m_line,
                                                  offset_of(a),
                                                  code,
                                                  reason,
                                                  {},
                                                  {},
                                                  time,
                                                  peers ? m_peer_src : std::string_view{},
                                                  peers ? m_peer_dst : std::string_view{}};
    if (escaped != k_npos) {
        // The whole message is on this line, its lines separated by "#012" or "\r\n".
        m_collector.begin(Collect::response, message, {});
        return inline_headers(b, after + escaped, le);
    }
    return begin_message(Collect::response, message, markdown, b, ls, a, le, "Status-Line: ");
}

std::size_t LogScanner::Impl::request_line(std::string_view b, std::size_t ls, std::size_t a,
                                           std::size_t le) {
    // "INVITE sip:bob@example.com SIP/2.0": the method is the run of capitals before the URI.
    std::size_t uri_end = a;
    while (uri_end > ls && b[uri_end - 1] == ' ') {
        --uri_end;
    }
    std::size_t uri_start = uri_end;
    while (uri_start > ls && b[uri_start - 1] != ' ') {
        --uri_start;
    }
    if (uri_start == ls || uri_start == uri_end ||
        b.substr(uri_start, uri_end - uri_start).find(':') == std::string_view::npos) {
        return a + 4;
    }
    std::size_t method_end = uri_start - 1;
    std::size_t method_start = method_end;
    while (method_start > ls && b[method_start - 1] >= 'A' && b[method_start - 1] <= 'Z') {
        --method_start;
    }
    if (method_start == method_end) {
        return le;
    }
    if (m_window) {
        // Kept from its line start, its lines read only if a response asks for it.
        close_request(b, ls);
        m_window->open(offset_of(ls), b.substr(method_start, method_end - method_start));
        m_copy_pos = ls;
        return le;
    }
    if (!m_opt.requests) {
        return le;
    }
    const std::optional<LogTime> time = m_opt.request_times ? time_at(b, ls) : std::nullopt;
    const bool peers = framing_names_peers();
    const detail::MessageCollector::Start message{
        m_line,
        offset_of(a),
        0,
        {},
        b.substr(method_start, method_end - method_start),
        cut_utf8(b.substr(uri_start, uri_end - uri_start), 256),
        time,
        peers ? m_peer_src : std::string_view{},
        peers ? m_peer_dst : std::string_view{}};
    const std::string_view after = b.substr(a + 7, le - a - 7);
    const auto escaped = find_escape(after);
    if (escaped != k_npos) {
        m_collector.begin(Collect::request, message, {});
        return inline_headers(b, a + 7 + escaped, le);
    }
    return begin_message(Collect::request, message, false, b, ls, method_start, le,
                         "Request-Line: ");
}

std::size_t LogScanner::Impl::begin_message(Collect what,
                                            const detail::MessageCollector::Start& message,
                                            bool markdown, std::string_view b, std::size_t ls,
                                            std::size_t start, std::size_t le,
                                            std::string_view label) {
    // Packet-dissection text (tshark -V, Wireshark's export) labels the start line and nests
    // details under each header.
    const bool lenient =
        start >= ls + label.size() && b.substr(start - label.size(), label.size()) == label;
    const std::size_t tail = std::min<std::size_t>(start - ls, 3);
    m_collector.begin(
        what, message,
        {start - ls, b.substr(start - tail, tail), lenient, line_view(b, ls, le), markdown});
    return le < b.size() ? le + 1 : le;
}

std::size_t LogScanner::Impl::summary_line(std::string_view b, std::size_t p, std::size_t le,
                                           Framing framing) {
    const int code = code_at(b, p);
    if (code == 0) {
        return p;
    }
    std::string_view rest = line_view(b, p + 3, le);
    switch (framing) {
        case Framing::asterisk_summary: {
            // Got SIP response 503 "Service Unavailable" back from 203.0.113.7:5060
            const auto open = rest.find('"');
            const auto close = open == k_npos ? k_npos : rest.find('"', open + 1);
            rest = close == k_npos ? rest.substr(0, rest.find(" back from"))
                                   : rest.substr(open + 1, close - open - 1);
            break;
        }
        case Framing::sofia_summary:
            // nta: received 480 Temporarily Unavailable for INVITE (1)
            rest = rest.substr(0, rest.rfind(" for "));
            break;
        case Framing::voip_stack_summary: {
            // SIP TX 401 Unauthorized to 192.168.12.23:5060
            const auto to = rest.rfind(" to ");
            const auto from = rest.rfind(" from ");
            rest = rest.substr(0, std::min(to, from));
            break;
        }
        default:
            break;
    }
    const std::string_view reason = clean_reason(rest, false);
    const std::uint64_t offset = offset_of(p);
    if (m_recent.full_just_before(code, offset)) {
        return le;  // the full message was logged just before
    }
    Pending pending;
    pending.line = m_line;
    pending.offset = offset;
    pending.code = code;
    pending.reason.assign(reason);
    pending.framing = framing;
    pending.time = time_at(b, p);
    add_pending(std::move(pending));
    return le;
}

std::size_t LogScanner::Impl::continue_message(std::string_view b, std::size_t pos) {
    const std::size_t le = std::min(find_from(b, '\n', pos), b.size());
    const std::size_t next = le < b.size() ? le + 1 : le;
    switch (m_collector.line(line_view(b, pos, le))) {
        case detail::MessageCollector::Step::more:
            return next;
        case detail::MessageCollector::Step::done:
            end_message();
            return next;
        case detail::MessageCollector::Step::over:
            break;
    }
    end_message();  // the message is over: look at this line afresh
    return pos;
}

std::size_t LogScanner::Impl::inline_headers(std::string_view b, std::size_t from, std::size_t le) {
    // from points at an escaped line end; headers follow, each after its own.
    const std::string_view line = b.substr(0, le);
    std::size_t pos = from;
    while (pos < le) {
        const std::size_t n = escape_at(line, pos);
        if (n == 0) {
            break;
        }
        pos += n;
        const std::size_t end = std::min(find_escape(line, pos), le);
        std::string_view segment = trim(line_view(b, pos, end));
        if (const auto quote = segment.find("\"}"); quote != k_npos) {
            segment = trim(segment.substr(0, quote));  // the end of a JSON string
        }
        const auto step = m_collector.segment(segment);
        if (step == detail::MessageCollector::Step::over) {
            break;
        }
        pos = end;
        if (step == detail::MessageCollector::Step::done) {
            break;
        }
    }
    end_message();
    return pos;
}

void LogScanner::Impl::end_message() {
    const detail::MessageCollector& m = m_collector;
    const Collect what = m_collector.end();
    if (what == Collect::response) {
        emit_full(m.line_number(), m.offset(), m.code(), m.reason(), &m.message(), m.time());
    } else if (what == Collect::request) {
        flush_pending(~std::uint64_t{0});
        tell_request({m.line_number(), m.method(), &m.message(), nullptr,
                      m.time() ? &*m.time() : nullptr, m.src(), m.dst()});
    }
}

void LogScanner::Impl::emit_full(std::uint64_t line, std::uint64_t offset, int code,
                                 std::string_view reason, const MessageInfo* message,
                                 const std::optional<LogTime>& time) {
    // A summary line logged just before its full message is the same response.
    m_pending.drop_repeated(code, offset);
    flush_pending(~std::uint64_t{0});
    m_recent.add_full(offset, code);
    const bool whole = message == &m_collector.message();
    tell_response({line, code, reason, Framing::status_line, message, nullptr,
                   time ? &*time : nullptr, whole ? m_collector.src() : std::string_view{},
                   whole ? m_collector.dst() : std::string_view{}, m_window.get()});
}

void LogScanner::Impl::flush_pending(std::uint64_t before_offset) {
    if (m_pending.empty()) {
        return;
    }
    m_pending.flush(before_offset, [&](const Pending& p) { report_pending(p); });
    if (m_pending.empty()) {
        m_reason_next_line = false;
    }
}

void LogScanner::Impl::add_pending(Pending p) {
    m_pending.add(std::move(p), [&](const Pending& old) { report_pending(old); });
}

void LogScanner::Impl::report_pending(const Pending& p) {
    const MessageInfo* message = nullptr;
    if (!p.method.empty() || !p.call_id.empty()) {
        m_mention_message.clear();
        m_mention_message.complete = false;
        m_mention_message.call_id = p.call_id;
        m_mention_message.cseq_method = p.method;
        message = &m_mention_message;
    }
    const std::optional<LogTime> time = m_opt.times ? p.time : std::nullopt;
    tell_response({p.line,
                   p.code,
                   p.reason,
                   p.framing,
                   message,
                   nullptr,
                   time ? &*time : nullptr,
                   {},
                   {},
                   m_window.get()});
}

void LogScanner::Impl::zeek_line(std::string_view line) {
    const detail::ZeekLog::Response r = m_zeek.line(line, m_zeek_message);
    if (r.code == 0) {
        return;
    }
    const std::string_view reason = clean_reason(r.phrase, false);
    flush_pending(~std::uint64_t{0});
    tell_response({m_line, r.code, reason, Framing::zeek, &m_zeek_message});
}

}  // namespace sipwhy
