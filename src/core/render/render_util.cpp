#include "render/render_util.hpp"

#include <sipwhy/render/render.hpp>

#include <array>

namespace sipwhy::detail {

std::string_view sender_name(Sender s, Lang lang) {
    static constexpr std::array<Label, 8> k_names = {{
        {"UAS", "UAS"},
        {"proxy", "прокси"},
        {"registrar", "регистратор"},
        {"redirect server", "сервер переадресации"},
        {"gateway", "шлюз"},
        {"B2BUA", "B2BUA"},
        {"the local SIP stack", "локальный SIP-стек"},
        {"any SIP element", "любой SIP-элемент"},
    }};
    return k_names.at(static_cast<std::size_t>(s)).in(lang);
}

namespace {

std::string_view style_code(Style style) {
    static constexpr std::array<std::string_view, 6> k_codes = {"1", "2", "31", "32", "33", "36"};
    return k_codes.at(static_cast<std::size_t>(style));
}

}  // namespace

std::string styled(std::string_view text, Style style, bool color) {
    std::string out;
    append_styled(out, text, style, color);
    return out;
}

void append_styled(std::string& out, std::string_view text, Style style, bool color) {
    if (!color || text.empty()) {
        out += text;
        return;
    }
    out += "\x1b[";
    out += style_code(style);
    out += 'm';
    out += text;
    out += "\x1b[0m";
}

void style_tail(std::string& out, std::size_t from, Style style, bool color) {
    if (!color || from >= out.size()) {
        return;
    }
    std::string open = "\x1b[";
    open += style_code(style);
    open += 'm';
    out.insert(from, open);
    out += "\x1b[0m";
}

Style category_style(Category c) {
    switch (c) {
        case Category::progress:
        case Category::success:
            return Style::green;
        case Category::redirect:
            return Style::cyan;
        case Category::busy:
        case Category::unavailable:
        case Category::timeout:
        case Category::capacity:
        case Category::canceled:
            return Style::yellow;
        default:
            return Style::red;
    }
}

namespace {

// The code point of the UTF-8 sequence at s[i], and its length in bytes; an invalid byte counts as
// one character of its own.
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) {
        return static_cast<char32_t>(static_cast<unsigned char>(s[k]));
    };
    const char32_t b0 = b(i);
    const std::size_t n = b0 < 0x80 ? 1 : b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
    if (n == 1 || i + n > s.size()) {
        return {b0, 1};
    }
    char32_t cp = b0 & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) {
            return {b0, 1};
        }
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    return {cp, n};
}

// Columns a terminal gives one code point (after Markus Kuhn's wcwidth, coarsely).
int columns_of(char32_t c) {
    if (c < 0x0300) {
        return 1;  // Latin and its punctuation: every text of the knowledge base is mostly these
    }
    const auto in = [c](char32_t lo, char32_t hi) { return c >= lo && c <= hi; };
    if (in(0x0300, 0x036F) || in(0x200B, 0x200F) || in(0xFE00, 0xFE0F) || in(0x20D0, 0x20FF) ||
        in(0x1AB0, 0x1AFF) || in(0x1DC0, 0x1DFF) || in(0xFE20, 0xFE2F) || in(0xE0100, 0xE01EF)) {
        return 0;
    }
    if (in(0x1100, 0x115F) || in(0x231A, 0x231B) || in(0x2329, 0x232A) || in(0x23E9, 0x23EC) ||
        in(0x25FD, 0x25FE) || in(0x2614, 0x2615) || in(0x2648, 0x2653) || in(0x26AA, 0x26AB) ||
        in(0x26BD, 0x26BE) || in(0x26C4, 0x26C5) || in(0x2705, 0x2705) || in(0x270A, 0x270B) ||
        in(0x2728, 0x2728) || in(0x274C, 0x274C) || in(0x2753, 0x2755) || in(0x2795, 0x2797) ||
        in(0x2B1B, 0x2B1C) || in(0x2E80, 0x303E) || in(0x3041, 0x33FF) || in(0x3400, 0x4DBF) ||
        in(0x4E00, 0x9FFF) || in(0xA000, 0xA4CF) || in(0xA960, 0xA97F) || in(0xAC00, 0xD7A3) ||
        in(0xF900, 0xFAFF) || in(0xFE10, 0xFE19) || in(0xFE30, 0xFE6F) || in(0xFF00, 0xFF60) ||
        in(0xFFE0, 0xFFE6) || in(0x1F004, 0x1F004) || in(0x1F0CF, 0x1F0CF) ||
        in(0x1F18E, 0x1F18E) || in(0x1F191, 0x1F19A) || in(0x1F200, 0x1F2FF) ||
        in(0x1F300, 0x1F64F) || in(0x1F680, 0x1F6FF) || in(0x1F7E0, 0x1F7EB) ||
        in(0x1F900, 0x1F9FF) || in(0x1FA70, 0x1FAFF) || in(0x20000, 0x3FFFD)) {
        return 2;
    }
    return 1;
}

}  // namespace

