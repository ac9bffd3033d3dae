// The knowledge base's file format, described once: each section's entries, and each entry's
// fields with their JSON name, when they are required, how they are read and checked, how a later
// file's value replaces an earlier one, and how they are written as C++. The loader
// (kb_load.cpp: validation, the duplicate and overlap checks, the merge) and the generator of the
// built-in tables (kb_emit.cpp) both go by these tables. docs/knowledge-base.md is the format
// for people.
#pragma once

#include "kb/kb_emitter.hpp"
#include "kb/kb_reader.hpp"

#include <sipwhy/kb/finding_ids.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/sip/status_line.hpp>

#include <charconv>
#include <set>
#include <type_traits>

namespace sipwhy::kb_detail {

// When a field must be given.
enum class Need {
    optional,
    always,
    // In a section merged field by field (codes), an entry the files before did not define:
    new_entry,
    new_registered_entry,    // ... and is in the IANA registry ("registered": true or absent)
    new_unregistered_entry,  // ... and is not
};

template <class T>
struct Field {
    std::string_view name;  // in JSON
    Need need;
    // Reads the field from the entry object `o` at `path` when it is there, reporting what is
    // wrong with it.
    void (*read)(Reader& r, const Json& o, const std::string& path, T& e);
    // The field as designated initialisers (".reason = \"Busy Here\"sv"); empty when it is
    // not a member of its own.
    std::string (*emit)(Emitter& out, const T& e);
    // Gives `to` the field's value in `from` (codes merge field by field).
    void (*assign)(T& to, const T& from);
};

// How a member's type is read, written and copied.
template <class V>
struct Io;
template <>
struct Io<std::string_view> {
    static auto read(Reader& r, const Json& o, std::string_view k, const std::string& p) {
        return r.string(o, k, p);
    }
    static std::string emit(Emitter&, std::string_view v) { return literal(v); }
};
template <>
struct Io<LocalText> {
    static auto read(Reader& r, const Json& o, std::string_view k, const std::string& p) {
        return r.text(o, k, p);
    }
    static std::string emit(Emitter&, const LocalText& v) { return text(v); }
};
template <>
struct Io<bool> {
    static auto read(Reader& r, const Json& o, std::string_view k, const std::string& p) {
        return r.boolean(o, k, p);
    }
    static std::string emit(Emitter&, bool v) { return v ? "true" : "false"; }
};
template <>
struct Io<std::span<const LocalText>> {
    static auto read(Reader& r, const Json& o, std::string_view k, const std::string& p) {
        return r.texts(o, k, p);
    }
    static std::string emit(Emitter& out, std::span<const LocalText> v) { return out.texts(v); }
};
template <>
struct Io<std::span<const int>> {
    static auto read(Reader& r, const Json& o, std::string_view k, const std::string& p) {
        return r.statuses(o, k, p);
    }
    static std::string emit(Emitter& out, std::span<const int> v) { return out.ints(v); }
};
template <>
struct Io<std::span<const std::string_view>> {
    static auto read(Reader& r, const Json& o, std::string_view k, const std::string& p) {
        return r.strings(o, k, p);
    }
    static std::string emit(Emitter& out, std::span<const std::string_view> v) {
        return out.strings(v);
    }
};
template <class E>
requires std::is_enum_v<E>
struct Io<E> {
    static auto read(Reader& r, const Json& o, std::string_view k, const std::string& p) {
        return r.template enumeration<E>(o, k, p);
    }
    static std::string emit(Emitter&, E v) { return enum_ref(enum_name<E>().cpp, v); }
};
template <class E>
struct Io<std::optional<E>> {
    static auto read(Reader& r, const Json& o, std::string_view k, const std::string& p) {
        return r.template enumeration<E>(o, k, p);
    }
    static std::string emit(Emitter&, const std::optional<E>& v) {
        return optional_enum(enum_name<E>().cpp, v);
    }
};
template <>
struct Io<int> {
    static std::string emit(Emitter&, int v) { return std::to_string(v); }
};

template <>
struct Io<std::span<const Sender>> {
    static std::string emit(Emitter& out, std::span<const Sender> v) { return out.senders(v); }
};

template <>
struct Io<std::span<const ReasonProtocolCause>> {
    static std::string emit(Emitter& out, std::span<const ReasonProtocolCause> v) {
        return out.reason_causes(v);
    }
};
template <>
struct Io<std::array<std::string_view, 6>> {
    static std::string emit(Emitter&, const std::array<std::string_view, 6>& v) {
        std::string out = "{";
        for (const auto name : v) {
            out += literal(name) + ", ";
        }
        return out + "}";
    }
};

template <class M>
struct MemberOf;
template <class T, class V>
struct MemberOf<V T::*> {
    using Entry = T;
    using Value = V;
};
template <auto M>
using EntryOf = typename MemberOf<decltype(M)>::Entry;
template <auto M>
using ValueOf = typename MemberOf<decltype(M)>::Value;

// A name given as a template argument, so that captureless readers and writers know it.
template <std::size_t N>
struct Name {
    char chars[N]{};
    constexpr Name(const char (&s)[N]) { std::copy_n(s, N, chars); }
    constexpr std::string_view view() const { return {chars, N - 1}; }
};

// A field held in member M, named `Key` in JSON and `Cpp` in C++, read by `read`.
template <auto M, Name Key, Name Cpp = Key>
constexpr Field<EntryOf<M>> member(Need need, auto read) {
    using T = EntryOf<M>;
    return Field<T>{Key.view(), need, read,
                    [](Emitter& out, const T& e) {
                        return fmt::format(".{} = {}", Cpp.view(), Io<ValueOf<M>>::emit(out, e.*M));
                    },
                    [](T& to, const T& from) { to.*M = from.*M; }};
}

// A field read as its member's type is.
template <auto M, Name Key, Name Cpp = Key>
constexpr Field<EntryOf<M>> plain(Need need) {
    using T = EntryOf<M>;
    return member<M, Key, Cpp>(need, [](Reader& r, const Json& o, const std::string& p, T& e) {
        if (auto v = Io<ValueOf<M>>::read(r, o, Key.view(), p)) {
            e.*M = *v;
        }
    });
}

// A field read by `Read` from its value, when the entry gives it: `Read{}(reader, value,
// path of the value, entry)`.
template <auto M, Name Key, Name Cpp = Key, class Read>
constexpr Field<EntryOf<M>> given(Need need, Read) {
    using T = EntryOf<M>;
    return member<M, Key, Cpp>(need, [](Reader& r, const Json& o, const std::string& p, T& e) {
        if (const auto it = o.find(Key.view()); it != o.end()) {
            Read{}(r, *it, child(p, Key.view()), e);
        }
    });
}

// An integer Lo-Hi.
template <auto M, Name Key, long long Lo, long long Hi>
constexpr Field<EntryOf<M>> integer(Need need) {
    using T = EntryOf<M>;
    return member<M, Key>(need, [](Reader& r, const Json& o, const std::string& p, T& e) {
        if (auto v = r.integer(o, Key.view(), p, Lo, Hi)) {
            e.*M = static_cast<int>(*v);
        }
    });
}

// A status code 100-699, or null (kept as 0) when `Nullable`.
template <auto M, Name Key, bool Nullable = false>
constexpr Field<EntryOf<M>> status(Need need) {
    using T = EntryOf<M>;
    return member<M, Key>(need, [](Reader& r, const Json& o, const std::string& p, T& e) {
        if (auto v = r.status(o, Key.view(), p, Nullable)) {
            e.*M = *v;
        }
    });
}

// The fields of each entry type, in the order of docs/knowledge-base.md: the order they are read,
// checked and written in.

using enum Need;

// A code's "class" must agree with the code; it is not kept.
inline constexpr Field<CodeEntry> k_code_class{
    "class", new_entry,
    [](Reader& r, const Json& o, const std::string& p, CodeEntry& e) {
        const auto it = o.find("class");
        if (it == o.end()) {
            return;
        }
        const std::string expected = class_of(e.code);
        if (!it->is_string()) {
            r.error(p + "/class", "expected a string such as \"4xx\"",
                    "ожидается строка вида \"4xx\"");
        } else if (it->get_ref<const std::string&>() != expected) {
            r.error(p + "/class", "class \"{}\" does not match code {} (expected \"{}\")",
                    "класс \"{}\" не соответствует коду {} (ожидается \"{}\")",
                    sanitize_utf8(it->get_ref<const std::string&>()), e.code, expected);
        }
    },
    [](Emitter&, const CodeEntry&) { return std::string(); }, [](CodeEntry&, const CodeEntry&) {}};

inline constexpr Field<CodeEntry> k_code_fields[] = {
    status<&CodeEntry::code, "code">(always),
    k_code_class,
    plain<&CodeEntry::reason, "reason">(new_entry),
    plain<&CodeEntry::registered, "registered">(new_entry),
    plain<&CodeEntry::rfc, "rfc">(new_registered_entry),
    plain<&CodeEntry::origin, "origin">(new_unregistered_entry),
    plain<&CodeEntry::source, "source">(new_unregistered_entry),
    plain<&CodeEntry::category, "category">(new_entry),
    plain<&CodeEntry::next_step, "next_step">(new_entry),
    given<&CodeEntry::sent_by, "sent_by">(
        new_entry,
        [](Reader& r, const Json& v, const std::string& p, CodeEntry& e) {
            if (!v.is_array() || v.empty()) {
                r.error(p, "expected a non-empty array of sender ids",
                        "ожидается непустой массив id отправителей");
                return;
            }
            std::vector<Sender> senders;
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (auto s = r.enum_value<Sender>(v[i], fmt::format("{}/{}", p, i))) {
                    senders.push_back(*s);
                }
            }
            e.sent_by = r.storage().keep(std::move(senders));
        }),
    plain<&CodeEntry::summary, "summary">(new_entry),
    plain<&CodeEntry::causes, "causes">(new_entry),
    plain<&CodeEntry::checks, "checks">(new_entry),
    plain<&CodeEntry::retry, "retry">(new_entry),
    plain<&CodeEntry::local, "local">(optional),
    plain<&CodeEntry::mapping_note, "mapping_note">(optional),
};

