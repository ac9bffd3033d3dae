// libFuzzer: HEP version 3 packets (HOMER's encapsulation), the input being the packet from its
// "HEP3" on, carried in a UDP datagram to the capture scanner. Chunks of any type, length and
// vendor, compressed payloads included: every response reported must carry its packet and a valid
// code, and render as valid JSON; nothing may crash or read out of bounds.
#include "packets.hpp"

#include <sipwhy/capture.hpp>
#include <sipwhy/scan_report.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <sstream>

using namespace sipwhy;

namespace {

class Checker : public ScanSink {
public:
    explicit Checker(const KnowledgeBase& kb) : m_cache(kb) {}

    void response(const ScannedResponse& r) override {
        if (r.packet == nullptr || r.code < 100 || r.code > 699) {
            std::abort();
        }
        const Finding f{"fuzz", r, m_cache.get(r.code, r.reason)};
        std::ostringstream json;
        render_finding_json(json, f, Lang::en);
        if (!nlohmann::json::accept(json.str())) {
            std::abort();
        }
    }
    void request(const ScannedRequest& r) override {
        if (r.packet == nullptr) {
            std::abort();
        }
    }
    void malformed(const MalformedStatus&) override {}

private:
    ExplanationCache m_cache;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const KnowledgeBase kb = KnowledgeBase::builtin();
    const std::string_view hep(reinterpret_cast<const char*>(data), size);
    if (size > 60000) {
        return 0;  // one datagram
    }
    Checker checker(kb);
    CaptureScanner scanner(checker, {.requests = true});
    const packets::Bytes frame = packets::udp4("192.0.2.50", 40000, "192.0.2.60", 9060, hep);
    scanner.frame({.number = 1, .seconds = 1700000000, .bytes = frame});
    scanner.finish();
    return 0;
}
