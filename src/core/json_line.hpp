// JSON Lines output: one object per line, bytes that are not UTF-8 replaced.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>

namespace sipwhy::detail {

inline void write_json_line(std::ostream& out, const nlohmann::ordered_json& j) {
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace sipwhy::detail
