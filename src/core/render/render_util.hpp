// Helpers of the text formatters: localized labels, colours, wrapping.
#pragma once

#include <sipwhy/category.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipwhy::detail {

// A label of the text output in both languages.
struct Label {
    std::string_view en;
    std::string_view ru;
    std::string_view in(Lang lang) const { return lang == Lang::ru ? ru : en; }
};

namespace label {
inline constexpr Label likely_causes{"Likely causes", "Вероятные причины"};
inline constexpr Label other_causes{"Other reasons for {}", "Другие причины кода {}"};
inline constexpr Label what_to_check{"What to check", "Что проверить"};
inline constexpr Label more{"    (+{} more: --full shows all)", "    (ещё {}: --full покажет все)"};
inline constexpr Label next_step{"Next step", "Следующий шаг"};
inline constexpr Label sent_by{"Sent by", "Кто отправляет"};
inline constexpr Label reference{"RFC", "RFC"};
inline constexpr Label mappings{"Mappings", "Соответствия"};
inline constexpr Label locally{"Generated locally", "Локальная генерация"};
inline constexpr Label variant_local{
    "This phrase comes from the local SIP stack itself: the far end may never have answered.",
    "Эту фразу формирует сам локальный SIP-стек: удалённая сторона могла вообще не ответить."};
inline constexpr Label variant_of{"Variant of", "Вариант фразы для"};
inline constexpr Label source{"Source", "Источник"};
inline constexpr Label used_by{"Used by", "Кто использует"};
inline constexpr Label unregistered_rule{
    "Not IANA-registered: a client that does not know {} treats it as {} {} (RFC 3261 §8.1.3.2).",
    "Не зарегистрирован в IANA: клиент, не знающий {}, обрабатывает его как {} {} (RFC 3261 "
    "§8.1.3.2)."};
inline constexpr Label hint_brief{"words suggest", "по словам фразы"};
inline constexpr Label known_use{"Known use", "Где встречается"};
inline constexpr Label unknown_code{"unregistered", "не зарегистрирован"};
inline constexpr Label unknown_phrase{"Not a known phrase for {}.", "Для {} эта фраза неизвестна."};
inline constexpr Label known_under{"Known under", "Известна под кодом"};
inline constexpr Label canonical_of{"the standard phrase of {}", "стандартная фраза кода {}"};
inline constexpr Label hint{"Its words point to", "Слова фразы указывают на"};
inline constexpr Label read_as{"Read as \"{}\" (close spelling).",
                               "Прочитано как «{}» (похожее написание)."};
inline constexpr Label nothing_known{"Nothing in the knowledge base matches \"{}\".",
                                     "В базе знаний нет ничего похожего на «{}»."};
inline constexpr Label no_mapping{"no mapping", "нет соответствия"};
inline constexpr Label by_default{"default", "по умолчанию"};
inline constexpr Label q850_to_sip{"RFC 3398 §7.2.4.1 turns it into SIP {}.",
                                   "RFC 3398 §7.2.4.1 превращает её в SIP {}."};
inline constexpr Label q850_to_sip_default{
    "RFC 3398 §7.2.4.1 lists no status for it: by default it becomes SIP {}.",
    "RFC 3398 §7.2.4.1 не называет для неё статуса: по умолчанию она превращается в SIP {}."};
inline constexpr Label unknown_q850{"{} is not a Q.850 cause value the knowledge base knows.",
                                    "{} - не известное базе знаний значение причины Q.850."};
inline constexpr Label unknown_protocol{"\"{}\" is not a Reason protocol the knowledge base knows.",
                                        "«{}» - не известный базе знаний протокол Reason."};
inline constexpr Label unknown_warn_code{"Not a warn-code the knowledge base knows.",
                                         "Этот код Warning базе знаний неизвестен."};
inline constexpr Label text{"Text", "Текст"};
inline constexpr Label location{"Location", "Место"};
inline constexpr Label agent{"Agent", "Отправитель"};
inline constexpr Label variant_word{"variant", "вариант"};
inline constexpr Label not_itu{
    "Not an ITU-T Q.850 value: a number one stack gives its own cause.",
    "Не значение ITU-T Q.850: номер, который отдельный стек использует для своей причины."};
inline constexpr Label to_and_from_sip{"SIP, per platform", "SIP по платформам"};
inline constexpr Label sends{"sends {}", "отправляет {}"};
inline constexpr Label sends_nothing{"sends no status of its own", "своего статуса не отправляет"};
inline constexpr Label from_codes{"maps here: {}", "сюда отображаются: {}"};
inline constexpr Label aliases{"Also named", "Другие имена"};
inline constexpr Label code{"Code", "Код"};
inline constexpr Label count{"Count", "Число"};
inline constexpr Label reason_header{"Reason", "Reason"};
inline constexpr Label no_ack{
    "{} sent {} times and no ACK seen: the caller's ACK is not arriving (NAT, firewall, a wrong "
    "Contact or Record-Route); the callee will likely end the call after about 32 s (RFC 3261 "
    "§13.3.1.4).",
    "{} отправлен {} раз(а), а ACK не виден: ACK от вызывающей стороны не доходит (NAT, "
    "межсетевой экран, неверный Contact или Record-Route); вызываемая сторона, скорее всего, "
    "завершит вызов примерно через 32 с (RFC 3261 §13.3.1.4)."};
inline constexpr Label meaning{"Meaning", "Значение"};
inline constexpr Label by_class{"By class", "По классам"};
inline constexpr Label by_category{"By category", "По категориям"};
inline constexpr Label by_finding{"By finding", "По находкам"};
inline constexpr Label total{"Total: {} responses", "Всего ответов: {}"};
inline constexpr Label phrase{"Phrase", "Фраза"};
inline constexpr Label malformed_count{"Malformed status lines: {}",
                                       "Искажённых строк статуса: {}"};
inline constexpr Label skipped_count{"Skipped files (binary): {}",
                                     "Пропущено файлов (двоичных): {}"};
inline constexpr Label category{"Category", "Категория"};
inline constexpr Label narrowed{" (by its findings; {} alone: {})", " (по находкам; сам {}: {})"};
}  // namespace label

