// sipwhy export: the knowledge base as lookup tables, CSV and JSON Lines, with the columns
// docs/integrations.md promises; and the tables used as an engine would use them, in SQLite.
#include "run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

namespace sipwhy::e2e {
namespace {

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string line_starting(const std::string& text, const std::string& start) {
    const auto at = text.find("\n" + start);
    if (at == std::string::npos) {
        return {};
    }
    return first_line(text.substr(at + 1));
}

TEST(Export, CodesCsvHasTheStableColumns) {
    const auto r = sipwhy({"export", "codes"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(first_line(r.out), "code,reason,class,registered,category,next_step,summary,rfc");
    EXPECT_EQ(line_starting(r.out, "486,"),
              "486,Busy Here,4xx,true,busy,retry_later,The callee's device was reached but will "
              "not take another call right now. The user may still be reachable elsewhere "
              "(voicemail); 600 is for when no other device can take it. Maps to and from Q.850 "
              "cause 17.,RFC 3261 §21.4.24");
    EXPECT_EQ(line_starting(r.out, "100,"),
              "100,Trying,1xx,true,progress,none,\"Hop-by-hop acknowledgement: the next hop "
              "(proxy, SBC or UAS) got the INVITE and is working on it. It only stops INVITE "
              "retransmissions; a stateful proxy never passes it upstream, so it says nothing "
              "about the far end.\",RFC 3261 §21.1.1");
}

TEST(Export, VariantsCsvCarriesTheNormalizedPhrase) {
    const auto r = sipwhy({"export", "variants"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(first_line(r.out),
              "code,phrase,normalized_phrase,category,next_step,meaning,vendor,kind");
    EXPECT_EQ(line_starting(r.out, "403,Wrong Guess,"),
              "403,Wrong Guess,wrong guess,authentication,fix_request,Wrong SIP password: the "
              "digest response does not match the one computed from the stored password.,"
              "\"CIS softswitches and billing platforms, not named by the list\",carrier");
    EXPECT_EQ(line_starting(r.out, "100,trying"),
              "100,trying -- your call is important to us,trying your call is important to us,"
              "progress,none,SER's own wording of 100 Trying: the next hop received the request "
              "and is working on it. Nothing is wrong.,SIP Express Router (SER) 0.8.12,stack");
}

TEST(Export, Q850AndPlatformsCsv) {
    const auto q = sipwhy({"export", "q850", "--csv"});
    EXPECT_EQ(q.status, 0);
    EXPECT_EQ(first_line(q.out),
              "cause,name,category,rfc3398_sip,freeswitch_cause,freeswitch_sip,"
              "asterisk_cause,asterisk_sip");
    EXPECT_EQ(line_starting(q.out, "17,"),
              "17,User busy,busy,486,USER_BUSY,486,AST_CAUSE_USER_BUSY,486");
    EXPECT_EQ(line_starting(q.out, "4,"), "4,Send special information tone,not_found,500,,,,");
    const auto p = sipwhy({"export", "platforms"});
    EXPECT_EQ(p.status, 0);
    EXPECT_EQ(first_line(p.out), "platform,cause,value,sip_status,sip_status_default");
    EXPECT_EQ(line_starting(p.out, "freeswitch,NONE,"), "freeswitch,NONE,0,480,true");
    EXPECT_EQ(line_starting(p.out, "asterisk,AST_CAUSE_USER_BUSY,"),
              "asterisk,AST_CAUSE_USER_BUSY,17,486,false");
    EXPECT_EQ(line_starting(p.out, "sipjs,BUSY,"), "sipjs,BUSY,Busy,,false");
}

TEST(Export, JsonLinesOneObjectPerRow) {
    const auto q = sipwhy({"export", "--json", "q850"});
    EXPECT_EQ(q.status, 0);
    bool found = false;
    for (const auto& j : json_lines(q.out)) {
        if (j["cause"] == 17) {
            found = true;
            EXPECT_EQ(j.dump(),
                      "{\"asterisk_cause\":\"AST_CAUSE_USER_BUSY\",\"asterisk_sip\":486,"
                      "\"category\":\"busy\",\"cause\":17,\"freeswitch_cause\":"
                      "\"USER_BUSY\",\"freeswitch_sip\":486,\"name\":\"User busy\","
                      "\"rfc3398_sip\":486}");
        }
    }
    EXPECT_TRUE(found);
    const auto p = sipwhy({"--json", "export", "platforms"});
    EXPECT_EQ(first_line(p.out),
              "{\"platform\":\"freeswitch\",\"cause\":\"NONE\",\"value\":\"0\","
              "\"sip_status\":480,\"sip_status_default\":true}");
    const auto c = sipwhy({"--json", "export", "codes"});
    EXPECT_EQ(json_lines(c.out)[0]["registered"], true);
    const auto v = json_lines(sipwhy({"--json", "export", "variants"}).out);
    const std::string csv = sipwhy({"export", "variants"}).out;
    EXPECT_EQ(v.size() + 1, static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')));
}

TEST(Export, KbFilesAreExportedWithTheBuiltInTables) {
    const std::string kb = temp_file("acme.json", R"({"variants": [{"code": 480,
        "phrase": "Trunk asleep!", "meaning": "ACME's trunk is in its maintenance window.",
        "category": "capacity", "next_step": "try_next_route", "kind": "carrier",
        "vendor": "ACME Telecom", "source": "ACME NOC bulletin"}]})");
    const auto r = sipwhy({"--kb", kb, "export", "variants"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(line_starting(r.out, "480,Trunk asleep!,"),
              "480,Trunk asleep!,trunk asleep,capacity,try_next_route,ACME's trunk is in its "
              "maintenance window.,ACME Telecom,carrier");
}

TEST(Export, UnknownTableAndMisuse) {
    const auto r = sipwhy({"export", "cods"});
    EXPECT_EQ(
        r, (Outcome{2, "",
                    "sipwhy: error: export: unknown table \"cods\" (did you mean \"codes\"?)\n"}));
    EXPECT_EQ(
        status_err(sipwhy({"export"})),
        (StatusText{
            2, "sipwhy: error: export: name one table: codes, variants, q850 or platforms\n"}));
    struct Case {
        std::vector<std::string> args;
        std::string err;
    };
    const std::vector<Case> cases = {
        {{"export", "zzzzzzzz"},
         "sipwhy: error: export: unknown table \"zzzzzzzz\" (expected codes, "
         "variants, q850 or platforms)\n"},
        {{"export", "--summary", "codes"}, "sipwhy: error: --summary does not apply to export\n"},
        {{"export", "--csv", "--json", "codes"},
         "sipwhy: error: --csv and --json cannot be combined\n"},
        {{"--lang", "ru", "export", "cods"},
         "sipwhy: ошибка: export: неизвестная таблица \"cods\" (может быть, «codes»?)\n"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(sipwhy(c.args).err, c.err) << ::testing::PrintToString(c.args);
    }
}

// The script docs/integrations.md describes: the CSV tables loaded into SQLite, each response of
// the scan looked up by (code, normalized phrase) among the variants, else by code.
const std::string k_join_script = R"PY(
import csv, json, sqlite3, sys

def normalize_phrase(phrase):
    data = phrase.encode("utf-8")
    def word_byte(b):
        return (48 <= b <= 57) or (65 <= b <= 90) or (97 <= b <= 122) or b >= 0x80
    out = bytearray()
    pending = False
    for i, b in enumerate(data):
        lone_star = b == 42 and (i == 0 or not (word_byte(data[i - 1]) or data[i - 1] == 42)) \
            and (i + 1 == len(data) or not (word_byte(data[i + 1]) or data[i + 1] == 42))
        if word_byte(b) or lone_star:
            if pending and out:
                out += b" "
            pending = False
            out.append(b + 32 if 65 <= b <= 90 else b)
        else:
            pending = True
    return out.decode("utf-8", "replace")

db = sqlite3.connect(":memory:")
db.execute("create table codes (code integer primary key, reason, class, registered, category,"
           " next_step, summary, rfc)")
db.execute("create table variants (code integer, phrase, normalized_phrase, category, next_step,"
           " meaning, vendor, kind)")
for table, path in (("codes", sys.argv[1]), ("variants", sys.argv[2])):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    marks = ",".join("?" * len(rows[0]))
    db.executemany(f"insert into {table} values ({marks})", rows)
db.execute("create table scan (code integer, key)")
with open(sys.argv[3], encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        db.execute("insert into scan values (?, ?)", (r["code"], normalize_phrase(r["reason"])))
query = """select s.code, coalesce(v.category, c.category) from scan s
           left join variants v on v.code = s.code and v.normalized_phrase = s.key
           left join codes c on c.code = s.code order by s.rowid"""
for code, category in db.execute(query):
    print(f"{code} {category}")
)PY";

TEST(Export, SqliteJoinGivesTheCategoriesSipwhyGives) {
    if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "python3 is not installed";
    }
    const std::string log =
        "SIP/2.0 200 OK\n"
        "SIP/2.0 486 Busy Here\n"
        "SIP/2.0 486 BUSY HERE\n"
        "SIP/2.0 403 Wrong Guess\n"
        "SIP/2.0 403 No license available\n"
        "SIP/2.0 400 Invalid phone number\n"
        "SIP/2.0 403 Empty Route Set\n"
        "SIP/2.0 503 Service Unavailable\n"
        "SIP/2.0 603 Decline\n"
        "SIP/2.0 480 Temporarily Unavailable\n";
    const auto scan = sipwhy(Invocation{.args = {"--json"}, .input = log});
    ASSERT_EQ(scan.status, 0);
    std::string expected;
    for (const auto& j : json_lines(scan.out)) {
        expected +=
            std::to_string(j["code"].get<int>()) + " " + j["category"].get<std::string>() + "\n";
    }
    EXPECT_EQ(expected,
              "200 success\n486 busy\n486 busy\n403 authentication\n403 capacity\n"
              "400 bad_address\n403 no_route\n503 capacity\n603 declined\n480 unavailable\n");
    const std::string codes = temp_file("codes.csv", sipwhy({"export", "codes"}).out);
    const std::string variants = temp_file("variants.csv", sipwhy({"export", "variants"}).out);
    const std::string findings = temp_file("scan.json", scan.out);
    const std::string script = temp_file("join.py", k_join_script);
    const std::string output = temp_dir() + "/joined.txt";
    const std::string command =
        "python3 " + script + " " + codes + " " + variants + " " + findings + " > " + output;
    ASSERT_EQ(std::system(command.c_str()), 0);
    EXPECT_EQ(read_file(output), expected);
}

}  // namespace
}  // namespace sipwhy::e2e
