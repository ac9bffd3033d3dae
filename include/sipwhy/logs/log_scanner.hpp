// The log scanner: finds every SIP response in text, whatever frames it (a PBX's message dump, a
// syslog line, a packet dissection, a browser console, a Zeek log), and the headers of the message
// when the whole message is there. It reads bytes fed in chunks of any size and boundary, keeps
// bounded state, and reports what it finds to a ScanSink as it goes. No I/O here: the caller reads.
//
// Recognized (docs/logs.md lists the framings):
//   - status lines "SIP/2.0 486 Busy Here" anywhere in a line: after a timestamp or log prefix,
//     indentation, junk bytes, "#012" (syslog's escaped newline), "message:" or "**";
//   - status lines damaged or escaped on the way into the log: lower-case "sip/2.0" (RFC 3261
//     §7.1), a first character lost ("IP/2.0", "P/2.0"), "^M" for CR, "#015#012" and "#012"
//     (syslog's escapes), literal "\r\n" inside a JSON or quoted string;
//   - summary lines that carry a status without "SIP/2.0": Asterisk's `Got SIP response 503
//     "Service Unavailable"`, sofia-sip's `nta: received 480 Temporarily Unavailable for INVITE`,
//     Home Assistant's `SIP TX 401 Unauthorized to ...`;
//   - responses reported in words, key=value, JSON, compact forms and records (mention.hpp has
//     the grammar), the phrase taken from the next line when a parser prints it there and a code
//     that a logger wrapped across two lines joined;
//   - Zeek sip.log (its status_code and status_msg columns), from the line after its "#fields"
//     line, or after a first line of column names as zeek-cut prints them.
// Request lines ("INVITE sip:... SIP/2.0") and Via values ("SIP/2.0/UDP") are not responses.
// A summary line or mention within 16 KiB of a full status line with the same code is the same
// response logged twice, and is not reported again; so is a mention of the same code within
// 16 KiB after another, less than a second apart (or within 1 KiB when neither line has a
// timestamp) and with no other Call-ID.
// Each response gets the timestamp of its line, or of the nearest line with one in the 2 KiB
// before it (a message's status line under its log header).
#pragma once

#include <sipwhy/log_time.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace sipwhy {

struct Mention;
class RequestWindow;

class LogScanner {
public:
    // Lines longer than this are read in pieces of this size.
    static constexpr std::size_t k_max_line = 1 << 20;

    LogScanner(ScanSink& sink, ScanOptions options = {});
    ~LogScanner();
    LogScanner(const LogScanner&) = delete;
    LogScanner& operator=(const LogScanner&) = delete;

    // Scans the next bytes of the input. Chunks may end anywhere, even inside a line.
    void feed(std::string_view bytes);

    // Ends the input: reports what is still waiting (a message without its blank line, a last line
    // without a newline). The scanner can then be fed a new input.
    void finish();

    // The input paused (a live feed with nothing new for a while): reports what only waited for
    // more input to be sure of, a message whose headers have not yet been closed by a blank line
    // and summary lines and mentions held to see whether a status line repeats them.
    void idle();

    // Forgets the requests kept (ScanOptions::request_window): the next input's responses answer
    // its own requests only. Without it, a response may answer a request of the input before
    // (rotated logs read as one stream).
    void forget_requests();

    // What timestamps without a year or a date are completed with, for the inputs that follow.
    void set_time_reference(TimeReference reference) { m_reference = reference; }

    // A scan split into parts, for one large input on several cores: each part's scanner starts
    // at its own offset (start_at), and a scanner that read the part before it goes on into it
    // until the two carry the same state past the same bytes (an equal Carry, which only a scanner
    // with nothing waiting has); from there on both report the same, so the later part's reports
    // stand for the rest. Only for scans that count no lines and read no headers or requests:
    // those would carry more (splittable).
    class Carry {
    public:
        bool operator==(const Carry& other) const;

    private:
        friend class LogScanner;
        bool m_quiet = false;  // no message, summary line, mention or next line's phrase waits
        std::uint64_t m_offset = 0;
        std::string m_tail;  // the bytes before, for context
        // The status lines and mentions still near enough to make a later one a repetition, in
        // the order they came.
        std::vector<std::pair<std::uint64_t, int>> m_full;
        std::vector<std::tuple<std::uint64_t, int, std::optional<LogTime>, std::string,
                               std::uint64_t, std::uint64_t>>
            m_mentions;
        // The last line a timestamp was looked for at, what was found and where.
        std::uint64_t m_time_here = 0;
        std::optional<LogTime> m_time;
        std::uint64_t m_time_at = 0;
    };
    // What the scanner carries into the bytes still to come, once fed a block that ended a line.
    Carry carry() const;
    static bool splittable(const ScanOptions& options) {
        return !options.line_numbers && !options.headers && !options.requests &&
               !options.request_window;
    }
    // Starts the input at byte `offset` of it (a later part of a split scan): offsets count from
    // there, and its first line is not looked at as a Zeek log's column names.
    void start_at(std::uint64_t offset);

private:
    struct Pending {  // a summary line waiting to see whether a full status line repeats it
        std::uint64_t line = 0;
        std::uint64_t offset = 0;
        int code = 0;
        std::string reason;
        Framing framing = Framing::status_line;
        std::string method;  // a mention's method and Call-ID
        std::string call_id;
        std::optional<LogTime> time;
        bool wants_reason = false;  // its phrase may be on the next line
    };
    struct RecentMention {
        std::uint64_t offset = 0;
        int code = 0;
        std::optional<LogTime> time;
        std::string call_id;
        std::uint64_t shape = 0;  // its line's words, the digits left out (mention_shape)
        std::uint64_t near = 0;   // the bytes around the code as they are (mention_near)
    };
    enum class Collect { none, response, request };

