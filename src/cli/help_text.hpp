// The texts of --help in English and Russian: the usage, the option descriptions and the
// examples. Option names, command names, ids and values stay as they are typed.
#pragma once

#include <sipwhy/category.hpp>
#include <sipwhy/sip/status_line.hpp>

#include <string>
#include <string_view>

namespace sipwhy::cli {

// One text in both languages.
struct HelpText {
    std::string_view en;
    std::string_view ru;
    std::string in(Lang lang) const { return std::string(lang == Lang::ru ? ru : en); }
};

namespace help {

inline constexpr HelpText usage{
    R"h(sipwhy: why did this SIP call or registration fail?

Usage:
  sipwhy [OPTIONS] CODE [PHRASE] ...      explain status codes, reason phrases, status lines
  sipwhy [OPTIONS] explain QUERY...       the same, explicitly; "explain -" reads queries from stdin
  sipwhy [OPTIONS] list [4xx|48x|486]...  the codes the knowledge base knows, as a table
  sipwhy [OPTIONS] search WORDS...        codes and phrases by keyword, best first
  sipwhy [OPTIONS] q850 CAUSE...          a Q.850 cause and the SIP codes mapped to and from it
  sipwhy [OPTIONS] cause [NAME]...        a FreeSWITCH, Asterisk, SIP.js or JsSIP cause by name
                                          (every cause without a name)
  sipwhy [OPTIONS] FILE|DIR|- ...         find and explain every SIP response in logs and
                                          packet captures (pcap, pcapng; gzip or not)
  sipwhy [OPTIONS] scan [FILE|DIR|-]...   the same, explicitly; no operand reads stdin
  ... | sipwhy [OPTIONS]                  a log or a capture on stdin
  sipwhy [OPTIONS] --listen-hep [ADDR:]PORT  the same for HEP sent by capture agents, live
  sipwhy [OPTIONS] -i IFACE [--bpf EXPR]  the same for packets captured live on an interface
  sipwhy [OPTIONS] export TABLE           the knowledge base as a lookup table (CSV; --json):
                                          codes, variants, q850 or platforms
  sipwhy [OPTIONS] merge [SUMMARY.json]...  the sum of --summary --json outputs (stdin if none)

A first operand that is a status code (486), a class pattern (4xx, 48x), a status line
(SIP/2.0 ...) or a header (Reason: ..., Warning: ...) makes the command "explain", unless it is no
valid query and names a file; any other operand is a file or directory to scan, unless no file has
that name and it is a known reason phrase or a log line with a response. A whole message pasted as
the operand or on stdin ("$(cat response.txt)", a request before its response) is one query.

Findings: where the input holds the messages, each response is followed by "! " lines saying why
from its own headers and its request's (Retry-After, Min-Expires, Warning, Reason, Allow, Server,
the SDP offer and answer ...), --calls verdicts by the call's (retransmissions, timers, digest
chains); JSON has a "findings" array. The rules and their RFCs are in findings.md.
)h",
    R"h(sipwhy: почему не прошёл SIP-вызов или регистрация?

