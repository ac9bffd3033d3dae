#include <sipwhy/analysis/flow.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace sipwhy {
namespace {

constexpr std::string_view k_log_host = "local";  // the column of the host that wrote the log

}  // namespace

FlowMessage* FlowRecorder::add(std::string_view source, const MessageInfo& m,
                               const PacketInfo* packet, const LogTime* time, std::uint64_t line,
                               bool request, int code, std::string_view text,
                               std::string_view peer_src, std::string_view peer_dst) {
    auto it = m_index.find(m.call_id);
    if (it == m_index.end()) {
        if (m_calls.size() >= m_max_calls) {
            ++m_dropped_calls;
            return nullptr;
        }
        FlowCall call;
        call.call_id = m.call_id;
        call.source = std::string(source);
        it = m_index.emplace(m.call_id, m_calls.size()).first;
        m_calls.push_back(std::move(call));
        m_states.emplace_back();
    }
    FlowCall& call = m_calls[it->second];
    State& state = m_states[it->second];
    if (call.messages.size() >= m_max_messages) {
        ++call.dropped;
        return nullptr;
    }
    const auto host = [&call](const std::string& name) {
        const auto found = std::find(call.hosts.begin(), call.hosts.end(), name);
        if (found != call.hosts.end()) {
            return static_cast<std::size_t>(found - call.hosts.begin());
        }
        call.hosts.push_back(name);
        return call.hosts.size() - 1;
    };
    FlowMessage f;
    if (packet != nullptr) {
        f.from = host(packet->src.to_string());
        f.to = host(packet->dst.to_string());
        f.at_us = packet->seconds * 1000000 + packet->nanoseconds / 1000;
        f.utc = true;
        f.frame = packet->frame;
    } else if ((!peer_src.empty() || !peer_dst.empty()) &&
               (call.hosts.empty() || state.addresses)) {
        // A log whose framing names the addresses (sngrep, ngrep): columns as in a capture. One
        // that names the far end only (Asterisk, FreeSWITCH) was written by the other.
        state.addresses = true;
        f.from = host(peer_src.empty() ? std::string(k_log_host) : std::string(peer_src));
        f.to = host(peer_dst.empty() ? std::string(k_log_host) : std::string(peer_dst));
        f.line = line;
    } else {
        // A log is one host's view: the caller's side and the callee's, told apart by the From
        // tag (each side's requests carry its own).
        if (state.caller_tag.empty()) {
            state.caller_tag = m.from_tag;
        }
        if (call.hosts.size() < 2) {
            call.hosts = {m.from_user.empty() ? "caller" : m.from_user,
                          m.to_user.empty() ? "callee" : m.to_user};
            if (call.hosts[0] == call.hosts[1]) {
                call.hosts[1] = "server";  // a REGISTER, an OPTIONS ping: to the user's own AOR
            }
        }
        const bool callers = m.from_tag.empty() || m.from_tag == state.caller_tag;
        const bool forward = request ? callers : !callers;
        f.from = forward ? 0 : 1;
        f.to = forward ? 1 : 0;
        f.line = line;
    }
    if (packet == nullptr && time != nullptr) {
        const std::int64_t wall =
            time->seconds + (time->utc_offset_minutes ? *time->utc_offset_minutes * 60 : 0);
        f.at_us = wall * 1000000 + time->nanoseconds / 1000;
    }
    f.request = request;
    f.code = code;
    f.label = request ? std::string(text)
                      : (text.empty() ? std::to_string(code) : fmt::format("{} {}", code, text));
    f.cseq =
        m.cseq_method.empty() ? std::string{} : fmt::format("{} {}", m.cseq_number, m.cseq_method);
    const std::string key = fmt::format("{}|{}|{}|{}", f.from, f.label, f.cseq, request);
    f.retransmission = !state.seen.insert(key).second;
    if (!f.retransmission) {
        f.media = sdp_summary(m.body);
    }
    call.messages.push_back(std::move(f));
    return &call.messages.back();
}

void FlowRecorder::response(std::string_view source, const ScannedResponse& r,
                            const std::vector<RuleFinding>* findings, Lang lang) {
    if (r.message != nullptr && !r.message->call_id.empty()) {
        FlowMessage* f = add(source, *r.message, r.packet, r.time, r.line, false, r.code, r.reason,
                             r.peer_src, r.peer_dst);
        if (f != nullptr && findings != nullptr && !f->retransmission) {
            for (const auto& x : *findings) {
                f->notes.push_back(fmt::format("{} [{}]", sanitize_utf8(x.text(lang)), x.rfc));
            }
        }
    }
}

void FlowRecorder::request(std::string_view source, const ScannedRequest& r) {
    if (r.message != nullptr && !r.message->call_id.empty()) {
        add(source, *r.message, r.packet, r.time, r.line, true, 0, r.method, r.peer_src,
            r.peer_dst);
    }
}

void attach_call_findings(FlowCall& call, const std::vector<RuleFinding>& findings, Lang lang) {
    if (call.messages.empty()) {
        return;
    }
    for (const auto& x : findings) {
        FlowMessage* at = &call.messages.back();
        for (const auto& e : x.evidence) {
            std::uint64_t n = 0;
            const bool frame = e.where.starts_with("frame ");
            if (!frame && !e.where.starts_with("line ")) {
                continue;
            }
            const std::string_view digits = std::string_view(e.where).substr(frame ? 6 : 5);
            std::from_chars(digits.data(), digits.data() + digits.size(), n);
            const auto it = std::find_if(
                call.messages.begin(), call.messages.end(),
                [&](const FlowMessage& m) { return n != 0 && (frame ? m.frame : m.line) == n; });
            if (it != call.messages.end()) {
                at = &*it;  // the last message named: the answer, after the request it read
            }
        }
        const std::string note = fmt::format("{} [{}]", sanitize_utf8(x.text(lang)), x.rfc);
        if (std::find(at->notes.begin(), at->notes.end(), note) == at->notes.end()) {
            at->notes.push_back(note);
        }
    }
}

std::vector<FlowCall> FlowRecorder::take() {
    std::vector<FlowCall> calls = std::move(m_calls);
    m_calls.clear();
    m_states.clear();
    m_index.clear();
    return calls;
}

}  // namespace sipwhy