// A variant's phrase, and the key it is matched by.
inline constexpr Field<Variant> k_variant_phrase{
    "phrase", always,
    [](Reader& r, const Json& o, const std::string& p, Variant& v) {
        if (auto s = r.string(o, "phrase", p)) {
            v.phrase = *s;
            const std::string key = normalize_phrase(*s);
            if (key.empty()) {
                r.error(p + "/phrase", "the phrase has no letters or digits to match on",
                        "во фразе нет букв или цифр для сопоставления");
            }
            v.key = r.keep(key);
        }
    },
    [](Emitter&, const Variant& v) {
        return fmt::format(".phrase = {}, .key = {}", literal(v.phrase), literal(v.key));
    },
    [](Variant& to, const Variant& from) {
        to.phrase = from.phrase;
        to.key = from.key;
    }};

inline constexpr Field<Variant> k_variant_fields[] = {
    status<&Variant::code, "code">(always),
    k_variant_phrase,
    plain<&Variant::meaning, "meaning">(always),
    plain<&Variant::category, "category">(always),
    plain<&Variant::next_step, "next_step">(optional),
    plain<&Variant::retry, "retry">(optional),
    plain<&Variant::kind, "kind">(always),
    plain<&Variant::vendor, "vendor">(optional),
    plain<&Variant::source, "source">(always),
    plain<&Variant::evidence, "evidence">(optional),
    plain<&Variant::local, "local">(optional),
    plain<&Variant::checks, "checks">(optional),
};

