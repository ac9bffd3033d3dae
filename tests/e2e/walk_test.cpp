// Walking directories through the real binary: every failure to list one is reported and the walk
// goes on, however deep the tree, and each file is read once whatever links lead to it.
#include "run.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace sipwhy::e2e {
namespace {

namespace fs = std::filesystem;

// As root, the cases run as user nobody, whom permissions do stop; empty when not root. Skips the
// test when nobody cannot run the binary.
#define NOBODY_OR_SKIP(wrapper)                                                           \
    std::vector<std::string> wrapper;                                                     \
    if (::geteuid() == 0) {                                                               \
        wrapper = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};  \
        if (sipwhy({.args = {"--version"}, .wrapper = wrapper}).status != 0) {            \
            GTEST_SKIP() << "running as root, and user nobody cannot run " SIPWHY_BINARY; \
        }                                                                                 \
    }

void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

TEST(Walk, AnUnreadableSubdirectoryIsReportedAndTheRestRead) {
    NOBODY_OR_SKIP(wrapper);
    const std::string dir = temp_dir();
    fs::create_directories(dir + "/a");
    fs::create_directories(dir + "/b/locked");
    fs::create_directories(dir + "/c");
    write(dir + "/a/x.log", "SIP/2.0 486 Busy Here\n");
    write(dir + "/b/locked/y.log", "SIP/2.0 603 Decline\n");
    write(dir + "/c/z.log", "SIP/2.0 480 Temporarily Unavailable\n");
    fs::permissions(dir + "/b/locked", fs::perms::none);
    const auto r = sipwhy({.args = {dir}, .wrapper = wrapper});
    EXPECT_EQ(r, (Outcome{2,
                          dir + "/a/x.log:1: 486 Busy Here - busy\n" + dir +
                              "/c/z.log:1: 480 Temporarily Unavailable - unavailable\n",
                          "sipwhy: error: " + dir + "/b/locked: Permission denied\n"}));
}

TEST(Walk, AnUnreadableDirectoryOperandIsReported) {
    NOBODY_OR_SKIP(wrapper);
    const std::string dir = temp_dir();
    fs::create_directories(dir + "/locked");
    fs::permissions(dir + "/locked", fs::perms::none);
    const std::string good = dir + "/good.log";
    write(good, "SIP/2.0 486 Busy Here\n");
    const auto r = sipwhy({.args = {dir + "/locked", good}, .wrapper = wrapper});
    EXPECT_EQ(r, (Outcome{2, good + ":1: 486 Busy Here - busy\n",
                          "sipwhy: error: " + dir + "/locked: Permission denied\n"}));
}

TEST(Walk, ADeepTreeNeedsOneDescriptor) {
    // Forty levels under a limit of 16 open files: a walk that held a descriptor per level would
    // run out half-way.
    const std::string dir = temp_dir();
    std::string deep = dir;
    for (int i = 0; i < 40; ++i) {
        deep += "/d";
    }
    fs::create_directories(deep);
    write(dir + "/top.log", "SIP/2.0 486 Busy Here\n");
    write(deep + "/bottom.log", "SIP/2.0 603 Decline\n");
    const auto r =
        sipwhy({.args = {dir}, .wrapper = {"sh", "-c", "ulimit -n 16 && exec \"$@\"", "sh"}});
    EXPECT_EQ(r, (Outcome{0,
                          deep + "/bottom.log:1: 603 Decline - declined\n" + dir +
                              "/top.log:1: 486 Busy Here - busy\n",
                          ""}));
}

TEST(Walk, EachFileIsReadOnce) {
    const std::string dir = temp_dir();
    const std::string scan = dir + "/scan";
    fs::create_directories(scan + "/logs");
    write(scan + "/logs/pbx.log", "SIP/2.0 486 Busy Here\n");
    fs::create_symlink("pbx.log", scan + "/logs/current.log");  // sorts first, still a link
    fs::create_symlink("logs", scan + "/again");                // a link to a directory
    write(dir + "/outside.log", "SIP/2.0 603 Decline\n");
    fs::create_symlink("../outside.log", scan + "/a-link.log");  // links only: the first
    fs::create_symlink("../outside.log", scan + "/b-link.log");
    const auto r = sipwhy({scan});
    EXPECT_EQ(r, (Outcome{0,
                          scan + "/a-link.log:1: 603 Decline - declined\n" + scan +
                              "/logs/pbx.log:1: 486 Busy Here - busy\n",
                          ""}));
}

}  // namespace
}  // namespace sipwhy::e2e
