// libFuzzer: the capture scanner fed arbitrary frames (the format is in fuzz_frames.hpp), with
// small limits so that eviction paths run too. A second pass over the same frames after finish()
// must report exactly what the first did (no state leaks from one capture into the next), and every
// finding must render as valid JSON and text, through the call tracker as well.
#include "fuzz_frames.hpp"

#include <sipwhy/render/calls.hpp>
#include <sipwhy/capture/capture.hpp>
#include <sipwhy/render/responses.hpp>
#include <sipwhy/report/scan_report.hpp>

#include <nlohmann/json.hpp>

#include <array>
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
        : m_cache(kb),
          m_calls(kb,
                  [this](const CallVerdict& v) {
                      std::ostringstream json;
                      render_call_json(json, v, Lang::en);
                      if (!nlohmann::json::accept(json.str())) {
                          std::abort();
                      }
                      render_call_text(m_sink, v, {});
                      render_call_csv(m_sink, v);
                  },
                  {.max_calls = 20, .stale_after = 50}) {}

    bool response(const ScannedResponse& r) override {
        if (r.packet == nullptr || r.code < 100 || r.code > 699) {
            std::abort();
        }
        std::string e = std::to_string(r.packet->frame) + ' ' + r.packet->src.to_string() + ' ' +
                        r.packet->dst.to_string() + ' ' + std::to_string(r.code) + ' ' +
                        std::string(r.reason);
        if (r.message != nullptr) {
            e += '|' + r.message->call_id + '|' + r.message->cseq_method;
        }
        events.push_back(std::move(e));
        const Explanation& x = m_cache.get(r.code, r.reason);
        const Finding f{"fuzz", r, x};
        std::ostringstream json;
        render_finding_json(json, f, Lang::en);
        if (!nlohmann::json::accept(json.str())) {
            std::abort();
        }
        render_finding_text(m_sink, f, {});
        m_calls.response("fuzz", r);
        return true;
    }
    bool request(const ScannedRequest& r) override {
        events.push_back("request " + std::to_string(r.packet->frame) + ' ' +
                         std::string(r.method));
        m_calls.request("fuzz", r);
        return true;
    }
    bool malformed(const MalformedStatus& m) override {
        events.push_back("malformed " + std::to_string(m.packet->frame) + ' ' +
                         std::string(m.text));
        return true;
    }
    void finish() { m_calls.finish(); }

    std::vector<std::string> events;

private:
    ExplanationCache m_cache;
    CallTracker m_calls;
    std::ostringstream m_sink;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const KnowledgeBase kb = KnowledgeBase::builtin();
    const auto frames = fuzz::frames_of({reinterpret_cast<const char*>(data), size});
    Recorder r(kb);
    CaptureScanner scanner(r, {.requests = true}, fuzz::k_small_limits);
    const auto passes = fuzz::scan_twice(scanner, frames, r.events, [&] { r.events.clear(); });
    r.finish();
    if (passes[0] != passes[1]) {
        std::abort();  // the second capture saw state left from the first
    }
    return 0;
}
