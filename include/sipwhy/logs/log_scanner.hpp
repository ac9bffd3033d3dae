// The log scanner: finds every SIP response in text, whatever frames it (a PBX's message dump, a
// syslog line, a packet dissection, a browser console, a Zeek log), and the headers of the message
// when the whole message is there. It reads bytes fed in chunks of any size and boundary, keeps
// bounded state, and reports what it finds to a ScanSink as it goes. No I/O here: the caller reads.
//
// Recognized (docs/logs.md lists the framings):
//   - status lines "SIP/2.0 486 Busy Here" anywhere in a line: after a timestamp or log prefix,
//     indentation, junk bytes, "#012" (syslog's escaped newline), "message:" or "**";
//   - status lines damaged or escaped on the way into the log: the version in any case
//     ("sip/2.0", "Sip/2.0"; RFC 3261 §7.1), a first character lost ("IP/2.0", "P/2.0"), "^M" for
//     CR, "#015#012" and "#012" (syslog's escapes), literal "\r\n" inside a JSON or quoted string;
//   - summary lines that carry a status without "SIP/2.0": Asterisk's `Got SIP response 503
//     "Service Unavailable"`, sofia-sip's `nta: received 480 Temporarily Unavailable for INVITE`,
//     Home Assistant's `SIP TX 401 Unauthorized to ...`;
//   - responses reported in words, key=value, JSON, compact forms and records (mention.hpp has
//     the grammar), the phrase taken from the next line when a parser prints it there and a code
//     that a logger wrapped across two lines joined;
//   - Zeek sip.log (its status_code and status_msg columns), from the line after its "#fields"
//     line, or after a first line of column names as zeek-cut prints them.
// Request lines ("INVITE sip:... SIP/2.0") and Via values ("SIP/2.0/UDP") are not responses.
// A summary line or mention within 16 KiB of a full status line with the same code is the same
// response logged twice, and is not reported again; so is a mention of the same code within
// 16 KiB after another, less than a second apart (or within 1 KiB when neither line has a
// timestamp) and with no other Call-ID.
// Each response gets the timestamp of its line, or of the nearest line with one in the 2 KiB
// before it (a message's status line under its log header).
#pragma once

#include <sipwhy/log_time.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace sipwhy {

class LogScanner {
    class Impl;  // the state and the steps, in log_scanner.cpp

public:
    // Lines longer than this are read in pieces of this size.
    static constexpr std::size_t k_max_line = 1 << 20;

    LogScanner(ScanSink& sink, ScanOptions options = {});
    ~LogScanner();
    LogScanner(const LogScanner&) = delete;
    LogScanner& operator=(const LogScanner&) = delete;

    // Scans the next bytes of the input. Chunks may end anywhere, even inside a line. Reads
    // nothing more once the sink has said that it wants no more of this input (stopped()).
    void feed(std::string_view bytes);
    bool stopped() const;

    // Ends the input: reports what is still waiting (a message without its blank line, a last line
    // without a newline). The scanner can then be fed a new input.
    void finish();

    // The input paused (a live feed with nothing new for a while): reports what only waited for
    // more input to be sure of, a message whose headers have not yet been closed by a blank line
    // and summary lines and mentions held to see whether a status line repeats them.
    void idle();

    // Forgets the requests kept (ScanOptions::request_window): the next input's responses answer
    // its own requests only. Without it, a response may answer a request of the input before
    // (rotated logs read as one stream).
    void forget_requests();

    // What timestamps without a year or a date are completed with, for the inputs that follow.
    void set_time_reference(TimeReference reference);

    // A scan split into parts, for one large input on several cores: each part's scanner starts
    // at its own offset (start_at), and a scanner that read the part before it goes on into it
    // until the two carry the same state past the same bytes (an equal Carry, which only a scanner
    // with nothing waiting has); from there on both report the same, so the later part's reports
    // stand for the rest. Only for scans that count no lines, report no requests and read no
    // framing's addresses: those would carry more (splittable). The headers of a message are read
    // before a carry is compared (nothing waits), and the requests kept for the findings are
    // compared by where they begin.
    class Carry {
    public:
        bool operator==(const Carry& other) const;

    private:
        friend class LogScanner::Impl;
        bool m_quiet = false;  // no message, summary line, mention or next line's phrase waits
        std::uint64_t m_offset = 0;
        std::string m_tail;  // the bytes before, for context
        // The status lines and mentions still near enough to make a later one a repetition, in
        // the order they came.
        std::vector<std::pair<std::uint64_t, int>> m_full;
        std::vector<std::tuple<std::uint64_t, int, std::optional<LogTime>, std::string,
                               std::uint64_t, std::uint64_t>>
            m_mentions;
        // The last line a timestamp was looked for at, what was found and where.
        std::uint64_t m_time_here = 0;
        std::optional<LogTime> m_time;
        std::uint64_t m_time_at = 0;
        // ScanOptions::request_window: where the requests kept begin, and whether the last is
        // still open.
        std::vector<std::uint64_t> m_requests;
        bool m_request_open = false;
    };
    // What the scanner carries into the bytes still to come, once fed a block that ended a line.
    Carry carry() const;
    static bool splittable(const ScanOptions& options) {
        return !options.line_numbers && !options.requests && !(options.headers && options.peers);
    }
    // Starts the input at byte `offset` of it (a later part of a split scan): offsets count from
    // there, and its first line is not looked at as a Zeek log's column names.
    void start_at(std::uint64_t offset);

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sipwhy
