// JSON Lines output: one object per line, bytes that are not UTF-8 replaced.
#pragma once

#include <sipwhy/category.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace sipwhy::detail {

// The text as a JSON string; null when it is empty.
inline nlohmann::ordered_json text_or_null(std::string_view s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(s));
}

// The summary's by_class and by_category objects, as the report and merge both write them.
inline void put_class_and_category_counts(nlohmann::ordered_json& j,
                                          const std::array<std::uint64_t, 6>& by_class,
                                          const std::map<Category, std::uint64_t>& by_category) {
    nlohmann::ordered_json classes = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < by_class.size(); ++i) {
        classes[fmt::format("{}xx", i + 1)] = by_class[i];
    }
    j["by_class"] = std::move(classes);
    nlohmann::ordered_json categories = nlohmann::ordered_json::object();
    for (const auto& [category, count] : by_category) {
        categories[std::string(to_string(category))] = count;
    }
    j["by_category"] = std::move(categories);
}

// Writes JSON by hand into a string, byte for byte as write_json_line writes the same values:
// the per-response objects are the bulk of a scan's --json output, and building a DOM for each
// cost most of the scan. Strings must be valid UTF-8 (sanitize_utf8), as the DOM's would be.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : m_out(out) {}

    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }
    // A key is a name of sipwhy's own (a literal): plain ASCII with nothing to escape.
    JsonWriter& key(std::string_view k) {
        separate();
        m_out.push_back('"');
        m_out.append(k);
        m_out.append("\":", 2);
        m_after_key = true;
        return *this;
    }
    JsonWriter& value(std::string_view s) {
        start_value();
        quote(s);
        return *this;
    }
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    // The text sanitized (sanitize_utf8) as a string, through a buffer of the thread's.
    JsonWriter& clean(std::string_view s) {
        thread_local std::string sanitized;
        sanitized.clear();
        append_sanitized(sanitized, s);
        return value(sanitized);
    }
    template <class N>
    requires std::is_integral_v<N> JsonWriter& value(N n) {
        start_value();
        const fmt::format_int digits(n);
        m_out.append(digits.data(), digits.size());
        return *this;
    }
    JsonWriter& null() {
        start_value();
        m_out.append("null");
        return *this;
    }
    // The text as a string; null when it is empty.
    JsonWriter& value_or_null(std::string_view s) { return s.empty() ? null() : value(s); }

private:
    JsonWriter& open(char c) {
        start_value();
        m_out.push_back(c);
        ++m_depth;
        m_first |= std::uint64_t{1} << (m_depth - 1);
        return *this;
    }
    JsonWriter& close(char c) {
        m_out.push_back(c);
        --m_depth;
        return *this;
    }
    void start_value() {
        if (m_after_key) {
            m_after_key = false;
        } else {
            separate();
        }
    }
    void separate() {
        if (m_depth > 0) {
            const std::uint64_t bit = std::uint64_t{1} << (m_depth - 1);
            if ((m_first & bit) == 0) {
                m_out.push_back(',');
            }
            m_first &= ~bit;
        }
    }
    // Whether one of the eight bytes of `w` may need escaping: below 0x20, a quote or a backslash
    // (never a false no; a yes is checked byte by byte).
    static bool may_need_escape(std::uint64_t w) {
        constexpr std::uint64_t ones = 0x0101010101010101ULL;
        constexpr std::uint64_t highs = 0x8080808080808080ULL;
        const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
        return (((w - 0x20 * ones) & ~w & highs) | has_zero(w ^ ('"' * ones)) |
                has_zero(w ^ ('\\' * ones))) != 0;
    }
    // As nlohmann's dump escapes: the quote, the backslash and control characters.
    void quote(std::string_view s) {
        m_out.push_back('"');
        std::size_t run = 0;
        std::size_t i = 0;
        while (i + 8 <= s.size()) {  // most text has nothing to escape: eight bytes at a time
            std::uint64_t w = 0;
            std::memcpy(&w, s.data() + i, 8);
            if (may_need_escape(w)) {
                break;
            }
            i += 8;
        }
        for (; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            m_out.append(s.substr(run, i - run));
            run = i + 1;
            // clang-format off
            switch (c) {
                case '"': m_out.append("\\\""); break;
                case '\\': m_out.append("\\\\"); break;
                case '\b': m_out.append("\\b"); break;
                case '\f': m_out.append("\\f"); break;
                case '\n': m_out.append("\\n"); break;
                case '\r': m_out.append("\\r"); break;
                case '\t': m_out.append("\\t"); break;
                default: m_out.append(fmt::format("\\u{:04x}", c)); break;
            }
            // clang-format on
        }
        m_out.append(s.substr(run));
        m_out.push_back('"');
    }

    std::string& m_out;
    // Per open object or array, a bit: nothing written in it yet (64 levels at most; sipwhy's
    // objects have four).
    std::uint64_t m_first = 0;
    int m_depth = 0;
    bool m_after_key = false;
};

inline void write_json_line(std::ostream& out, const nlohmann::ordered_json& j) {
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace sipwhy::detail
