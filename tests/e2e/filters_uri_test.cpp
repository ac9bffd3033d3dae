// --to reads the Request-URI as well as To, and --host the Via and Contact hosts of a log that
// names no peers in its framing.
#include "run.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sipwhy::e2e {
namespace {

// A call whose To names the number dialled but whose Request-URI a proxy rewrote to the
// carrier's form, logged by one host without framing lines.
std::string rewritten_call(const std::string& id, const std::string& uri_user,
                           const std::string& via_host) {
    const auto head = [&](const std::string& start) {
        return start + "\r\nVia: SIP/2.0/UDP " + via_host + ":5060;branch=z9hG4bK-" + id +
               "\r\nFrom: <sip:2001@pbx.example>;tag=a\r\n" + "To: <sip:5551000@pbx.example>" +
               (start.starts_with("SIP") ? ";tag=b" : "") + "\r\nCall-ID: " + id +
               "\r\nCSeq: 1 INVITE\r\nContact: <sip:2001@" + via_host +
               ":5060>\r\nContent-Length: 0\r\n\r\n";
    };
    return head("INVITE sip:" + uri_user + "@carrier.example SIP/2.0") +
           head("SIP/2.0 404 Not Found");
}

std::string log_file() {
    return temp_file("pbx.log", rewritten_call("uri-1", "+14155551000", "192.0.2.10") +
                                    rewritten_call("uri-2", "+14155552000", "192.0.2.20"));
}

TEST(FiltersUri, ToMatchesTheRequestUriToo) {
    const std::string log = log_file();
    const auto r = sipwhy({"--calls", "--to", "+1 415 555 2000", log});
    EXPECT_EQ(status_out(r),
              (StatusText{
                  0, log + ":19: call uri-2: failed - 404 Not Found (INVITE 2001 -> 5551000)\n"}));
    // The To user still matches, for both calls.
    EXPECT_EQ(sipwhy({"--calls", "-c", "--to", "5551000", log}).out, "2\n");
    EXPECT_EQ(sipwhy({"--calls", "--to", "4155553000", log}).status, 1);
}

TEST(FiltersUri, HostMatchesAViaOrContactHostInALog) {
    const std::string log = log_file();
    const auto r = sipwhy({"--calls", "--host", "192.0.2.10", log});
    EXPECT_EQ(
        status_out(r),
        (StatusText{0, log + ":1: call uri-1: failed - 404 Not Found (INVITE 2001 -> 5551000)\n"}));
    EXPECT_EQ(sipwhy({"--calls", "--host", "192.0.2.20:5060", log}).out,
              log + ":19: call uri-2: failed - 404 Not Found (INVITE 2001 -> 5551000)\n");
    EXPECT_EQ(sipwhy({"--calls", "--host", "198.51.100.1", log}).status, 1);
}

}  // namespace
}  // namespace sipwhy::e2e
