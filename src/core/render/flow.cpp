#include "render/render_util.hpp"

#include <sipwhy/render/flow.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace sipwhy {
namespace {

using namespace detail;

constexpr int k_time_width = 12;   // "10:00:00.000"
constexpr int k_delta_width = 10;  // "+60.100"
constexpr int k_prefix = k_time_width + 1 + k_delta_width + 2;
constexpr int k_min_spacing = 14;

// A label for a fixed-width drawing: printable ASCII, anything else shown as '?'.
std::string ascii(std::string_view s) {
    std::string out;
    for (const char c : sanitize_utf8(s)) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            if ((u & 0xC0) != 0x80) {
                out += '?';  // one mark per character, not per byte
            }
        } else {
            out += u < 0x20 || u == 0x7F ? '?' : c;
        }
    }
    return out;
}

std::string clock_text(std::int64_t at_us) {
    const std::int64_t seconds = at_us / 1000000;
    const std::int64_t in_day = ((seconds % 86400) + 86400) % 86400;
    return fmt::format("{:02}:{:02}:{:02}.{:03}", in_day / 3600, in_day / 60 % 60, in_day % 60,
                       (at_us % 1000000) / 1000);
}

// "+60.100"; past 99999 s (a capture whose clock jumped, a call left up for days), days and
// hours, so that it fits its column: "+2331d03h".
std::string delta_text(std::int64_t us) {
    constexpr std::int64_t k_second = 1000000;
    if (us < 100000 * k_second) {
        return fmt::format("+{}.{:03}", us / k_second, (us % k_second) / 1000);
    }
    const std::int64_t hours = us / (3600 * k_second);
    return fmt::format("+{}d{:02}h", hours / 24, hours % 24);
}

std::optional<std::int64_t> first_time(const FlowCall& call) {
    for (const auto& m : call.messages) {
        if (m.at_us) {
            return m.at_us;
        }
    }
    return std::nullopt;
}

std::string label_of(const FlowMessage& m) {
    return m.retransmission ? m.label + " (retrans)" : m.label;
}

Style style_of(const FlowMessage& m) {
    if (m.request) {
        return Style::bold;
    }
    if (m.code < 200) {
        return Style::cyan;
    }
    if (m.code < 300) {
        return Style::green;
    }
    if (m.code < 400) {
        return Style::yellow;
    }
    return Style::red;
}

std::string_view svg_colour(const FlowMessage& m) {
    if (m.request) {
        return "#1f2937";
    }
    if (m.code < 200) {
        return "#0e7490";
    }
    if (m.code < 300) {
        return "#15803d";
    }
    if (m.code < 400) {
        return "#a16207";
    }
    return "#b91c1c";
}

std::string xml(std::string_view s) {
    return replace_chars(sanitize_utf8(s),
                         {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}});
}

// Mermaid's message text ends at a newline and takes # and ; as the start of entities.
std::string mermaid_text(std::string_view s) {
    return replace_chars(sanitize_utf8(s), {{'#', "#35;"}, {';', "#59;"}});
}

}  // namespace

