#include "logs/peer_line.hpp"

#include <sipwhy/text.hpp>

namespace sipwhy::detail {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// An address and port as a framing line writes it: "192.0.2.60:5060", "[2001:db8::1]:5060".
bool looks_like_endpoint(std::string_view t) {
    const auto colon = t.rfind(':');
    if (t.size() < 3 || t.size() > 47 || colon == k_npos || colon + 1 == t.size() ||
        t.size() - colon - 1 > 5) {
        return false;
    }
    for (std::size_t i = colon + 1; i < t.size(); ++i) {
        if (t[i] < '0' || t[i] > '9') {
            return false;
        }
    }
    for (const char c : t.substr(0, colon)) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                        (c >= 'A' && c <= 'F') || c == '.' || c == ':' || c == '[' || c == ']';
        if (!ok) {
            return false;
        }
    }
    return colon > 0;
}

// Where " -> " is in `line`, found by its '>' (a line has fewer of those than spaces), or npos.
std::size_t arrow_at(std::string_view line) {
    for (auto gt = line.find('>'); gt != k_npos; gt = line.find('>', gt + 1)) {
        if (gt >= 2 && gt + 1 < line.size() && line[gt - 2] == ' ' && line[gt - 1] == '-' &&
            line[gt + 1] == ' ') {
            return gt - 2;
        }
    }
    return k_npos;
}

// The far end of a framing line that names one side only: the log's own host is the other.
struct FarEnd {
    std::string_view address;  // without brackets
    std::string_view port;
    bool sender = false;  // the message came from it; else it went to it
};

// "203.0.113.5:5060", "[2001:db8::1]:5061" split into its address and port.
bool split_endpoint(std::string_view t, FarEnd& end) {
    if (!looks_like_endpoint(t)) {
        return false;
    }
    const auto colon = t.rfind(':');
    std::string_view address = t.substr(0, colon);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
        address = address.substr(1, address.size() - 2);
    }
    if (address.find('[') != k_npos || address.find(']') != k_npos ||
        (address.back() == ':' && !address.ends_with("::"))) {
        return false;
    }
    end.address = address;
    end.port = t.substr(colon + 1);
    return true;
}

// A transport's name as Asterisk ("UDP", "WS") and sofia-sip ("udp", "wss") write it.
bool is_transport(std::string_view name) {
    for (const std::string_view known : {"udp", "tcp", "tls", "ws", "wss", "sctp"}) {
        if (iequals(name, known)) {
            return true;
        }
    }
    return false;
}

// Past a transport name as Asterisk writes it before an address ("UDP:", "TLS:", "WS:").
std::string_view after_transport(std::string_view t) {
    const auto colon = t.find(':');
    if (colon == k_npos || colon < 2 || colon > 5) {
        return t;
    }
    std::string_view name = t.substr(0, colon);
    if (name.back() == '6') {
        name.remove_suffix(1);  // pjsip's IPv6 transports, in some versions
    }
    return is_transport(name) ? t.substr(colon + 1) : t;
}

// Asterisk's line before a message it read or sent, after its log prefix: chan_sip's
// "<--- SIP read from UDP:203.0.113.5:5060 --->" and "<--- Reliably Transmitting (NAT) to
// 203.0.113.5:5060 --->", res_pjsip_logger's "<--- Received SIP response (523 bytes) from
// UDP:203.0.113.5:5060 --->" and "<--- Transmitting SIP request (612 bytes) to
// TLS:[2001:db8::1]:5061 --->". `line` ends in " --->".
bool asterisk_far_end(std::string_view line, FarEnd& end) {
    const auto open = line.find("<--- ");
    if (open == k_npos || open + 10 > line.size()) {
        return false;
    }
    const std::string_view body = line.substr(open + 5, line.size() - 5 - (open + 5));
    const auto space = body.rfind(' ');
    if (space == k_npos) {
        return false;
    }
    const std::string_view words = body.substr(0, space);
    const bool read =
        words == "SIP read from" || (body.starts_with("Received SIP ") && words.ends_with(" from"));
    const bool sent =
        (body.starts_with("Transmitting ") || body.starts_with("Reliably Transmitting ")) &&
        words.ends_with(" to");
    if (read == sent) {
        return false;
    }
    end.sender = read;
    return split_endpoint(after_transport(body.substr(space + 1)), end);
}

