// libFuzzer: the capture scanner fed arbitrary frames. The input is a sequence of frames, each a
// link-type byte, a 2-byte little-endian length and that many bytes. With small limits, so that
// eviction paths run too. A second pass over the same frames after finish() must report exactly
// what the first did (no state leaks from one capture into the next), and every finding must
// render as valid JSON and text, through the call tracker as well.
#include <sipwhy/calls.hpp>
#include <sipwhy/capture.hpp>
#include <sipwhy/scan_report.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace sipwhy;

namespace {

constexpr std::array<int, 8> k_links = {
    link_type::ethernet, link_type::linux_sll, link_type::linux_sll2, link_type::raw,
    link_type::null,     link_type::loop,      link_type::ipv6,       link_type::raw_file};

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

    void response(const ScannedResponse& r) override {
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
        m_calls.response("fuzz", r, x);
    }
    void request(const ScannedRequest& r) override {
        events.push_back("request " + std::to_string(r.packet->frame) + ' ' +
                         std::string(r.method));
        m_calls.request("fuzz", r);
    }
    void malformed(const MalformedStatus& m) override {
        events.push_back("malformed " + std::to_string(m.packet->frame) + ' ' +
                         std::string(m.text));
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
    std::vector<CaptureFrame> frames;
    std::size_t pos = 0;
    while (pos + 3 <= size) {
        CaptureFrame f;
        f.number = frames.size() + 1;
        f.seconds = 1700000000 + static_cast<std::int64_t>(frames.size());
        f.link_type = k_links[data[pos] % k_links.size()];
        const std::size_t length = data[pos + 1] | (static_cast<std::size_t>(data[pos + 2]) << 8);
        pos += 3;
        const std::size_t n = std::min(length, size - pos);
        f.bytes = {reinterpret_cast<const char*>(data) + pos, n};
        pos += n;
        frames.push_back(f);
    }
    Recorder r(kb);
    CaptureScanner scanner(r, {.requests = true},
                           {.max_streams = 4,
                            .max_stream_buffer = 2048,
                            .max_pending_segments = 4,
                            .max_fragmented = 4,
                            .max_sctp_messages = 4});
    std::vector<std::vector<std::string>> passes;
    for (int pass = 0; pass < 2; ++pass) {
        r.events.clear();
        for (const auto& f : frames) {
            scanner.frame(f);
        }
        scanner.finish();
        passes.push_back(r.events);
    }
    r.finish();
    if (passes[0] != passes[1]) {
        std::abort();  // the second capture saw state left from the first
    }
    return 0;
}
