// Loading knowledge-base JSON: syntax errors with line:column, every schema violation with its JSON
// pointer, each worded in English and in Russian, then a field-by-field merge into what is already
// loaded. nlohmann exceptions never leave this file.
#include "kb/kb_internal.hpp"
#include "kb/kb_schema.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace sipwhy {
namespace {

using namespace kb_detail;

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

// Reads a file's sections and their entries by the tables of kb_schema.hpp.
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
        std::vector<std::string_view> sections = {"version"};
        for_each_section([&](const auto& section) { sections.push_back(section.json); });
        for (const auto& item : doc.items()) {
            const std::string& key = item.key();  // named, not bound: lambdas below capture it
            const Json& value = item.value();
            const std::string path = child("", key);
            if (key == "version") {
                if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
                    m_r.error(path, "expected a non-empty string", "ожидается непустая строка");
                } else {
                    out.version = m_r.keep(value.get<std::string>());
                }
                continue;
            }
            bool known = false;
            for_each_section([&](const auto& section) {
                if (section.json != key) {
                    return;
                }
                known = true;
                if (!value.is_array()) {
                    m_r.error(path, "expected an array", "ожидается массив");
                    return;
                }
                read_entries(section, value, path, out.*section.file);
            });
            if (!known) {
                m_r.unknown(path, "unknown section", "неизвестный раздел", key, sections);
            }
        }
        check_duplicates(out);
        return out;
    }

