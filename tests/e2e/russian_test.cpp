// Russian throughout, through the real binary: --help, errors, the summary's header, Q.850 cause
// names and running text; ids (categories, next steps, JSON) stay English.
#include "run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>

namespace sipwhy::e2e {
namespace {

const std::string k_fixtures = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/logs";

TEST(Russian, HelpInRussian) {
    const auto r = sipwhy({"--lang", "ru", "--help"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
              "sipwhy: почему не прошёл SIP-вызов или регистрация?");
    for (const char* part :
         {"\nПараметры:\n  -h,--help                 Показать эту справку и выйти\n",
          "\n  --next-step LIST          Только эти следующие шаги, например try_next_route (и для "
          "list)\n"}) {
        EXPECT_TRUE(has(r.out, part));
    }
    // From the environment too, and --lang en wins over it.
    const auto env = sipwhy({.args = {"--help"}, .env = {{"LANG", "ru_RU.UTF-8"}}});
    EXPECT_EQ(env.out, r.out);
    const auto en = sipwhy({.args = {"--lang=en", "--help"}, .env = {{"LANG", "ru_RU.UTF-8"}}});
    EXPECT_EQ(en.out.substr(0, en.out.find('\n')),
              "sipwhy: why did this SIP call or registration fail?");
}

TEST(Russian, ErrorsInRussian) {
    const auto unknown = sipwhy({"--lang", "ru", "--summery", "x.log"});
    EXPECT_EQ(status_err(unknown),
              (StatusText{
                  2,
                  "sipwhy: ошибка: неизвестный параметр --summery (может быть, «--summary»?) (см. "
                  "sipwhy --help)\n"}));
    const auto both = sipwhy({"--lang", "ru", "--json", "--brief", "486"});
    EXPECT_EQ(status_err(both),
              (StatusText{2, "sipwhy: ошибка: --json и --brief нельзя совмещать\n"}));
    const auto scan = sipwhy({"--lang", "ru", "--summary", "486"});
    EXPECT_EQ(scan.err,
              "sipwhy: ошибка: --summary - для просмотра логов, а не для объяснения кодов\n");
    const auto missing =
        sipwhy({.args = {"pbx.log"}, .env = {{"LC_ALL", "ru_RU.UTF-8"}}, .cwd = temp_dir()});
    EXPECT_EQ(
        status_err(missing),
        (StatusText{
            2,
            "sipwhy: ошибка: pbx.log: нет такого файла или каталога (прочитано как файл; sipwhy "
            "explain \"pbx.log\" прочитает это как запрос)\n"}));
}

TEST(Russian, QueryAndFilterErrorsInRussian) {
    const auto code = sipwhy({"--lang", "ru", "7xx"});
    EXPECT_EQ(
        status_err(code),
        (StatusText{
            2,
            "sipwhy: ошибка: \"7xx\": нет такого класса ответов (классы SIP - от 1xx до 6xx)\n"}));
    EXPECT_EQ(sipwhy({"--lang", "ru", "SIP/2.0 099 Low"}).err,
              "sipwhy: ошибка: \"099\": код ответа вне диапазона 100-699\n");
    const auto reason = sipwhy({"--lang", "ru", "Reason: Q.850;cause=x"});
    EXPECT_EQ(reason.err,
              "sipwhy: ошибка: \"cause=x\": причина в значении Reason должна быть десятичным "
              "числом\n");
    const auto category = sipwhy({"--lang", "ru", "--category", "bsy", "x.log"});
    EXPECT_EQ(category.err,
              "sipwhy: ошибка: --category: неизвестная категория \"bsy\" (может быть, «busy»?)\n");
    // Ids and option names stay as they are typed; English stays as it was.
    EXPECT_EQ(sipwhy({"--category", "bsy", "x.log"}).err,
              "sipwhy: error: --category: unknown category \"bsy\" (did you mean \"busy\"?)\n");
}

TEST(Russian, InputErrorsInRussian) {
    const std::string whole = gzip("SIP/2.0 486 Busy Here\n");
    const std::string path = temp_file("cut.log.gz", whole.substr(0, whole.size() - 6));
    const auto r = sipwhy({"--lang", "ru", "-c", path});
    EXPECT_EQ(status_err(r),
              (StatusText{2, "sipwhy: ошибка: " + path + ": обрезанные данные gzip\n"}));
    const auto none = sipwhy({"--lang", "ru", "search"});
    EXPECT_EQ(none.err,
              "sipwhy: ошибка: search нужны слова для поиска, например sipwhy search codec\n");
}

TEST(Russian, SummaryHeaderIsTranslatedAndAligned) {
    const auto r =
        sipwhy({.args = {"--lang", "ru", "--summary", "asterisk-pjsip.log"}, .cwd = k_fixtures});
    EXPECT_EQ(r.status, 0);
    const std::string header = r.out.substr(0, r.out.find('\n'));
    const std::string row =
        r.out.substr(header.size() + 1, r.out.find('\n', header.size() + 1) - header.size() - 1);
    EXPECT_EQ(header.substr(0, header.find("Значение")),
              "Число  Код   Фраза                          Категория       ");
    // Each heading starts where its column does.
    EXPECT_EQ(row.substr(0, 60), "1      407   Proxy Authentication Required  authentication  ");
    EXPECT_EQ(r.out.substr(r.out.find("\n\n") + 2),
              "По классам:  4xx 2\n"
              "По категориям:  authentication 1  busy 1\n"
              "Всего ответов: 2\n");
}

// The lines a scan prints for malformed status lines say so in Russian, the problem too; JSON
// keeps the English problem (docs/json.md).
TEST(Russian, MalformedStatusLinesInRussian) {
    const auto r = sipwhy({.args = {"--lang", "ru", "plain.log"}, .cwd = k_fixtures});
    EXPECT_TRUE(has(r.out,
                    "plain.log:6: искажённая строка статуса \"SIP/2.0 4294967301 better not "
                    "break the receiver\" (код ответа - не три цифры)\n"
                    "plain.log:7: искажённая строка статуса \"SIP/3.0 200 OK\" "
                    "(неподдерживаемая версия SIP (ожидается SIP/2.0))\n"));
    const auto j = sipwhy({.args = {"--lang", "ru", "--json", "plain.log"}, .cwd = k_fixtures});
    EXPECT_TRUE(has(j.out, "\"problem\":\"unsupported SIP version (expected SIP/2.0)\""));
}

TEST(Russian, Q850CauseNamesInRussian) {
    const auto brief = sipwhy({"--lang", "ru", "--brief", "q850", "17", "4"});
    EXPECT_EQ(status_out(brief),
              (StatusText{
                  0,
                  "Q.850 17: Абонент занят - busy - SIP 486\n"
                  "Q.850 4: Передать специальный информационный сигнал - not_found - SIP 500\n"}));
    const auto reason = sipwhy({"--lang", "ru", "--brief", "Reason: Q.850;cause=16"});
    EXPECT_EQ(reason.out, "Reason Q.850 причина 16: Нормальное завершение вызова - success\n");
    const auto text = sipwhy({"--lang", "ru", "486"});
    EXPECT_TRUE(has(text.out, "\n    Q.850 (RFC 3398)       17 Абонент занят\n"));
    // JSON keeps ITU-T's English name, as ids stay English.
    const auto json = json_lines(sipwhy({"--lang", "ru", "--json", "q850", "17"}).out);
    ASSERT_EQ(json.size(), 1u);
    EXPECT_EQ(json[0]["name"], "User busy");
    EXPECT_EQ(json[0]["category"], "busy");
}

TEST(Russian, NoEnglishReasonPhraseInRussianText) {
    const std::regex english("reason[ -]phrase", std::regex::icase);
    for (const auto& f :
         std::filesystem::directory_iterator(std::string(SIPWHY_SOURCE_DIR) + "/data")) {
        const auto j = nlohmann::json::parse(read_file(f.path().string()));
        std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& v) {
            if (v.is_object()) {
                if (v.contains("ru") && v["ru"].is_string()) {
                    EXPECT_FALSE(std::regex_search(v["ru"].get<std::string>(), english))
                        << f.path() << ": " << v["ru"];
                }
                for (const auto& [k, e] : v.items()) {
                    walk(e);
                }
            } else if (v.is_array()) {
                for (const auto& e : v) {
                    walk(e);
                }
            }
        };
        walk(j);
    }
    const auto r = sipwhy({"--lang", "ru", "--full", "403"});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.out, "поэтому важен текст ответа"));
    EXPECT_FALSE(std::regex_search(r.out, english));
}

