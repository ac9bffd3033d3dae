// The built-in tables hold what the loader reads from data/*.json, field by field: written back
// as C++ (as sipwhy_kbgen writes them), the tables compiled into the binary and the data files
// loaded at test time give the same text.
#include "kb/kb_internal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sipwhy {
namespace {

TEST(KbRoundTrip, TheBuiltInTablesAreWhatTheDataFilesSay) {
    std::vector<std::filesystem::path> files;
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(SIPWHY_SOURCE_DIR) + "/data")) {
        if (e.path().extension() == ".json") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());  // as the build orders them
    ASSERT_GT(files.size(), 3U);
    KnowledgeBase loaded;
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        for (const auto& d : loaded.load(path.filename().string(), text.str(), false)) {
            ADD_FAILURE() << d.to_string();
        }
    }
    const std::string built_in = kb_as_cpp(KnowledgeBase::builtin().data());
    const std::string from_files = kb_as_cpp(loaded.data());
    EXPECT_GT(from_files.size(), 100000U);  // the tables, not an empty shell
    if (built_in != from_files) {
        // The first line that differs, rather than two texts of a megabyte.
        std::istringstream a(built_in);
        std::istringstream b(from_files);
        std::string la;
        std::string lb;
        int line = 0;
        while (std::getline(a, la) && std::getline(b, lb) && la == lb) {
            ++line;
        }
        ADD_FAILURE() << "line " << line + 1 << ":\n  built in:   " << la
                      << "\n  data files: " << lb;
    }
}

}  // namespace
}  // namespace sipwhy
