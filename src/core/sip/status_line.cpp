#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace sipwhy {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;
constexpr std::size_t k_max_reason = 256;
constexpr std::size_t k_max_text = 120;
constexpr std::string_view k_version = "SIP/2.0";

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A method: a token, and in practice capitals (every method IANA registers is).
bool is_method(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

StartLine malformed(std::string_view line, std::string_view problem, std::string_view token) {
    StartLine s;
    s.kind = StartLine::Kind::malformed;
    s.problem = problem;
    s.token = token;
    s.text = cut_utf8(trim(line), k_max_text);
    return s;
}

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// "SIP/2.0 486 Busy Here", or a status line of another version.
StartLine status_line(std::string_view line) {
    if (!starts_with_sip_version(line)) {
        // "SIP/3.0 200 OK": a status line of a version sipwhy cannot vouch for.
        if (line.size() > 9 && is_digit(line[4]) && line[5] == '.' && is_digit(line[6]) &&
            line[7] == ' ' && is_digit(line[8])) {
            return malformed(line, "unsupported SIP version (expected SIP/2.0)", line.substr(0, 7));
        }
        return {};
    }
    if (line.size() < 9 || (line[7] != ' ' && line[7] != '\t') || !is_digit(line[8])) {
        return {};
    }
    const StatusCode c = read_status_code(line.substr(8));
    if (c.kind == StatusCode::Kind::none) {
        return {};
    }
    if (c.kind == StatusCode::Kind::malformed) {
        return malformed(line, c.problem, line.substr(8, c.end));
    }
    StartLine s;
    s.kind = StartLine::Kind::response;
    s.code = c.code;
    s.reason = cut_utf8(trim(line.substr(8 + c.end)), k_max_reason);
    s.text = cut_utf8(line, k_max_text);
    return s;
}

// "INVITE sip:bob@example.com SIP/2.0": a method token, a URI with a scheme, the version.
StartLine request_line(std::string_view line) {
    const std::size_t sp1 = line.find(' ');
    if (sp1 == k_npos || line.size() < sp1 + 1 + k_version.size() ||
        !starts_with_sip_version(line.substr(line.size() - k_version.size()))) {
        return {};
    }
    const std::string_view method = line.substr(0, sp1);
    const std::size_t sp2 = line.size() - k_version.size() - 1;
    if (sp2 <= sp1 || line[sp2] != ' ' || !is_method(method)) {
        return {};
    }
    const std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (uri.empty() || uri.find(' ') != k_npos || uri.find(':') == k_npos) {
        return {};
    }
    StartLine s;
    s.kind = StartLine::Kind::request;
    s.method = cut_utf8(method, 32);
    s.uri = cut_utf8(uri, 256);
    s.text = cut_utf8(line, k_max_text);
    return s;
}

}  // namespace

bool starts_with_sip_version(std::string_view s) {
    return istarts_with(s, k_version);
}

StatusCode read_status_code(std::string_view s) {
    std::size_t digits = 0;
    while (digits < s.size() && is_digit(s[digits]) && digits < 40) {
        ++digits;
    }
    StatusCode c;
    c.end = digits;
    if (digits == 0 || (digits < s.size() && is_letter(s[digits]))) {
        return c;  // "SIP/2.0 2xx", "SIP/2.0 200OK": no status line
    }
    c.kind = StatusCode::Kind::malformed;
    if (digits != 3) {
        c.problem = "status code is not three digits";
        return c;
    }
    const int code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    if (code < 100 || code > 699) {
        c.problem = "status code out of the range 100-699";
        return c;
    }
    c.kind = StatusCode::Kind::valid;
    c.code = code;
    return c;
}

std::string_view start_line_problem_ru(std::string_view problem) {
    static constexpr std::pair<std::string_view, std::string_view> k_problems[] = {
        {"unsupported SIP version (expected SIP/2.0)",
         "неподдерживаемая версия SIP (ожидается SIP/2.0)"},
        {"status code is not three digits", "код ответа - не три цифры"},
        {"status code out of the range 100-699", "код ответа вне диапазона 100-699"},
    };
    for (const auto& [en, ru] : k_problems) {
        if (problem == en) {
            return ru;
        }
    }
    return problem;
}

StartLine StartLine::parse(std::string_view line) {
    line = without_cr(line);
    if (istarts_with(line, "SIP/")) {
        return status_line(line);
    }
    return request_line(line);
}

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
    if (starts_with_sip_version(s) && trim(s.substr(7)).empty()) {
        return Diagnostic{shown, 0, 0, "", "missing status code"};
    }
    // The grammar of start lines (sip_message.hpp), which captures and logs read them with.
    const StartLine start = StartLine::parse(s);
    if (start.kind == StartLine::Kind::malformed) {
        return Diagnostic{excerpt(start.token, 40), 0, 0, "", std::string(start.problem)};
    }
    if (start.kind != StartLine::Kind::response) {
        return Diagnostic{shown, 0, 0, "",
                          "not a SIP status line (expected \"SIP/2.0 CODE REASON\")"};
    }
    StatusLine out;
    out.code = start.code;
    out.reason = std::string(start.reason);
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