// The system's words for an input that cannot be read are Russian too.
TEST(Russian, SystemErrorsInRussian) {
    const std::string dir = temp_dir();
    const auto missing = sipwhy(Invocation{.args = {"--lang", "ru", "scan", dir + "/nothing.log"}});
    EXPECT_EQ(missing.err,
              "sipwhy: ошибка: " + dir + "/nothing.log: нет такого файла или каталога\n");
    const auto kb = sipwhy(Invocation{.args = {"--lang", "ru", "--kb", dir + "/none.json", "486"}});
    EXPECT_EQ(kb.err, "sipwhy: ошибка: не удаётся прочитать файл базы знаний «" + dir +
                          "/none.json»: нет такого файла или каталога\n");
}

// "LEAD FILE: MESSAGE\n" for each message, as the loader's errors are printed.
std::string error_lines(const std::string& lead, const std::string& file,
                        const std::vector<std::string>& messages) {
    std::string out;
    for (const auto& m : messages) {
        out += lead + file + ": " + m + "\n";
    }
    return out;
}

// The knowledge-base loader's errors: every violation on its own line, in Russian, with paths,
// field names and values as the file has them; English stays as it was.
TEST(Russian, KnowledgeBaseErrorsInRussian) {
    const std::string kb = temp_file("site.json", R"({
  "codes": [
    {"code": 486, "sumary": "x"},
    {"code": 455, "class": "4xx", "reason": "Site Rule", "registered": false,
     "origin": "Our SBC.", "source": "sbc.cfg", "category": "forbidden", "next_step": "stop",
     "sent_by": ["b2bua"], "causes": ["A rule."], "checks": ["Read it."], "retry": "No."},
    {"code": "486"},
    {"code": 1000}
  ],
  "colours": []
}
)");
    const auto r = sipwhy({"--lang", "ru", "--kb", kb, "486"});
    EXPECT_EQ(
        r, (Outcome{
               2, "",
               error_lines("sipwhy: ошибка: ", kb,
                           {"/codes/0/sumary: неизвестное поле \"sumary\" (может быть, «summary»?)",
                            "/codes/1: нет обязательного поля \"summary\" (код 455 новый)",
                            "/codes/2/code: ожидается целое число",
                            "/codes/3/code: 1000 вне диапазона 100-699",
                            "/colours: неизвестный раздел \"colours\""})}));
    // The locale says Russian as --lang does; English is word for word as before.
    EXPECT_EQ(sipwhy({.args = {"--kb", kb, "486"}, .env = {{"LANG", "ru_RU.UTF-8"}}}).err, r.err);
    const auto en = sipwhy({"--kb", kb, "486"});
    EXPECT_EQ(
        status_err(en),
        (StatusText{
            2, error_lines("sipwhy: error: ", kb,
                           {"/codes/0/sumary: unknown field \"sumary\" (did you mean \"summary\"?)",
                            "/codes/1: missing required field \"summary\" (code 455 is new)",
                            "/codes/2/code: expected an integer",
                            "/codes/3/code: 1000 is out of range 100-699",
                            "/colours: unknown section \"colours\""})}));
}

