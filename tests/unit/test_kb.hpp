// A small knowledge base for tests of the matching rules and formatters, so that they do not
// depend on the content of data/*.json.
#pragma once

#include <sipwhy/kb/knowledge_base.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace sipwhy::test {

// The fixture's text: test_kb.json beside this header, kept as a JSON file as data/*.json are.
inline const std::string& fixture_text() {
    static const std::string text = [] {
        std::ifstream in(std::string(SIPWHY_SOURCE_DIR) + "/tests/unit/test_kb.json",
                         std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }();
    return text;
}

// The fixture, loaded; fails the test when it does not load.
inline KnowledgeBase fixture_kb() {
    KnowledgeBase kb;
    EXPECT_FALSE(fixture_text().empty()) << "tests/unit/test_kb.json was not read";
    const auto diags = kb.load("fixture.json", fixture_text());
    for (const auto& d : diags) {
        ADD_FAILURE() << d.to_string();
    }
    return kb;
}

}  // namespace sipwhy::test
