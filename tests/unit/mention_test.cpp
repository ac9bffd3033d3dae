// The grammar of response mentions (mention.hpp): each family positive and negative, one line at
// a time.
#include <sipwhy/logs/mention.hpp>

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace sipwhy {
namespace {

// "code phrase | method | call | framing", or "none".
std::string read(std::string_view line, std::string_view before = {}) {
    // The first candidate that the grammar accepts, as the scanner would try them in order.
    for (std::size_t at = 0; at + 3 <= line.size(); ++at) {
        bool digits = true;
        for (std::size_t k = 0; k < 3; ++k) {
            digits = digits && line[at + k] >= '0' && line[at + k] <= '9';
        }
        if (!digits || (at > 0 && line[at - 1] >= '0' && line[at - 1] <= '9')) {
            continue;
        }
        if (const auto m = read_mention(line, at, before)) {
            return std::to_string(m->code) + ' ' + std::string(m->reason) + " | " +
                   std::string(m->method) + " | " + std::string(m->call_id) + " | " +
                   std::string(to_string(m->framing));
        }
    }
    return "none";
}

// A line, what read() makes of it, and the lines before it when they matter.
struct Case {
    std::string_view line;
    std::string_view want;
    std::string_view before = {};
};

void expect_reads(std::initializer_list<Case> cases) {
    for (const auto& c : cases) {
        EXPECT_EQ(read(c.line, c.before), c.want) << c.line;
    }
}

TEST(Mention, ProseWithACueWord) {
    expect_reads({
        {"INVITE to sip:bob@example.com failed: 486 Busy Here",
         "486 Busy Here | INVITE |  | prose"},
        {"peer answered 603 Decline", "603 Decline |  |  | prose"},
        {"got final response 404 for REGISTER", "404  | REGISTER |  | prose"},
        {"outbound call rejected, code 480", "480  |  |  | prose"},
        {"registration to sip.example.net failed with status 403 (Forbidden)",
         "403 Forbidden |  |  | prose"},
        {"kamailio: received reply 500 from upstream", "500  |  |  | prose"},
        {"Processing REGISTER response 408 from server 'sip:a.example'",
         "408  | REGISTER |  | prose"},
        {"'401' fatal response received from 'sip:reg.example:5060'", "401  |  |  | prose"},
        // A carrier's own phrase is kept whole; a linking word ends it.
        {"INVITE failed: 480 No money left for sip:+4420@carrier.example",
         "480 No money left | INVITE |  | prose"},
    });
}

TEST(Mention, AStatementThatOpensWithTheCode) {
    expect_reads({
        {"reg: sip:100@192.0.2.102 (prio 0): 401 Unauthorized ()",
         "401 Unauthorized |  |  | prose"},
        // A carrier's phrase the knowledge base knows counts as the code's own.
        {"gw: sip:a@example.net INVITE: 480 No money left",
         "480 No money left | INVITE |  | prose"},
        // Without SIP context, or with a phrase nobody lists, it is no response.
        {"queue: 300 Multiple Choices", "none"},
        {"gw: sip:a@example.net: 403 Blue Sky Thinking", "none"},
    });
}

// Shapes that SIP stacks' own log statements take.
TEST(Mention, WhatStacksWrite) {
    expect_reads({
        {"sofia.c:6489 Ping failed gw1 with code 408 - count 2/1/3, state UP",
         "408  |  |  | prose"},
        {"sofia.c:6464 Ping succeeded gw1 with code 200 - count 1/1/3, state UP",
         "200  |  |  | prose"},
        {"sofia_reg.c:520 gw1 Failed Registration [403], setting retry to 30 seconds.",
         "403  |  |  | prose"},
        {"sofia_presence.c:4514 status (481) != 200, updated state to SUB_STATE_FAILED.",
         "481  |  |  | prose"},
        {"sofia.c:7505 Channel sofia/external/1000 entering state [terminated][486]",
         "486  |  |  | prose"},
        {"pua: publ_cback_func(): completed with status 412 [contact:sip:a@b]",
         "412  |  |  | prose"},
        {"tm: status rewrite by UAS: stored: 180, received: 183", "183  |  |  | key_value"},
        {"opensips: DBG:tm:t_pick_branch: picked branch 0, code 486 (prio=686)",
         "486  |  |  | prose"},
        {"pjsua_call.c  .Error putting call 0 on hold (reason=488)", "488  |  |  | key_value"},
        {"nta: timer G fired, retransmitting 487 reply", "487  |  |  | prose"},
        {"nua: INVITE: got SDP answer in 183 Session Progress (1)",
         "183 Session Progress | INVITE |  | prose"},
        {"baresip: mwi: subscription for sip:a@b closed: reset by peer (489 Bad Event)",
         "489 Bad Event |  |  | prose"},
        {"sip:a@b: (prio 0) {0/UDP/v4} 200 OK (Asterisk PBX 20.5.0) [1 binding]",
         "200 OK |  |  | prose"},
        {"SipProxyController::processResponse 180 a84b4c76@192.0.2.5", "180  |  |  | prose"},
        // A method after the code is no phrase.
        {"b2b_entities: Send reply 486 INVITE, for dlg [0x7f1c]", "486  | INVITE |  | prose"},
    });
}

TEST(Mention, WhatStacksWriteThatIsNoResponse) {
    expect_reads({
        {"tm [t_lookup.c:1240]: t_reply_matching(): hash 486 label 1957747793 branch 0", "none"},
        {"nta: sent INVITE (404) to udp/[198.51.100.7]:5060", "none"},
        {"belle-sip: channel [0x6000]: received [486] new bytes from [udp://a:5060]:", "none"},
    });
}

// A timeout word describes a code that means a timeout (408, 504) and measures any other number.
TEST(Mention, ATimeoutWordBeforeACodeThatMeansATimeout) {
    expect_reads({
        {"transaction timeout 408 for INVITE sip:bob@example.com", "408  | INVITE |  | prose"},
        {"INVITE to sip:bob@example.com timed out (408)", "408  | INVITE |  | prose"},
        {"REGISTER to sip:reg.example.net time-out [504]", "504  | REGISTER |  | prose"},
        {"INVITE sip:bob@example.com timeout, code=408", "408  | INVITE |  | key_value"},
    });
}

TEST(Mention, ATimeoutWordBeforeADurationIsNoResponse) {
    expect_reads({
        {"SIP: INVITE timeout 500 ms", "none"},
        {"SIP: INVITE timeout=600", "none"},
        {"SIP: INVITE timeout=408", "none"},  // a setting's value
        {"SIP: INVITE timeout: 408", "none"},
        {"SIP: INVITE timeout after 408 s", "none"},
        {"SIP: INVITE timed out after 408", "none"},
        {"SIP: REGISTER timeout 180 for sip:reg.example.net", "none"},
        {"tm: fr_inv_timeout 408 for INVITE", "none"},
        {"timeout, code=408", "none"},  // no SIP context
    });
}

// sofia-sip's nta: "<%03d> for <%s>" (nta.c, agent_recv_response), with or without the file,
// line and function that newer sofia-sip prints before it.
TEST(Mention, AnAngleBracketedCodeForItsMethod) {
    expect_reads({
        {"nta(0x55e385513e90): <503> for <INVITE>, try next after timeout",
         "503  | INVITE |  | compact"},
        {"nta.c:3467 agent_recv_response() nta(0x55e385513e90): <503> for <INVITE>, "
         "try next after timeout",
         "503  | INVITE |  | compact"},
        {"sofia: <486> for INVITE", "486  | INVITE |  | compact"},
    });
}

TEST(Mention, AnAngleBracketedNumberThatIsNoResponse) {
    expect_reads({
        {"SIP: Expires <600> for <REGISTER>", "none"},
        {"SIP: CSeq <183> for <INVITE>", "none"},
        {"proxy: <503> for <GET>", "none"},
        {"nta: <503> for <INVITED>", "none"},
    });
}

// The code's own phrase, or one the knowledge base lists for it, just before the code in brackets.
TEST(Mention, APhraseBeforeItsCodeInBrackets) {
    expect_reads({
        {"INVITE rejected: Busy Here (486)", "486 Busy Here | INVITE |  | prose"},
        // A phrase only SIP uses is context enough.
        {"rejected: Busy Here (486)", "486 Busy Here |  |  | prose"},
        {"REGISTER sip:100@pbx.example.com status Forbidden [403]",
         "403 Forbidden | REGISTER |  | prose"},
        {"final response Not Found [404] for INVITE", "404 Not Found | INVITE |  | prose"},
        {"INVITE to sip:+4420@carrier.example failed: No money left (480)",
         "480 No money left | INVITE |  | prose"},
        {"INVITE rejected: SIP transaction timeout (408)",
         "408 SIP transaction timeout | INVITE |  | prose"},
    });
}

TEST(Mention, APhraseBeforeABracketedNumberThatIsNoResponse) {
    // HTTP shares the phrase: SIP context is needed, and HTTP context vetoes.
    expect_reads({
        {"status Forbidden [403]", "none"},
        {"GET /api/v1/sip/trunks HTTP/1.1 failed: Server Internal Error (500)", "none"},
        {"webhook: POST https://crm.example.com/hooks/sip returned Error (500)", "none"},
        {"nginx: provisioning of sip.cfg for 001565aabbcc: Forbidden (403)", "none"},
        {"[client 203.0.113.9] Forbidden (403): /provisioning/sip/001565aabbcc.cfg", "none"},
        // Causes.
        {"SIP BYE: cause Normal Clearing (16)", "none"},
        {"SIP call: hangup cause Busy Here (486)", "none"},
        {"SIP call: hangup cause Call/Transaction Does Not Exist (481)", "none"},
        // A capitalised word before it makes it another phrase.
        {"SIP peer: Thank You (403)", "none"},
    });
}

TEST(Mention, KeysThatNameTheStatus) {
    expect_reads({
        {"tm: t_should_relay_response(): T_code=180, new_code=486", "486  |  |  | key_value"},
        {"ACC: call missed: method=INVITE;call_id=c1@h;code=487;reason=Request "
         "Terminated",
         "487 Request Terminated | INVITE | c1@h | key_value"},
        {"acc: reply_code=404 for REGISTER to sip:a@b", "404  | REGISTER |  | key_value"},
        {"event=CallFailed sip.status.code=486 sip.reason=\"Busy Here\"",
         "486 Busy Here |  |  | key_value"},
        {"Event=CallEnded SipResponseCode=404 Method=INVITE", "404  | INVITE |  | key_value"},
        {.line = "opensips: status:  <503>",
         .want = "503  |  |  | key_value",
         .before = "DBG:core:parse_msg: SIP Reply  (status):"},
    });
}

TEST(Mention, JsonKeys) {
    expect_reads({
        {R"({"msg":"call failed","sip_status":486,"reason":"Busy Here","method":"INVITE"})",
         "486 Busy Here | INVITE |  | json"},
        {R"({"response_code":"183","reason_phrase":"Session Progress","callId":"x@y"})",
         "183 Session Progress |  | x@y | json"},
        {R"({"sip.response.status_code":401,"sip.method":"REGISTER"})",
         "401  | REGISTER |  | json"},
        // A generic key needs SIP keys around it: here, on the lines before.
        {.line = R"(  "statusCode": 503,)",
         .want = "503  |  |  | json",
         .before = R"({ "call_id": "p@q", "method": "INVITE",)"},
        {.line = R"(  "statusCode": 503,)",
         .want = "none",
         .before = R"({ "path": "/api", "user": "bob",)"},
    });
}

TEST(Mention, CompactForms) {
    expect_reads({
        {"RX 486/INVITE from 192.0.2.40:5060", "486  | INVITE |  | compact"},
        {"<-- 180 Ringing", "180 Ringing |  |  | compact"},
        {"--> 200 OK (REGISTER)", "200 OK | REGISTER |  | compact"},
        {"bob -> proxy: 487 Request Terminated", "487 Request Terminated |  |  | prose"},
    });
}

TEST(Mention, DelimitedRecords) {
    expect_reads({
        {"INVITE,gK04,KUQK,8223@192.0.2.45,480,Temporarily Unavailable,1570705435",
         "480 Temporarily Unavailable | INVITE |  | record"},
        // A record field that is not the code's phrase is no phrase.
        {"INVITE,gK04,KUQK,8223@192.0.2.45,480,blue,1570705435", "none"},
    });
}

TEST(Mention, ABareNumberNeedsSipContext) {
    expect_reads({
        {"process finished with code 486", "none"},
        {"request failed: 404 Not Found", "none"},  // as HTTP clients say it
        {"request failed: 404 Not Found for sip:bob@example.com", "404 Not Found |  |  | prose"},
        // A phrase only SIP uses is context enough.
        {"peer answered 486 Busy Here", "486 Busy Here |  |  | prose"},
    });
}

TEST(Mention, Vetoes) {
    // HTTP.
    expect_reads({
        {R"(203.0.113.9 - - [20/Nov/2026:10:00:01 +0000] "GET /p.cfg HTTP/1.1" 404 162)", "none"},
        {R"({"req":{"method":"POST","url":"/hook"},"res":{"statusCode":500}})", "none"},
        {"upstream returned 502 Bad Gateway for /api/register", "none"},
        // Q.850 and hangup causes.
        {"Originate Resulted in Error Cause: 606 [USER_NOT_REGISTERED] sofia", "none"},
        {"sofia hangup cause 487 on the INVITE", "none"},
        {"INVITE: bridge_hangup_cause_code=604", "none"},
        {"BYE with Reason: SIP ;cause=200 ;text=\"Call completed elsewhere\"", "none"},
        // Ports, pids, durations, sizes, counts, header numbers.
        {"SIP worker listening on port 480", "none"},
        {"kamailio[486]: INFO: INVITE relayed", "none"},
        {"INVITE handled, took 486 ms", "none"},
        {"SIP: received 600 bytes from UDP:192.0.2.20:5060", "none"},
        {"SIP: sent 180 responses in the last minute", "none"},
        {"SIP: Content-Length: 200", "none"},
        {"SIP: CSeq: 486 INVITE", "none"},
        {"SIP peer '404' is now Reachable", "none"},
        {"m=audio 49170 RTP/AVP 0 8 101", "none"},
        // Source line numbers.
        {"\tat org.example.sip.Dialog.onResponse(Dialog.java:486)", "none"},
        {"sofia.c:486 sofia_handle_sip_i_invite: INVITE", "none"},
        // Configuration and script text.
        {R"(    sl_send_reply("404", "Not Found"); # SIP)", "none"},
        {R"(if (t_check_status("486|408")) { t_reply(603, "Decline"); })", "none"},
        {"    if ($rs == 487) { exit; } # reply", "none"},
        {"# reply 404 when the SIP user is not registered", "none"},
        {R"(  <action application="respond" data="486 Busy Here"/> <!-- sofia -->)", "none"},
        // RTCP packet types, errno values.
        {"RTCP SR on the INVITE's stream: packet type 200, length 6", "none"},
        {"rtcp: received reply 201 (RR) for the SIP call", "none"},
        {"SIP send failed: error 100 (Network is down)", "none"},
        // Request lines and their numbers.
        {"INVITE sip:486@pbx.example.com SIP/2.0", "none"},
    });
}

TEST(Mention, ANextLineReasonWithoutItsOwnStatus) {
    EXPECT_EQ(next_line_reason("opensips[1]:  reason:  <Server Internal Error>"),
              "Server Internal Error");
    EXPECT_EQ(next_line_reason("ACC: code=200;reason=OK"), "");
    EXPECT_EQ(reason_key_value("sip_reason=\\\"Temporarily Unavailable\\\" call_id=a"),
              "Temporarily Unavailable");
}

// may_be_mention only rejects what read_mention rejects: on every position of these lines.
TEST(Mention, TheFirstLookRejectsOnlyWhatTheGrammarRejects) {
    for (const std::string_view line :
         {"INVITE failed: 486 Busy Here", "T_code=180, new_code=486", "RX 486/INVITE",
          "Content-Length: 200", "took 486 ms", "<-- 180 Ringing", "status:  <503> SIP",
          "INVITE,a,b,480,Temporarily Unavailable,1", "transaction timeout 408 for INVITE",
          "INVITE timed out (408)", "timeout=408", "nta(0x1): <503> for <INVITE>",
          "rejected: Busy Here (486)", "SIP transaction timeout (408)"}) {
        for (std::size_t at = 0; at + 3 <= line.size(); ++at) {
            if (read_mention(line, at, "SIP") && !may_be_mention(line, at)) {
                ADD_FAILURE() << line << " at " << at;
            }
        }
    }
}

TEST(Mention, CanonicalPhrases) {
    EXPECT_EQ(canonical_phrase(486), "Busy Here");
    EXPECT_EQ(canonical_phrase(487), "Request Terminated");
    EXPECT_EQ(canonical_phrase(111), "");  // SIP defines no 111
    EXPECT_EQ(canonical_phrase(42), "");
}

}  // namespace
}  // namespace sipwhy