// A cause's name: one text in the file, the English name and the Russian one in the entry.
inline constexpr Field<Q850Cause> k_q850_name{
    "name", always,
    [](Reader& r, const Json& o, const std::string& p, Q850Cause& q) {
        if (auto t = r.text(o, "name", p)) {
            q.name = t->en.empty() ? t->ru : t->en;
            q.name_ru = t->ru;
        }
    },
    [](Emitter&, const Q850Cause& q) {
        return fmt::format(".name = {}, .name_ru = {}", literal(q.name), literal(q.name_ru));
    },
    [](Q850Cause& to, const Q850Cause& from) {
        to.name = from.name;
        to.name_ru = from.name_ru;
    }};

inline constexpr Field<Q850Cause> k_q850_fields[] = {
    integer<&Q850Cause::cause, "cause", 0, 127>(always),
    k_q850_name,
    plain<&Q850Cause::q850_class, "class", "q850_class">(always),
    plain<&Q850Cause::meaning, "meaning">(always),
    status<&Q850Cause::to_sip, "to_sip", true>(always),
    plain<&Q850Cause::to_sip_note, "to_sip_note">(optional),
    plain<&Q850Cause::from_sip, "from_sip">(always),
    plain<&Q850Cause::itu, "itu">(optional),
    plain<&Q850Cause::category, "category">(optional),
};