void render_flow_text(std::ostream& out, const FlowCall& call, const FlowStyle& style) {
    std::vector<std::string> hosts;
    for (const auto& h : call.hosts) {
        hosts.push_back(ascii(h));
    }
    while (hosts.size() < 2) {
        hosts.emplace_back("?");
    }
    const int n = static_cast<int>(hosts.size());
    const int spacing = std::max(k_min_spacing, (style.width - k_prefix - 1) / (n - 1));
    const auto pos = [&](std::size_t i) { return k_prefix + static_cast<int>(i) * spacing; };
    const int right = pos(hosts.size() - 1);

    out << styled(
               fmt::format("{}: call {}", sanitize_utf8(call.source), sanitize_utf8(call.call_id)),
               Style::bold, style.color)
        << fmt::format(" ({} message{})\n", call.messages.size() + call.dropped,
                       call.messages.size() + call.dropped == 1 ? "" : "s");

    // The host names, each centred over its column and cut to fit beside its neighbours.
    std::string names(static_cast<std::size_t>(right + spacing), ' ');
    int free_from = 0;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        std::string name = hosts[i].substr(0, static_cast<std::size_t>(spacing - 2));
        int start = pos(i) - static_cast<int>(name.size()) / 2;
        // The last name ends at the edge of the terminal rather than past it.
        start = std::max(free_from, std::min(start, style.width - static_cast<int>(name.size())));
        // Many hosts with long names push one another right, past the last column.
        names.resize(std::max(names.size(), static_cast<std::size_t>(start) + name.size()), ' ');
        names.replace(static_cast<std::size_t>(start), name.size(), name);
        free_from = start + static_cast<int>(name.size()) + 1;
    }
    names.erase(names.find_last_not_of(' ') + 1);
    out << names << '\n';

    const std::optional<std::int64_t> t0 = first_time(call);
    for (const FlowMessage& m : call.messages) {
        std::string row(static_cast<std::size_t>(right + 1), ' ');
        if (m.at_us) {
            const std::string clock = clock_text(*m.at_us);
            const std::string delta = delta_text(*m.at_us - *t0);
            row.replace(0, clock.size(), clock);
            row.replace(static_cast<std::size_t>(k_time_width + 1 + k_delta_width) - delta.size(),
                        delta.size(), delta);
        }
        for (std::size_t i = 0; i < hosts.size(); ++i) {
            row[static_cast<std::size_t>(pos(i))] = '|';
        }
        const int a = pos(m.from);
        const int b = pos(m.to);
        const int lo = std::min(a, b);
        const int hi = std::max(a, b);
        std::size_t label_at = 0;
        std::string label = ascii(label_of(m));
        if (lo == hi) {
            // To itself (a capture of one address): the label beside the column.
            label = "<-> " + label;
            label_at = static_cast<std::size_t>(lo + 2);
            row.resize(std::max(row.size(), label_at + label.size()), ' ');
        } else {
            for (int x = lo + 1; x < hi; ++x) {
                row[static_cast<std::size_t>(x)] = '-';
            }
            row[static_cast<std::size_t>(a < b ? hi - 1 : lo + 1)] = a < b ? '>' : '<';
            const int room = hi - lo - 7;  // two dashes or an arrowhead and a dash on each side
            if (static_cast<int>(label.size()) > room) {
                label = label.substr(0, static_cast<std::size_t>(std::max(room, 0)));
            }
            label = label.empty() ? label : " " + label + " ";
            label_at = static_cast<std::size_t>(lo + 1 +
                                                (hi - lo - 1 - static_cast<int>(label.size())) / 2);
        }
        row.replace(label_at, label.size(), label);
        out << row.substr(0, label_at) << styled(label, style_of(m), style.color && !label.empty())
            << row.substr(label_at + label.size()) << '\n';
        // The offer or answer under its arrow, from the sender's column, and the findings.
        for (const auto& media : m.media) {
            out << std::string(static_cast<std::size_t>(k_prefix), ' ')
                << styled("SDP", Style::dim, style.color) << ' ';
            write_wrapped(out, ascii(media), k_prefix + 4, k_prefix + 4, std::max(style.width, 60));
        }
        for (const auto& note : m.notes) {
            out << std::string(static_cast<std::size_t>(k_prefix), ' ')
                << styled("!", Style::red, style.color) << ' ';
            write_wrapped(out, note, k_prefix + 2, k_prefix + 2, std::max(style.width, 60));
        }
    }
    if (call.dropped > 0) {
        out << fmt::format("({} more messages not kept)\n", call.dropped);
    }
}

void render_flow_mermaid(std::ostream& out, const FlowCall& call) {
    out << "sequenceDiagram\n";
    out << "    title " << mermaid_text(fmt::format("call {} ({})", call.call_id, call.source))
        << '\n';
    for (std::size_t i = 0; i < call.hosts.size(); ++i) {
        out << fmt::format("    participant H{} as {}\n", i + 1, mermaid_text(call.hosts[i]));
    }
    const std::optional<std::int64_t> t0 = first_time(call);
    for (const FlowMessage& m : call.messages) {
        std::string text = label_of(m);
        if (m.at_us) {
            text += fmt::format(" ({} {})", clock_text(*m.at_us), delta_text(*m.at_us - *t0));
        }
        out << fmt::format("    H{}{}H{}: {}\n", m.from + 1, m.request ? "->>" : "-->>", m.to + 1,
                           mermaid_text(text));
        const auto note = [&](const std::string& t) {
            out << fmt::format("    Note over H{},H{}: {}\n", std::min(m.from, m.to) + 1,
                               std::max(m.from, m.to) + 1, mermaid_text(t));
        };
        for (const auto& media : m.media) {
            note("SDP " + media);
        }
        for (const auto& n : m.notes) {
            note("! " + n);
        }
    }
}

