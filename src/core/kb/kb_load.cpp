// Loading knowledge-base JSON: syntax errors with line:column, every schema violation with its JSON
// pointer, each worded in English and in Russian, then a field-by-field merge into what is already
// loaded. nlohmann exceptions never leave this file.
#include <sipwhy/kb/finding_ids.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace sipwhy {
namespace {

using Json = nlohmann::ordered_json;  // keeps file order, so errors come in file order

// What an enumeration's ids name, for messages: in English "category", as in "unknown category"
// and "expected a category id"; in Russian the whole "неизвестная категория", and "категории" as in
// "ожидается id категории".
struct EnumName {
    std::string_view en;
    std::string_view ru_unknown;
    std::string_view ru_of;
};

template <class E>
constexpr EnumName enum_name();
template <>
constexpr EnumName enum_name<Category>() {
    return {"category", "неизвестная категория", "категории"};
}
template <>
constexpr EnumName enum_name<NextStep>() {
    return {"next step", "неизвестный следующий шаг", "следующего шага"};
}
template <>
constexpr EnumName enum_name<Sender>() {
    return {"sender", "неизвестный отправитель", "отправителя"};
}
template <>
constexpr EnumName enum_name<VariantKind>() {
    return {"variant kind", "неизвестный вид варианта", "вида варианта"};
}
template <>
constexpr EnumName enum_name<Evidence>() {
    return {"evidence level", "неизвестный уровень подтверждения", "уровня подтверждения"};
}
template <>
constexpr EnumName enum_name<Platform>() {
    return {"platform", "неизвестная платформа", "платформы"};
}
template <>
constexpr EnumName enum_name<Q850Class>() {
    return {"Q.850 class", "неизвестный класс Q.850", "класса Q.850"};
}

// did_you_mean() in `lang`: in Russian " (может быть, «X»?)", as the command line's own errors
// say it.
std::string suggestion(std::string_view word, const std::vector<std::string_view>& candidates,
                       Lang lang) {
    if (lang == Lang::en) {
        return did_you_mean(word, candidates);
    }
    const std::string_view best = closest_match(word, candidates);
    return best.empty() ? std::string{} : fmt::format(" (может быть, «{}»?)", best);
}

// nlohmann's message for text that is not JSON (as DomBuilder keeps it) with a Russian lead:
// "syntax error while parsing value - DETAIL" becomes "ошибка синтаксиса JSON при разборе
// значения: DETAIL". The detail, the lexer's words and the text it read, stays as nlohmann says it.
std::string json_error_ru(std::string_view what) {
    struct Lead {
        std::string_view en;
        std::string_view ru;
    };
    static constexpr Lead k_leads[] = {
        {"syntax error while parsing value - ", "ошибка синтаксиса JSON при разборе значения: "},
        {"syntax error while parsing object key - ",
         "ошибка синтаксиса JSON при разборе ключа объекта: "},
        {"syntax error while parsing object separator - ",
         "ошибка синтаксиса JSON при разборе разделителя объекта: "},
        {"syntax error while parsing array - ", "ошибка синтаксиса JSON при разборе массива: "},
        {"syntax error - ", "ошибка синтаксиса JSON: "},
        {"number overflow parsing ", "переполнение числа при разборе "},
    };
    for (const Lead& lead : k_leads) {
        if (what.starts_with(lead.en)) {
            return std::string(lead.ru) + std::string(what.substr(lead.en.size()));
        }
    }
    return fmt::format("ошибка синтаксиса JSON: {}", what);
}

// Line and column (1-based) of the byte at 0-based `offset`.
std::pair<int, int> line_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return {line, static_cast<int>(offset - line_start) + 1};
}

// The first character of `s` that the outputs would have to replace, a control character other
// than tab or a bidirectional override or isolate, as "U+001B"; empty when there is none. Texts of
// the knowledge base are printed as they are, so they must hold none. `s` is valid UTF-8.
std::string hostile_character(std::string_view s) {
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

std::string pointer_escape(std::string_view key) {
    std::string out;
    for (const char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

std::string child(std::string_view base, std::string_view key) {
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
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        const std::string p = child(path, key);
        if (!it->is_array() || it->empty() || it->size() > 10) {
            error(p, "expected an array of 1 to 10 texts", "ожидается массив из 1-10 текстов");
            return std::nullopt;
        }
        std::vector<LocalText> out;
        bool ok = true;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto t = text((*it)[i], fmt::format("{}/{}", p, i));
            ok = ok && t.has_value();
            if (t) {
                out.push_back(*t);
            }
        }
        return ok ? std::optional(m_storage.keep(std::move(out))) : std::nullopt;
    }

    std::optional<std::span<const int>> statuses(const Json& obj, std::string_view key,
                                                 const std::string& path) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        const std::string p = child(path, key);
        if (!it->is_array()) {
            error(p, "expected an array of status codes", "ожидается массив кодов ответа");
            return std::nullopt;
        }
        std::vector<int> out;
        bool ok = true;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            if (!v.is_number_integer() || v.get<long long>() < 100 || v.get<long long>() > 699) {
                error(fmt::format("{}/{}", p, i), "expected a status code 100-699",
                      "ожидается код ответа 100-699");
                ok = false;
            } else {
                out.push_back(v.get<int>());
            }
        }
        return ok ? std::optional(m_storage.keep(std::move(out))) : std::nullopt;
    }

    std::optional<std::span<const std::string_view>> strings(const Json& obj, std::string_view key,
                                                             const std::string& path) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            return std::nullopt;
        }
        const std::string p = child(path, key);
        if (!it->is_array()) {
            error(p, "expected an array of strings", "ожидается массив строк");
            return std::nullopt;
        }
        std::vector<std::string_view> out;
        bool ok = true;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            if (!v.is_string() || trim(v.get_ref<const std::string&>()).empty()) {
                error(fmt::format("{}/{}", p, i), "expected a non-empty string",
                      "ожидается непустая строка");
                ok = false;
            } else if (!printable(v.get_ref<const std::string&>(), fmt::format("{}/{}", p, i))) {
                ok = false;
            } else {
                out.push_back(keep(v.get_ref<const std::string&>()));
            }
        }
        return ok ? std::optional(m_storage.keep(std::move(out))) : std::nullopt;
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
    std::string_view m_source;
    KbStorage& m_storage;
    std::vector<Diagnostic> m_diags;
};

