// --help and the documentation tell the truth about the binary: installed documentation, one
// blank line between groups, the options each command takes, colour, the man page's footer,
// JSON's query for list, and cause without a name for the completions.
#include "run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace sipwhy::e2e {
namespace {

const std::string k_source = SIPWHY_SOURCE_DIR;

TEST(HelpDocs, HelpPointsToInstalledDocumentation) {
    const auto r = sipwhy({"--help"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(r.out.find("docs/"), std::string::npos);
    const auto doc = r.out.find("\nDocumentation: man sipwhy, and /");
    ASSERT_NE(doc, std::string::npos);
    EXPECT_EQ(r.out.substr(r.out.size() - 18), "/share/doc/sipwhy\n");
    EXPECT_TRUE(has(r.out,
                    "\n  --json                    Print JSON Lines: one object per result "
                    "(json.md in the documentation)\n"));
}

TEST(HelpDocs, HelpHasNoDoubledBlankLines) {
    for (const std::string lang : {"en", "ru"}) {
        const auto r = sipwhy({"--lang", lang, "--help"});
        EXPECT_EQ(r.out.find("\n\n\n"), std::string::npos) << lang;
        EXPECT_TRUE(has(r.out, "\n\n")) << lang;
    }
}

TEST(HelpDocs, HelpSaysWhichOptionsListTakes) {
    const auto r = sipwhy({"--help"});
    for (const char* option :
         {"\n  --next-step LIST          Only these next steps, e.g. try_next_route (also for "
          "list)\n",
          "\n  --category LIST           Only these categories, e.g. busy,media (also for "
          "list)\n"}) {
        EXPECT_TRUE(has(r.out, option));
    }
    // What it says is so.
    EXPECT_EQ(sipwhy({"--brief", "--next-step", "authenticate", "list"}).status, 0);
}

TEST(HelpDocs, ColorAlwaysColoursEvenWithNoColor) {
    const auto always =
        sipwhy({.args = {"--color=always", "--brief", "486"}, .env = {{"NO_COLOR", "1"}}});
    EXPECT_EQ(always.out.rfind("486 Busy Here - busy", 0), 0u);  // brief has no colour at all
    const auto text = sipwhy({.args = {"--color=always", "486"}, .env = {{"NO_COLOR", "1"}}});
    EXPECT_EQ(text.out.rfind("\x1b[1m486 Busy Here\x1b[0m", 0), 0u);
    const auto automatic = sipwhy({.args = {"486"}, .env = {{"NO_COLOR", "1"}}});
    EXPECT_EQ(automatic.out.find('\x1b'), std::string::npos);
    const std::string readme = read_file(k_source + "/README.md");
    EXPECT_TRUE(has(readme, "never with `NO_COLOR` set; `--color=always` colours even then"));
    EXPECT_EQ(readme.find("never with `NO_COLOR` set, and"), std::string::npos);
}

TEST(HelpDocs, ManPageFooterReadsWellInTheRepository) {
    const std::string page = read_file(k_source + "/docs/sipwhy.1");
    const std::string th = page.substr(0, page.find('\n'));
    EXPECT_EQ(th, ".TH SIPWHY 1 \"2026-11-21\" \"sipwhy\" \"User Commands\"");
    EXPECT_EQ(page.find("@SIPWHY_"), std::string::npos);  // no build-time placeholder left
}

TEST(HelpDocs, JsonQueryOfListIsThePatternAsGiven) {
    const auto lines = json_lines(sipwhy({"--json", "list", "4xx", "486"}).out);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.front()["query"], "list 4xx");
    EXPECT_EQ(lines.back()["query"], "list 486");
    EXPECT_EQ(json_lines(sipwhy({"--json", "list"}).out).front()["query"], "list");
    const std::string json_md = read_file(k_source + "/docs/json.md");
    EXPECT_TRUE(has(json_md, "(`\"list 4xx\"`, `\"list 486\"`)"));
}

TEST(HelpDocs, CauseWithoutANameListsEveryCause) {
    std::size_t causes = 0;
    const auto platforms = nlohmann::json::parse(read_file(k_source + "/data/platforms.json"));
    causes += platforms.value("platform_causes", nlohmann::json::array()).size();
    const auto r = sipwhy({"--json", "cause"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["query"], "");
    EXPECT_EQ(lines[0]["causes"].size(), causes);
    EXPECT_EQ(lines[0]["causes"][0]["platform"], "freeswitch");
}

}  // namespace
}  // namespace sipwhy::e2e
