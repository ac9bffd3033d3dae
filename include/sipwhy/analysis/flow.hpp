// The ladder of a call (docs/flow.md): its messages in the order they were seen, between its
// hosts, drawn as text for a terminal, as a Mermaid sequenceDiagram or as an SVG document.
// Pure: the recorder is fed by the scanners, the renderers write to a stream the caller owns.
#pragma once

#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sipwhy {

struct FlowMessage {
    std::size_t from = 0;  // index into FlowCall::hosts
    std::size_t to = 0;
    bool request = false;
    int code = 0;       // a response's
    std::string label;  // "INVITE", "180 Ringing"
    std::string cseq;   // "1 INVITE"
    bool retransmission = false;
    std::optional<std::int64_t> at_us;  // the input's clock, microseconds; none without a time
    bool utc = false;                   // a capture's time, or a log time that named its zone
    std::uint64_t line = 0;             // in a log
    std::uint64_t frame = 0;            // in a capture
    std::vector<std::string> media;     // its SDP's streams (sdp_summary), when it has a body
    std::vector<std::string> notes;     // its findings: "text [RFC]"
};

struct FlowCall {
    std::string call_id;
    std::string source;
    // Addresses, and "local" for the host that wrote a log whose framing names only the far end;
    // in a log that names none, the From and To users.
    std::vector<std::string> hosts;
    std::vector<FlowMessage> messages;
    std::uint64_t dropped = 0;  // messages past the limit of one call, not kept
};

// Collects the calls of the messages it is given, in the order they were first seen. Bounded:
// at most `max_calls` calls (later ones are counted, not kept) of `max_messages` messages each.
class FlowRecorder {
public:
    explicit FlowRecorder(std::size_t max_calls = 10000, std::size_t max_messages = 1000)
        : m_max_calls(max_calls), m_max_messages(max_messages) {}

    // `findings` are the response's own (response_findings), shown beside it.
    void response(std::string_view source, const ScannedResponse& r,
                  const std::vector<RuleFinding>* findings = nullptr, Lang lang = Lang::en);
    void request(std::string_view source, const ScannedRequest& r);

    // The calls recorded since the last take, and the number not kept for the limit.
    std::vector<FlowCall> take();
    std::uint64_t dropped_calls() const { return m_dropped_calls; }

private:
    struct State {
        std::string caller_tag;
        bool addresses = false;                // a log whose framing names each message's addresses
        std::unordered_set<std::string> seen;  // for retransmissions
    };
    // The message added, or null when a limit left it out.
    FlowMessage* add(std::string_view source, const MessageInfo& m, const PacketInfo* packet,
                     const LogTime* time, std::uint64_t line, bool request, int code,
                     std::string_view text, std::string_view peer_src, std::string_view peer_dst);

    std::size_t m_max_calls;
    std::size_t m_max_messages;
    std::vector<FlowCall> m_calls;
    std::vector<State> m_states;
    std::unordered_map<std::string, std::size_t> m_index;
    std::uint64_t m_dropped_calls = 0;
};

// Puts the findings of the whole call (CallFindings) beside the message each names last in its
// evidence ("line 12", "frame 3"), or beside the call's last message when it names none drawn.
void attach_call_findings(FlowCall& call, const std::vector<RuleFinding>& findings, Lang lang);

}  // namespace sipwhy