TEST(Russian, KnowledgeBaseSyntaxErrorsInRussian) {
    const std::string kb =
        temp_file("site.json", "{\n  \"codes\": [\n    {\"code\": tru}\n  ]\n}\n");
    const auto r = sipwhy({"--lang", "ru", "--kb", kb, "486"});
    EXPECT_EQ(
        status_err(r),
        (StatusText{2, "sipwhy: ошибка: " + kb +
                           ":3:17: ошибка синтаксиса JSON при разборе значения: invalid literal; "
                           "last read: '\"code\": tru}'\n"}));
    const std::string key = temp_file("key.json", "{\"variants\": [],}");
    EXPECT_EQ(sipwhy({"--lang", "ru", "--kb", key, "486"}).err,
              "sipwhy: ошибка: " + key +
                  ":1:17: ошибка синтаксиса JSON при разборе ключа объекта: unexpected '}'; "
                  "expected string literal\n");
    const std::string big = temp_file("big.json", "{\"variants\": [{\"code\": 1e400}]}\n");
    EXPECT_EQ(sipwhy({"--lang", "ru", "--kb", big, "486"}).err,
              "sipwhy: ошибка: " + big + ":1:24: переполнение числа при разборе '1e400'\n");
    EXPECT_EQ(sipwhy({"--kb", kb, "486"}).err,
              "sipwhy: error: " + kb +
                  ":3:17: syntax error while parsing value - invalid literal; last read: "
                  "'\"code\": tru}'\n");
}

