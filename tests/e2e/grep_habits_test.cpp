// grep's and ripgrep's habits for scans, through the real binary: file-name and line-number
// flags, per-file limits, file lists, globs, binary files, colour flags, mistyped options, counts
// and CSV, and search's ranking.
#include "run.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace sipwhy::e2e {
namespace {

const std::string k_fixtures = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/logs";

const char* const k_log =
    "SIP/2.0 486 Busy Here\n"
    "SIP/2.0 480 Temporarily Unavailable\n"
    "SIP/2.0 486 Busy Here\n";

// A directory with two logs, a subdirectory and a binary file in it; returns its path.
std::string log_tree() {
    const std::string a = temp_file("a.log", k_log);
    const std::string dir = a.substr(0, a.rfind('/'));
    temp_file("b.txt", "SIP/2.0 200 OK\n");
    std::filesystem::create_directories(dir + "/sub");
    const std::string binary = std::string("SIP/2.0 486 Busy Here\n\0\x01\x02", 25);
    temp_file("sub/core.bin", binary);
    return dir;
}

TEST(GrepHabits, FileNameAndLineNumberFlags) {
    const std::string path = temp_file("a.log", k_log);
    const auto none = sipwhy({"-I", path});
    EXPECT_EQ(none, (Outcome{0,
                             "1: 486 Busy Here - busy\n"
                             "2: 480 Temporarily Unavailable - unavailable\n"
                             "3: 486 Busy Here - busy\n",
                             ""}));
    EXPECT_EQ(sipwhy({"--no-filename", path}).out, none.out);
    const auto with = sipwhy({"-H", "-n", path});
    EXPECT_EQ(status_out(with), (StatusText{0, sipwhy({path}).out}));
    EXPECT_EQ(with.out.substr(0, with.out.find('\n')), path + ":1: 486 Busy Here - busy");
    EXPECT_EQ(sipwhy({"--with-filename", "--line-number", path}).out, with.out);
    EXPECT_EQ(sipwhy({"-H", "-I", path}).err,
              "sipwhy: error: --with-filename and --no-filename cannot be combined\n");
}

TEST(GrepHabits, MaxCountPerFile) {
    const std::string dir = log_tree();
    const auto r = sipwhy({.args = {"-m", "1", "a.log", "b.txt"}, .cwd = dir});
    EXPECT_EQ(r, (Outcome{0,
                          "a.log:1: 486 Busy Here - busy\n"
                          "b.txt:1: 200 OK - success\n",
                          ""}));
    const auto count = sipwhy({.args = {"--max-count", "2", "-c", "a.log"}, .cwd = dir});
    EXPECT_EQ(count.out, "2\n");
    const auto zero = sipwhy({.args = {"-m", "0", "a.log"}, .cwd = dir});
    EXPECT_EQ(status_out(zero), (StatusText{1, ""}));
}

TEST(GrepHabits, FilesWithAndWithoutMatches) {
    const std::string dir = log_tree();
    const auto with = sipwhy({.args = {"-l", "--code", "486", "a.log", "b.txt"}, .cwd = dir});
    EXPECT_EQ(with, (Outcome{0, "a.log\n", ""}));
    const auto without =
        sipwhy({.args = {"--files-without-match", "--code", "486", "a.log", "b.txt"}, .cwd = dir});
    EXPECT_EQ(status_out(without), (StatusText{0, "b.txt\n"}));
    const auto none = sipwhy({.args = {"-l", "--code", "603", "a.log", "b.txt"}, .cwd = dir});
    EXPECT_EQ(status_out(none), (StatusText{1, ""}));
    EXPECT_EQ(sipwhy({.args = {"-l", "-L", "a.log"}, .cwd = dir}).err,
              "sipwhy: error: --files-with-matches and --files-without-match cannot be combined\n");
    EXPECT_EQ(sipwhy({.args = {"-l", "--summary", "a.log"}, .cwd = dir}).err,
              "sipwhy: error: --files-with-matches cannot be combined with --summary, --calls, "
              "--count or --json\n");
}

TEST(GrepHabits, IncludeAndExcludeInDirectoryScans) {
    const std::string dir = log_tree();
    const auto logs = sipwhy({.args = {"-l", "--include", "*.log", "."}, .cwd = dir});
    EXPECT_EQ(status_out(logs), (StatusText{0, "./a.log\n"}));
    const auto rest = sipwhy({.args = {"-l", "--exclude", "*.log", "."}, .cwd = dir});
    EXPECT_EQ(rest.out, "./b.txt\n");
    // A file named as an operand is read whatever the globs say.
    const auto named = sipwhy({.args = {"-l", "--exclude", "*.log", "a.log"}, .cwd = dir});
    EXPECT_EQ(named.out, "a.log\n");
}

TEST(GrepHabits, DirectoryScansSkipBinaryFiles) {
    const std::string dir = log_tree();
    const auto r = sipwhy({.args = {"-c", "."}, .cwd = dir});
    EXPECT_EQ(r, (Outcome{0, "./a.log:3\n./b.txt:1\n", ""}));
    const auto debug = sipwhy({.args = {"--debug", "-c", "."}, .cwd = dir});
    EXPECT_EQ(debug.out, r.out);
    EXPECT_EQ(debug.err, "sipwhy: skipped ./sub/core.bin: binary: neither text nor a capture\n");
    const auto summary = sipwhy({.args = {"--summary", "."}, .cwd = dir});
    EXPECT_EQ(summary.out.substr(summary.out.rfind("Total")),
              "Total: 4 responses\n"
              "Skipped files (binary): 1\n");
    // A binary file named as an operand is read.
    const auto named = sipwhy({.args = {"-c", "sub/core.bin"}, .cwd = dir});
    EXPECT_EQ(named.out, "1\n");
}

TEST(GrepHabits, ColorAloneMeansAutoAndColourIsAnAlias) {
    const auto alone = sipwhy({"--brief", "--color", "486"});
    EXPECT_EQ(
        alone,
        (Outcome{
            0,
            "486 Busy Here - busy - retry_later - The callee's device was reached but will not "
            "take another call right now.\n",
            ""}));
    const auto colour = sipwhy({"--colour", "always", "486"});
    EXPECT_EQ(colour.out.substr(0, 33), "\x1b[1m486 Busy Here\x1b[0m - \x1b[33mbusy");
    EXPECT_EQ(sipwhy({"--colour=never", "486"}).out, sipwhy({"486"}).out);
}

TEST(GrepHabits, MistypedOptionsGetADidYouMean) {
    const auto r = sipwhy({"--summery", "pbx.log"});
    EXPECT_EQ(
        r, (Outcome{
               2, "",
               "sipwhy: error: unknown option --summery (did you mean \"--summary\"?) (see sipwhy "
               "--help)\n"}));
    EXPECT_EQ(sipwhy({"--line-bufered", "x"}).err,
              "sipwhy: error: unknown option --line-bufered (did you mean \"--line-buffered\"?) "
              "(see sipwhy --help)\n");
}

TEST(GrepHabits, CountWithCallsCountsCalls) {
    const auto calls =
        json_lines(sipwhy({.args = {"--calls", "--json", "sngrep.log", "asterisk-pjsip.log"},
                           .cwd = k_fixtures})
                       .out);
    const auto r =
        sipwhy({.args = {"--calls", "-c", "sngrep.log", "asterisk-pjsip.log"}, .cwd = k_fixtures});
    EXPECT_EQ(r, (Outcome{0, std::to_string(calls.size()) + "\n", ""}));
    EXPECT_EQ(calls.size(), 2u);
}

TEST(GrepHabits, CodeTakesClassPatterns) {
    const std::string path =
        temp_file("a.log", k_log + std::string("SIP/2.0 503 Service Unavailable\n"));
    const auto r = sipwhy({"-I", "--code", "48x", path});
    EXPECT_EQ(status_out(r), (StatusText{0,
                                         "1: 486 Busy Here - busy\n"
                                         "2: 480 Temporarily Unavailable - unavailable\n"
                                         "3: 486 Busy Here - busy\n"}));
    EXPECT_EQ(sipwhy({"-c", "--code", "5xx,486", path}).out, "3\n");
}

TEST(GrepHabits, CsvForEachResponse) {
    const auto r =
        sipwhy({.args = {"--csv", "--code", "486", "sngrep.log", "plain.log"}, .cwd = k_fixtures});
    EXPECT_EQ(r.err, "");
    const auto header = r.out.substr(0, r.out.find('\n'));
    EXPECT_EQ(header,
              "source,line,frame,time,transport,src,dst,code,reason,category,next_step,method,"
              "call_id");
    const std::string path = temp_file("a.log", k_log);
    const auto exact = sipwhy({"--csv", "-I", "--code", "480", path});
    EXPECT_EQ(status_out(exact),
              (StatusText{
                  0,
                  "source,line,frame,time,transport,src,dst,code,reason,category,next_step,method,"
                  "call_id\n"
                  ",2,,,,,,480,Temporarily Unavailable,unavailable,retry_later,,\n"}));
}

TEST(GrepHabits, CountNamesEveryFileWhenOneCannotBeRead) {
    const std::string dir = log_tree();
    const auto r = sipwhy({.args = {"-c", "a.log", "missing.log"}, .cwd = dir});
    EXPECT_EQ(r,
              (Outcome{2, "a.log:3\n", "sipwhy: error: missing.log: No such file or directory\n"}));
}

struct TerminalRun {
    std::string err;
    int status = -1;
};

// Runs sipwhy with a terminal as its standard input; returns standard error and the status.
TerminalRun on_terminal(const std::vector<std::string>& operands) {
    TerminalRun run;
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    EXPECT_GE(master, 0);
    ::grantpt(master);
    ::unlockpt(master);
    const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    int err_pipe[2];
    EXPECT_EQ(::pipe(err_pipe), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, slave, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    std::vector<std::string> args(1, SIPWHY_BINARY);
    for (const auto& op : operands) {
        args.push_back(op);
    }
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    char path_env[] = "PATH=/usr/bin:/bin";
    char* envp[] = {path_env, nullptr};
    pid_t pid = 0;
    EXPECT_EQ(::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(err_pipe[1]);
    char buffer[512];
    for (ssize_t n; (n = ::read(err_pipe[0], buffer, sizeof buffer)) > 0;) {
        run.err.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(err_pipe[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(slave);
    ::close(master);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

TEST(GrepHabits, ScanWithNoOperandOnATerminalHasNothingToDo) {
    const auto scan = on_terminal({"scan"});
    EXPECT_EQ(status_err(scan),
              (StatusText{
                  2,
                  "sipwhy: error: nothing to do: give log files or directories, or pipe a log into "
                  "sipwhy scan (see sipwhy --help)\n"}));
    const auto bare = on_terminal({});
    EXPECT_EQ(bare.status, 2);
    EXPECT_EQ(bare.err.rfind("sipwhy: error: nothing to do:", 0), 0u);
}

TEST(GrepHabits, SearchRanksByRelevanceAndTakesMaxCount) {
    const auto r = sipwhy({"--brief", "-m", "3", "search", "codec"});
    EXPECT_EQ(r, (Outcome{0,
                          "499 Codec Mismatch - media\n"
                          "406 Not Acceptable - protocol\n"
                          "406 \"No codecs match\" - media\n",
                          ""}));
    const auto all = sipwhy({"--brief", "search", "codec"}).out;
    const auto ok = all.find("200 OK");
    ASSERT_NE(ok, std::string::npos);
    EXPECT_GE(std::count(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(ok), '\n'), 10);
}

}  // namespace
}  // namespace sipwhy::e2e
