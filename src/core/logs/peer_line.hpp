// The framing lines of a log that name the addresses of the message after them (docs/logs.md):
// the two ends that sngrep, ngrep and baresip write, or the far end alone that Asterisk,
// FreeSWITCH, PJSIP and belle-sip write. The log scanner reads the lines before each message with
// these.
#pragma once

#include <string>
#include <string_view>

namespace sipwhy::detail {

// Whether `line` may be such a framing: it ends in ':', ']' or " bytes", or has a '>'. Asked of
// the lines before each message, so it costs a memchr at most; peer_line reads the few that pass.
inline bool may_name_peers(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return !line.empty() && (line.back() == ':' || line.back() == ']' || line.ends_with(" bytes") ||
                             line.find('>') != std::string_view::npos);
}

// The addresses the framing `line` names, written as a capture's are ("203.0.113.5:5060",
// "[2001:db8::1]:5061"):
//   - both ends: "2026/11/21 12:20:00.1 192.0.2.60:5060 -> 198.51.100.3:5060" (sngrep, ngrep,
//     baresip);
//   - the sender of a message read, into `src`: "<--- SIP read from UDP:203.0.113.5:5060 --->"
//     (chan_sip), "<--- Received SIP response (523 bytes) from UDP:203.0.113.5:5060 --->"
//     (res_pjsip_logger), "recv 352 bytes from udp/[203.0.113.5]:5060 at 10:00:01.113313:"
//     (FreeSWITCH's siptrace, drachtio: sofia-sip), "RX 519 bytes Response msg
//     403/INVITE/cseq=2 (rdata0x7f3c) from UDP 203.0.113.5:5060:" (PJSIP), "channel [0x7a]:
//     message received from [udp://203.0.113.5:5060], size: [400] bytes" (belle-sip);
//   - the receiver of a message sent, into `dst`: "<--- Transmitting SIP request (612 bytes) to
//     TLS:[2001:db8::1]:5061 --->", "<--- Reliably Transmitting (NAT) to 203.0.113.5:5060 --->",
//     "Retransmitting #2 (no NAT) to 203.0.113.5:5060:", "send 612 bytes to
//     tcp/[203.0.113.5]:5060 at 10:00:01.101000:", "TX 910 bytes Request msg INVITE/cseq=1
//     (tdta0x3f83) to TCP [2001:db8::1]:5061:", "channel [0x7b]: message sent to
//     [TLS://[2001:db8::1]:5061], size: [832] bytes".
// Each may follow a log prefix. The side a line leaves out, the host that wrote the log, is
// cleared. False, with both left as they were, when `line` is none of these.
bool peer_line(std::string_view line, std::string& src, std::string& dst);

// A line of dashes alone, as FreeSWITCH writes between its framing line and the message.
bool separator_line(std::string_view line);

}  // namespace sipwhy::detail
