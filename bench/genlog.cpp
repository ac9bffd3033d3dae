// sipwhy_genlog: writes a large, realistic SIP log for benchmarks. Calls go through the usual
// flows (answered, busy, declined, canceled, challenged then answered, unreachable, no route...)
// with full messages and SDP, framed the way PBXs and tools log them, mixed with the debug noise
// that fills real log files.
//
//   sipwhy_genlog SIZE [FRAMING] [SEED] > big.log
//
// SIZE: bytes to write, with k/M/G suffixes (500M). FRAMING: mixed (default), pjsip, sofia,
// sngrep, plain, syslog. The same arguments always give the same bytes.
#include "bench_util.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sipwhy::bench::parse_size;
using sipwhy::bench::Rng;
using sipwhy::bench::weighted_pick;

enum class Framing { pjsip, sofia, sngrep, plain, syslog };

struct Response {
    int code;
    const char* reason;
};

// Final answers to an INVITE, weighted roughly like a busy PBX's day.
struct Final {
    Response response;
    int weight;
};

const std::vector<Final> k_finals = {
    {{200, "OK"}, 55},
    {{486, "Busy Here"}, 10},
    {{487, "Request Terminated"}, 9},
    {{480, "Temporarily Unavailable"}, 6},
    {{603, "Decline"}, 4},
    {{404, "Not Found"}, 4},
    {{503, "Service Unavailable"}, 3},
    {{408, "Request Timeout"}, 3},
    {{488, "Not Acceptable Here"}, 2},
    {{403, "Forbidden"}, 2},
    {{480, "No money left"}, 1},
    {{403, "Wrong Guess"}, 1},
};

class Writer {
public:
    Writer(Framing framing, Rng& rng) : m_framing(framing), m_rng(rng) {}

    std::string& out() { return m_out; }

    void noise() {
        static const char* const k_lines[] = {
            "[DEBUG] switch_core_session.c:1236 Send signal sofia/internal/1001@10.0.0.5 [BREAK]",
            "VERBOSE[2113][C-0000a1b2] pbx.c:     -- Executing [s@macro-dial:2] Dial(\"SIP/1001\")",
            "kamailio[2101]: INFO: <script>: new call from 10.0.0.5 to sip:1002@example.com",
            "DEBUG[2113] res_rtp_asterisk.c: Setting RTP Port to 12034",
            "NOTICE[2113][C-0000a1b2] chan_pjsip.c: Call to 'PJSIP/1002' rejected, cause 17",
        };
        m_out += timestamp();
        m_out += ' ';
        m_out += k_lines[m_rng.below(5)];
        m_out += '\n';
    }

    void message(const std::string& first_line, const std::string& headers, bool response,
                 const std::string& body) {
        const std::string content_length = "Content-Length: " + std::to_string(body.size());
        switch (m_framing) {
            case Framing::pjsip:
                m_out +=
                    response ? "<--- Received SIP response (" : "<--- Transmitting SIP request (";
                m_out += std::to_string(first_line.size() + headers.size() + body.size() + 40);
                m_out += response ? " bytes) from UDP:203.0.113.7:5060 --->\n"
                                  : " bytes) to UDP:203.0.113.7:5060 --->\n";
                break;
            case Framing::sofia:
                m_out += response ? "recv " : "send ";
                m_out += std::to_string(first_line.size() + headers.size() + body.size() + 40);
                m_out += response ? " bytes from udp/[203.0.113.7]:5060 at "
                                  : " bytes to udp/[203.0.113.7]:5060 at ";
                m_out += clock();
                m_out +=
                    ":\n------------------------------------------------------------------------\n";
                break;
            case Framing::sngrep:
                m_out += "2026/11/21 ";
                m_out += clock();
                m_out += response ? " 203.0.113.7:5060 -> 10.0.0.5:5060\n"
                                  : " 10.0.0.5:5060 -> 203.0.113.7:5060\n";
                break;
            case Framing::plain:
                break;
            case Framing::syslog:
                // A whole message on one syslog line, newlines escaped as #012 (AudioCodes style).
                m_out += "<133>[S=";
                m_out += std::to_string(m_rng.below(9000000));
                m_out += "] ---- Incoming SIP Message from 203.0.113.7:5060 ---- #012";
                m_out += first_line;
                m_out += " #012";
                for (std::size_t i = 0; i < headers.size(); ++i) {
                    if (headers[i] == '\n') {
                        m_out += " #012";
                    } else {
                        m_out += headers[i];
                    }
                }
                m_out += content_length;
                m_out += " #012 #012\n";
                return;
        }
        m_out += first_line;
        m_out += '\n';
        m_out += headers;
        m_out += content_length;
        m_out += "\n\n";
        m_out += body;
        if (m_framing == Framing::sofia) {
            m_out += "------------------------------------------------------------------------\n";
        }
    }

    std::string timestamp() { return "2026-11-21 " + clock(); }

    std::string clock() {
        m_ms += 1 + m_rng.below(40);
        const auto ms = m_ms % 1000;
        const auto s = (m_ms / 1000) % 60;
        const auto m = (m_ms / 60000) % 60;
        const auto h = (m_ms / 3600000) % 24;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02u:%02u:%02u.%03u000", static_cast<unsigned>(h),
                      static_cast<unsigned>(m), static_cast<unsigned>(s),
                      static_cast<unsigned>(ms));
        return buf;
    }

private:
    Framing m_framing;
    Rng& m_rng;
    std::string m_out;
    std::uint64_t m_ms = 0;
};