// One entry read from a file: the fields given, and where it was.
template <class T>
struct Parsed {
    T entry;
    std::set<std::string_view> fields;  // the JSON fields present
    std::string path;
};

// Applies the fields of `from` that were given in the file onto `to`.
template <class T, class Assign>
void merge_fields(T& to, const Parsed<T>& from, Assign assign) {
    for (const auto field : from.fields) {
        assign(to, from.entry, field);
    }
}

void assign_code_field(CodeEntry& to, const CodeEntry& from, std::string_view field) {
    if (field == "reason") {
        to.reason = from.reason;
    } else if (field == "registered") {
        to.registered = from.registered;
    } else if (field == "rfc") {
        to.rfc = from.rfc;
    } else if (field == "origin") {
        to.origin = from.origin;
    } else if (field == "source") {
        to.source = from.source;
    } else if (field == "category") {
        to.category = from.category;
    } else if (field == "next_step") {
        to.next_step = from.next_step;
    } else if (field == "sent_by") {
        to.sent_by = from.sent_by;
    } else if (field == "summary") {
        to.summary = from.summary;
    } else if (field == "causes") {
        to.causes = from.causes;
    } else if (field == "checks") {
        to.checks = from.checks;
    } else if (field == "retry") {
        to.retry = from.retry;
    } else if (field == "local") {
        to.local = from.local;
    } else if (field == "mapping_note") {
        to.mapping_note = from.mapping_note;
    }
}

const std::vector<std::string_view> k_sections = {
    "version",         "codes",      "variants",         "q850",       "platforms",
    "platform_causes", "warn_codes", "reason_protocols", "categories", "next_steps",
    "classes",         "keywords",   "findings",         "option_tags"};

const std::vector<std::string_view> k_code_fields = {
    "code",      "class",   "reason",  "registered", "rfc",    "origin", "source", "category",
    "next_step", "sent_by", "summary", "causes",     "checks", "retry",  "local",  "mapping_note"};

// The entries of a keyed section read from a file, each with where it was.
template <class T>
struct Keyed {
    std::vector<T> items;
    std::vector<std::string> paths;
    void add(T item, std::string path) {
        items.push_back(std::move(item));
        paths.push_back(std::move(path));
    }
};

// The whole file, read and validated, waiting to be merged.
struct FileContent {
    std::optional<std::string_view> version;
    std::vector<Parsed<CodeEntry>> codes;
    Keyed<Variant> variants;
    Keyed<Q850Cause> q850;
    Keyed<PlatformInfo> platforms;
    Keyed<PlatformCause> platform_causes;
    Keyed<WarnCode> warn_codes;
    Keyed<ReasonProtocol> reason_protocols;
    Keyed<CategoryInfo> categories;
    Keyed<NextStepInfo> next_steps;
    Keyed<ClassInfo> classes;
    std::vector<KeywordRule> keywords;  // added, never replaced: no key
    Keyed<FindingRule> finding_rules;
    Keyed<OptionTag> option_tags;
};