inline constexpr Field<PlatformInfo> k_platform_fields[] = {
    plain<&PlatformInfo::id, "id">(always),
    plain<&PlatformInfo::name, "name">(always),
    plain<&PlatformInfo::source, "source">(always),
    given<&PlatformInfo::default_cause, "default_cause">(
        optional,
        [](Reader& r, const Json& v, const std::string& p, PlatformInfo& pl) {
            if (!v.is_object()) {
                r.error(p, "expected an object from class to cause name",
                        "ожидается объект с именем причины для каждого класса");
                return;
            }
            for (const auto& [cls, name] : v.items()) {
                const std::string cp = child(p, cls);
                if (cls.size() != 3 || cls[0] < '1' || cls[0] > '6' || cls.substr(1) != "xx") {
                    r.error(cp, "expected a class \"1xx\" to \"6xx\", not \"{}\"",
                            "ожидается класс от \"1xx\" до \"6xx\", а не \"{}\"",
                            sanitize_utf8(cls));
                } else if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
                    r.error(cp, "expected a cause name", "ожидается имя причины");
                } else {
                    pl.default_cause[static_cast<std::size_t>(cls[0] - '1')] =
                        r.keep(name.get<std::string>());
                }
            }
        }),
    status<&PlatformInfo::default_sip, "default_sip", true>(optional),
    plain<&PlatformInfo::note, "note">(optional),
};

inline constexpr Field<PlatformCause> k_platform_cause_fields[] = {
    plain<&PlatformCause::platform, "platform">(always),
    plain<&PlatformCause::name, "name">(always),
    given<&PlatformCause::value, "value">(
        always,
        [](Reader& r, const Json& v, const std::string& p, PlatformCause& c) {
            if (v.is_number_integer()) {
                c.value = r.keep(std::to_string(v.get<long long>()));
            } else if (v.is_string() && !v.get_ref<const std::string&>().empty()) {
                c.value = r.keep(v.get<std::string>());
            } else {
                r.error(p, "expected a number or a non-empty string",
                        "ожидается число или непустая строка");
            }
        }),
    status<&PlatformCause::to_sip, "to_sip", true>(always),
    plain<&PlatformCause::from_sip, "from_sip">(always),
    plain<&PlatformCause::aliases, "aliases">(optional),
    plain<&PlatformCause::meaning, "meaning">(always),
    plain<&PlatformCause::note, "note">(optional),
};

inline constexpr Field<WarnCode> k_warn_code_fields[] = {
    integer<&WarnCode::code, "code", 300, 399>(always),
    plain<&WarnCode::text, "text">(always),
    plain<&WarnCode::rfc, "rfc">(always),
    plain<&WarnCode::meaning, "meaning">(always),
};

inline constexpr Field<ReasonProtocol> k_reason_protocol_fields[] = {
    plain<&ReasonProtocol::protocol, "protocol">(always),
    plain<&ReasonProtocol::reference, "reference">(always),
    plain<&ReasonProtocol::meaning, "meaning">(always),
    given<&ReasonProtocol::causes, "causes">(
        optional,
        [](Reader& r, const Json& v, const std::string& p, ReasonProtocol& rp) {
            if (!v.is_object()) {
                r.error(p, "expected an object from cause value to text",
                        "ожидается объект с текстом для каждого значения причины");
                return;
            }
            std::vector<ReasonProtocolCause> causes;
            for (const auto& [value, text] : v.items()) {
                const std::string cp = child(p, value);
                int n = 0;
                const auto [end, ec] =
                    std::from_chars(value.data(), value.data() + value.size(), n);
                if (ec != std::errc{} || end != value.data() + value.size() || n < 0) {
                    r.error(cp, "expected a decimal cause value as key",
                            "ключом должно быть десятичное значение причины");
                    continue;
                }
                if (auto t = r.text(text, cp)) {
                    causes.push_back({n, *t});
                }
            }
            std::sort(causes.begin(), causes.end(),
                      [](const auto& a, const auto& b) { return a.value < b.value; });
            rp.causes = r.storage().keep(std::move(causes));
        }),
};

