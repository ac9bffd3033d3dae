// Runs the log scanner over text or a fixture and describes what it reports, one string per event.
#pragma once

#include <sipwhy/logs/log_scanner.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sipwhy::test {

class Recorder : public ScanSink {
public:
    std::vector<std::string> events;

    bool response(const ScannedResponse& r) override {
        std::string e = fmt::format("{}: {}", r.line, r.code);
        if (!r.reason.empty()) {
            e += fmt::format(" {}", r.reason);
        }
        if (r.message != nullptr) {
            const MessageInfo& m = *r.message;
            if (!m.cseq_method.empty() || !m.call_id.empty()) {
                e += fmt::format(" | {} {} {}", m.cseq_number, m.cseq_method, m.call_id);
            }
            if (!m.from_user.empty() || !m.to_user.empty()) {
                e += fmt::format(" | {} -> {}", m.from_user, m.to_user);
            }
            for (const auto& r2 : m.reasons) {
                e += fmt::format(" | Reason {}", r2);
            }
            for (const auto& w : m.warnings) {
                e += fmt::format(" | Warning {}", w);
            }
            if (!m.retry_after.empty()) {
                e += fmt::format(" | Retry-After {}", m.retry_after);
            }
            if (!m.server.empty()) {
                e += fmt::format(" | Server {}", m.server);
            }
            if (!m.user_agent.empty()) {
                e += fmt::format(" | User-Agent {}", m.user_agent);
            }
        }
        events.push_back(e + peers(r.peer_src, r.peer_dst));
        return true;
    }
    bool request(const ScannedRequest& r) override {
        events.push_back(fmt::format("{}: request {} | {} {}", r.line, r.method,
                                     r.message->cseq_number, r.message->call_id) +
                         peers(r.peer_src, r.peer_dst));
        return true;
    }
    bool malformed(const MalformedStatus& m) override {
        events.push_back(fmt::format("{}: malformed \"{}\" ({})", m.line, m.text, m.problem));
        return true;
    }

private:
    // The ends a framing line named, each only when it did.
    static std::string peers(std::string_view src, std::string_view dst) {
        std::string e;
        if (!src.empty()) {
            e += fmt::format(" | src {}", src);
        }
        if (!dst.empty()) {
            e += fmt::format(" | dst {}", dst);
        }
        return e;
    }
};

// Feeds `text` to a scanner over `sink` in chunks of `chunk` bytes, and ends the input.
inline void scan_into(ScanSink& sink, std::string_view text, std::size_t chunk,
                      const ScanOptions& options) {
    LogScanner scanner(sink, options);
    for (std::size_t i = 0; i < text.size(); i += chunk) {
        scanner.feed(text.substr(i, chunk));
    }
    scanner.finish();
}

inline std::vector<std::string> scan_text(std::string_view text, std::size_t chunk = 1 << 20,
                                          ScanOptions options = {.requests = true}) {
    Recorder r;
    scan_into(r, text, chunk, options);
    return r.events;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::string fixture(const std::string& name) {
    return read_file(std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/logs/" + name);
}

}  // namespace sipwhy::test
