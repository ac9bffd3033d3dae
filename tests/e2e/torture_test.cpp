// The RFC 4475 and RFC 5118 torture messages of the shared corpus: every one is read without a
// crash; the valid responses are found; the invalid ones are reported as malformed, never
// explained. (Unit tests cover the same cases with messages of our own: log_scanner_test.cpp.)
#include "run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <sstream>

namespace sipwhy::e2e {
namespace {

TEST(Torture, EveryMessage) {
    const std::string dir = std::string(SIPWHY_SHARED_DIR) + "/corpus/torture";
    if (!std::filesystem::is_directory(dir)) {
        GTEST_SKIP() << "no corpus at " << dir << ": skipping the torture messages";
    }
    // What sipwhy must report for the torture messages that are responses.
    const std::map<std::string, std::string> responses = {
        {"bcast.dat", "200 OK"},
        {"noreason.dat", "100 "},
        {"scalarlg.dat", "503 Service Unavailable"},
        {"unreason.dat", "200 = 2**3 * 5**2 но сто девяносто девять - простое"},
        {"bigcode.dat", "malformed: status code is not three digits"},
    };
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        ++files;
        const std::string name = entry.path().filename().string();
        const auto r = sipwhy({"--json", entry.path().string()});
        EXPECT_TRUE(r.status == 0 || r.status == 1) << name << ": " << r.err;
        EXPECT_EQ(r.err, "") << name;
        std::vector<std::string> found;
        std::istringstream in(r.out);
        for (std::string line; std::getline(in, line);) {
            ASSERT_TRUE(nlohmann::json::accept(line)) << name;
            const auto j = nlohmann::json::parse(line);
            found.push_back(j.contains("malformed")
                                ? "malformed: " + j["problem"].get<std::string>()
                                : std::to_string(j["code"].get<int>()) + " " +
                                      j["reason"].get<std::string>());
        }
        const auto expected = responses.find(name);
        if (expected == responses.end()) {
            EXPECT_TRUE(found.empty()) << name << " is a request but gave " << found.front();
        } else {
            EXPECT_EQ(found, std::vector<std::string>{expected->second}) << name;
        }
        // Explaining is no less robust: --calls and --summary over the same message.
        EXPECT_LE(sipwhy({"--calls", entry.path().string()}).status, 1) << name;
    }
    EXPECT_GT(files, 60);
}

}  // namespace
}  // namespace sipwhy::e2e
