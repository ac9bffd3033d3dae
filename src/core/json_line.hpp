// JSON Lines output: one object per line, bytes that are not UTF-8 replaced.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace sipwhy::detail {

// The text as a JSON string; null when it is empty.
inline nlohmann::ordered_json text_or_null(std::string_view s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(s));
}

inline void write_json_line(std::ostream& out, const nlohmann::ordered_json& j) {
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace sipwhy::detail
