// The documentation that lists fixed ids must list every one of them.
#include <sipwhy/category.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sipwhy {
namespace {

std::string read_doc(const std::string& name) {
    std::ifstream in(std::string(SIPWHY_SOURCE_DIR) + "/docs/" + name);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(Docs, CategoriesDocumentsEveryCategoryAndNextStep) {
    const std::string doc = read_doc("categories.md");
    ASSERT_FALSE(doc.empty());
    for (const auto id : ids<Category>()) {
        EXPECT_NE(doc.find("| `" + std::string(id) + "` |"), std::string::npos) << id;
    }
    for (const auto id : ids<NextStep>()) {
        EXPECT_NE(doc.find("| `" + std::string(id) + "` |"), std::string::npos) << id;
    }
}

}  // namespace
}  // namespace sipwhy
