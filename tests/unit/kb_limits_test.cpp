// The knowledge base refuses a text larger than its documented limit, whole.
#include <sipwhy/kb/knowledge_base.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

TEST(KbLimits, ATextOverTheLimitIsRefused) {
    KnowledgeBase kb;
    const std::string text(KnowledgeBase::k_max_file_size + 1, ' ');
    const auto diags = kb.load("big.json", text);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].to_string(),
              "big.json: larger than the limit of 16 MiB for a knowledge-base file");
}

}  // namespace
}  // namespace sipwhy
