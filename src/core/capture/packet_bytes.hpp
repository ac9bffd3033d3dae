// Reading network byte order out of packet bytes held in a string_view.
#pragma once

#include <cstdint>
#include <string_view>

namespace sipwhy::detail {

inline std::uint8_t u8(std::string_view b, std::size_t at) {
    return static_cast<std::uint8_t>(b[at]);
}

inline std::uint16_t be16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>((u8(b, at) << 8) | u8(b, at + 1));
}

inline std::uint32_t be32(std::string_view b, std::size_t at) {
    return (std::uint32_t{be16(b, at)} << 16) | be16(b, at + 2);
}

inline std::uint64_t be64(std::string_view b, std::size_t at) {
    return (std::uint64_t{be32(b, at)} << 32) | be32(b, at + 4);
}

}  // namespace sipwhy::detail