private:
    template <class S, class T>
    void read_entries(const S& section, const Json& value, const std::string& path, Keyed<T>& out) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            std::string p = fmt::format("{}/{}", path, i);
            const Json& item = value[i];
            if (!item.is_object()) {
                m_r.error(p, "expected an object", "ожидается объект");
                continue;
            }
            std::set<std::string_view> given;
            if (auto e = read_entry(section, item, p, given)) {
                out.items.push_back(std::move(*e));
                out.paths.push_back(std::move(p));
                out.given.push_back(std::move(given));
            }
        }
    }

    // One entry, or nullopt when anything in it is wrong; `given` gets the fields it names, for a
    // section that merges field by field.
    template <class S>
    std::optional<typename S::Entry> read_entry(const S& section, const Json& o,
                                                const std::string& p,
                                                std::set<std::string_view>& given) {
        using T = typename S::Entry;
        const std::size_t errors_before = m_r.diagnostics().size();
        std::vector<std::string_view> allowed;
        std::vector<std::string_view> required;
        for (const Field<T>& f : section.fields) {
            allowed.push_back(f.name);
            if (f.need == Need::always) {
                required.push_back(f.name);
            }
            if (section.merge == Merge::by_field && o.contains(f.name)) {
                given.insert(f.name);
            }
        }
        m_r.check_fields(o, p, allowed, required);
        T e;
        std::span<const Field<T>> rest = section.fields;
        if constexpr (is_keyed<S>) {
            if (section.merge == Merge::by_field) {
                // The key, the first field, is read first: what an entry needs depends on
                // whether an earlier file defined it.
                const Field<T>& key = rest.front();
                const std::size_t errors_before_key = m_r.diagnostics().size();
                key.read(m_r, o, p, e);
                if (!o.contains(key.name) || m_r.diagnostics().size() != errors_before_key) {
                    return std::nullopt;
                }
                rest = rest.subspan(1);
                if (!defines(section, e)) {
                    require_new_entry_fields(o, p, section, e);
                }
            }
        }
        for (const Field<T>& f : rest) {
            f.read(m_r, o, p, e);
        }
        if (m_r.diagnostics().size() != errors_before) {
            return std::nullopt;
        }
        return e;
    }

    // Whether an earlier file defined the entry of `e`'s key.
    template <class S>
    bool defines(const S& section, const typename S::Entry& e) const {
        const auto& loaded = m_existing.*section.data;
        return std::any_of(loaded.begin(), loaded.end(), [&](const typename S::Entry& x) {
            return section.key(x) == section.key(e);
        });
    }

    // A new entry must say all that the output shows of it: for a code, which fields that is
    // depends on whether it is registered.
    template <class S>
    void require_new_entry_fields(const Json& o, const std::string& p, const S& section,
                                  const typename S::Entry& e) {
        const auto reg = o.find("registered");
        const bool registered = reg == o.end() || !reg->is_boolean() || reg->get<bool>();
        const EntryName name = section.name(e);
        for (const Need need : {Need::new_entry, registered ? Need::new_registered_entry
                                                            : Need::new_unregistered_entry}) {
            for (const auto& f : section.fields) {
                if (f.need == need && !o.contains(f.name)) {
                    m_r.say(
                        p,
                        fmt::format("missing required field \"{}\" ({} is new)", f.name, name.en),
                        fmt::format("нет обязательного поля \"{}\" ({} новый)", f.name, name.ru));
                }
            }
        }
    }

    // Two entries of one file with the same key are a mistake, not an override.
    void check_duplicates(const FileContent& f) {
        for_each_section([&](const auto& section) {
            if constexpr (is_keyed<decltype(section)>) {
                const auto& entries = f.*section.file;
                std::map<decltype(section.key(entries.items.front())), std::size_t> seen;
                for (std::size_t i = 0; i < entries.items.size(); ++i) {
                    const auto [it, fresh] = seen.emplace(section.key(entries.items[i]), i);
                    if (!fresh) {
                        const EntryName name = section.name(entries.items[i]);
                        const std::string& first = entries.paths[it->second];
                        m_r.say(entries.paths[i],
                                fmt::format("duplicate {} (first at {})", name.en, first),
                                fmt::format("{} повторяется (впервые в {})", name.ru, first));
                    }
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

// Adds each entry of `from` to `into`, or merges it into the entry of the same key as the section
// says: through an index of the keys, so that loading n entries over m costs O((n + m) log(n +
// m)), not O(n m).
template <class S, class T>
void merge(const S& section, std::vector<T>& into, const Keyed<T>& from) {
    if constexpr (!is_keyed<decltype(section)>) {
        into.insert(into.end(), from.items.begin(), from.items.end());
    } else {
        std::map<decltype(section.key(from.items.front())), std::size_t> index;
        for (std::size_t i = 0; i < into.size(); ++i) {
            index.emplace(section.key(into[i]), i);
        }
        for (std::size_t i = 0; i < from.items.size(); ++i) {
            const auto [it, fresh] = index.emplace(section.key(from.items[i]), into.size());
            if (fresh) {
                into.push_back(from.items[i]);
            } else if (section.merge == Merge::replace) {
                into[it->second] = from.items[i];
            } else {
                for (const Field<T>& f : section.fields) {
                    if (from.given[i].contains(f.name)) {
                        f.assign(into[it->second], from.items[i]);
                    }
                }
            }
        }
        if (section.sorted) {
            std::sort(into.begin(), into.end(),
                      [&](const T& a, const T& b) { return section.key(a) < section.key(b); });
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
        for_each_section([&](const auto& section) {
            if constexpr (is_keyed<decltype(section)>) {
                const auto& entries = content.*section.file;
                std::set<decltype(section.key(entries.items.front()))> keys;
                for (const auto& e : data.*section.data) {
                    keys.insert(section.key(e));
                }
                for (std::size_t i = 0; i < entries.items.size(); ++i) {
                    if (keys.contains(section.key(entries.items[i]))) {
                        const EntryName name = section.name(entries.items[i]);
                        reader.say(entries.paths[i],
                                   fmt::format("{} is already defined by an earlier file", name.en),
                                   fmt::format("{} уже есть в более раннем файле", name.ru));
                    }
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
    for_each_section(
        [&](const auto& section) { merge(section, data.*section.data, content.*section.file); });
    return {};
}

}  // namespace sipwhy