Использование:
  sipwhy [ПАРАМЕТРЫ] КОД [ФРАЗА] ...        объяснить коды ответов, их фразы, строки статуса
  sipwhy [ПАРАМЕТРЫ] explain ЗАПРОС...      то же явно; "explain -" читает запросы из stdin
  sipwhy [ПАРАМЕТРЫ] list [4xx|48x|486]...  известные базе знаний коды, таблицей
  sipwhy [ПАРАМЕТРЫ] search СЛОВА...        коды и фразы по словам, лучшие первыми
  sipwhy [ПАРАМЕТРЫ] q850 ПРИЧИНА...        причина Q.850 и SIP-коды, связанные с ней
  sipwhy [ПАРАМЕТРЫ] cause [ИМЯ]...         причина FreeSWITCH, Asterisk, SIP.js или JsSIP по имени
                                            (без имени - все причины)
  sipwhy [ПАРАМЕТРЫ] ФАЙЛ|КАТАЛОГ|- ...     найти и объяснить каждый SIP-ответ в логах и
                                            захватах трафика (pcap, pcapng; с gzip или без)
  sipwhy [ПАРАМЕТРЫ] scan [ФАЙЛ|КАТАЛОГ|-]  то же явно; без операнда читает stdin
  ... | sipwhy [ПАРАМЕТРЫ]                  лог или захват на stdin
  sipwhy [ПАРАМЕТРЫ] --listen-hep [АДРЕС:]ПОРТ  то же для HEP от агентов захвата, вживую
  sipwhy [ПАРАМЕТРЫ] -i ИНТЕРФЕЙС [--bpf ВЫРАЖЕНИЕ]  то же для пакетов, захваченных с интерфейса
  sipwhy [ПАРАМЕТРЫ] export ТАБЛИЦА         база знаний как таблица поиска (CSV; --json):
                                            codes, variants, q850 или platforms
  sipwhy [ПАРАМЕТРЫ] merge [СВОДКА.json]...  сумма выводов --summary --json (stdin без операндов)

Если первый операнд - код ответа (486), шаблон класса (4xx, 48x), строка статуса (SIP/2.0 ...)
или заголовок (Reason: ..., Warning: ...), команда - "explain", если только это не ошибочный
запрос, совпадающий с именем файла; любой другой операнд - файл или каталог для просмотра, если
только файла с таким именем нет, а операнд - известная фраза ответа или строка лога с ответом.
Целое сообщение, вставленное операндом или поданное на stdin ("$(cat response.txt)", запрос перед
ответом), - один запрос.

Находки: где во входных данных есть сами сообщения, за каждым ответом идут строки "! ", говорящие,
почему, по его собственным заголовкам и заголовкам его запроса (Retry-After, Min-Expires, Warning,
Reason, Allow, Server, предложение и ответ SDP ...), за вердиктами --calls - по всему вызову
(повторы, таймеры, цепочки аутентификации); в JSON это массив "findings". Правила и их RFC - в
findings.md.
)h"};

// The examples of the help's footer, the same in every language; then examples_rest.
inline constexpr HelpText examples_heading{"Examples:\n", "Примеры:\n"};
inline constexpr std::string_view example_commands = R"h(  sipwhy 486
  sipwhy "403 Wrong Guess"
  sipwhy "SIP/2.0 480 No money left"
  sipwhy 401 407 486
  sipwhy 48x
  sipwhy --json 503 | jq -r .next_step
  echo 488 | sipwhy explain -
  sipwhy 'Reason: Q.850;cause=16;text="Normal Clearing"'
  sipwhy "$(cat response.txt)"
  sipwhy list 4xx --category media
  sipwhy search codec
  sipwhy q850 17
  sipwhy cause NO_ANSWER
  sipwhy /var/log/asterisk/full
  sipwhy --summary pbx.log.1.gz
  sipwhy --calls --failures freeswitch.log
  sipwhy -l --code 48x --include '*.log' /var/log/pbx/
  tail -f /var/log/kamailio.log | sipwhy --line-buffered --failures
  sipwhy --calls trunk.pcap
  sipwhy --flow --to 4471 --since 10:00 pbx.log
  sipwhy --summary --by hour pbx.log
  tcpdump -i any -U -w - udp port 5060 | sipwhy --line-buffered --failures
  sipwhy --listen-hep 9060 --line-buffered --failures
  sipwhy -i any --bpf 'udp port 5060' --calls
  sipwhy export variants > sipwhy_variants.csv
  cat part-*.json | sipwhy merge
)h";

inline constexpr HelpText examples_rest{
    R"h(
Exit status: explain: 0 every query resolved to a knowledge-base entry; 1 some query resolved
only to its class or to nothing (what is known is still printed). list, search, q850, cause: 0
something was found; 1 not. Scanning: 0 a matching response was found; 1 none was.
All: 2 usage or input error; 130 (SIGINT) or 143 (SIGTERM) interrupted, after printing the results
found so far. --listen-hep and --interface end on SIGINT or SIGTERM with 0 or 1 as scanning does.
export: 0. merge: 0 the merged summary counts a response; 1 not.
Environment: NO_COLOR, SIPWHY_KB (colon-separated knowledge-base files), LC_ALL/LC_MESSAGES/LANG.
Documentation: man sipwhy, and )h",
    R"h(