// A key compared without ASCII case.
std::string folded(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

// An entry as messages name it, in English and in Russian.
struct Named {
    std::string en;
    std::string ru;
};

// One keyed section (codes, whose fields merge one by one, have their own): where its entries
// are in a file and in the knowledge base, what tells two apart, and how one is named. The one
// description the duplicate check within a file, the overlap check between files and the merge
// all go by.
template <class T, class Key, class Name>
struct KeyedSection {
    Keyed<T> FileContent::*file;
    std::vector<T> KbData::*data;
    Key key;
    Name name;
};
template <class T, class Key, class Name>
KeyedSection(Keyed<T> FileContent::*, std::vector<T> KbData::*, Key, Name)
    -> KeyedSection<T, Key, Name>;

// Calls `f` with each keyed section, in the order of the file format (docs/knowledge-base.md).
template <class F>
void for_each_keyed_section(F&& f) {
    f(KeyedSection{&FileContent::variants, &KbData::variants,
                   [](const Variant& v) { return std::pair(v.code, std::string_view(v.key)); },
                   [](const Variant& v) {
                       const std::string phrase = sanitize_utf8(v.phrase);
                       return Named{fmt::format("variant \"{}\" of code {}", phrase, v.code),
                                    fmt::format("вариант \"{}\" кода {}", phrase, v.code)};
                   }});
    f(KeyedSection{&FileContent::q850, &KbData::q850, [](const Q850Cause& q) { return q.cause; },
                   [](const Q850Cause& q) {
                       return Named{fmt::format("Q.850 cause {}", q.cause),
                                    fmt::format("причина Q.850 {}", q.cause)};
                   }});
    f(KeyedSection{&FileContent::platforms, &KbData::platforms,
                   [](const PlatformInfo& p) { return p.id; },
                   [](const PlatformInfo& p) {
                       return Named{fmt::format("platform {}", to_string(p.id)),
                                    fmt::format("платформа {}", to_string(p.id))};
                   }});
    f(KeyedSection{&FileContent::platform_causes, &KbData::platform_causes,
                   [](const PlatformCause& c) { return std::pair(c.platform, folded(c.name)); },
                   [](const PlatformCause& c) {
                       const std::string name = sanitize_utf8(c.name);
                       return Named{
                           fmt::format("cause {} of platform {}", name, to_string(c.platform)),
                           fmt::format("причина {} платформы {}", name, to_string(c.platform))};
                   }});
    f(KeyedSection{&FileContent::warn_codes, &KbData::warn_codes,
                   [](const WarnCode& w) { return w.code; },
                   [](const WarnCode& w) {
                       return Named{fmt::format("warn-code {}", w.code),
                                    fmt::format("код Warning {}", w.code)};
                   }});
    f(KeyedSection{&FileContent::reason_protocols, &KbData::reason_protocols,
                   [](const ReasonProtocol& r) { return folded(r.protocol); },
                   [](const ReasonProtocol& r) {
                       const std::string name = sanitize_utf8(r.protocol);
                       return Named{fmt::format("Reason protocol {}", name),
                                    fmt::format("протокол Reason {}", name)};
                   }});
    f(KeyedSection{&FileContent::categories, &KbData::categories,
                   [](const CategoryInfo& c) { return c.id; },
                   [](const CategoryInfo& c) {
                       return Named{fmt::format("category {}", to_string(c.id)),
                                    fmt::format("категория {}", to_string(c.id))};
                   }});
    f(KeyedSection{&FileContent::next_steps, &KbData::next_steps,
                   [](const NextStepInfo& n) { return n.id; },
                   [](const NextStepInfo& n) {
                       return Named{fmt::format("next step {}", to_string(n.id)),
                                    fmt::format("следующий шаг {}", to_string(n.id))};
                   }});
    f(KeyedSection{
        &FileContent::classes, &KbData::classes, [](const ClassInfo& c) { return c.digit; },
        [](const ClassInfo& c) {
            return Named{fmt::format("class {}xx", c.digit), fmt::format("класс {}xx", c.digit)};
        }});
    f(KeyedSection{&FileContent::finding_rules, &KbData::finding_rules,
                   [](const FindingRule& r) { return r.id; },
                   [](const FindingRule& r) {
                       const std::string id = sanitize_utf8(r.id);
                       return Named{fmt::format("finding {}", id), fmt::format("находка {}", id)};
                   }});
    f(KeyedSection{
        &FileContent::option_tags, &KbData::option_tags,
        [](const OptionTag& t) { return folded(t.tag); },
        [](const OptionTag& t) {
            const std::string tag = sanitize_utf8(t.tag);
            return Named{fmt::format("option tag {}", tag), fmt::format("тег опции {}", tag)};
        }});
}

// Whether every brace of a finding's text is a placeholder {1} to {9}.
bool valid_placeholders(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{') {
            if (i + 2 >= s.size() || s[i + 1] < '1' || s[i + 1] > '9' || s[i + 2] != '}') {
                return false;
            }
            i += 2;
        } else if (s[i] == '}') {
            return false;
        }
    }
    return true;
}

class FileLoader {
public:
    FileLoader(Reader& r, const KbData& existing) : m_r(r), m_existing(existing) {}

    FileContent read(const Json& doc) {
        FileContent out;
        if (!doc.is_object()) {
            m_r.error("", "expected a JSON object with knowledge-base sections",
                      "ожидается объект JSON с разделами базы знаний");
            return out;
        }
        for (const auto& [key, value] : doc.items()) {
            const std::string path = child("", key);
            if (key == "version") {
                if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
                    m_r.error(path, "expected a non-empty string", "ожидается непустая строка");
                } else {
                    out.version = m_r.keep(value.get<std::string>());
                }
                continue;
            }
            if (std::find(k_sections.begin(), k_sections.end(), key) == k_sections.end()) {
                m_r.unknown(path, "unknown section", "неизвестный раздел", key, k_sections);
                continue;
            }
            if (!value.is_array()) {
                m_r.error(path, "expected an array", "ожидается массив");
                continue;
            }
            for (std::size_t i = 0; i < value.size(); ++i) {
                const std::string p = fmt::format("{}/{}", path, i);
                const Json& item = value[i];
                if (!item.is_object()) {
                    m_r.error(p, "expected an object", "ожидается объект");
                    continue;
                }
                read_item(key, item, p, out);
            }
        }
        check_duplicates(out);
        return out;
    }

