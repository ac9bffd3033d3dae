// What the scanners report: each SIP response, request and malformed status line they find, in
// a log (LogScanner) or a packet capture (CaptureScanner), handed to a ScanSink as it is found.
#pragma once

#include <sipwhy/log_time.hpp>
#include <sipwhy/sip/sip_message.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipwhy {

// Which rule of the log grammar found a response (docs/logs.md), or a capture's packet.
enum class Framing {
    status_line,         // "SIP/2.0 486 Busy Here", also damaged or escaped
    asterisk_summary,    // Got SIP response 486 "Busy Here" back from ...
    sofia_summary,       // nta: received 486 Busy Here for INVITE (1)
    voip_stack_summary,  // SIP TX 486 Busy Here to ...
    zeek,                // a row of Zeek's sip.log
    packet,              // a message in a packet capture
    prose,               // a cue word near the code: "INVITE failed: 486 Busy Here"
    key_value,           // a key naming the status: "rcode=486", "status: <500>"
    json,                // a JSON key naming the status: "sip_status": 486
    compact,             // an arrow, a direction or a method: "<-- 180 Ringing", "RX 486/INVITE"
    record               // a delimited record: "INVITE,...,480,Temporarily Unavailable,..."
};

// "status_line", "prose", ... as docs/json.md names them.
std::string_view to_string(Framing f);

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

// The requests a scan kept, for a response to find the one it answers (by Call-ID, CSeq number
// and method): a log's, kept as their lines were and parsed only when asked (ScanOptions::
// request_window).
class RequestLookup {
public:
    virtual ~RequestLookup() = default;
    // The request `response` answers, or null; valid until the next call or the next bytes fed.
    virtual const MessageInfo* find(const MessageInfo& response) = 0;
};

struct ScannedResponse {
    std::uint64_t line = 0;  // 1-based line of the status; 0 when lines are not counted
    int code = 0;
    std::string_view reason;  // valid during the callback only
    Framing framing = Framing::status_line;
    const MessageInfo* message = nullptr;
    const PacketInfo* packet = nullptr;  // set for captures only
    const LogTime* time = nullptr;       // the log line's timestamp, when it has one
    // In a log, the addresses a framing line just before the message names: both with
    // "... 192.0.2.60:5060 -> 198.51.100.3:5060" (sngrep, ngrep), the far end alone with Asterisk's
    // "<--- SIP read from UDP:203.0.113.5:5060 --->" (peer_src) or FreeSWITCH's "send ... to
    // udp/[203.0.113.5]:5060 at ...:" (peer_dst), where the side left empty is the log's own host.
    // Written as a capture's are ("203.0.113.5:5060", "[2001:db8::1]:5061"); empty otherwise.
    std::string_view peer_src;
    std::string_view peer_dst;
    RequestLookup* requests = nullptr;  // a log's kept requests, with ScanOptions::request_window
};

struct ScannedRequest {
    std::uint64_t line = 0;
    std::string_view method;  // valid during the callback only
    const MessageInfo* message = nullptr;
    const PacketInfo* packet = nullptr;
    const LogTime* time = nullptr;  // the log line's timestamp, when it has one
    std::string_view peer_src;      // as ScannedResponse's
    std::string_view peer_dst;
};

// Text that looks like a status line but is not a valid one ("SIP/2.0 4294967301 ...",
// "SIP/3.0 200 OK"): reported so that it is never explained as if it were valid.
struct MalformedStatus {
    std::uint64_t line = 0;
    std::string_view text;     // the status line as found, at most 120 bytes
    std::string_view problem;  // what is wrong with it
    const PacketInfo* packet = nullptr;
};

// What a scanner tells about its input, in input order. Each call returns whether the sink wants
// more of this input: once one returns false, the scanner reads no further in it and tells nothing
// more until its finish() (so -q and -m stop at once, as ripgrep's Sink::matched does).
class ScanSink {
public:
    virtual ~ScanSink() = default;
    virtual bool response(const ScannedResponse& r) = 0;
    virtual bool request(const ScannedRequest&) { return true; }
    virtual bool malformed(const MalformedStatus&) { return true; }
};

struct ScanOptions {
    bool line_numbers = true;  // count lines (off: faster, every `line` is 0)
    bool times = true;         // read each response's log timestamp (off: every `time` is null)
    bool headers = true;       // read the headers of whole messages
    // With `headers`, only the headers of the responses that a rule may find something in
    // (findings.hpp): failures, and a 2xx while a REGISTER is among the requests kept (the one
    // rule about a success compares a REGISTER's 2xx with its request). The others are reported
    // as without headers.
    bool headers_for_findings = false;
    bool requests = false;      // report request lines too (for call verdicts)
    bool request_times = true;  // with `times`, read the requests' timestamps too
    // A log's requests are not reported but kept: the lines of the last 64, each from its
    // request line to the next start line (32 KiB at most), parsed only when a response asks
    // for the one it answers (ScannedResponse::requests). For the findings that compare the two.
    bool request_window = false;
    // With `headers`, the framing line before a message is read for the addresses it names
    // (peer_src, peer_dst).
    bool peers = true;
};

}  // namespace sipwhy