std::string sdp(Rng& rng) {
    std::string s = "v=0\no=- " + std::to_string(rng.next() % 1000000000) +
                    " 1 IN IP4 10.0.0.5\ns=call\nc=IN IP4 10.0.0.5\nt=0 0\nm=audio " +
                    std::to_string(10000 + rng.below(20000)) +
                    " RTP/AVP 0 8 101\na=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\n"
                    "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\na=sendrecv\n";
    return s;
}

void call(Writer& w, Rng& rng) {
    const std::string call_id = rng.token(20) + "@10.0.0.5";
    const std::string from_tag = rng.token(10);
    const std::string to_tag = rng.token(10);
    const std::string caller = std::to_string(1000 + rng.below(9000));
    const std::string callee = "+4420" + std::to_string(10000000 + rng.below(89999999));
    const std::string branch = "z9hG4bK" + rng.token(16);
    unsigned cseq = 1 + rng.below(50000);

    auto request = [&](const std::string& method, unsigned seq, bool with_sdp, bool tagged) {
        std::string h = "Via: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=" + branch + "\n" +
                        "Max-Forwards: 70\n" + "From: <sip:" + caller +
                        "@pbx.example.com>;tag=" + from_tag + "\n" + "To: <sip:" + callee +
                        "@trunk.example.net>" + (tagged ? ";tag=" + to_tag : "") + "\n" +
                        "Call-ID: " + call_id + "\n" + "CSeq: " + std::to_string(seq) + " " +
                        method + "\n" + "User-Agent: Asterisk PBX 20.5.0\n";
        const std::string body = with_sdp ? sdp(rng) : "";
        if (with_sdp) {
            h += "Content-Type: application/sdp\n";
        }
        w.message(method + " sip:" + callee + "@trunk.example.net SIP/2.0", h, false, body);
    };
    auto response = [&](const Response& r, const std::string& method, unsigned seq, bool tagged,
                        bool with_sdp, const std::string& extra = {}) {
        std::string h =
            "Via: SIP/2.0/UDP 10.0.0.5:5060;rport=5060;received=198.51.100.4;branch=" + branch +
            "\n" + "From: <sip:" + caller + "@pbx.example.com>;tag=" + from_tag + "\n" +
            "To: <sip:" + callee + "@trunk.example.net>" + (tagged ? ";tag=" + to_tag : "") + "\n" +
            "Call-ID: " + call_id + "\n" + "CSeq: " + std::to_string(seq) + " " + method + "\n" +
            "Server: CarrierSBC 4.2\n" + extra;
        w.message("SIP/2.0 " + std::to_string(r.code) + " " + r.reason, h, true,
                  with_sdp ? sdp(rng) : "");
    };

    for (unsigned i = rng.below(4); i > 0; --i) {
        w.noise();
    }
    // One call in eight is challenged first.
    if (rng.below(8) == 0) {
        request("INVITE", cseq, true, false);
        response({407, "Proxy Authentication Required"}, "INVITE", cseq, true, false,
                 "Proxy-Authenticate: Digest realm=\"trunk.example.net\", nonce=\"" +
                     rng.token(24) + "\"\n");
        request("ACK", cseq, false, true);
        ++cseq;
    }
    request("INVITE", cseq, true, false);
    response({100, "Trying"}, "INVITE", cseq, false, false);
    const Response final = weighted_pick(rng, k_finals).response;
    if (final.code == 200 || final.code == 486 || final.code == 487 || final.code == 603) {
        response({180, "Ringing"}, "INVITE", cseq, true, false);
    }
    if (final.code == 487) {
        request("CANCEL", cseq, false, false);
        response({200, "OK"}, "CANCEL", cseq, true, false);
    }
    const std::string reason =
        final.code == 486 ? "Reason: Q.850;cause=17;text=\"User busy\"\n" : "";
    response(final, "INVITE", cseq, true, final.code == 200, reason);
    request("ACK", cseq, false, true);
    if (final.code == 200) {
        for (unsigned i = rng.below(3); i > 0; --i) {
            w.noise();
        }
        request("BYE", cseq + 1, false, true);
        response({200, "OK"}, "BYE", cseq + 1, true, false);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: sipwhy_genlog SIZE [mixed|pjsip|sofia|sngrep|plain|syslog] [SEED]\n");
        return 2;
    }
    const std::size_t size = parse_size(argv[1]);
    const std::string framing_name = argc > 2 ? argv[2] : "mixed";
    Rng rng(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1);
    const std::vector<std::pair<std::string, Framing>> framings = {{"pjsip", Framing::pjsip},
                                                                   {"sofia", Framing::sofia},
                                                                   {"sngrep", Framing::sngrep},
                                                                   {"plain", Framing::plain},
                                                                   {"syslog", Framing::syslog}};
    std::vector<Framing> use;
    for (const auto& [name, f] : framings) {
        if (framing_name == "mixed" || framing_name == name) {
            use.push_back(f);
        }
    }
    if (use.empty()) {
        std::fprintf(stderr, "sipwhy_genlog: unknown framing '%s'\n", framing_name.c_str());
        return 2;
    }
    std::size_t written = 0;
    std::size_t block = 0;
    while (written < size) {
        // Framings come in blocks of calls, as when logs of several systems are concatenated.
        Writer w(use[(block++) % use.size()], rng);
        for (int i = 0; i < 200; ++i) {
            call(w, rng);
        }
        std::string& out = w.out();
        const std::size_t n = std::min(out.size(), size - written);
        if (std::fwrite(out.data(), 1, n, stdout) != n) {
            return 1;
        }
        written += n;
    }
    return 0;
}
