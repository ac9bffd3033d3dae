// A SIP message in a log, read after its start line: the header lines that follow it (each may
// carry the log prefix the start line had, be wrapped in Markdown bold or end with ngrep's dot for
// a CR; in packet-dissection text, lines that are not headers are passed over), then an SDP body;
// or, when the whole message is on one line, the segments between its escaped line ends. The log
// scanner finds the start line, the lines and the segments; this says where the message ends and
// holds what it read until the scanner reports it.
#pragma once

#include <sipwhy/log_time.hpp>
#include <sipwhy/sip/sip_message.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipwhy::detail {

class MessageCollector {
public:
    enum class Kind { none, response, request };

    // What the start line said, and where it was.
    struct Start {
        std::uint64_t line = 0;
        std::uint64_t offset = 0;
        int code = 0;  // a response's
        std::string_view reason;
        std::string_view method;  // a request's
        std::string_view uri;
        std::optional<LogTime> time;
        std::string_view src;  // the framing's addresses, when they name this message's peers
        std::string_view dst;
    };

    // How the message's lines are laid out.
    struct Layout {
        std::size_t column = 0;        // where the start line's text began in its line
        std::string_view prefix_tail;  // the last bytes of the start line's log prefix
        bool lenient = false;          // packet-dissection text: skip lines that are not headers
        std::string_view line;         // the start line's line (lenient mode: its indentation)
        bool markdown = false;         // the lines are wrapped in "**" (pasted as Markdown bold)
    };

    // What a line or a segment was to the message.
    enum class Step {
        more,  // part of it, and more may follow
        done,  // it ended the message (the blank line of a message without a body, ...)
        over,  // not part of it: the message ended before it, and it is to be read afresh
    };

    bool active() const { return m_kind != Kind::none; }

    void begin(Kind kind, const Start& start, const Layout& layout);
    // The next line of a message whose headers follow its start line.
    Step line(std::string_view line);
    // The next segment of a message written on one line, trimmed.
    Step segment(std::string_view segment);
    // Ends the message: what it was; its start and contents stay readable until the next begin.
    Kind end();

    std::uint64_t line_number() const { return m_line; }
    std::uint64_t offset() const { return m_offset; }
    int code() const { return m_code; }
    std::string_view reason() const { return m_reason; }
    std::string_view method() const { return m_method; }
    const std::optional<LogTime>& time() const { return m_time; }
    std::string_view src() const { return m_src; }
    std::string_view dst() const { return m_dst; }
    const MessageInfo& message() const { return m_message; }

private:
    static bool is_sdp_line(std::string_view line);
    bool wants_body() const;
    void add_body_line(std::string_view line);
    // The empty line after the headers: an SDP body follows, or the message ends.
    Step end_head();

    Kind m_kind = Kind::none;
    MessageInfo m_message;
    std::uint64_t m_line = 0;
    std::uint64_t m_offset = 0;
    int m_code = 0;
    std::string m_reason;
    std::string m_method;
    std::optional<LogTime> m_time;
    std::string m_src, m_dst;
    std::size_t m_column = 0;
    std::string m_prefix_tail;
    bool m_lenient = false;
    bool m_markdown = false;
    bool m_dotted = false;  // the lines end with "." for CR (ngrep -W byline)
    std::size_t m_indent = 0;
    int m_lines = 0;
    bool m_in_body = false;  // past the empty line, reading an SDP body's lines
    std::string m_body;
};

}  // namespace sipwhy::detail
