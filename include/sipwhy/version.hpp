// The program version, set by CMake from the project() version.
#pragma once

#include <string_view>

namespace sipwhy {

std::string_view sipwhy_version();

}  // namespace sipwhy
