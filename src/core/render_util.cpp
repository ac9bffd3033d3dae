#include "render_util.hpp"

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

std::string styled(std::string_view text, Style style, bool color) {
    if (!color || text.empty()) {
        return std::string(text);
    }
    static constexpr std::array<std::string_view, 6> k_codes = {"1", "2", "31", "32", "33", "36"};
    std::string out = "\x1b[";
    out += k_codes.at(static_cast<std::size_t>(style));
    out += 'm';
    out += text;
    out += "\x1b[0m";
    return out;
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

int display_width(std::string_view s) {
    int n = 0;
    for (const char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++n;
        }
    }
    return n;
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

}  // namespace sipwhy::detail
