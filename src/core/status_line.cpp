#include <sipwhy/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace sipwhy {

Expected<int> parse_status_code(std::string_view token) {
    const bool digits = !token.empty() && std::all_of(token.begin(), token.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
    const std::string shown = excerpt(token, 40);
    if (!digits || token.size() != 3) {
        return Diagnostic{shown, 0, 0, "",
                          "not a SIP status code (expected three digits, 100-699)"};
    }
    const int code = (token[0] - '0') * 100 + (token[1] - '0') * 10 + (token[2] - '0');
    if (code < 100 || code > 699) {
        return Diagnostic{shown, 0, 0, "", "out of the SIP status-code range (100-699)"};
    }
    return code;
}

std::string class_of(int code) {
    return fmt::format("{}xx", code / 100);
}

Expected<StatusLine> StatusLine::parse(std::string_view line) {
    const std::string_view s = trim(line);
    const std::string shown = excerpt(s);
    const auto space = s.find(' ');
    const std::string_view version = s.substr(0, space);
    if (!istarts_with(version, "SIP/")) {
        return Diagnostic{shown, 0, 0, "",
                          "not a SIP status line (expected \"SIP/2.0 CODE REASON\")"};
    }
    if (version != "SIP/2.0") {
        return Diagnostic{excerpt(version, 40), 0, 0, "",
                          "unsupported SIP version (expected SIP/2.0)"};
    }
    if (space == std::string_view::npos) {
        return Diagnostic{shown, 0, 0, "", "missing status code"};
    }
    const std::string_view rest = s.substr(space + 1);
    const auto code_end = rest.find_first_of(" \t");
    const auto code = parse_status_code(rest.substr(0, code_end));
    if (!code) {
        return code.error();
    }
    StatusLine out;
    out.code = *code;
    out.reason = code_end == std::string_view::npos ? std::string{}
                                                    : std::string(trim(rest.substr(code_end)));
    return out;
}

std::string StatusLine::to_string() const {
    return reason.empty() ? fmt::format("{} {}", version, code)
                          : fmt::format("{} {} {}", version, code, reason);
}

std::string Diagnostic::to_string(Lang lang) const {
    const std::string& text = lang == Lang::ru && !message_ru.empty() ? message_ru : message;
    if (line > 0 && column > 0) {
        return fmt::format("{}:{}:{}: {}", source, line, column, text);
    }
    if (line > 0) {
        return fmt::format("{}:{}: {}", source, line, text);
    }
    if (!path.empty()) {
        return fmt::format("{}: {}: {}", source, path, text);
    }
    return fmt::format("{}: {}", source, text);
}

}  // namespace sipwhy
