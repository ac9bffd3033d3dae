// JSON Lines output: one object per line, bytes that are not UTF-8 replaced.
#pragma once

#include <sipwhy/category.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <map>

#include <ostream>
#include <string>
#include <string_view>

namespace sipwhy::detail {

// The text as a JSON string; null when it is empty.
inline nlohmann::ordered_json text_or_null(std::string_view s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(s));
}

// The summary's by_class and by_category objects, as the report and merge both write them.
inline void put_class_and_category_counts(nlohmann::ordered_json& j,
                                          const std::array<std::uint64_t, 6>& by_class,
                                          const std::map<Category, std::uint64_t>& by_category) {
    nlohmann::ordered_json classes = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < by_class.size(); ++i) {
        classes[fmt::format("{}xx", i + 1)] = by_class[i];
    }
    j["by_class"] = std::move(classes);
    nlohmann::ordered_json categories = nlohmann::ordered_json::object();
    for (const auto& [category, count] : by_category) {
        categories[std::string(to_string(category))] = count;
    }
    j["by_category"] = std::move(categories);
}

inline void write_json_line(std::ostream& out, const nlohmann::ordered_json& j) {
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace sipwhy::detail