// chan_sip's line before a request it sends (its responses get the arrows) and before a
// retransmission: "Reliably Transmitting (no NAT) to 203.0.113.5:5060:", "Retransmitting #2 (NAT)
// to 203.0.113.5:5060:". `line` ends in ':'.
bool chan_sip_far_end(std::string_view line, FarEnd& end) {
    const std::string_view rest = line.substr(0, line.size() - 1);
    const auto space = rest.rfind(' ');
    if (space == k_npos) {
        return false;
    }
    std::string_view words = rest.substr(0, space);
    if (words.ends_with(" (NAT) to")) {
        words.remove_suffix(9);
    } else if (words.ends_with(" (no NAT) to")) {
        words.remove_suffix(12);
    } else {
        return false;
    }
    if (!words.ends_with("Transmitting")) {
        while (!words.empty() && is_digit(words.back())) {
            words.remove_suffix(1);
        }
        if (!words.ends_with("Retransmitting #")) {
            return false;
        }
    }
    end.sender = false;
    return split_endpoint(rest.substr(space + 1), end);
}

// FreeSWITCH's siptrace (sofia-sip's tport logging), before a line of dashes and the message:
// "recv 352 bytes from udp/[203.0.113.5]:5060 at 10:00:01.113313:", "send 612 bytes to
// tls/[2001:db8::1]:5061 at 10:00:01.101000:". `line` ends in ':'.
bool sofia_far_end(std::string_view line, FarEnd& end) {
    // Its end first, a fixed width: " at " and the time as "%02u:%02u:%02u.%06lu", then ':'.
    constexpr std::string_view k_time = "00:00:00.000000";  // a digit for each 0
    constexpr std::size_t k_tail = 4 + k_time.size() + 1;
    if (line.size() < k_tail + 20) {
        return false;
    }
    const std::string_view tail = line.substr(line.size() - k_tail);
    if (!tail.starts_with(" at ")) {
        return false;
    }
    for (std::size_t i = 0; i < k_time.size(); ++i) {
        if (k_time[i] == '0' ? !is_digit(tail[4 + i]) : tail[4 + i] != k_time[i]) {
            return false;
        }
    }
    const std::string_view head = line.substr(0, line.size() - k_tail);
    auto at = head.find(" bytes from ");
    const bool from = at != k_npos;
    if (!from) {
        at = head.find(" bytes to ");
        if (at == k_npos) {
            return false;
        }
    }
    // The verb and the size before it.
    std::size_t digits_at = at;
    while (digits_at > 0 && is_digit(head[digits_at - 1])) {
        --digits_at;
    }
    if (digits_at == at || digits_at < 5 || head[digits_at - 1] != ' ' ||
        (digits_at > 5 && head[digits_at - 6] != ' ')) {
        return false;
    }
    const std::string_view verb = head.substr(digits_at - 5, 4);
    if (from ? verb != "recv" : (verb != "send" && verb != "sent")) {
        return false;
    }
    // "udp/[203.0.113.5]:5060", then perhaps a flow label or ";comp=sigcomp".
    std::string_view rest = head.substr(at + (from ? 12 : 10));
    const auto slash = rest.find("/[");
    if (slash == k_npos || !is_transport(rest.substr(0, slash))) {
        return false;
    }
    rest.remove_prefix(slash + 1);
    const auto close = rest.find("]:");
    if (close == k_npos) {
        return false;
    }
    std::size_t port_end = close + 2;
    while (port_end < rest.size() && is_digit(rest[port_end])) {
        ++port_end;
    }
    end.sender = from;
    return split_endpoint(rest.substr(0, port_end), end);
}

// PJSIP's message logging (pjsua, and the apps built on it) before a message it read or sent:
// "RX 519 bytes Response msg 403/INVITE/cseq=2 (rdata0x7f3c) from UDP 198.51.100.3:5060:", "TX 910
// bytes Request msg INVITE/cseq=21755 (tdta0x3f83f25c) to TLS [2001:db8::1]:5061:", after its
// time, sender and dots of depth. `line` ends in ':'.
bool pjsip_far_end(std::string_view line, FarEnd& end) {
    const std::string_view rest = line.substr(0, line.size() - 1);
    const auto space = rest.rfind(' ');
    if (space == k_npos || space == 0) {
        return false;
    }
    const auto before_transport = rest.rfind(' ', space - 1);
    if (before_transport == k_npos) {
        return false;
    }
    std::string_view transport = rest.substr(before_transport + 1, space - before_transport - 1);
    if (transport.size() > 1 && transport.back() == '6') {
        transport.remove_suffix(1);  // "UDP6", "TCP6"
    }
    const std::string_view head = rest.substr(0, before_transport);
    const bool from = head.ends_with(" from");
    if (!is_transport(transport) || (!from && !head.ends_with(" to"))) {
        return false;
    }
    // "RX 519 bytes Response msg " or "TX ... Request msg ", the way the message went.
    const auto verb = head.find(from ? "RX " : "TX ");
    if (verb == k_npos ||
        (verb > 0 && head[verb - 1] != '.' && head[verb - 1] != ' ' && head[verb - 1] != '\t')) {
        return false;
    }
    std::size_t p = verb + 3;
    const std::size_t digits_at = p;
    while (p < head.size() && is_digit(head[p])) {
        ++p;
    }
    const std::string_view kind = head.substr(p);
    if (p == digits_at ||
        !(kind.starts_with(" bytes Request msg ") || kind.starts_with(" bytes Response msg "))) {
        return false;
    }
    end.sender = from;
    return split_endpoint(rest.substr(space + 1), end);
}