Код возврата: explain: 0 - каждый запрос найден в базе знаний; 1 - какой-то запрос известен
только по классу или не известен вовсе (известное всё равно печатается). list, search, q850,
cause: 0 - что-то найдено; 1 - нет. Просмотр логов: 0 - найден подходящий ответ; 1 - нет.
Везде: 2 - ошибка использования или ввода; 130 (SIGINT) или 143 (SIGTERM) - прервано, после того
как напечатано найденное к этому моменту. --listen-hep и --interface завершаются по SIGINT или
SIGTERM с 0 или 1, как при просмотре. export: 0. merge: 0 - в общей сводке есть ответ; 1 - нет.
Окружение: NO_COLOR, SIPWHY_KB (файлы базы знаний через двоеточие), LC_ALL/LC_MESSAGES/LANG.
Документация: man sipwhy и )h"};

inline constexpr HelpText group_options{"Options", "Параметры"};
inline constexpr HelpText group_output{"Output", "Вывод"};
inline constexpr HelpText group_kb{"Knowledge base", "База знаний"};
inline constexpr HelpText group_scan{"Scanning logs and captures", "Просмотр логов и захватов"};
inline constexpr HelpText group_live{"Live sources (every scan mode; SIGINT ends them)",
                                     "Живые источники (любой режим просмотра; конец - SIGINT)"};

inline constexpr HelpText help{"Print this help and exit", "Показать эту справку и выйти"};
inline constexpr HelpText version{"Print the version of sipwhy and of its knowledge base",
                                  "Показать версию sipwhy и её базы знаний"};
inline constexpr HelpText json{
    "Print JSON Lines: one object per result (json.md in the documentation)",
    "Печатать JSON Lines: объект на каждый результат (json.md в документации)"};
inline constexpr HelpText brief{"Print one line per result", "Печатать строку на результат"};
inline constexpr HelpText quiet{"Print nothing; only the exit status tells",
                                "Ничего не печатать; ответ - только код возврата"};
inline constexpr HelpText full{"Show every likely cause and check, not only the first few",
                               "Показать все причины и проверки, а не только первые"};
inline constexpr HelpText color{
    "When to use colour: auto (a terminal and no NO_COLOR; --color alone), always, never",
    "Когда использовать цвет: auto (терминал и нет NO_COLOR; --color без значения), always, never"};
inline constexpr HelpText lang{
    "Language of the output: en or ru (default from LC_ALL, LC_MESSAGES, LANG)",
    "Язык вывода: en или ru (по умолчанию из LC_ALL, LC_MESSAGES, LANG)"};
inline constexpr HelpText kb{
    "Load a knowledge-base file over the built-in one (repeatable; after SIPWHY_KB)",
    "Загрузить файл базы знаний поверх встроенной (можно повторять; после SIPWHY_KB)"};
inline constexpr HelpText summary{"Count the responses by code and phrase, class and category",
                                  "Подсчитать ответы по коду и фразе, классу и категории"};
inline constexpr HelpText by{
    "--summary per interval: minute, hour or day, with a bar of the failures",
    "--summary по интервалам: minute, hour или day, с полосой неудач"};
inline constexpr HelpText kpi{
    "--summary with RFC 6076 KPIs: SER, SEER, ISA, SCR, delays (reads calls)",
    "--summary с показателями RFC 6076: SER, SEER, ISA, SCR, задержки"};
inline constexpr HelpText findings{
    "--summary counting a log's findings by id too (reads its failures' headers and requests)",
    "--summary с подсчётом находок в логе (читает заголовки неудач и их запросы)"};
inline constexpr HelpText calls{"One verdict per Call-ID: how each call or registration ended",
                                "Итог по каждому Call-ID: чем кончился вызов или регистрация"};
