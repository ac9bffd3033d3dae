// Zeek sip.log's columns and lines (zeek_log.hpp).
#include "logs/zeek_log.hpp"

#include <sipwhy/sip/status_line.hpp>

#include <array>

namespace sipwhy::detail {
namespace {

// The columns read, by the name the header gives each.
struct Column {
    std::string_view name;
    int ZeekLog::Columns::*index;
};
constexpr Column k_columns[] = {
    {"status_code", &ZeekLog::Columns::status_code},
    {"status_msg", &ZeekLog::Columns::status_msg},
    {"call_id", &ZeekLog::Columns::call_id},
    {"seq", &ZeekLog::Columns::seq},
    {"request_from", &ZeekLog::Columns::request_from},
    {"request_to", &ZeekLog::Columns::request_to},
    {"user_agent", &ZeekLog::Columns::user_agent},
    {"warning", &ZeekLog::Columns::warning},
};

}  // namespace

bool ZeekLog::header(std::string_view line) {
    // "#fields\tts\tuid..." in a Zeek log, or a plain header line as zeek-cut prints it.
    if (line.starts_with("#fields\t")) {
        line.remove_prefix(8);
    } else if (line.find('\t') == std::string_view::npos ||
               line.find(' ') != std::string_view::npos) {
        return false;
    }
    Columns c;
    int index = 0;
    std::string_view rest = line;
    while (true) {
        const auto tab = rest.find('\t');
        const std::string_view f = rest.substr(0, tab);
        for (const Column& column : k_columns) {
            if (f == column.name) {
                c.*column.index = index;
            }
        }
        ++index;
        if (tab == std::string_view::npos) {
            break;
        }
        rest = rest.substr(tab + 1);
    }
    if (c.status_code < 0) {
        return false;
    }
    m_active = true;
    m_columns = c;
    return true;
}

ZeekLog::Response ZeekLog::line(std::string_view line, MessageInfo& message) {
    if (line.starts_with("#")) {
        header(line);
        return {};
    }
    std::array<std::string_view, 64> fields{};
    std::size_t n = 0;
    std::size_t start = 0;
    while (n < fields.size()) {
        const auto tab = line.find('\t', start);
        fields[n++] = line.substr(
            start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
        if (tab == std::string_view::npos) {
            break;
        }
        start = tab + 1;
    }
    auto field = [&](int i) -> std::string_view {
        if (i < 0 || static_cast<std::size_t>(i) >= n ||
            fields[static_cast<std::size_t>(i)] == "-" ||
            fields[static_cast<std::size_t>(i)] == "(empty)") {
            return {};
        }
        return fields[static_cast<std::size_t>(i)];
    };
    const std::string_view code_text = field(m_columns.status_code);
    const StatusCode status = read_status_code(code_text);
    const int code =
        code_text.size() == 3 && status.kind == StatusCode::Kind::valid ? status.code : 0;
    if (code == 0) {
        return {};
    }
    // The columns hold header values: read as the headers of a message are.
    message.clear();
    message.complete = false;  // a few of its headers only
    message.add_header("Call-ID", field(m_columns.call_id));
    message.add_header("CSeq", field(m_columns.seq));
    message.add_header("From", field(m_columns.request_from));
    message.add_header("To", field(m_columns.request_to));
    message.add_header("User-Agent", field(m_columns.user_agent));
    if (const auto w = field(m_columns.warning); !w.empty()) {
        message.add_header("Warning", w);
    }
    return {code, field(m_columns.status_msg)};
}

}  // namespace sipwhy::detail
