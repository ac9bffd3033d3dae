// sipwhy_kbgen: the build-time knowledge-base compiler. Loads data/*.json with the same loader the
// binary uses for --kb files, refuses overlapping or incomplete data, and writes the tables as C++
// constants, so that sipwhy starts without parsing any JSON.
//
//   sipwhy_kbgen OUTPUT.cpp DATA.json...
#include "../core/kb/kb_internal.hpp"

#include <sipwhy/kb/knowledge_base.hpp>

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace sipwhy {
namespace {

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace
}  // namespace sipwhy

int main(int argc, char** argv) {
    using namespace sipwhy;
    if (argc < 3) {
        std::cerr << "usage: sipwhy_kbgen OUTPUT.cpp DATA.json...\n";
        return 2;
    }
    KnowledgeBase kb;
    bool failed = false;
    for (int i = 2; i < argc; ++i) {
        const std::string path = argv[i];
        const auto text = read_file(path);
        if (!text) {
            std::cerr << "sipwhy_kbgen: error: cannot read " << path << "\n";
            return 1;
        }
        for (const auto& d : kb.load(path, *text, /*allow_override=*/false)) {
            std::cerr << d.to_string() << "\n";
            failed = true;
        }
    }
    for (const auto& d : check_complete(kb.data())) {
        std::cerr << d.to_string() << "\n";
        failed = true;
    }
    if (kb.version().empty()) {
        std::cerr << "sipwhy_kbgen: error: no file sets \"version\"\n";
        failed = true;
    }
    if (failed) {
        return 1;
    }
    const std::string out = kb_as_cpp(kb.data());
    const std::string tmp = std::string(argv[1]) + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary);
        f << out;
        if (!f) {
            std::cerr << "sipwhy_kbgen: error: cannot write " << tmp << "\n";
            return 1;
        }
    }
    // Only touch the output when it changed, so an unrelated data edit does not rebuild the core.
    if (read_file(argv[1]) != out) {
        std::rename(tmp.c_str(), argv[1]);
    } else {
        std::remove(tmp.c_str());
    }
    return 0;
}
