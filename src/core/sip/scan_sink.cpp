#include <sipwhy/sip/scan_sink.hpp>

#include <fmt/format.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <chrono>

namespace sipwhy {

std::string Endpoint::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    if (inet_ntop(v6 ? AF_INET6 : AF_INET, address.data(), text, sizeof text) == nullptr) {
        return fmt::format("?:{}", port);
    }
    return v6 ? fmt::format("[{}]:{}", text, port) : fmt::format("{}:{}", text, port);
}

std::string_view to_string(Transport t) {
    switch (t) {
        case Transport::udp:
            return "udp";
        case Transport::tcp:
            return "tcp";
        case Transport::sctp:
            return "sctp";
        case Transport::websocket:
            return "ws";
    }
    return "udp";
}

std::string_view to_string(Framing f) {
    static constexpr std::array<std::string_view, 11> k_names = {
        "status_line", "asterisk_summary", "sofia_summary", "voip_stack_summary",
        "zeek",        "packet",           "prose",         "key_value",
        "json",        "compact",          "record"};
    return k_names.at(static_cast<std::size_t>(f));
}

std::string format_utc(std::int64_t seconds, std::uint32_t nanoseconds) {
    using namespace std::chrono;
    seconds += nanoseconds / 1'000'000'000;  // a fraction of a second or more carries
    nanoseconds %= 1'000'000'000;
    // Years 1 to 9999: what ISO 8601 writes in four digits, and safe for the calendar arithmetic.
    seconds = std::clamp<std::int64_t>(seconds, -62135596800, 253402300799);
    const sys_seconds t{duration<std::int64_t>{seconds}};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                       nanoseconds / 1000);
}

}  // namespace sipwhy
