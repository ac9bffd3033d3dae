// What the CLI reads from its surroundings: terminal facts and environment variables. Kept apart
// from option parsing so both are easy to follow.
#pragma once

#include <sipwhy/category.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy::cli {

bool stdout_is_terminal();
bool stdin_is_terminal();

// Columns of the terminal on stdout, or nullopt when it is not a terminal.
std::optional<int> terminal_width();

// The value of an environment variable, or empty.
std::string_view env(const char* name);

// Colour for --color=auto: stdout is a terminal, NO_COLOR is unset or empty, TERM is not "dumb".
bool auto_color();

// The language from LC_ALL, LC_MESSAGES and LANG (the first that is set): Russian for "ru...",
// English otherwise.
Lang language_from_environment();

// SIPWHY_KB split at colons, empty parts dropped.
std::vector<std::string> kb_files_from_environment();

}  // namespace sipwhy::cli