TEST(Russian, CallVerdictsInRussian) {
    // The verdict, its challenges, the Reason line with the cause's name, the contradiction,
    // the endpoints and the timing; ids stay English in JSON.
    const auto r =
        sipwhy({.args = {"--lang", "ru", "--calls", "asterisk-pjsip.log", "../calls/follow.log"},
                .cwd = k_fixtures});
    EXPECT_EQ(r.status, 0);
    const std::string expected =
        "asterisk-pjsip.log:2: вызов pjsip-call-0001: занято - 486 Busy Here (INVITE 2001 -> "
        "+442071234567, после 1 запроса аутентификации)\n"
        "  Reason: Q.850 причина 16 (Нормальное завершение вызова) \"Normal Clearing\"\n"
        "  ! Причина Q.850 16 (Нормальное завершение вызова) в Reason противоречит 486 Busy Here, "
        "который RFC 3398 сопоставляет причине 17 (Абонент занят)\n"
        "../calls/follow.log:2: 2026-11-21T10:00:00.000000 вызов follow-a1: отвечен - 200 OK "
        "(INVITE 2001 -> +442071234567)\n"
        "  адреса: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
        "  время: PDD 2.0 с, ответ через 10.0 с, звонок 8.0 с, разговор 1 мин 0.1 с, ответ на BYE "
        "через 200 мс\n"
        "../calls/follow.log:65: 2026-11-21T10:05:00.000000 вызов follow-a2: занято - 486 Busy "
        "Here (INVITE 2002 -> 5551000)\n"
        "  адреса: 192.0.2.60:5060 -> 198.51.100.9:5060\n"
        "  время: окончательный ответ через 3.0 с\n"
        "../calls/follow.log:92: 2026-11-21T10:30:00.000000 вызов follow-b1: зарегистрирован - 200 "
        "OK (REGISTER 2001 -> "
        "2001, после 1 запроса аутентификации)\n"
        "  адреса: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
        "  время: регистрация за 250 мс\n"
        "../calls/follow.log:128: 2026-11-21T11:00:00.000000 вызов other-c1: нет окончательного "
        "ответа (INVITE 3003 -> "
        "4471999)\n"
        "  адреса: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
        "  время: PDD 1.5 с\n";
    EXPECT_EQ(r.out, expected);
    const auto json = sipwhy(
        {.args = {"--lang", "ru", "--calls", "--json", "asterisk-pjsip.log"}, .cwd = k_fixtures});
    const auto lines = json_lines(json.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["verdict"], "busy");
    EXPECT_EQ(lines[0]["reasons"][0]["name"], "Normal call clearing");
    EXPECT_EQ(lines[0]["contradiction"],
              "Причина Q.850 16 (Нормальное завершение вызова) в Reason противоречит 486 Busy "
              "Here, который RFC 3398 сопоставляет причине 17 (Абонент занят)");
}

}  // namespace
}  // namespace sipwhy::e2e
