// A SIP message as the scanners read it: its start line (RFC 3261 §7.1, §7.2) and the headers
// that say which call and transaction it belongs to and why it failed. Pure parsing over views.
#pragma once

#include <sipwhy/sip/status_line.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy {

// One value of an authentication header (RFC 3261 §22): its header says whom it is for.
struct AuthValue {
    bool proxy = false;  // Proxy-Authenticate or Proxy-Authorization, else WWW- or Authorization
    std::string value;

    bool operator==(const AuthValue&) const = default;
};

// What the headers of a whole message say (when the input holds the message, not just a line).
struct MessageInfo {
    // The whole header block was read: a header it lacks is absent from the message. False for
    // what a log only summarises (a Zeek row, a response reported in words).
    bool complete = true;
    std::string request_uri;  // a request's Request-URI ("sip:+15551000@carrier.example")
    std::string call_id;
    std::uint32_t cseq_number = 0;
    std::string cseq_method;  // empty when there was no valid CSeq
    std::string from_user;
    std::string from_tag;  // which side sent a request: the caller's tag or the callee's
    std::string to_user;
    std::string to_tag;
    bool stale_nonce = false;  // a WWW-Authenticate or Proxy-Authenticate with stale=true
    std::string retry_after;
    std::string server;
    std::string user_agent;
    std::vector<std::string> reasons;   // each Reason header value
    std::vector<std::string> warnings;  // each Warning header value

    // What the findings read (findings.hpp). Lists that may come in several headers (Require,
    // Allow ...) are joined with ", "; every value is cut to a few hundred bytes.
    std::string expires;
    std::string min_expires;
    std::string session_expires;  // or compact x
    std::string min_se;
    std::string max_forwards;
    std::string contact;                   // the first Contact (or m) value
    std::string via;                       // the top Via (or v) value
    std::vector<std::string> via_sent_by;  // host:port of each Via value, top first, at most 32
    std::string credentials;               // the first Authorization or Proxy-Authorization value
    std::string require;
    std::string unsupported;
    std::string allow;
    std::string accept;
    std::string accept_encoding;
    std::string content_type;  // or compact c
    std::string security_server;
    std::string challenge;  // the first WWW-Authenticate or Proxy-Authenticate value
    bool www_authenticate = false;
    bool proxy_authenticate = false;
    std::string x_asterisk_hangup_cause;  // X-Asterisk-HangupCause
    std::string x_asterisk_hangup_code;   // X-Asterisk-HangupCauseCode
    std::string x_fs_hangup_cause;        // X-FS-Hangup-Cause
    std::string x_reason;                 // X-Reason
    // Every challenge and every credentials value, at most 8 of each, each cut to 512 bytes: a
    // server sends one challenge per algorithm (RFC 8760 §2), a client answers each realm.
    std::vector<AuthValue> challenges;         // WWW-Authenticate, Proxy-Authenticate
    std::vector<AuthValue> credential_values;  // Authorization, Proxy-Authorization
    // An SDP body (Content-Type application/sdp), its first 4 KiB, when the scanner kept it (a
    // capture's datagrams and complete stream messages, a pasted message).
    std::string body;

    // Keeps `bytes` as the body when the Content-Type says SDP.
    void keep_body(std::string_view bytes);

    void clear();

    // Takes in one header, by its full or compact name (RFC 3261 §7.3.3); others are ignored.
    // Values are kept to sane lengths and counts, whatever the input.
    void add_header(std::string_view name, std::string_view value);
};

// Splits "Name: value" (a token name, optional white space, a colon); false when `line` is not
// a header line. The value is trimmed.
bool split_header(std::string_view line, std::string_view& name, std::string_view& value);

// A message's head: the start line and the header block up to the empty line.
struct MessageHead {
    StartLine start;
    std::size_t length = 0;                       // bytes of the head, its empty line included
    std::optional<std::uint64_t> content_length;  // Content-Length (or "l") when valid
    // A Via, Call-ID or CSeq header (or compact v, i) came: the head is SIP's, not another
    // protocol's behind a start line that looks like SIP (HTTP answering "SIP/2.0 200 ok").
    bool sip_headers = false;
};

// Reads the head of the message at the start of `bytes`, filling `info` with its headers. CR and
// LF before the start line are skipped and counted in `length` (keep-alives, RFC 5626 §4.4.1).
// When `bytes` ends before the empty line: empty if more may come, or, when `whole` says `bytes`
// is all there is (a datagram), the head ends with the bytes. A head whose start line is
// `none` is no SIP message.
std::optional<MessageHead> read_message_head(std::string_view bytes, MessageInfo& info, bool whole);

// Where the next line that starts a message (a status line or a request line) begins in `bytes`,
// taking `from` as the start of a line; npos when there is none. For finding the next message
// after a gap in a stream. Linear in the bytes looked at.
std::size_t find_start_line(std::string_view bytes, std::size_t from = 0);

}  // namespace sipwhy
