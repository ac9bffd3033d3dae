// Reading one knowledge-base file's JSON values, each violation worded in English and in
// Russian with its JSON pointer (kb_load.cpp; the fields each entry has are in kb_schema.hpp).
#pragma once

#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace sipwhy::kb_detail {

using Json = nlohmann::ordered_json;  // keeps file order, so errors come in file order

// What an enumeration's ids name, for messages: in English "category", as in "unknown category"
// and "expected a category id"; in Russian the whole "неизвестная категория", and "категории" as in
// "ожидается id категории".
struct EnumName {
    std::string_view en;
    std::string_view ru_unknown;
    std::string_view ru_of;
    std::string_view cpp;  // the C++ type, for the built-in tables: "Category"
};

// The enumerations the files name by id, and what their ids name, in the same order.
using NamedEnums =
    std::tuple<Category, NextStep, Sender, VariantKind, Evidence, Platform, Q850Class>;
inline constexpr EnumName k_enum_names[] = {
    {"category", "неизвестная категория", "категории", "Category"},
    {"next step", "неизвестный следующий шаг", "следующего шага", "NextStep"},
    {"sender", "неизвестный отправитель", "отправителя", "Sender"},
    {"variant kind", "неизвестный вид варианта", "вида варианта", "VariantKind"},
    {"evidence level", "неизвестный уровень подтверждения", "уровня подтверждения", "Evidence"},
    {"platform", "неизвестная платформа", "платформы", "Platform"},
    {"Q.850 class", "неизвестный класс Q.850", "класса Q.850", "Q850Class"},
};

template <class E, std::size_t I = 0>
constexpr EnumName enum_name() {
    if constexpr (std::is_same_v<E, std::tuple_element_t<I, NamedEnums>>) {
        return k_enum_names[I];
    } else {
        return enum_name<E, I + 1>();
    }
}

// did_you_mean() in `lang`: in Russian " (может быть, «X»?)", as the command line's own errors
// say it.
inline std::string suggestion(std::string_view word,
                              const std::vector<std::string_view>& candidates, Lang lang) {
    if (lang == Lang::en) {
        return did_you_mean(word, candidates);
    }
    const std::string_view best = closest_match(word, candidates);
    return best.empty() ? std::string{} : fmt::format(" (может быть, «{}»?)", best);
}

// The first character of `s` that the outputs would have to replace, a control character other
// than tab or a bidirectional override or isolate, as "U+001B"; empty when there is none. Texts of
// the knowledge base are printed as they are, so they must hold none. `s` is valid UTF-8.
inline std::string hostile_character(std::string_view s) {
    const auto at = [&](std::size_t i) {
        return static_cast<unsigned>(static_cast<unsigned char>(s[i]));
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned c = at(i);
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            return fmt::format("U+{:04X}", c);
        }
        if (c == 0xC2 && i + 1 < s.size() && at(i + 1) <= 0x9F) {
            return fmt::format("U+{:04X}", at(i + 1));
        }
        if (c == 0xE2 && i + 2 < s.size()) {
            const unsigned cp = 0x2000 | ((at(i + 1) & 0x3F) << 6) | (at(i + 2) & 0x3F);
            if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
                return fmt::format("U+{:04X}", cp);
            }
        }
    }
    return {};
}

inline std::string pointer_escape(std::string_view key) {
    return replace_chars(key, {{'~', "~0"}, {'/', "~1"}});
}

inline std::string child(std::string_view base, std::string_view key) {
    std::string out(base);
    out += '/';
    out += pointer_escape(key);
    return out;
}

// Reads one file's JSON into entries, recording every violation. Strings are copied into the
// knowledge base's storage only once the whole file has been validated, so a failed load leaves
// nothing behind but some unreferenced storage.
class Reader {
public:
    Reader(std::string_view source, KbStorage& storage) : m_source(source), m_storage(storage) {}

    std::vector<Diagnostic>& diagnostics() { return m_diags; }

    // Reports a violation at `path`, worded in English and in Russian over the same arguments.
    template <class... Args>
    void error(const std::string& path, fmt::format_string<Args...> en,
               fmt::format_string<Args...> ru, Args&&... args) {
        m_diags.push_back(
            Diagnostic{std::string(m_source), 0, 0, path,
                       fmt::vformat(fmt::string_view(en), fmt::make_format_args(args...)),
                       fmt::vformat(fmt::string_view(ru), fmt::make_format_args(args...))});
    }

