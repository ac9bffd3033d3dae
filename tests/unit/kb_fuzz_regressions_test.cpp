// Knowledge-base files that fuzz_kb once crashed on (tests/fuzz/regressions/kb/), replayed with
// the harness's own checks: each comes back as diagnostics, never as an exception.
#include <sipwhy/kb/knowledge_base.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sipwhy {
namespace {

TEST(KbFuzzRegressions, EachInputIsADiagnostic) {
    const std::string dir = std::string(SIPWHY_SOURCE_DIR) + "/tests/fuzz/regressions/kb";
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        KnowledgeBase empty;
        const auto diags = empty.load("fuzz.json", bytes.str());
        EXPECT_FALSE(diags.empty()) << e.path();
        for (const auto& d : diags) {
            EXPECT_FALSE(d.message.empty()) << e.path();
        }
        ++files;
    }
    EXPECT_GT(files, 0u);
}

TEST(KbFuzzRegressions, ANumberOutOfRangeIsPlacedWhereItStarts) {
    KnowledgeBase kb;
    const auto diags = kb.load("x.json", "{\"variants\": [\n  {\"code\": -1e400}]}");
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].to_string(), "x.json:2:12: number overflow parsing '-1e400'");
}

}  // namespace
}  // namespace sipwhy
