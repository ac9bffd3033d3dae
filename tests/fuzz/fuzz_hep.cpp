// libFuzzer: HEP packets (HOMER's encapsulation), the input being the packet from its "HEP3" on,
// carried in a UDP datagram to the capture scanner; and the same bytes as the HEP listener receives
// them (--listen-hep): as one datagram (HEP3, or versions 1 and 2 turned into HEP3), and as a TCP
// stream cut at every possible place, which must give the same packets whatever the cut. Chunks of
// any type, length and vendor, compressed payloads included: every response reported must carry its
// packet and a valid code, and render as valid JSON; nothing may crash or read out of bounds.
#include "packets.hpp"

#include <sipwhy/capture/capture.hpp>
#include <sipwhy/capture/hep.hpp>
#include <sipwhy/render/responses.hpp>
#include <sipwhy/report/scan_report.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <sstream>

using namespace sipwhy;

namespace {

class Checker : public ScanSink {
public:
    explicit Checker(const KnowledgeBase& kb) : m_cache(kb) {}

    bool response(const ScannedResponse& r) override {
        if (r.packet == nullptr || r.code < 100 || r.code > 699) {
            std::abort();
        }
        const Finding f{"fuzz", r, m_cache.get(r.code, r.reason)};
        std::ostringstream json;
        render_finding_json(json, f, Lang::en);
        if (!nlohmann::json::accept(json.str())) {
            std::abort();
        }
        return true;
    }
    bool request(const ScannedRequest& r) override {
        if (r.packet == nullptr) {
            std::abort();
        }
        return true;
    }
    bool malformed(const MalformedStatus&) override { return true; }

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

    // The listener's datagram path.
    if (const auto packet = decode_hep(hep)) {
        if (packet->hep3.size() > k_max_hep_packet || !packet->hep3.starts_with("HEP3")) {
            std::abort();
        }
        scanner.hep_packet({.number = 2, .seconds = packet->seconds, .bytes = packet->hep3});
        scanner.finish();
    }

    // The listener's TCP path: whole, then in two pieces cut at a place the input chooses.
    const auto split = [&](std::size_t cut) {
        HepStream stream;
        std::string packets;
        stream.append(hep.substr(0, cut));
        while (const auto p = stream.next()) {
            if (p->size() > k_max_hep_packet) {
                std::abort();
            }
            packets += *p;
            // As the listener reads each: versions 1 and 2 turned into HEP3 first.
            if (const auto packet = decode_hep(*p)) {
                scanner.hep_packet({.number = 3, .bytes = packet->hep3});
            }
        }
        stream.append(hep.substr(cut));
        while (const auto p = stream.next()) {
            packets += *p;
            if (const auto packet = decode_hep(*p)) {
                scanner.hep_packet({.number = 4, .bytes = packet->hep3});
            }
        }
        scanner.finish();
        return packets;
    };
    const std::string whole = split(size);
    if (size > 0 && split(data[0] % size) != whole) {
        std::abort();
    }
    return 0;
}