inline constexpr HelpText csv{"CSV: a row per response, or for --summary and --calls",
                              "CSV: строка на ответ, или для --summary и --calls"};
inline constexpr HelpText count{"Print only the number of matching responses (calls with --calls)",
                                "Печатать только число подходящих ответов (вызовов с --calls)"};
inline constexpr HelpText failures{"Only failures: codes 300 and above",
                                   "Только неудачи: коды от 300 и выше"};
inline constexpr HelpText classes{"Only these classes, e.g. 4xx,5xx",
                                  "Только эти классы, например 4xx,5xx"};
inline constexpr HelpText categories{"Only these categories, e.g. busy,media (also for list)",
                                     "Только эти категории, например busy,media (и для list)"};
inline constexpr HelpText next_steps{
    "Only these next steps, e.g. try_next_route (also for list)",
    "Только эти следующие шаги, например try_next_route (и для list)"};
inline constexpr HelpText codes{"Only these codes or class patterns, e.g. 486,603 or 48x",
                                "Только эти коды или шаблоны классов, например 486,603 или 48x"};
inline constexpr HelpText line_buffered{"Write each result as soon as it is found (for tail -f)",
                                        "Выводить каждый результат сразу (для tail -f)"};
inline constexpr HelpText jobs{
    "Scan N inputs, or a large file's --summary or -c in N parts, at once (default: one per "
    "core, up to 8; output in input order)",
    "Читать N входов или большой файл для --summary или -c по N частям одновременно (по "
    "умолчанию по одному на ядро, до 8; вывод в порядке входов)"};
inline constexpr HelpText max_count{
    "At most N matching responses per file (and N search results)",
    "Не больше N подходящих ответов на файл (и N результатов search)"};
inline constexpr HelpText files_with{"Print only the names of files with a matching response",
                                     "Печатать только имена файлов с подходящим ответом"};
inline constexpr HelpText files_without{"Print only the names of files without one",
                                        "Печатать только имена файлов без такого ответа"};
inline constexpr HelpText no_filename{"Do not print file names before responses",
                                      "Не печатать имена файлов перед ответами"};
inline constexpr HelpText with_filename{"Print file names before responses (the default)",
                                        "Печатать имена файлов перед ответами (по умолчанию)"};
inline constexpr HelpText line_number{
    "Print line numbers (the default; accepted as grep's)",
    "Печатать номера строк (по умолчанию; принимается, как в grep)"};
inline constexpr HelpText include{
    "In directories, read only files whose name matches GLOB (repeatable)",
    "В каталогах читать только файлы с именем по шаблону GLOB (можно повторять)"};
inline constexpr HelpText exclude{
    "In directories, skip files whose name matches GLOB (repeatable)",
    "В каталогах пропускать файлы с именем по шаблону GLOB (можно повторять)"};
inline constexpr HelpText debug{
    "Say on stderr which files a directory scan skips and why, which capture frames had odd "
    "times, and what inflates gzip",
    "Сообщать в stderr, какие файлы каталога пропущены и почему, у каких кадров захвата странное "
    "время и чем распаковывается gzip"};
inline constexpr HelpText listen_hep{
    "Receive HEP v3 and v2 over UDP and TCP (ADDR 0.0.0.0 unless given)",
    "Принимать HEP v3 и v2 по UDP и TCP (ADDR 0.0.0.0, если не указан)"};
inline constexpr HelpText interface {
    "Capture live on IFACE through libpcap (repeatable; any for all)",
        "Захватывать трафик с IFACE через libpcap (можно повторять; any - все)"
};
inline constexpr HelpText bpf{"With --interface: capture only what this BPF filter passes",
                              "С --interface: захватывать только то, что пропускает фильтр BPF"};
inline constexpr HelpText interval{"With --summary: print the summary so far every SECONDS",
                                   "С --summary: печатать сводку каждые SECONDS секунд"};
inline constexpr HelpText flow{"Draw each call's ladder: a column per host, an arrow per message",
                               "Нарисовать лестницу вызова: столбец на хост, стрелка на сообщение"};