    // Reports a violation at `path` already worded in each language (when the two need different
    // arguments, as an entry's name does).
    void say(const std::string& path, std::string en, std::string ru) {
        m_diags.push_back(
            Diagnostic{std::string(m_source), 0, 0, path, std::move(en), std::move(ru)});
    }

    // Reports `name` as not one of `known`, `what` being "unknown field" and "неизвестное поле",
    // with the closest of `known` as a suggestion.
    void unknown(const std::string& path, std::string_view what, std::string_view what_ru,
                 std::string_view name, const std::vector<std::string_view>& known) {
        const std::string shown = sanitize_utf8(name);
        m_diags.push_back(Diagnostic{
            std::string(m_source), 0, 0, path,
            fmt::format("{} \"{}\"{}", what, shown, suggestion(name, known, Lang::en)),
            fmt::format("{} \"{}\"{}", what_ru, shown, suggestion(name, known, Lang::ru))});
    }

    // Reports fields of `obj` that are not in `allowed`, and required ones that are missing.
    // Returns false when a required field is missing.
    bool check_fields(const Json& obj, const std::string& path,
                      const std::vector<std::string_view>& allowed,
                      const std::vector<std::string_view>& required) {
        for (const auto& [key, value] : obj.items()) {
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                unknown(child(path, key), "unknown field", "неизвестное поле", key, allowed);
            }
        }
        bool complete = true;
        for (const auto key : required) {
            if (!obj.contains(key)) {
                error(path, "missing required field \"{}\"", "нет обязательного поля \"{}\"", key);
                complete = false;
            }
        }
        return complete;
    }

    std::optional<std::string_view> string(const Json& obj, std::string_view key,
                                           const std::string& path, bool allow_empty = false) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        const std::string p = child(path, key);
        if (!it->is_string()) {
            error(p, "expected a string", "ожидается строка");
            return std::nullopt;
        }
        const auto& s = it->get_ref<const std::string&>();
        if (!allow_empty && trim(s).empty()) {
            error(p, "expected a non-empty string", "ожидается непустая строка");
            return std::nullopt;
        }
        if (!printable(s, p)) {
            return std::nullopt;
        }
        return keep(s);
    }

    std::optional<long long> integer(const Json& obj, std::string_view key, const std::string& path,
                                     long long lo, long long hi) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        const std::string p = child(path, key);
        if (!it->is_number_integer()) {
            error(p, "expected an integer", "ожидается целое число");
            return std::nullopt;
        }
        const long long v = it->get<long long>();
        if (v < lo || v > hi) {
            error(p, "{} is out of range {}-{}", "{} вне диапазона {}-{}", v, lo, hi);
            return std::nullopt;
        }
        return v;
    }

    std::optional<bool> boolean(const Json& obj, std::string_view key, const std::string& path) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        if (!it->is_boolean()) {
            error(child(path, key), "expected true or false", "ожидается true или false");
            return std::nullopt;
        }
        return it->get<bool>();
    }

    // A SIP status code 100-699, or null when `nullable`; nullopt when absent or invalid,
    // 0 for null.
    std::optional<int> status(const Json& obj, std::string_view key, const std::string& path,
                              bool nullable = false) {
        const auto it = obj.find(key);
        if (it != obj.end() && nullable && it->is_null()) {
            return 0;
        }
        const auto v = integer(obj, key, path, 100, 699);
        return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
    }

    template <class E>
    std::optional<E> enumeration(const Json& obj, std::string_view key, const std::string& path) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        return enum_value<E>(*it, child(path, key));
    }

    template <class E>
    std::optional<E> enum_value(const Json& value, const std::string& path) {
        constexpr EnumName what = enum_name<E>();
        if (!value.is_string()) {
            error(path, "expected a {0} id", "ожидается id {1}", what.en, what.ru_of);
            return std::nullopt;
        }
        const auto& s = value.get_ref<const std::string&>();
        const auto e = parse_enum<E>(s);
        if (!e) {
            unknown(path, fmt::format("unknown {}", what.en), what.ru_unknown, s, id_list<E>());
        }
        return e;
    }

    std::optional<LocalText> text(const Json& value, const std::string& path) {
        if (value.is_string()) {
            if (trim(value.get_ref<const std::string&>()).empty()) {
                error(path, "expected a non-empty text", "ожидается непустой текст");
                return std::nullopt;
            }
            if (!printable(value.get_ref<const std::string&>(), path)) {
                return std::nullopt;
            }
            return LocalText{keep(value.get_ref<const std::string&>()), {}};
        }
        if (!value.is_object() || value.empty()) {
            error(path, "expected a text: a string, or an object with \"en\" and/or \"ru\"",
                  "ожидается текст: строка или объект с \"en\" и/или \"ru\"");
            return std::nullopt;
        }
        LocalText t;
        bool ok = true;
        for (const auto& [lang, s] : value.items()) {
            const std::string p = child(path, lang);
            const auto l = parse_enum<Lang>(lang);
            if (!l) {
                unknown(p, "unknown language", "неизвестный язык", lang, id_list<Lang>());
                ok = false;
                continue;
            }
            if (!s.is_string() || trim(s.get_ref<const std::string&>()).empty()) {
                error(p, "expected a non-empty string", "ожидается непустая строка");
                ok = false;
                continue;
            }
            if (!printable(s.get_ref<const std::string&>(), p)) {
                ok = false;
                continue;
            }
            (*l == Lang::en ? t.en : t.ru) = keep(s.get_ref<const std::string&>());
        }
        return ok ? std::optional<LocalText>(t) : std::nullopt;
    }

    std::optional<LocalText> text(const Json& obj, std::string_view key, const std::string& path) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        return text(*it, child(path, key));
    }

    std::optional<std::span<const LocalText>> texts(const Json& obj, std::string_view key,
                                                    const std::string& path) {
        return array<LocalText>(
            obj, key, path, 1, 10,
            {"expected an array of 1 to 10 texts", "ожидается массив из 1-10 текстов"},
            [&](const Json& v, const std::string& p) { return text(v, p); });
    }

    std::optional<std::span<const int>> statuses(const Json& obj, std::string_view key,
                                                 const std::string& path) {
        return array<int>(obj, key, path, 0, k_any_size,
                          {"expected an array of status codes", "ожидается массив кодов ответа"},
                          [&](const Json& v, const std::string& p) -> std::optional<int> {
                              if (!v.is_number_integer() || v.get<long long>() < 100 ||
                                  v.get<long long>() > 699) {
                                  error(p, "expected a status code 100-699",
                                        "ожидается код ответа 100-699");
                                  return std::nullopt;
                              }
                              return v.get<int>();
                          });
    }

    std::optional<std::span<const std::string_view>> strings(const Json& obj, std::string_view key,
                                                             const std::string& path) {
        return array<std::string_view>(
            obj, key, path, 0, k_any_size,
            {"expected an array of strings", "ожидается массив строк"},
            [&](const Json& v, const std::string& p) -> std::optional<std::string_view> {
                if (!v.is_string() || trim(v.get_ref<const std::string&>()).empty()) {
                    error(p, "expected a non-empty string", "ожидается непустая строка");
                    return std::nullopt;
                }
                if (!printable(v.get_ref<const std::string&>(), p)) {
                    return std::nullopt;
                }
                return keep(v.get_ref<const std::string&>());
            });
    }

    // Reports a text holding a character the outputs would replace; true when it holds none.
    bool printable(std::string_view s, const std::string& path) {
        const std::string c = hostile_character(s);
        if (!c.empty()) {
            error(path, "holds {}: no control characters or bidirectional overrides in a text",
                  "содержит {}: в тексте не должно быть управляющих символов и символов смены "
                  "направления",
                  c);
        }
        return c.empty();
    }

    std::string_view keep(std::string s) { return m_storage.keep(std::move(s)); }
    KbStorage& storage() { return m_storage; }

private:
    static constexpr std::size_t k_any_size = static_cast<std::size_t>(-1);

    struct Wording {
        std::string_view en;
        std::string_view ru;
    };

    // The array at `key` of `min` to `max` values, each read by `each` (which reports what is
    // wrong with a value and gives nullopt): nullopt when the array is absent, not of that size,
    // or any of its values is wrong.
    template <class V, class Each>
    std::optional<std::span<const V>> array(const Json& obj, std::string_view key,
                                            const std::string& path, std::size_t min,
                                            std::size_t max, Wording not_array, Each each) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        const std::string p = child(path, key);
        if (!it->is_array() || it->size() < min || it->size() > max) {
            say(p, std::string(not_array.en), std::string(not_array.ru));
            return std::nullopt;
        }
        std::vector<V> out;
        bool ok = true;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const std::optional<V> v = each((*it)[i], fmt::format("{}/{}", p, i));
            ok = ok && v.has_value();
            if (v) {
                out.push_back(*v);
            }
        }
        return ok ? std::optional(m_storage.keep(std::move(out))) : std::nullopt;
    }

    std::string_view m_source;
    KbStorage& m_storage;
    std::vector<Diagnostic> m_diags;
};

}  // namespace sipwhy::kb_detail
