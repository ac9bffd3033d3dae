// The scan's candidate search: the AVX-512 and AVX2 paths find every candidate the scalar one does
// (and the log scanner's findings are the same either way: a superset is re-checked byte by
// byte). On a CPU without AVX-512 its cases run the AVX2 path again.
#include "logs/anchor.hpp"

#include "scan_helpers.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace sipwhy::detail {
namespace {

constexpr SearchPath k_fast[] = {SearchPath::avx512, SearchPath::avx2};

std::vector<std::size_t> all(std::string_view b, SearchPath how) {
    std::vector<std::size_t> found;
    AnchorCursor cursor;
    use_search(how);
    for (std::size_t at = 0;;) {
        const std::size_t a =
            how == SearchPath::scalar ? find_anchor_scalar(b, at) : cursor.next(b, at);
        if (a == std::string_view::npos) {
            break;
        }
        found.push_back(a);
        at = a + 1;
    }
    use_search(SearchPath::best);
    return found;
}

// Every scalar candidate is a candidate of each SIMD path.
void check(std::string_view b, const std::string& what) {
    const auto scalar = all(b, SearchPath::scalar);
    for (const SearchPath how : k_fast) {
        const auto fast = all(b, how);
        std::size_t j = 0;
        for (const std::size_t a : scalar) {
            while (j < fast.size() && fast[j] < a) {
                ++j;
            }
            ASSERT_TRUE(j < fast.size() && fast[j] == a)
                << what << ": path " << static_cast<int>(how) << " missed " << a;
        }
    }
}

TEST(Anchor, ScalarAndAvx2AgreeOnEveryFixture) {
    const std::string dir = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/logs";
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        check(bytes.str(), entry.path().filename().string());
        ++files;
    }
    EXPECT_GT(files, 20);
}

TEST(Anchor, ScalarAndAvx2AgreeOnRandomText) {
    std::mt19937 rng(7);
    const std::string alphabet = "SIPsip/2.0 nta:#fields\n1234567890.-=:\"'<>xyz";
    for (int round = 0; round < 200; ++round) {
        std::string b(1 + rng() % 300, ' ');
        for (char& c : b) {
            c = alphabet[rng() % alphabet.size()];
        }
        check(b, "random " + std::to_string(round));
    }
}

TEST(Anchor, FindsEachKind) {
    const std::string b = "xx SIP/2.0 486\nnta: sent\n#fields\tts\nfailed: 486 Busy\ncode=4\n87;\n";
    const auto found = all(b, SearchPath::scalar);
    auto has = [&](std::size_t pos) {
        return std::find(found.begin(), found.end(), pos) != found.end();
    };
    EXPECT_TRUE(has(b.find("SIP/")));
    EXPECT_TRUE(has(b.find("486")));
    EXPECT_TRUE(has(b.find("nta:")));
    EXPECT_TRUE(has(b.find("#fields")));
    EXPECT_TRUE(has(b.find("486 Busy")));
    EXPECT_TRUE(has(b.find("=4\n") + 2));  // the line end inside a wrapped code
    EXPECT_FALSE(has(b.find("2.0")));      // "2.0" is not three digits
}

// A Via's "SIP/2.0/UDP" is no candidate on any path; a status line's "SIP/2.0 " and its code are.
TEST(Anchor, AViaValueIsNoCandidate) {
    std::string b = "Via: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1\nvia: sip/2.0/tcp h\n";
    b += std::string(200, 'x') + "SIP/2.0 200 OK\n" + std::string(200, 'x');
    for (const SearchPath how : {SearchPath::scalar, SearchPath::avx512, SearchPath::avx2}) {
        EXPECT_EQ(all(b, how), (std::vector<std::size_t>{b.find("SIP/2.0 "), b.find("200")}))
            << static_cast<int>(how);
    }
}

// The log scanner finds the same with either path, on every fixture and fuzz seed.
TEST(Anchor, ScalarAndAvx2GiveTheSameFindings) {
    int files = 0;
    for (const char* dir : {"/tests/fixtures/logs", "/tests/fuzz/regressions/scanner"}) {
        for (const auto& entry :
             std::filesystem::directory_iterator(std::string(SIPWHY_SOURCE_DIR) + dir)) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream bytes;
            bytes << in.rdbuf();
            use_search(SearchPath::scalar);
            const auto scalar = test::scan_text(bytes.str());
            for (const SearchPath how : k_fast) {
                use_search(how);
                EXPECT_EQ(test::scan_text(bytes.str()), scalar)
                    << entry.path() << ": path " << static_cast<int>(how);
            }
            use_search(SearchPath::best);
            ++files;
        }
    }
    EXPECT_GT(files, 30);
}

}  // namespace
}  // namespace sipwhy::detail