private:
    void read_item(const std::string& section, const Json& item, const std::string& p,
                   FileContent& out) {
        if (section == "codes") {
            if (auto e = read_code(item, p)) {
                out.codes.push_back(std::move(*e));
            }
        } else if (section == "variants") {
            if (auto v = read_variant(item, p)) {
                out.variants.add(*v, p);
            }
        } else if (section == "q850") {
            if (auto q = read_q850(item, p)) {
                out.q850.add(*q, p);
            }
        } else if (section == "platforms") {
            if (auto pl = read_platform(item, p)) {
                out.platforms.add(*pl, p);
            }
        } else if (section == "platform_causes") {
            if (auto c = read_platform_cause(item, p)) {
                out.platform_causes.add(*c, p);
            }
        } else if (section == "warn_codes") {
            if (auto w = read_warn_code(item, p)) {
                out.warn_codes.add(*w, p);
            }
        } else if (section == "reason_protocols") {
            if (auto rp = read_reason_protocol(item, p)) {
                out.reason_protocols.add(*rp, p);
            }
        } else if (section == "categories") {
            if (auto c = read_described<CategoryInfo, Category>(item, p)) {
                out.categories.add(*c, p);
            }
        } else if (section == "next_steps") {
            if (auto s = read_described<NextStepInfo, NextStep>(item, p)) {
                out.next_steps.add(*s, p);
            }
        } else if (section == "classes") {
            if (auto c = read_class(item, p)) {
                out.classes.add(*c, p);
            }
        } else if (section == "keywords") {
            if (auto k = read_keyword(item, p)) {
                out.keywords.push_back(*k);
            }
        } else if (section == "findings") {
            if (auto r = read_finding_rule(item, p)) {
                out.finding_rules.add(*r, p);
            }
        } else if (section == "option_tags") {
            if (auto t = read_option_tag(item, p)) {
                out.option_tags.add(*t, p);
            }
        }
    }

    const CodeEntry* existing_code(int code) const {
        for (const auto& e : m_existing.codes) {
            if (e.code == code) {
                return &e;
            }
        }
        return nullptr;
    }

    std::optional<Parsed<CodeEntry>> read_code(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, k_code_fields, {"code"});
        const auto code = m_r.status(o, "code", p);
        if (!code) {
            return std::nullopt;
        }
        Parsed<CodeEntry> out;
        out.path = p;
        out.entry.code = *code;
        for (const auto& [key, value] : o.items()) {
            const auto it = std::find(k_code_fields.begin(), k_code_fields.end(), key);
            if (it != k_code_fields.end()) {
                out.fields.insert(*it);
            }
        }
        const bool is_new = existing_code(*code) == nullptr;
        if (is_new) {
            std::vector<std::string_view> required = {
                "class",   "reason",  "registered", "category", "next_step",
                "sent_by", "summary", "causes",     "checks",   "retry"};
            const auto reg = o.find("registered");
            const bool registered = reg == o.end() || !reg->is_boolean() || reg->get<bool>();
            if (registered) {
                required.push_back("rfc");
            } else {
                required.push_back("origin");
                required.push_back("source");
            }
            for (const auto key : required) {
                if (!o.contains(key)) {
                    m_r.error(p, "missing required field \"{}\" (code {} is new)",
                              "нет обязательного поля \"{}\" (код {} новый)", key, *code);
                }
            }
        }
        CodeEntry& e = out.entry;
        if (const auto it = o.find("class"); it != o.end()) {
            const std::string expected = class_of(*code);
            if (!it->is_string()) {
                m_r.error(p + "/class", "expected a string such as \"4xx\"",
                          "ожидается строка вида \"4xx\"");
            } else if (it->get_ref<const std::string&>() != expected) {
                m_r.error(p + "/class", "class \"{}\" does not match code {} (expected \"{}\")",
                          "класс \"{}\" не соответствует коду {} (ожидается \"{}\")",
                          sanitize_utf8(it->get_ref<const std::string&>()), *code, expected);
            }
        }
        if (auto v = m_r.string(o, "reason", p)) {
            e.reason = *v;
        }
        if (auto v = m_r.boolean(o, "registered", p)) {
            e.registered = *v;
        }
        if (auto v = m_r.string(o, "rfc", p)) {
            e.rfc = *v;
        }
        if (auto v = m_r.text(o, "origin", p)) {
            e.origin = *v;
        }
        if (auto v = m_r.string(o, "source", p)) {
            e.source = *v;
        }
        if (auto v = m_r.enumeration<Category>(o, "category", p)) {
            e.category = *v;
        }
        if (auto v = m_r.enumeration<NextStep>(o, "next_step", p)) {
            e.next_step = *v;
        }
        if (const auto it = o.find("sent_by"); it != o.end()) {
            if (!it->is_array() || it->empty()) {
                m_r.error(p + "/sent_by", "expected a non-empty array of sender ids",
                          "ожидается непустой массив id отправителей");
            } else {
                std::vector<Sender> senders;
                for (std::size_t i = 0; i < it->size(); ++i) {
                    if (auto s =
                            m_r.enum_value<Sender>((*it)[i], fmt::format("{}/sent_by/{}", p, i))) {
                        senders.push_back(*s);
                    }
                }
                e.sent_by = m_r.storage().keep(std::move(senders));
            }
        }
        if (auto v = m_r.text(o, "summary", p)) {
            e.summary = *v;
        }
        if (auto v = m_r.texts(o, "causes", p)) {
            e.causes = *v;
        }
        if (auto v = m_r.texts(o, "checks", p)) {
            e.checks = *v;
        }
        if (auto v = m_r.text(o, "retry", p)) {
            e.retry = *v;
        }
        if (auto v = m_r.text(o, "local", p)) {
            e.local = *v;
        }
        if (auto v = m_r.text(o, "mapping_note", p)) {
            e.mapping_note = *v;
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return out;
    }

    std::optional<Variant> read_variant(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p,
                         {"code", "phrase", "meaning", "category", "next_step", "retry", "kind",
                          "vendor", "source", "evidence", "local", "checks"},
                         {"code", "phrase", "meaning", "category", "kind", "source"});
        Variant v;
        if (auto c = m_r.status(o, "code", p)) {
            v.code = *c;
        }
        if (auto s = m_r.string(o, "phrase", p)) {
            v.phrase = *s;
            const std::string key = normalize_phrase(*s);
            if (key.empty()) {
                m_r.error(p + "/phrase", "the phrase has no letters or digits to match on",
                          "во фразе нет букв или цифр для сопоставления");
            }
            v.key = m_r.keep(key);
        }
        if (auto t = m_r.text(o, "meaning", p)) {
            v.meaning = *t;
        }
        if (auto c = m_r.enumeration<Category>(o, "category", p)) {
            v.category = *c;
        }
        v.next_step = m_r.enumeration<NextStep>(o, "next_step", p);
        if (auto t = m_r.text(o, "retry", p)) {
            v.retry = *t;
        }
        if (auto k = m_r.enumeration<VariantKind>(o, "kind", p)) {
            v.kind = *k;
        }
        if (auto s = m_r.string(o, "vendor", p)) {
            v.vendor = *s;
        }
        if (auto s = m_r.string(o, "source", p)) {
            v.source = *s;
        }
        if (auto e = m_r.enumeration<Evidence>(o, "evidence", p)) {
            v.evidence = *e;
        }
        if (auto b = m_r.boolean(o, "local", p)) {
            v.local = *b;
        }
        if (auto t = m_r.texts(o, "checks", p)) {
            v.checks = *t;
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return v;
    }

    std::optional<Q850Cause> read_q850(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p,
                         {"cause", "name", "class", "meaning", "to_sip", "to_sip_note", "from_sip",
                          "itu", "category"},
                         {"cause", "name", "class", "meaning", "to_sip", "from_sip"});
        Q850Cause q;
        if (auto c = m_r.integer(o, "cause", p, 0, 127)) {
            q.cause = static_cast<int>(*c);
        }
        if (auto t = m_r.text(o, "name", p)) {
            q.name = t->en.empty() ? t->ru : t->en;
            q.name_ru = t->ru;
        }
        if (auto c = m_r.enumeration<Q850Class>(o, "class", p)) {
            q.q850_class = *c;
        }
        if (auto t = m_r.text(o, "meaning", p)) {
            q.meaning = *t;
        }
        if (auto s = m_r.status(o, "to_sip", p, true)) {
            q.to_sip = *s;
        }
        if (auto t = m_r.text(o, "to_sip_note", p)) {
            q.to_sip_note = *t;
        }
        if (auto f = m_r.statuses(o, "from_sip", p)) {
            q.from_sip = *f;
        }
        if (auto b = m_r.boolean(o, "itu", p)) {
            q.itu = *b;
        }
        q.category = m_r.enumeration<Category>(o, "category", p);
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return q;
    }

    std::optional<PlatformInfo> read_platform(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, {"id", "name", "source", "default_cause", "default_sip", "note"},
                         {"id", "name", "source"});
        PlatformInfo pl;
        if (auto id = m_r.enumeration<Platform>(o, "id", p)) {
            pl.id = *id;
        }
        if (auto s = m_r.string(o, "name", p)) {
            pl.name = *s;
        }
        if (auto s = m_r.string(o, "source", p)) {
            pl.source = *s;
        }
        if (const auto it = o.find("default_cause"); it != o.end()) {
            if (!it->is_object()) {
                m_r.error(p + "/default_cause", "expected an object from class to cause name",
                          "ожидается объект с именем причины для каждого класса");
            } else {
                for (const auto& [cls, name] : it->items()) {
                    const std::string cp = child(p + "/default_cause", cls);
                    if (cls.size() != 3 || cls[0] < '1' || cls[0] > '6' || cls.substr(1) != "xx") {
                        m_r.error(cp, "expected a class \"1xx\" to \"6xx\", not \"{}\"",
                                  "ожидается класс от \"1xx\" до \"6xx\", а не \"{}\"",
                                  sanitize_utf8(cls));
                    } else if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
                        m_r.error(cp, "expected a cause name", "ожидается имя причины");
                    } else {
                        pl.default_cause[static_cast<std::size_t>(cls[0] - '1')] =
                            m_r.keep(name.get<std::string>());
                    }
                }
            }
        }
        if (auto s = m_r.status(o, "default_sip", p, true)) {
            pl.default_sip = *s;
        }
        if (auto t = m_r.text(o, "note", p)) {
            pl.note = *t;
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return pl;
    }

    std::optional<PlatformCause> read_platform_cause(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(
            o, p, {"platform", "name", "value", "to_sip", "from_sip", "aliases", "meaning", "note"},
            {"platform", "name", "value", "to_sip", "from_sip", "meaning"});
        PlatformCause c;
        if (auto pl = m_r.enumeration<Platform>(o, "platform", p)) {
            c.platform = *pl;
        }
        if (auto s = m_r.string(o, "name", p)) {
            c.name = *s;
        }
        if (const auto it = o.find("value"); it != o.end()) {
            if (it->is_number_integer()) {
                c.value = m_r.keep(std::to_string(it->get<long long>()));
            } else if (it->is_string() && !it->get_ref<const std::string&>().empty()) {
                c.value = m_r.keep(it->get<std::string>());
            } else {
                m_r.error(p + "/value", "expected a number or a non-empty string",
                          "ожидается число или непустая строка");
            }
        }
        if (auto s = m_r.status(o, "to_sip", p, true)) {
            c.to_sip = *s;
        }
        if (auto f = m_r.statuses(o, "from_sip", p)) {
            c.from_sip = *f;
        }
        if (auto a = m_r.strings(o, "aliases", p)) {
            c.aliases = *a;
        }
        if (auto t = m_r.text(o, "meaning", p)) {
            c.meaning = *t;
        }
        if (auto t = m_r.text(o, "note", p)) {
            c.note = *t;
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return c;
    }

    std::optional<WarnCode> read_warn_code(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, {"code", "text", "rfc", "meaning"},
                         {"code", "text", "rfc", "meaning"});
        WarnCode w;
        if (auto c = m_r.integer(o, "code", p, 300, 399)) {
            w.code = static_cast<int>(*c);
        }
        if (auto s = m_r.string(o, "text", p)) {
            w.text = *s;
        }
        if (auto s = m_r.string(o, "rfc", p)) {
            w.rfc = *s;
        }
        if (auto t = m_r.text(o, "meaning", p)) {
            w.meaning = *t;
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return w;
    }

    std::optional<FindingRule> read_finding_rule(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, {"id", "rfc", "category", "text", "narrows"},
                         {"id", "rfc", "category", "text"});
        FindingRule r;
        if (auto b = m_r.boolean(o, "narrows", p)) {
            r.narrows = *b;
        }
        if (auto s = m_r.string(o, "id", p)) {
            r.id = *s;
            if (std::find(k_finding_ids.begin(), k_finding_ids.end(), *s) == k_finding_ids.end()) {
                m_r.unknown(
                    child(p, "id"), "unknown finding rule", "неизвестное правило находок", *s,
                    std::vector<std::string_view>(k_finding_ids.begin(), k_finding_ids.end()));
            }
        }
        if (auto s = m_r.string(o, "rfc", p)) {
            r.rfc = *s;
        }
        if (auto c = m_r.enumeration<Category>(o, "category", p)) {
            r.category = *c;
        }
        if (auto t = m_r.text(o, "text", p)) {
            r.text = *t;
            if (!valid_placeholders(t->en) || !valid_placeholders(t->ru)) {
                m_r.error(child(p, "text"), "a brace that is not a placeholder {{1}} to {{9}}",
                          "фигурная скобка, не образующая подстановку от {{1}} до {{9}}");
            }
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return r;
    }

    std::optional<OptionTag> read_option_tag(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, {"tag", "rfc", "meaning"}, {"tag", "rfc", "meaning"});
        OptionTag t;
        if (auto s = m_r.string(o, "tag", p)) {
            t.tag = *s;
        }
        if (auto s = m_r.string(o, "rfc", p)) {
            t.rfc = *s;
        }
        if (auto m = m_r.text(o, "meaning", p)) {
            t.meaning = *m;
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return t;
    }

    std::optional<ReasonProtocol> read_reason_protocol(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, {"protocol", "reference", "meaning", "causes"},
                         {"protocol", "reference", "meaning"});
        ReasonProtocol rp;
        if (auto s = m_r.string(o, "protocol", p)) {
            rp.protocol = *s;
        }
        if (auto s = m_r.string(o, "reference", p)) {
            rp.reference = *s;
        }
        if (auto t = m_r.text(o, "meaning", p)) {
            rp.meaning = *t;
        }
        if (const auto it = o.find("causes"); it != o.end()) {
            if (!it->is_object()) {
                m_r.error(p + "/causes", "expected an object from cause value to text",
                          "ожидается объект с текстом для каждого значения причины");
            } else {
                std::vector<ReasonProtocolCause> causes;
                for (const auto& [value, text] : it->items()) {
                    const std::string cp = child(p + "/causes", value);
                    int n = 0;
                    const auto [end, ec] =
                        std::from_chars(value.data(), value.data() + value.size(), n);
                    if (ec != std::errc{} || end != value.data() + value.size() || n < 0) {
                        m_r.error(cp, "expected a decimal cause value as key",
                                  "ключом должно быть десятичное значение причины");
                        continue;
                    }
                    if (auto t = m_r.text(text, cp)) {
                        causes.push_back({n, *t});
                    }
                }
                std::sort(causes.begin(), causes.end(),
                          [](const auto& a, const auto& b) { return a.value < b.value; });
                rp.causes = m_r.storage().keep(std::move(causes));
            }
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return rp;
    }

    template <class Info, class Id>
    std::optional<Info> read_described(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, {"id", "title", "description"}, {"id", "title", "description"});
        Info info;
        if (auto id = m_r.enumeration<Id>(o, "id", p)) {
            info.id = *id;
        }
        if (auto t = m_r.text(o, "title", p)) {
            info.title = *t;
        }
        if (auto t = m_r.text(o, "description", p)) {
            info.description = *t;
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return info;
    }

    std::optional<ClassInfo> read_class(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, {"class", "name", "summary", "rfc", "category", "next_step"},
                         {"class", "name", "summary", "rfc", "category", "next_step"});
        ClassInfo c;
        if (const auto it = o.find("class"); it != o.end()) {
            const bool ok = it->is_string() && it->get_ref<const std::string&>().size() == 3 &&
                            it->get_ref<const std::string&>()[0] >= '1' &&
                            it->get_ref<const std::string&>()[0] <= '6' &&
                            it->get_ref<const std::string&>().substr(1) == "xx";
            if (!ok) {
                m_r.error(p + "/class", "expected a class \"1xx\" to \"6xx\"",
                          "ожидается класс от \"1xx\" до \"6xx\"");
            } else {
                c.digit = it->get_ref<const std::string&>()[0] - '0';
            }
        }
        if (auto t = m_r.text(o, "name", p)) {
            c.name = *t;
        }
        if (auto t = m_r.text(o, "summary", p)) {
            c.summary = *t;
        }
        if (auto s = m_r.string(o, "rfc", p)) {
            c.rfc = *s;
        }
        if (auto v = m_r.enumeration<Category>(o, "category", p)) {
            c.category = *v;
        }
        if (auto v = m_r.enumeration<NextStep>(o, "next_step", p)) {
            c.next_step = *v;
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return c;
    }

    std::optional<KeywordRule> read_keyword(const Json& o, const std::string& p) {
        const std::size_t errors_before = m_r.diagnostics().size();
        m_r.check_fields(o, p, {"category", "words"}, {"category", "words"});
        KeywordRule k;
        if (auto v = m_r.enumeration<Category>(o, "category", p)) {
            k.category = *v;
        }
        if (const auto it = o.find("words"); it != o.end()) {
            if (!it->is_array() || it->empty()) {
                m_r.error(p + "/words", "expected a non-empty array of words",
                          "ожидается непустой массив слов");
            } else {
                std::vector<std::string_view> words;
                for (std::size_t i = 0; i < it->size(); ++i) {
                    const auto& w = (*it)[i];
                    const std::string wp = fmt::format("{}/words/{}", p, i);
                    if (!w.is_string()) {
                        m_r.error(wp, "expected a string", "ожидается строка");
                        continue;
                    }
                    const std::string key = normalize_phrase(w.get_ref<const std::string&>());
                    if (key.empty()) {
                        m_r.error(wp, "expected a word with letters or digits",
                                  "ожидается слово с буквами или цифрами");
                        continue;
                    }
                    words.push_back(m_r.keep(key));
                }
                k.words = m_r.storage().keep(std::move(words));
            }
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return k;
    }

    // Two entries of one file with the same key are a mistake, not an override.
    void check_duplicates(const FileContent& f) {
        std::map<int, std::string> codes;
        for (const auto& c : f.codes) {
            if (const auto [it, fresh] = codes.emplace(c.entry.code, c.path); !fresh) {
                m_r.error(c.path, "duplicate code {} (first at {})",
                          "код {} повторяется (впервые в {})", c.entry.code, it->second);
            }
        }
        for_each_keyed_section([&](const auto& section) {
            const auto& entries = f.*section.file;
            std::map<decltype(section.key(entries.items.front())), std::size_t> seen;
            for (std::size_t i = 0; i < entries.items.size(); ++i) {
                const auto [it, fresh] = seen.emplace(section.key(entries.items[i]), i);
                if (!fresh) {
                    const Named name = section.name(entries.items[i]);
                    const std::string& first = entries.paths[it->second];
                    m_r.say(entries.paths[i],
                            fmt::format("duplicate {} (first at {})", name.en, first),
                            fmt::format("{} повторяется (впервые в {})", name.ru, first));
                }
            }
        });
    }

    Reader& m_r;
    const KbData& m_existing;
};

// nlohmann's document builder, keeping where and why the text is not JSON it can hold: a syntax
// error, or a number out of range (1e400), which nlohmann would throw as different exceptions.
class DomBuilder : public nlohmann::detail::json_sax_dom_parser<Json> {
public:
    explicit DomBuilder(Json& doc) : json_sax_dom_parser(doc, false) {}

    template <class Exception>
    bool parse_error(std::size_t byte, const std::string& token, const Exception& e) {
        // A syntax error is at the last byte read; a number out of range ends there, and its
        // position is where it starts.
        if constexpr (std::is_same_v<Exception, nlohmann::detail::out_of_range>) {
            m_byte = byte - std::min(byte, token.size());
        } else {
            m_byte = byte == 0 ? 0 : byte - 1;
        }
        // nlohmann's text is "[json.exception.parse_error.101] parse error at line 3, column 17:
        // syntax error while parsing value - ..." or "[json.exception.out_of_range.406] number
        // overflow parsing '1e400'"; keep what follows the position, or the bracketed name.
        m_what = e.what();
        const auto column = m_what.find("column");
        const auto cut =
            column != std::string::npos ? m_what.find(": ", column) : m_what.find("] ");
        if (cut != std::string::npos) {
            m_what.erase(0, cut + 2);
        }
        return json_sax_dom_parser::parse_error(byte, token, e);
    }

    std::size_t error_byte() const { return m_byte; }
    const std::string& error() const { return m_what; }

private:
    std::size_t m_byte = 0;
    std::string m_what;
};

// Adds each item of `from` to `into`, or replaces the item of the same key: through an index of
// the keys, so that loading n items over m costs O((n + m) log(n + m)), not O(n m).
template <class T, class Key>
void upsert(std::vector<T>& into, const std::vector<T>& from, Key key) {
    std::map<decltype(key(from.front())), std::size_t> index;
    for (std::size_t i = 0; i < into.size(); ++i) {
        index.emplace(key(into[i]), i);
    }
    for (const auto& item : from) {
        const auto [it, fresh] = index.emplace(key(item), into.size());
        if (fresh) {
            into.push_back(item);
        } else {
            into[it->second] = item;
        }
    }
}

}  // namespace