// Categories and next steps: an id with a title and a description.
template <class Info>
inline constexpr Field<Info> k_described_fields[] = {
    plain<&Info::id, "id">(always),
    plain<&Info::title, "title">(always),
    plain<&Info::description, "description">(always),
};

inline constexpr Field<ClassInfo> k_class_fields[] = {
    given<&ClassInfo::digit, "class", "digit">(
        always,
        [](Reader& r, const Json& v, const std::string& p, ClassInfo& c) {
            const bool ok = v.is_string() && v.get_ref<const std::string&>().size() == 3 &&
                            v.get_ref<const std::string&>()[0] >= '1' &&
                            v.get_ref<const std::string&>()[0] <= '6' &&
                            v.get_ref<const std::string&>().substr(1) == "xx";
            if (!ok) {
                r.error(p, "expected a class \"1xx\" to \"6xx\"",
                        "ожидается класс от \"1xx\" до \"6xx\"");
            } else {
                c.digit = v.get_ref<const std::string&>()[0] - '0';
            }
        }),
    plain<&ClassInfo::name, "name">(always),
    plain<&ClassInfo::summary, "summary">(always),
    plain<&ClassInfo::rfc, "rfc">(always),
    plain<&ClassInfo::category, "category">(always),
    plain<&ClassInfo::next_step, "next_step">(always),
};

inline constexpr Field<KeywordRule> k_keyword_fields[] = {
    plain<&KeywordRule::category, "category">(always),
    given<&KeywordRule::words, "words">(
        always,
        [](Reader& r, const Json& v, const std::string& p, KeywordRule& k) {
            if (!v.is_array() || v.empty()) {
                r.error(p, "expected a non-empty array of words", "ожидается непустой массив слов");
                return;
            }
            std::vector<std::string_view> words;
            for (std::size_t i = 0; i < v.size(); ++i) {
                const auto& w = v[i];
                const std::string wp = fmt::format("{}/{}", p, i);
                if (!w.is_string()) {
                    r.error(wp, "expected a string", "ожидается строка");
                    continue;
                }
                const std::string key = normalize_phrase(w.get_ref<const std::string&>());
                if (key.empty()) {
                    r.error(wp, "expected a word with letters or digits",
                            "ожидается слово с буквами или цифрами");
                    continue;
                }
                words.push_back(r.keep(key));
            }
            k.words = r.storage().keep(std::move(words));
        }),
};

