#include "environment.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace sipwhy::cli {

bool stdout_is_terminal() {
    return ::isatty(STDOUT_FILENO) == 1;
}

bool stdin_is_terminal() {
    return ::isatty(STDIN_FILENO) == 1;
}

std::optional<int> terminal_width() {
    if (!stdout_is_terminal()) {
        return std::nullopt;
    }
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
        return static_cast<int>(ws.ws_col);
    }
    return std::nullopt;
}

std::string_view env(const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string_view{} : std::string_view{v};
}

bool auto_color() {
    return stdout_is_terminal() && env("NO_COLOR").empty() && env("TERM") != "dumb";
}

Lang language_from_environment() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const std::string_view v = env(name);
        if (!v.empty()) {
            return v.starts_with("ru") ? Lang::ru : Lang::en;
        }
    }
    return Lang::en;
}

std::vector<std::string> kb_files_from_environment() {
    std::vector<std::string> out;
    std::string_view v = env("SIPWHY_KB");
    while (!v.empty()) {
        const auto colon = v.find(':');
        const std::string_view part = v.substr(0, colon);
        if (!part.empty()) {
            out.emplace_back(part);
        }
        v = colon == std::string_view::npos ? std::string_view{} : v.substr(colon + 1);
    }
    return out;
}

}  // namespace sipwhy::cli