std::vector<Diagnostic> load_kb_json(KbData& data, KbStorage& storage, std::string_view source,
                                     std::string_view json_text, bool allow_override) {
    Reader reader(source, storage);
    Json doc;
    DomBuilder builder(doc);
    if (!Json::sax_parse(json_text.begin(), json_text.end(), &builder)) {
        const auto [line, column] = line_column(json_text, builder.error_byte());
        const std::string what = sanitize_utf8(builder.error());
        return {Diagnostic{std::string(source), line, column, "", what, json_error_ru(what)}};
    }
    FileLoader loader(reader, data);
    FileContent content = loader.read(doc);
    if (!allow_override) {
        for (const auto& parsed : content.codes) {
            const bool known =
                std::any_of(data.codes.begin(), data.codes.end(),
                            [&](const auto& e) { return e.code == parsed.entry.code; });
            if (known) {
                reader.error(parsed.path, "code {} is already defined by an earlier file",
                             "код {} уже есть в более раннем файле", parsed.entry.code);
            }
        }
        for_each_keyed_section([&](const auto& section) {
            const auto& entries = content.*section.file;
            const auto& loaded = data.*section.data;
            std::set<decltype(section.key(entries.items.front()))> keys;
            for (const auto& e : loaded) {
                keys.insert(section.key(e));
            }
            for (std::size_t i = 0; i < entries.items.size(); ++i) {
                if (keys.contains(section.key(entries.items[i]))) {
                    const Named name = section.name(entries.items[i]);
                    reader.say(entries.paths[i],
                               fmt::format("{} is already defined by an earlier file", name.en),
                               fmt::format("{} уже есть в более раннем файле", name.ru));
                }
            }
        });
    }
    if (!reader.diagnostics().empty()) {
        return std::move(reader.diagnostics());
    }

    if (content.version) {
        data.version = *content.version;
    }
    for (const auto& parsed : content.codes) {
        const auto it = std::find_if(data.codes.begin(), data.codes.end(), [&](const CodeEntry& e) {
            return e.code == parsed.entry.code;
        });
        if (it == data.codes.end()) {
            data.codes.push_back(parsed.entry);
        } else {
            merge_fields(*it, parsed, assign_code_field);
        }
    }
    std::sort(data.codes.begin(), data.codes.end(),
              [](const CodeEntry& a, const CodeEntry& b) { return a.code < b.code; });
    for_each_keyed_section([&](const auto& section) {
        upsert(data.*section.data, (content.*section.file).items, section.key);
    });
    std::sort(data.q850.begin(), data.q850.end(),
              [](const Q850Cause& a, const Q850Cause& b) { return a.cause < b.cause; });
    data.keywords.insert(data.keywords.end(), content.keywords.begin(), content.keywords.end());
    return {};
}

}  // namespace sipwhy