// Whether every brace of a finding's text is a placeholder {1} to {9}.
constexpr bool valid_placeholders(std::string_view s) {
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

inline constexpr Field<FindingRule> k_finding_fields[] = {
    member<&FindingRule::id, "id">(
        always,
        [](Reader& r, const Json& o, const std::string& p, FindingRule& f) {
            if (auto s = r.string(o, "id", p)) {
                f.id = *s;
                if (std::find(k_finding_ids.begin(), k_finding_ids.end(), *s) ==
                    k_finding_ids.end()) {
                    r.unknown(
                        child(p, "id"), "unknown finding rule", "неизвестное правило находок", *s,
                        std::vector<std::string_view>(k_finding_ids.begin(), k_finding_ids.end()));
                }
            }
        }),
    plain<&FindingRule::rfc, "rfc">(always),
    plain<&FindingRule::category, "category">(always),
    member<&FindingRule::text, "text">(
        always,
        [](Reader& r, const Json& o, const std::string& p, FindingRule& f) {
            if (auto t = r.text(o, "text", p)) {
                f.text = *t;
                if (!valid_placeholders(t->en) || !valid_placeholders(t->ru)) {
                    r.error(child(p, "text"), "a brace that is not a placeholder {{1}} to {{9}}",
                            "фигурная скобка, не образующая подстановку от {{1}} до {{9}}");
                }
            }
        }),
    plain<&FindingRule::narrows, "narrows">(optional),
};

inline constexpr Field<OptionTag> k_option_tag_fields[] = {
    plain<&OptionTag::tag, "tag">(always),
    plain<&OptionTag::rfc, "rfc">(always),
    plain<&OptionTag::meaning, "meaning">(always),
};

// The sections.

// The entries of one section read from a file, each with where it was and the fields it gave.
template <class T>
struct Keyed {
    std::vector<T> items;
    std::vector<std::string> paths;
    std::vector<std::set<std::string_view>> given;
};

// A whole file, read and validated, waiting to be merged.
struct FileContent {
    std::optional<std::string_view> version;
    Keyed<CodeEntry> codes;
    Keyed<Variant> variants;
    Keyed<Q850Cause> q850;
    Keyed<PlatformInfo> platforms;
    Keyed<PlatformCause> platform_causes;
    Keyed<WarnCode> warn_codes;
    Keyed<ReasonProtocol> reason_protocols;
    Keyed<CategoryInfo> categories;
    Keyed<NextStepInfo> next_steps;
    Keyed<ClassInfo> classes;
    Keyed<KeywordRule> keywords;
    Keyed<FindingRule> finding_rules;
    Keyed<OptionTag> option_tags;
};

// How a later file's entry with a known key takes the place of the earlier one.
enum class Merge {
    by_field,  // the fields it gives replace the earlier entry's (codes)
    replace,   // it replaces the earlier entry whole
    append,    // entries have no key: they add up (keywords)
};

// An entry as messages name it, in English and in Russian.
struct EntryName {
    std::string en;
    std::string ru;
};

// For sections whose entries have no key.
struct NoKey {};

template <class T, class Key, class Describe>
struct Section {
    using Entry = T;
    std::string_view json;    // the section in a file: "codes"
    std::string_view type;    // the C++ type of its entries: "CodeEntry"
    std::string_view member;  // its KbData member in C++: "codes"
    std::vector<T> KbData::*data;
    Keyed<T> FileContent::*file;
    std::span<const Field<T>> fields;
    Merge merge;
    bool sorted;  // by key, once merged
    Key key;      // what tells two entries apart
    Describe name;
};
template <class T, class Key, class Describe>
Section(std::string_view, std::string_view, std::string_view, std::vector<T> KbData::*,
        Keyed<T> FileContent::*, std::span<const Field<T>>, Merge, bool, Key, Describe)
    -> Section<T, Key, Describe>;

// Whether a section's entries have a key.
template <class S>
constexpr bool is_keyed =
    !std::is_same_v<std::remove_cvref_t<decltype(std::declval<S>().key)>, NoKey>;

// A key compared without ASCII case.
inline std::string folded(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
    return out;
}

// Calls `f` with each section, in the order of the file format (docs/knowledge-base.md).
template <class F>
void for_each_section(F&& f) {
    using M = Merge;
    f(Section{"codes", "CodeEntry", "codes", &KbData::codes, &FileContent::codes,
              std::span<const Field<CodeEntry>>(k_code_fields), M::by_field, true,
              [](const CodeEntry& c) { return c.code; },
              [](const CodeEntry& c) {
                  return EntryName{fmt::format("code {}", c.code), fmt::format("код {}", c.code)};
              }});
    f(Section{"variants", "Variant", "variants", &KbData::variants, &FileContent::variants,
              std::span<const Field<Variant>>(k_variant_fields), M::replace, false,
              [](const Variant& v) { return std::pair(v.code, std::string_view(v.key)); },
              [](const Variant& v) {
                  const std::string phrase = sanitize_utf8(v.phrase);
                  return EntryName{fmt::format("variant \"{}\" of code {}", phrase, v.code),
                                   fmt::format("вариант \"{}\" кода {}", phrase, v.code)};
              }});
    f(Section{"q850", "Q850Cause", "q850", &KbData::q850, &FileContent::q850,
              std::span<const Field<Q850Cause>>(k_q850_fields), M::replace, true,
              [](const Q850Cause& q) { return q.cause; },
              [](const Q850Cause& q) {
                  return EntryName{fmt::format("Q.850 cause {}", q.cause),
                                   fmt::format("причина Q.850 {}", q.cause)};
              }});
    f(Section{"platforms", "PlatformInfo", "platforms", &KbData::platforms, &FileContent::platforms,
              std::span<const Field<PlatformInfo>>(k_platform_fields), M::replace, false,
              [](const PlatformInfo& p) { return p.id; },
              [](const PlatformInfo& p) {
                  return EntryName{fmt::format("platform {}", to_string(p.id)),
                                   fmt::format("платформа {}", to_string(p.id))};
              }});
    f(Section{"platform_causes", "PlatformCause", "platform_causes", &KbData::platform_causes,
              &FileContent::platform_causes,
              std::span<const Field<PlatformCause>>(k_platform_cause_fields), M::replace, false,
              [](const PlatformCause& c) { return std::pair(c.platform, folded(c.name)); },
              [](const PlatformCause& c) {
                  const std::string name = sanitize_utf8(c.name);
                  return EntryName{
                      fmt::format("cause {} of platform {}", name, to_string(c.platform)),
                      fmt::format("причина {} платформы {}", name, to_string(c.platform))};
              }});
    f(Section{"warn_codes", "WarnCode", "warn_codes", &KbData::warn_codes, &FileContent::warn_codes,
              std::span<const Field<WarnCode>>(k_warn_code_fields), M::replace, false,
              [](const WarnCode& w) { return w.code; },
              [](const WarnCode& w) {
                  return EntryName{fmt::format("warn-code {}", w.code),
                                   fmt::format("код Warning {}", w.code)};
              }});
    f(Section{"reason_protocols", "ReasonProtocol", "reason_protocols", &KbData::reason_protocols,
              &FileContent::reason_protocols,
              std::span<const Field<ReasonProtocol>>(k_reason_protocol_fields), M::replace, false,
              [](const ReasonProtocol& r) { return folded(r.protocol); },
              [](const ReasonProtocol& r) {
                  const std::string name = sanitize_utf8(r.protocol);
                  return EntryName{fmt::format("Reason protocol {}", name),
                                   fmt::format("протокол Reason {}", name)};
              }});
    f(Section{"categories", "CategoryInfo", "categories", &KbData::categories,
              &FileContent::categories,
              std::span<const Field<CategoryInfo>>(k_described_fields<CategoryInfo>), M::replace,
              false, [](const CategoryInfo& c) { return c.id; },
              [](const CategoryInfo& c) {
                  return EntryName{fmt::format("category {}", to_string(c.id)),
                                   fmt::format("категория {}", to_string(c.id))};
              }});
    f(Section{"next_steps", "NextStepInfo", "next_steps", &KbData::next_steps,
              &FileContent::next_steps,
              std::span<const Field<NextStepInfo>>(k_described_fields<NextStepInfo>), M::replace,
              false, [](const NextStepInfo& n) { return n.id; },
              [](const NextStepInfo& n) {
                  return EntryName{fmt::format("next step {}", to_string(n.id)),
                                   fmt::format("следующий шаг {}", to_string(n.id))};
              }});
    f(Section{"classes", "ClassInfo", "classes", &KbData::classes, &FileContent::classes,
              std::span<const Field<ClassInfo>>(k_class_fields), M::replace, false,
              [](const ClassInfo& c) { return c.digit; },
              [](const ClassInfo& c) {
                  return EntryName{fmt::format("class {}xx", c.digit),
                                   fmt::format("класс {}xx", c.digit)};
              }});
    f(Section{"keywords", "KeywordRule", "keywords", &KbData::keywords, &FileContent::keywords,
              std::span<const Field<KeywordRule>>(k_keyword_fields), M::append, false, NoKey{},
              NoKey{}});
    f(Section{"findings", "FindingRule", "finding_rules", &KbData::finding_rules,
              &FileContent::finding_rules, std::span<const Field<FindingRule>>(k_finding_fields),
              M::replace, false, [](const FindingRule& r) { return r.id; },
              [](const FindingRule& r) {
                  const std::string id = sanitize_utf8(r.id);
                  return EntryName{fmt::format("finding {}", id), fmt::format("находка {}", id)};
              }});
    f(Section{
        "option_tags", "OptionTag", "option_tags", &KbData::option_tags, &FileContent::option_tags,
        std::span<const Field<OptionTag>>(k_option_tag_fields), M::replace, false,
        [](const OptionTag& t) { return folded(t.tag); },
        [](const OptionTag& t) {
            const std::string tag = sanitize_utf8(t.tag);
            return EntryName{fmt::format("option tag {}", tag), fmt::format("тег опции {}", tag)};
        }});
}

}  // namespace sipwhy::kb_detail