    void process(std::string_view block);
    std::size_t handle_candidate(std::string_view b, std::size_t ls, std::size_t a, std::size_t le);
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
    std::string_view input_before(std::string_view b, std::size_t ls, std::size_t n);
    void remember_tail(std::string_view b);
    // The request whose lines are being kept ends before the line starting at `ls`.
    void close_request(std::string_view b, std::size_t ls);
    std::size_t request_line(std::string_view b, std::size_t ls, std::size_t a, std::size_t le);
    std::size_t summary_line(std::string_view b, std::size_t a, std::size_t le, Framing framing);
    std::size_t continue_message(std::string_view b, std::size_t pos);
    std::size_t inline_headers(std::string_view b, std::size_t from, std::size_t le);
    // The empty line after a message's headers: an SDP body follows, or the message ends.
    std::size_t end_head(std::size_t next);
    static bool is_sdp_line(std::string_view line);
    void header(std::string_view name, std::string_view value);
    bool wants_body() const;
    void add_body_line(std::string_view line);
    void start_message(Collect what, std::size_t column, bool lenient);
    // After a start line from `start` to `le` (its line begins at `ls`): collects the headers that
    // follow; `label` is the start line's label in packet-dissection text. Returns where to go on.
    std::size_t begin_message(Collect what, std::string_view b, std::size_t ls, std::size_t start,
                              std::size_t le, std::string_view label);
    void end_message();
    void zeek_line(std::string_view line);
    bool zeek_header(std::string_view line);
    void count_lines_to(std::string_view b, std::size_t pos);
    std::uint64_t offset_of(std::size_t pos) const { return m_block_offset + pos; }
    void emit_full(std::uint64_t line, std::uint64_t offset, int code, std::string_view reason,
                   const MessageInfo* message, const std::optional<LogTime>& time);
    void flush_pending(std::uint64_t before_offset);

    ScanSink& m_sink;
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
    std::optional<LogTime> m_message_time;
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
    std::string m_message_src, m_message_dst;
    void note_message_peer();

    // The message whose headers are being read.
    Collect m_collect = Collect::none;
    MessageInfo m_message;
    std::size_t m_column = 0;   // where the start line's text began in its line
    std::string m_prefix_tail;  // the last bytes of the start line's log prefix
    bool m_lenient = false;     // packet-dissection text: skip lines that are not headers
    bool m_markdown = false;    // the lines are wrapped in "**" (pasted as Markdown bold)
    bool m_dotted = false;      // the lines end with "." for CR (ngrep -W byline)
    std::size_t m_indent = 0;   // the start line's indentation (lenient mode)
    int m_message_lines = 0;
    bool m_in_body = false;  // past the empty line, reading an SDP body's lines
    std::string m_body;
    std::uint64_t m_start_line = 0;
    std::uint64_t m_start_offset = 0;
    int m_code = 0;
    std::string m_reason;
    std::string m_method;
    std::string m_uri;  // the request's Request-URI

    // Zeek sip.log: column indexes, or -1.
    bool m_zeek = false;
    struct ZeekColumns {
        int status_code = -1, status_msg = -1, call_id = -1, seq = -1, method = -1,
            request_from = -1, request_to = -1, user_agent = -1, warning = -1;
    } m_zeek_columns;

    // Summary lines and full status lines seen lately, to report each response once.
    std::deque<Pending> m_pending;
    std::array<std::pair<std::uint64_t, int>, 8> m_recent_full{};
    std::size_t m_recent_next = 0;
    std::array<RecentMention, 8> m_recent_mentions{};
    std::size_t m_mention_next = 0;
    bool m_reason_next_line = false;  // the newest pending mention wants the next line's phrase
    MessageInfo m_mention_message;

    // ScanOptions::request_window: the requests kept, and where in the block the lines of the
    // newest still to be kept start.
    std::unique_ptr<RequestWindow> m_window;
    std::size_t m_copy_pos = 0;
};

}  // namespace sipwhy