// belle-sip (Linphone) before a message it read or sent: "channel [0x7a]: message received from
// [udp://198.51.100.3:5060], size: [400] bytes", "channel [0x7b]: message sent to
// [TLS://[2001:db8::1]:5061], size: [832] bytes".
bool belle_sip_far_end(std::string_view line, FarEnd& end) {
    const auto at = line.find("]: message ");
    if (at == k_npos) {
        return false;
    }
    std::string_view rest = line.substr(at + 11);
    const bool from = rest.starts_with("received from [");
    if (!from && !rest.starts_with("sent to [")) {
        return false;
    }
    rest.remove_prefix(from ? 15 : 9);
    const auto scheme = rest.find("://");
    if (scheme == k_npos || !is_transport(rest.substr(0, scheme))) {
        return false;
    }
    rest.remove_prefix(scheme + 3);
    // The address and port, then the bracket that closes them all.
    std::size_t port = rest.starts_with('[') ? rest.find("]:") : rest.find(':');
    if (port == k_npos) {
        return false;
    }
    port += rest.starts_with('[') ? 2 : 1;
    std::size_t close = port;
    while (close < rest.size() && is_digit(rest[close])) {
        ++close;
    }
    if (close == port || close >= rest.size() || rest[close] != ']' ||
        !(close + 1 == rest.size() || rest[close + 1] == ',')) {
        return false;
    }
    end.sender = from;
    return split_endpoint(rest.substr(0, close), end);
}

// The far end that an Asterisk, FreeSWITCH, PJSIP or belle-sip framing line names, written into
// the side of the message it is, the other side cleared.
bool far_end_line(std::string_view line, std::string& src, std::string& dst) {
    FarEnd end;
    const bool far =
        line.back() == '>' ? line.ends_with(" --->") && asterisk_far_end(line, end)
        : line.back() == ':'
            ? sofia_far_end(line, end) || chan_sip_far_end(line, end) || pjsip_far_end(line, end)
            : belle_sip_far_end(line, end);
    if (!far) {
        return false;
    }
    // Spelt as a capture's addresses are: brackets for IPv6 only.
    std::string& named = end.sender ? src : dst;
    if (end.address.find(':') != k_npos) {
        named.assign("[").append(end.address).append("]");
    } else {
        named.assign(end.address);
    }
    named.append(":").append(end.port);
    (end.sender ? dst : src).clear();
    return true;
}

}  // namespace

bool peer_line(std::string_view line, std::string& src, std::string& dst) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    if (line.empty()) {
        return false;
    }
    if ((line.back() == '>' || line.back() == ':' || line.back() == ']' ||
         line.ends_with(" bytes")) &&
        far_end_line(line, src, dst)) {
        return true;
    }
    const auto arrow = arrow_at(line);
    if (arrow == k_npos || arrow == 0) {
        return false;
    }
    const auto space = line.rfind(' ', arrow - 1);
    const std::size_t from = space == k_npos ? 0 : space + 1;
    std::string_view after = line.substr(arrow + 4);
    after = after.substr(0, after.find_first_of(" \r\t"));
    const std::string_view left = line.substr(from, arrow - from);
    if (!looks_like_endpoint(left) || !looks_like_endpoint(after)) {
        return false;
    }
    src.assign(left);
    dst.assign(after);
    return true;
}

bool separator_line(std::string_view line) {
    if (line.empty() || line.front() != '-') {
        return false;
    }
    if (line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line.size() >= 8 && line.find_first_not_of('-') == k_npos;
}

}  // namespace sipwhy::detail