void render_flow_svg(std::ostream& out, const std::vector<FlowCall>& calls) {
    constexpr int k_left = 190;    // the time column
    constexpr int k_column = 220;  // between hosts
    constexpr int k_row = 26;
    constexpr int k_head = 64;  // a call's heading and host names
    constexpr int k_note = 16;  // a line of SDP or a finding under its arrow
    constexpr int k_char = 7;   // the width of a character at font-size 11, about
    const auto notes_height = [](const FlowCall& c) {
        int h = 0;
        for (const auto& m : c.messages) {
            h += static_cast<int>(m.media.size() + m.notes.size()) * k_note;
        }
        return h;
    };
    std::size_t widest = 2;
    int height = 20;
    int longest_note = 0;  // how far right a note reaches
    for (const auto& c : calls) {
        widest = std::max(widest, c.hosts.size());
        height += k_head + static_cast<int>(c.messages.size()) * k_row + notes_height(c) + 30;
        for (const auto& m : c.messages) {
            const int x = k_left + static_cast<int>(std::min(m.from, m.to)) * k_column + 6;
            for (const auto& n : m.notes) {
                longest_note = std::max(longest_note, x + (display_width(n) + 2) * k_char);
            }
            for (const auto& n : m.media) {
                longest_note = std::max(longest_note, x + (display_width(n) + 4) * k_char);
            }
        }
    }
    const int width =
        std::max(k_left + static_cast<int>(widest - 1) * k_column + 120, longest_note + 10);
    out << R"(<?xml version="1.0" encoding="UTF-8"?>)" << '\n'
        << fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" )"
                       R"(viewBox="0 0 {0} {1}" font-family="DejaVu Sans Mono, monospace" )"
                       R"(font-size="12">)",
                       width, height)
        << '\n'
        << fmt::format(R"(<rect width="{}" height="{}" fill="#ffffff"/>)", width, height) << '\n';
    int y = 20;
    for (const auto& call : calls) {
        const auto x_of = [&](std::size_t i) { return k_left + static_cast<int>(i) * k_column; };
        out << fmt::format(R"(<text x="10" y="{}" font-weight="bold" font-size="14">{}</text>)",
                           y + 14, xml(fmt::format("{}: call {}", call.source, call.call_id)))
            << '\n';
        const int top = y + 44;
        const int bottom =
            top + static_cast<int>(call.messages.size()) * k_row + notes_height(call) + 10;
        for (std::size_t i = 0; i < call.hosts.size(); ++i) {
            out << fmt::format(
                       R"(<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{}</text>)",
                       x_of(i), y + 38, xml(call.hosts[i]))
                << '\n'
                << fmt::format(
                       R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#9ca3af" stroke-dasharray="4 3"/>)",
                       x_of(i), top, bottom)
                << '\n';
        }
        const std::optional<std::int64_t> t0 = first_time(call);
        int row_y = top + k_row;
        for (const FlowMessage& m : call.messages) {
            const std::string_view colour = svg_colour(m);
            if (m.at_us) {
                out << fmt::format(R"(<text x="10" y="{}" fill="#4b5563">{}  {}</text>)", row_y,
                                   clock_text(*m.at_us), delta_text(*m.at_us - *t0))
                    << '\n';
            }
            const int a = x_of(m.from);
            const int b = x_of(m.to);
            const int tip = a <= b ? b - 2 : b + 2;
            const int back = a <= b ? tip - 8 : tip + 8;
            out << fmt::format(
                       R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"{}/>)",
                       a, row_y, back, row_y, colour, m.request ? "" : R"( stroke-dasharray="6 3")")
                << '\n'
                << fmt::format(R"(<polygon points="{},{} {},{} {},{}" fill="{}"/>)", tip, row_y,
                               back, row_y - 4, back, row_y + 4, colour)
                << '\n'
                << fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>)",
                               (a + b) / 2, row_y - 5, colour, xml(label_of(m)))
                << '\n';
            // The SDP and the findings under the arrow, from its left end.
            const auto note = [&](std::string_view text, std::string_view fill) {
                row_y += k_note;
                out << fmt::format(R"(<text x="{}" y="{}" font-size="11" fill="{}">{}</text>)",
                                   std::min(a, b) + 6, row_y - 4, fill, xml(text))
                    << '\n';
            };
            for (const auto& media : m.media) {
                note("SDP " + media, "#4b5563");
            }
            for (const auto& n : m.notes) {
                note("! " + n, "#b91c1c");
            }
            row_y += k_row;
        }
        y = bottom + 30;
    }
    out << "</svg>\n";
}

}  // namespace sipwhy
