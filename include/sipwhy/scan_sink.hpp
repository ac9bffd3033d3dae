// What the scanners report: each SIP response, request and malformed status line they find, in
// a log (LogScanner) or a packet capture (CaptureScanner), handed to a ScanSink as it is found.
#pragma once

#include <sipwhy/sip_message.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipwhy {

// Where a finding came from.
enum class Framing {
    status_line,
    asterisk_summary,
    sofia_summary,
    voip_stack_summary,
    zeek,
    packet
};

enum class Transport { udp, tcp, sctp, websocket };

// An IPv4 or IPv6 address and a port.
struct Endpoint {
    std::array<std::uint8_t, 16> address{};  // IPv4 in the first 4 bytes
    bool v6 = false;
    std::uint16_t port = 0;

    // "192.0.2.1:5060", "[2001:db8::1]:5060" (RFC 5952 text for IPv6).
    std::string to_string() const;
    bool operator==(const Endpoint&) const = default;
};

// The packet a message came in, for findings in a capture.
struct PacketInfo {
    std::uint64_t frame = 0;   // from 1, as Wireshark and tshark number frames
    std::int64_t seconds = 0;  // capture time since the Unix epoch
    std::uint32_t nanoseconds = 0;
    Endpoint src;
    Endpoint dst;
    Transport transport = Transport::udp;
};

// "udp", "tcp", "sctp", "ws".
std::string_view to_string(Transport t);

// "2009-01-01T12:00:00.123456Z": UTC, ISO 8601, to the microsecond.
std::string format_utc(std::int64_t seconds, std::uint32_t nanoseconds);

struct ScannedResponse {
    std::uint64_t line = 0;  // 1-based line of the status; 0 when lines are not counted
    int code = 0;
    std::string_view reason;  // valid during the callback only
    Framing framing = Framing::status_line;
    const MessageInfo* message = nullptr;
    const PacketInfo* packet = nullptr;  // set for captures only
};

struct ScannedRequest {
    std::uint64_t line = 0;
    std::string_view method;  // valid during the callback only
    const MessageInfo* message = nullptr;
    const PacketInfo* packet = nullptr;
};

// Text that looks like a status line but is not a valid one ("SIP/2.0 4294967301 ...",
// "SIP/3.0 200 OK"): reported so that it is never explained as if it were valid.
struct MalformedStatus {
    std::uint64_t line = 0;
    std::string_view text;     // the status line as found, at most 120 bytes
    std::string_view problem;  // what is wrong with it
    const PacketInfo* packet = nullptr;
};

class ScanSink {
public:
    virtual ~ScanSink() = default;
    virtual void response(const ScannedResponse& r) = 0;
    virtual void request(const ScannedRequest&) {}
    virtual void malformed(const MalformedStatus&) {}
};

struct ScanOptions {
    bool line_numbers = true;  // count lines (off: faster, every `line` is 0)
    bool headers = true;       // read the headers of whole messages
    bool requests = false;     // report request lines too (for call verdicts)
};

}  // namespace sipwhy