inline constexpr HelpText mermaid{
    "With --flow: a Mermaid sequenceDiagram per call, for tickets",
    "С --flow: диаграмма Mermaid sequenceDiagram на вызов, для заявок"};
inline constexpr HelpText svg{"With --flow: one self-contained SVG document on stdout",
                              "С --flow: один самодостаточный документ SVG на stdout"};
inline constexpr HelpText join{
    "Read the inputs as one stream: a call may span files",
    "Читать входы как один поток: вызов может продолжаться в другом файле"};
inline constexpr HelpText call_id{
    "Only the call with this Call-ID or unique prefix (repeatable)",
    "Только вызов с этим Call-ID или его однозначным началом (можно повторять)"};
inline constexpr HelpText since{
    "Only calls begun at or after TIME: 2026-11-20T10:00, 10:00, -15m",
    "Только вызовы, начатые не раньше TIME: 2026-11-20T10:00, 10:00, -15m"};
inline constexpr HelpText until{"Only calls that began at or before TIME (as --since)",
                                "Только вызовы, начатые не позже TIME (как в --since)"};
inline constexpr HelpText from{
    "Only calls from this number: part of the From user, or its digits",
    "Только вызовы с этого номера: часть пользователя From или его цифры"};
inline constexpr HelpText to{
    "Only calls to this number: the To or Request-URI user, read as --from is (repeatable)",
    "Только вызовы на этот номер: пользователь To или Request-URI, как в --from (можно повторять)"};
inline constexpr HelpText host{
    "Only calls with a message from or to ADDR or ADDR:PORT (repeatable)",
    "Только вызовы с сообщением с адреса ADDR или ADDR:PORT или на него"};
inline constexpr HelpText method{
    "Only calls whose first message is of this method, e.g. INVITE,REGISTER",
    "Только вызовы, первое сообщение которых этого метода, например INVITE,REGISTER"};

}  // namespace help

// The core's messages about a malformed query, in the language of messages: the core words them
// in English, and the command line says them in Russian too. An unknown message is returned as
// it is.
inline std::string localized_query_message(std::string_view message, Lang lang) {
    static constexpr HelpText k_messages[] = {
        {"not a SIP status code (expected three digits, 100-699)",
         "не код ответа SIP (ожидаются три цифры, 100-699)"},
        {"out of the SIP status-code range (100-699)", "вне диапазона кодов ответа SIP (100-699)"},
        {"not a SIP status line (expected \"SIP/2.0 CODE REASON\")",
         "не строка статуса SIP (ожидается \"SIP/2.0 КОД ФРАЗА\")"},
        {"missing status code", "нет кода ответа"},
        {"empty query", "пустой запрос"},
        {"empty header value", "пустое значение заголовка"},
        {"no such response class (SIP classes are 1xx to 6xx)",
         "нет такого класса ответов (классы SIP - от 1xx до 6xx)"},
        {"a class pattern takes no reason phrase", "у шаблона класса не бывает фразы ответа"},
        {"unterminated quoted string in Reason header",
         "незакрытая строка в кавычках в заголовке Reason"},
        {"a Reason value has no protocol (expected e.g. Q.850 or SIP)",
         "у значения Reason нет протокола (ожидается, например, Q.850 или SIP)"},
        {"the cause of a Reason value must be a decimal number",
         "причина в значении Reason должна быть десятичным числом"},
        {"empty Reason header", "пустой заголовок Reason"},
        {"unterminated quoted string in Warning header",
         "незакрытая строка в кавычках в заголовке Warning"},
        {"not a warn-code (expected three digits, 300-399)",
         "не код Warning (ожидаются три цифры, 300-399)"},
        {"empty Warning header", "пустой заголовок Warning"},
    };
    if (lang == Lang::ru) {
        for (const auto& m : k_messages) {
            if (m.en == message) {
                return std::string(m.ru);
            }
        }
        return std::string(start_line_problem_ru(message));  // the start-line grammar's own
    }
    return std::string(message);
}

}  // namespace sipwhy::cli
