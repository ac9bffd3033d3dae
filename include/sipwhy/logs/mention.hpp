// The recognizer of response mentions: a log statement that records a SIP response by its code
// without a `SIP/2.0` status line ("INVITE to sip:bob failed: 486 Busy Here", "new_code=487",
// `"sip_status": 486`, "<-- 180 Ringing", "INVITE,...,480,Temporarily Unavailable").
//
// The grammar (docs/logs.md, "Responses reported in words"): a candidate is three digits 100-699
// standing alone; it is scored by the cues around it, within its own line and a bounded window:
//   - evidence that it is a response: a cue word just before or after it (response, reply,
//     status, code, failed, rejected, received, got, sent, ...; also inside identifiers such as
//     statusCode, reply_code, sip.response.status_code), a key joined to it (`code=`,
//     `"status":`), an arrow or RX/TX, the code's own reason phrase (or one the knowledge base
//     lists for it) after it or just before it in brackets ("rejected: Busy Here (486)"), a
//     delimited record whose next field is that phrase, a timeout word before a code that means
//     a timeout ("timed out (408)"), the code in angle brackets with `for` and its method
//     (sofia-sip's "<503> for <INVITE>"); a number in brackets or quotes weighs a little more;
//   - SIP context: SIP, a method, a sip: URI, a SIP header or stack name, call words;
//   - vetoes, which reject it outright: HTTP context, Q.850 and hangup causes, ports, pids, line
//     numbers of source files, durations, sizes and counts (a unit after it), CSeq, Expires and
//     other header numbers, RTCP, comparisons and calls in configuration or script text, XML
//     attributes, a CSeq after its method, the old status of a line that gives the new one.
// A mention is kept when nothing vetoes it, it has evidence, SIP context (or a phrase that only
// SIP uses), a score of at least k_mention_threshold, and a code that SIP defines.
// Pure: views in, views out.
#pragma once

#include <sipwhy/sip/scan_sink.hpp>

#include <optional>
#include <string_view>

namespace sipwhy {

inline constexpr int k_mention_threshold = 4;

struct Mention {
    int code = 0;
    std::string_view reason;   // the phrase written with the code, when there is one
    std::string_view method;   // the SIP method the statement names, when it names one
    std::string_view call_id;  // a Call-ID written on the same line
    Framing framing = Framing::prose;
    int score = 0;
    // The phrase may be on the next line ("status: <500>" then "reason: <Server Internal
    // Error>", as OpenSIPS's parser prints them): a key without a phrase whose value ends its
    // line.
    bool reason_on_next_line = false;
};

// Reads the three digits at `at` of `line` (one log line, without its line end) as a response
// mention. `before` holds the input just before the line (up to a few hundred bytes, possibly
// empty), which may give SIP context. Costs O(a bounded window), whatever the line's length.
std::optional<Mention> read_mention(std::string_view line, std::size_t at, std::string_view before);

// A first look at three digits at `at` of `text` (a log's bytes; lines end at LF or CR): false
// when read_mention surely rejects them for the bytes and words right next to them (a digit,
// a letter or a unit after them, a word before them that makes them a length, a port, a cause,
// a list of numbers), so that the scan need not find the line around them. read_mention looks
// first through this.
bool may_be_mention(std::string_view text, std::size_t at);

// The value of a reason key ("reason: <Server Internal Error>", "reason=Request Terminated",
// `"phrase": "Busy Here"`) in `line`, or empty.
std::string_view reason_key_value(std::string_view line);

// The phrase of a mention that wanted the next line's: the reason key's value, when that line
// reports no status of its own.
std::string_view next_line_reason(std::string_view line);

// The canonical reason phrase of a code that SIP defines (IANA registry and the knowledge base's
// unregistered codes), or empty.
std::string_view canonical_phrase(int code);

}  // namespace sipwhy