int display_width(std::string_view s) {
    int n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, len] = decode(s, i);
        n += columns_of(cp);
        i += len;
    }
    return n;
}

std::string_view cut_to_width(std::string_view s, int columns) {
    int n = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto [cp, len] = decode(s, i);
        n += columns_of(cp);
        if (n > columns) {
            break;
        }
        i += len;
    }
    return s.substr(0, i);
}

void write_para(std::ostream& out, std::string_view text, int indent, int width) {
    if (text.empty()) {
        return;
    }
    out << std::string(static_cast<std::size_t>(indent), ' ');
    write_wrapped(out, text, indent, indent, width);
}

void write_wrapped(std::ostream& out, std::string_view text, int first_column, int indent,
                   int width) {
    int column = first_column;
    bool line_empty = true;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        if (i >= text.size()) {
            break;
        }
        auto end = text.find(' ', i);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view word = text.substr(i, end - i);
        const int w = display_width(word);
        if (!line_empty && column + 1 + w > width) {
            out << '\n' << std::string(static_cast<std::size_t>(indent), ' ');
            column = indent;
            line_empty = true;
        }
        if (!line_empty) {
            out << ' ';
            ++column;
        }
        out << word;
        column += w;
        line_empty = false;
        i = end;
    }
    out << '\n';
}

std::string_view first_sentence(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ') {
            return text.substr(0, i + 1);
        }
    }
    return text;
}

std::string pad_to(std::string_view text, std::size_t width, bool cut) {
    const auto w = static_cast<std::size_t>(display_width(text));
    if (w > width && cut && width > 0) {
        // Cut at a character boundary and mark the cut; a wide character that does not fit
        // leaves a space.
        std::string out(cut_to_width(text, static_cast<int>(width) - 1));
        out += std::string(width - 1 - static_cast<std::size_t>(display_width(out)), ' ');
        return out + "~";
    }
    return std::string(text) + std::string(width > w ? width - w : 0, ' ');
}

void TextTable::write(std::ostream& out, bool color, int table_width) const {
    std::vector<std::size_t> widths;
    for (const Column& c : m_columns) {
        widths.push_back(std::max(c.min_width, static_cast<std::size_t>(display_width(c.heading))));
    }
    for (const auto& row : m_rows) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], static_cast<std::size_t>(display_width(row[i].text)));
        }
    }
    for (std::size_t i = 0; i < widths.size(); ++i) {
        if (m_columns[i].max_width > 0) {
            widths[i] = std::min(widths[i], m_columns[i].max_width);
        }
    }
    // Every column but the last padded (and cut where it has a bound), two spaces after each.
    std::string heading;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        heading += i + 1 < m_columns.size()
                       ? pad_to(m_columns[i].heading, widths[i], m_columns[i].max_width > 0) + "  "
                       : std::string(m_columns[i].heading);
    }
    out << styled(heading, Style::bold, color) << '\n';
    for (const auto& row : m_rows) {
        std::string lead;
        std::size_t lead_width = 0;
        for (std::size_t i = 0; i + 1 < row.size(); ++i) {
            const std::string cell = pad_to(row[i].text, widths[i], m_columns[i].max_width > 0);
            lead_width += static_cast<std::size_t>(display_width(cell)) + 2;
            lead += row[i].style ? styled(cell, *row[i].style, color) : cell;
            lead += "  ";
        }
        out << lead;
        if (row.empty()) {
            out << '\n';
            continue;
        }
        std::string last = row.back().text;
        if (table_width > 0) {
            const int room = std::max(20, table_width - static_cast<int>(lead_width));
            if (display_width(last) > room) {
                last = pad_to(last, static_cast<std::size_t>(room), true);
            }
        }
        out << (row.back().style ? styled(last, *row.back().style, color) : last) << '\n';
    }
}

void write_named_rows(std::ostream& out,
                      const std::vector<std::pair<std::string, std::string>>& rows, int width) {
    std::size_t name_width = 0;
    for (const auto& [name, value] : rows) {
        name_width = std::max(name_width, static_cast<std::size_t>(display_width(name)));
    }
    for (const auto& [name, value] : rows) {
        const std::string lead = "    " + pad_to(name, name_width) + "  ";
        out << lead;
        write_wrapped(out, value, display_width(lead), display_width(lead), width);
    }
}

}  // namespace sipwhy::detail

namespace sipwhy {

namespace {

// "+4930123", "-1", "2.5": a number, which a spreadsheet reads as a number, not as a formula.
bool is_number(std::string_view s) {
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        s.remove_prefix(1);
    }
    const auto digits = [](std::string_view d) {
        return !d.empty() &&
               std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const auto dot = s.find('.');
    return dot == std::string_view::npos ? digits(s)
                                         : digits(s.substr(0, dot)) && digits(s.substr(dot + 1));
}

}  // namespace

std::string csv_field(std::string_view s) {
    // A cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's rule).
    const bool formula = !s.empty() &&
                         std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos &&
                         !is_number(s);
    const std::string text = formula ? "'" + std::string(s) : std::string(s);
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    return out + '"';
}

}  // namespace sipwhy