// A readable name for a sender.
std::string_view sender_name(Sender s, Lang lang);

enum class Style { bold, dim, red, green, yellow, cyan };

// `text` wrapped in the escape codes of `style` when `color` is on.
std::string styled(std::string_view text, Style style, bool color);
// The same appended to `out`; `text` from `out`'s own end when `from` is given (sanitized there
// already), so that it is wrapped in place.
void append_styled(std::string& out, std::string_view text, Style style, bool color);
void style_tail(std::string& out, std::size_t from, Style style, bool color);

// The colour of a category: green for progress and success, cyan for redirects, yellow for
// conditions that pass (busy, unavailable, timeouts, capacity), red for the rest.
Style category_style(Category c);

// Writes `text` wrapped at `width` columns; the first line starts after `first_prefix` (already
// written by the caller, `first_column` columns wide), later lines start with `indent` spaces.
void write_wrapped(std::ostream& out, std::string_view text, int first_column, int indent,
                   int width);

// An indented paragraph: `indent` spaces, then `text` wrapped at `width`; nothing for empty text.
void write_para(std::ostream& out, std::string_view text, int indent, int width);

// Display width of UTF-8 text in terminal columns: East Asian wide characters and emoji take two,
// combining marks and zero-width characters none, every other character one.
int display_width(std::string_view s);

// The longest start of `s` that fits in `columns` terminal columns, cut between characters.
std::string_view cut_to_width(std::string_view s, int columns);

// The first sentence of `text`.
std::string_view first_sentence(std::string_view text);

// `text` padded with spaces to `width` columns, for a table's column. Wider text is left as it is,
// or with `cut` cut to `width` columns with a `~` as its last.
std::string pad_to(std::string_view text, std::size_t width, bool cut = false);

// An aligned table of text, the one layout of the summary's and the code list's tables: each
// column as wide as its widest cell or heading, at least `min_width` and, where `max_width` is
// set, at most that (a wider cell is cut, ending with `~`); two spaces between columns; the last
// column is not padded, and with a `table_width` it is cut to what the others leave of it (at
// least 20 columns). The heading line is bold.
class TextTable {
public:
    struct Column {
        std::string_view heading;
        std::size_t min_width = 0;
        std::size_t max_width = 0;  // 0: as wide as its cells
    };
    struct Cell {
        std::string text;
        std::optional<Style> style;  // the cell's colour, its padding inside it
    };

    explicit TextTable(std::vector<Column> columns) : m_columns(std::move(columns)) {}
    void add_row(std::vector<Cell> cells) { m_rows.push_back(std::move(cells)); }
    void write(std::ostream& out, bool color, int table_width = 0) const;

private:
    std::vector<Column> m_columns;
    std::vector<std::vector<Cell>> m_rows;
};

// Rows of a name and a value, the values aligned after the widest name: "    NAME  VALUE", each
// value wrapped at `width` columns under itself.
void write_named_rows(std::ostream& out,
                      const std::vector<std::pair<std::string, std::string>>& rows, int width);

}  // namespace sipwhy::detail
