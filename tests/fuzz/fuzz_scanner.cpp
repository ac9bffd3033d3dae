// libFuzzer: the log scanner fed the input in chunks with arbitrary boundaries. Whatever the
// boundaries, it must report exactly what it reports for the input in one piece; and everything
// downstream (explanations, summaries, call verdicts, JSON) must hold up.
#include <sipwhy/render/calls.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/render/responses.hpp>
#include <sipwhy/render/summary.hpp>
#include <sipwhy/report/scan_report.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace sipwhy;

namespace {

class Recorder : public ScanSink {
public:
    explicit Recorder(const KnowledgeBase& kb)
        : m_kb(kb),
          m_cache(kb),
          m_calls(kb,
                  [this](const CallVerdict& v) {
                      std::ostringstream json;
                      render_call_json(json, v, Lang::en);
                      if (!nlohmann::json::accept(json.str())) {
                          std::abort();  // not JSON
                      }
                      render_call_text(m_sink, v, {});
                      render_call_csv(m_sink, v);
                  },
                  {.max_calls = 50, .stale_after = 100}) {}

    bool response(const ScannedResponse& r) override {
        std::string e = std::to_string(r.line) + ' ' + std::to_string(r.code) + ' ' +
                        std::string(r.reason) + ' ' + std::to_string(static_cast<int>(r.framing));
        if (r.time != nullptr) {
            e += " @" + to_string(*r.time);  // times must not depend on the chunks either
        }
        if (r.message != nullptr) {
            const MessageInfo& m = *r.message;
            e += '|' + m.call_id + '|' + std::to_string(m.cseq_number) + m.cseq_method + '|' +
                 m.from_user + '|' + m.to_user + '|' + m.to_tag + '|' + m.retry_after + '|' +
                 m.server + '|' + m.user_agent;
            for (const auto& x : m.reasons) {
                e += "|R" + x;
            }
            for (const auto& x : m.warnings) {
                e += "|W" + x;
            }
            e += "|B" + m.body;  // an SDP body must not depend on the chunks either
            // The findings, with the request the scan kept (the default lines keep them so).
            const MessageInfo* request = r.requests != nullptr ? r.requests->find(m) : nullptr;
            for (const auto& f : response_findings(m_kb, r.code, Category::unknown, m, request,
                                                   Lang::en, r.reason)) {
                e += "|F" + std::string(f.id);
            }
        }
        events.push_back(std::move(e));
        if (r.code < 100 || r.code > 699) {
            std::abort();
        }
        const Explanation& x = m_cache.get(r.code, r.reason);
        const Finding f{"fuzz", r, x};
        std::ostringstream json;
        render_finding_json(json, f, Lang::en);
        if (!nlohmann::json::accept(json.str())) {
            std::abort();  // not JSON
        }
        render_finding_text(m_sink, f, {});
        m_summary.add(r.code, r.reason, x, x.category);
        m_calls.response("fuzz", r);
        return true;
    }
    bool request(const ScannedRequest& r) override {
        events.push_back("request " + std::to_string(r.line) + ' ' + std::string(r.method) + '|' +
                         r.message->call_id + '|' + std::to_string(r.message->cseq_number) + '|' +
                         r.message->request_uri + '|' + r.message->body);
        m_calls.request("fuzz", r);
        return true;
    }
    bool malformed(const MalformedStatus& m) override {
        events.push_back("malformed " + std::to_string(m.line) + ' ' + std::string(m.text));
        return true;
    }
    void finish() {
        m_calls.finish();
        std::ostringstream json;
        render_summary_json(json, m_summary, Lang::ru);
        if (!nlohmann::json::accept(json.str())) {
            std::abort();  // not JSON
        }
        render_summary_text(m_sink, m_summary, {});
        render_summary_csv(m_sink, m_summary, Lang::en);
    }

    std::vector<std::string> events;

private:
    const KnowledgeBase& m_kb;
    ExplanationCache m_cache;
    ScanSummary m_summary{100};
    CallTracker m_calls;
    std::ostringstream m_sink;
};

std::vector<std::string> scan(const KnowledgeBase& kb, std::string_view text,
                              const std::vector<std::size_t>& cuts, bool window, bool lean) {
    Recorder r(kb);
    // Requests reported for the call verdicts, or kept for the findings as the default lines
    // keep them; with `lean`, only the headers of the responses that can have findings, as
    // --findings reads them.
    LogScanner scanner(r, {.headers_for_findings = lean,
                           .requests = !window,
                           .request_window = window});
    std::size_t pos = 0;
    for (const std::size_t cut : cuts) {
        scanner.feed(text.substr(pos, cut - pos));
        pos = cut;
    }
    scanner.feed(text.substr(pos));
    scanner.finish();
    r.finish();
    return r.events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const KnowledgeBase kb = KnowledgeBase::builtin();
    if (size < 2) {
        return 0;
    }
    // The first two bytes choose the chunk boundaries; the rest is the log.
    const unsigned seed = data[0] | (static_cast<unsigned>(data[1]) << 8);
    const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
    std::vector<std::size_t> cuts;
    std::size_t pos = 0;
    unsigned state = seed | 1;
    while (true) {
        state = state * 1103515245u + 12345u;
        pos += 1 + (state >> 16) % 97;
        if (pos >= text.size()) {
            break;
        }
        cuts.push_back(pos);
    }
    const bool window = (seed & 0x8000) != 0;
    const bool lean = window && (seed & 0x4000) != 0;
    if (scan(kb, text, {}, window, lean) != scan(kb, text, cuts, window, lean)) {
        std::abort();  // the chunk boundaries changed what was found
    }
    return 0;
}
