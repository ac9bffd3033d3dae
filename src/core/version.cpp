#include <sipwhy/version.hpp>

namespace sipwhy {

std::string_view sipwhy_version() {
    return SIPWHY_VERSION;
}

}  // namespace sipwhy
