#include "logs/message_collector.hpp"

#include <sipwhy/sip/headers.hpp>
#include <sipwhy/text.hpp>

namespace sipwhy::detail {
namespace {

constexpr int k_max_message_lines = 200;
constexpr std::size_t k_max_body = 4096;  // as MessageInfo::keep_body keeps

std::string_view lstrip(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    return s;
}

std::size_t indentation(std::string_view line) {
    return line.size() - lstrip(line).size();
}

}  // namespace

void MessageCollector::begin(Kind kind, const Start& start, const Layout& layout) {
    m_kind = kind;
    m_message.clear();
    m_line = start.line;
    m_offset = start.offset;
    m_code = start.code;
    m_reason.assign(start.reason);
    m_method.assign(start.method);
    if (kind == Kind::request) {
        m_message.request_uri = start.uri;
    }
    m_time = start.time;
    m_src.assign(start.src);
    m_dst.assign(start.dst);
    m_column = layout.column;
    m_prefix_tail.assign(layout.prefix_tail);
    m_lenient = layout.lenient;
    m_indent = indentation(layout.line);
    // A response's phrase ending with a dot may be ngrep's CR; the first header line tells.
    const bool response = kind == Kind::response;
    m_markdown = response && layout.markdown;
    m_dotted = response && !m_reason.empty() && m_reason.back() == '.';
    m_lines = 0;
    m_in_body = false;
}

MessageCollector::Step MessageCollector::line(std::string_view line) {
    if (++m_lines > k_max_message_lines) {
        return Step::over;
    }
    if (m_markdown && line.starts_with("**")) {
        // Pasted into Markdown as bold lines: "**Via: ...**".
        line.remove_prefix(2);
        while (!line.empty() && line.back() == '*') {
            line.remove_suffix(1);
        }
    }
    if (m_dotted) {
        // ngrep -W byline prints the CR ending each line as a dot.
        if (m_lines == 1 && (line.empty() || line.back() != '.')) {
            m_dotted = false;  // the status line's dot was the phrase's own
        } else if (!line.empty() && line.back() == '.') {
            if (m_lines == 1 && !m_reason.empty() && m_reason.back() == '.') {
                m_reason.pop_back();
            }
            line.remove_suffix(1);
        }
    }
    std::string_view name;
    std::string_view value;
    const std::string_view stripped = lstrip(line);
    // Each line may carry the log prefix the start line had (os_log, logcat).
    const auto prefixed = [&] {
        return !m_lenient && m_column > 0 && line.size() >= m_column &&
               line.substr(m_column - m_prefix_tail.size(), m_prefix_tail.size()) == m_prefix_tail;
    };
    if (m_in_body) {
        // An SDP body goes on while its lines are "x=...", with or without the log prefix.
        const std::string_view content =
            is_sdp_line(stripped) || !prefixed() ? stripped : lstrip(line.substr(m_column));
        if (!is_sdp_line(content)) {
            return Step::over;
        }
        add_body_line(content);
        return Step::more;
    }
    if (stripped.empty()) {
        return end_head();  // the blank line before the body
    }
    if (split_header(stripped, name, value)) {
        m_message.add_header(name, value);
        return Step::more;
    }
    if (prefixed()) {
        const std::string_view content = lstrip(line.substr(m_column));
        if (content.empty()) {
            return end_head();
        }
        if (split_header(content, name, value)) {
            m_message.add_header(name, value);
            return Step::more;
        }
    }
    if (m_lenient && indentation(line) >= m_indent) {
        return Step::more;  // a dissector's line such as "[Resent Packet: False]"
    }
    return Step::over;  // the message is over: the line is read afresh
}

MessageCollector::Step MessageCollector::segment(std::string_view segment) {
    std::string_view name;
    std::string_view value;
    if (m_in_body) {
        if (!is_sdp_line(segment)) {
            return Step::over;
        }
        add_body_line(segment);
    } else if (segment.empty() && wants_body()) {
        m_in_body = true;  // the empty line before an SDP body
        m_body.clear();
    } else if (segment.empty() || !split_header(segment, name, value)) {
        return Step::done;
    } else {
        m_message.add_header(name, value);
    }
    return Step::more;
}

MessageCollector::Kind MessageCollector::end() {
    const Kind kind = m_kind;
    m_kind = Kind::none;
    if (m_in_body) {
        m_in_body = false;
        m_message.keep_body(m_body);
    }
    return kind;
}

bool MessageCollector::wants_body() const {
    return istarts_with(m_message.content_type, "application/sdp");
}

bool MessageCollector::is_sdp_line(std::string_view line) {
    // "v=0", "m=audio 49170 RTP/AVP 0", "a=rtpmap:0 PCMU/8000" (RFC 4566 §5).
    return line.size() >= 2 && line[0] >= 'a' && line[0] <= 'z' && line[1] == '=';
}

void MessageCollector::add_body_line(std::string_view line) {
    if (m_body.size() + line.size() + 2 <= k_max_body) {
        m_body.append(line);
        m_body.append("\r\n");
    }
}

MessageCollector::Step MessageCollector::end_head() {
    // Only an SDP body is read, and only for the findings that need it (findings.hpp).
    if (m_lenient || !wants_body()) {
        return Step::done;
    }
    m_in_body = true;
    m_body.clear();
    return Step::more;
}

}  // namespace sipwhy::detail
