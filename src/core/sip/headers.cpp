#include <sipwhy/sip/headers.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <charconv>

namespace sipwhy {
namespace {

// Splits `s` at `sep` outside double-quoted strings (with backslash escapes). Returns nullopt when
// a quoted string is not closed.
std::optional<std::vector<std::string_view>> split_outside_quotes(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == sep) {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    if (quoted) {
        return std::nullopt;
    }
    parts.push_back(s.substr(start));
    return parts;
}

// The content of a quoted string with escapes resolved, or `s` trimmed when it is not quoted.
std::string unquote(std::string_view s) {
    s = trim(s);
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
        return std::string(s);
    }
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '\\' && i + 2 < s.size()) {
            ++i;
        }
        out += s[i];
    }
    return out;
}

std::optional<long long> parse_number(std::string_view s, long long max) {
    s = trim(s);
    long long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v < 0 || v > max) {
        return std::nullopt;
    }
    return v;
}

}  // namespace

Expected<std::vector<ReasonValue>> parse_reason(std::string_view value) {
    const auto shown = [&] { return excerpt(trim(value)); };
    const auto values = split_outside_quotes(value, ',');
    if (!values) {
        return Diagnostic{shown(), 0, 0, "", "unterminated quoted string in Reason header"};
    }
    std::vector<ReasonValue> out;
    for (const auto v : *values) {
        if (trim(v).empty()) {
            continue;
        }
        const auto params = *split_outside_quotes(v, ';');
        ReasonValue r;
        r.protocol = std::string(trim(params[0]));
        if (r.protocol.empty()) {
            return Diagnostic{shown(), 0, 0, "",
                              "a Reason value has no protocol (expected e.g. Q.850 or SIP)"};
        }
        for (std::size_t i = 1; i < params.size(); ++i) {
            const std::string_view p = trim(params[i]);
            if (p.empty()) {
                continue;
            }
            const auto eq = p.find('=');
            const std::string name(trim(p.substr(0, eq)));
            const std::string_view raw =
                eq == std::string_view::npos ? std::string_view{} : p.substr(eq + 1);
            if (iequals(name, "cause")) {
                const auto n = parse_number(raw, 999999);
                if (!n) {
                    return Diagnostic{excerpt(p, 40), 0, 0, "",
                                      "the cause of a Reason value must be a decimal number"};
                }
                r.cause = static_cast<int>(*n);
            } else if (iequals(name, "text")) {
                r.text = unquote(raw);
            } else if (iequals(name, "location")) {
                r.location = unquote(raw);
            } else {
                r.other_params.emplace_back(name, unquote(raw));
            }
        }
        out.push_back(std::move(r));
    }
    if (out.empty()) {
        return Diagnostic{shown(), 0, 0, "", "empty Reason header"};
    }
    return out;
}

Expected<std::vector<WarningValue>> parse_warning(std::string_view value) {
    const auto shown = [&] { return excerpt(trim(value)); };
    const auto values = split_outside_quotes(value, ',');
    if (!values) {
        return Diagnostic{shown(), 0, 0, "", "unterminated quoted string in Warning header"};
    }
    std::vector<WarningValue> out;
    for (const auto raw : *values) {
        std::string_view v = trim(raw);
        if (v.empty()) {
            continue;
        }
        const auto space = find_blank(v);
        const auto code = parse_number(v.substr(0, space), 999);
        if (!code || *code < 300 || *code > 399 || v.substr(0, space).size() != 3) {
            return Diagnostic{excerpt(v.substr(0, space), 20), 0, 0, "",
                              "not a warn-code (expected three digits, 300-399)"};
        }
        WarningValue w;
        w.code = static_cast<int>(*code);
        if (space != std::string_view::npos) {
            std::string_view rest = trim(v.substr(space));
            const auto quote = rest.find('"');
            w.agent = std::string(trim(rest.substr(0, quote)));
            if (quote != std::string_view::npos) {
                w.text = unquote(rest.substr(quote));
            }
        }
        out.push_back(std::move(w));
    }
    if (out.empty()) {
        return Diagnostic{shown(), 0, 0, "", "empty Warning header"};
    }
    return out;
}

std::optional<CSeq> parse_cseq(std::string_view value) {
    value = trim(value);
    const auto space = find_blank(value);
    if (space == std::string_view::npos) {
        return std::nullopt;
    }
    const auto n = parse_number(value.substr(0, space), 0xFFFFFFFFll);
    const std::string_view method = trim(value.substr(space));
    if (!n || method.empty() || find_blank(method) != std::string_view::npos) {
        return std::nullopt;
    }
    return CSeq{static_cast<std::uint32_t>(*n), std::string(method)};
}

std::string_view uri_user(std::string_view name_addr) {
    // The URI is inside <...> when there is a display name or parameters; otherwise the value
    // itself, up to a parameter.
    std::string_view uri = name_addr;
    const auto open = name_addr.find('<');
    if (open != std::string_view::npos) {
        const auto close = name_addr.find('>', open);
        uri = name_addr.substr(
            open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1);
    } else {
        uri = uri.substr(0, uri.find(';'));
    }
    uri = trim(uri);
    const auto colon = uri.find(':');
    if (colon == std::string_view::npos) {
        return {};
    }
    const std::string_view rest = uri.substr(colon + 1);
    const auto at = rest.find('@');
    if (at == std::string_view::npos) {
        // tel: URIs are all user part; sip: URIs without '@' have none.
        return istarts_with(uri, "tel:") ? rest.substr(0, rest.find(';')) : std::string_view{};
    }
    return rest.substr(0, std::min(at, rest.find(';')));
}

std::string_view header_param(std::string_view value, std::string_view name) {
    // Parameters of the header follow the closing '>' when there is one.
    const auto close = value.rfind('>');
    std::string_view params = close == std::string_view::npos ? value : value.substr(close + 1);
    while (true) {
        const auto semi = params.find(';');
        if (semi == std::string_view::npos) {
            return {};
        }
        params = params.substr(semi + 1);
        const auto end = params.find(';');
        const std::string_view p = trim(params.substr(0, end));
        const auto eq = p.find('=');
        if (iequals(trim(p.substr(0, eq)), name)) {
            return eq == std::string_view::npos ? std::string_view{} : trim(p.substr(eq + 1));
        }
    }
}

std::string_view digest_param(std::string_view value, std::string_view name) {
    if (istarts_with(value, "Digest")) {
        value.remove_prefix(6);
    }
    while (!value.empty()) {
        const auto comma = value.find(',');
        const std::string_view item = trim(value.substr(0, comma));
        const auto eq = item.find('=');
        if (eq != std::string_view::npos && iequals(trim(item.substr(0, eq)), name)) {
            std::string_view v = trim(item.substr(eq + 1));
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
                v = v.substr(1, v.size() - 2);
            }
            return v;
        }
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    }
    return {};
}

}  // namespace sipwhy
