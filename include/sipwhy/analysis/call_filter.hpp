// Which calls to follow: by Call-ID, time, number, host and method (docs/calls.md, "Following
// calls"). A call is selected by what its first message seen says, and then every message of it
// comes with it, so a filter never cuts a call in half. Pure: the caller says what time it is.
#pragma once

#include <sipwhy/log_time.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sipwhy {

// A bound of --since or --until as given.
struct TimeBound {
    enum class Kind {
        wall,         // a date and time without a zone: the clock as the input writes it
        utc,          // a date and time with Z or an offset, or a relative time resolved by parse
        time_of_day,  // HH:MM[:SS]: on the date of the input's first timestamp, as written
    };
    Kind kind = Kind::wall;
    std::int64_t seconds = 0;  // since the epoch (wall, utc) or since midnight (time_of_day)
};

// Reads "2026-11-20T10:00:00" (a space for the T, seconds and a fraction optional, Z or +01:00
// allowed), "2026-11-20", "10:00[:05]", or "-15m" ("-30s", "-2h", "-1d": before `now_utc`).
// Nothing when `text` is none of these.
std::optional<TimeBound> parse_time_bound(std::string_view text, std::int64_t now_utc);

// Whether `user` (a From or To user part) is the number `pattern` names: a substring of it, or,
// when `pattern` has digits, its digits within `user`'s digits (so "+44 20 7123" finds
// "442071234567", and "4471" finds "+4471...").
bool number_matches(std::string_view pattern, std::string_view user);

struct CallFilter {
    std::vector<std::string> call_ids;  // each a Call-ID or a unique prefix of one
    std::optional<TimeBound> since;
    std::optional<TimeBound> until;
    std::vector<std::string> from;  // From users
    std::vector<std::string> to;    // To users
    std::vector<std::string>
        hosts;  // a capture's source or destination address (with or without port)
    std::vector<std::string> methods;
    // The local time's offset from UTC, in seconds: what a log time without a zone is taken to be
    // when compared with a UTC bound.
    std::int64_t local_utc_offset = 0;

    bool empty() const {
        return call_ids.empty() && !since && !until && from.empty() && to.empty() &&
               hosts.empty() && methods.empty();
    }
    bool has_times() const { return since || until; }
};

// Decides message by message, remembering each call's decision. Holds at most `max_calls`
// decisions, then starts over (a call seen again is judged again by its next message).
class CallSelector {
public:
    explicit CallSelector(CallFilter filter, std::size_t max_calls = 200000);

    // A new input: HH:MM bounds are of its first timestamp's date.
    void start_input() { m_day.reset(); }

    // Whether the message belongs to a selected call. `method` is a request's method (empty for
    // a response). A message without a Call-ID is selected only by time, when only times are
    // asked for.
    bool selects(const MessageInfo* m, const LogTime* time, const PacketInfo* packet,
                 std::string_view method, std::string_view peer_src = {},
                 std::string_view peer_dst = {});
    bool selects(const ScannedResponse& r) {
        return m_all || selects(r.message, r.time, r.packet, {}, r.peer_src, r.peer_dst);
    }
    bool selects(const ScannedRequest& r) {
        return m_all || selects(r.message, r.time, r.packet, r.method, r.peer_src, r.peer_dst);
    }

    bool empty() const { return m_all; }
    const CallFilter& filter() const { return m_filter; }

    // "--call-id a84 matches more than one call: a84b4c and a84f00; only the first is followed",
    // once for each prefix that did.
    const std::vector<std::string>& warnings() const { return m_warnings; }

private:
    bool m_all;  // no filter: every message is selected
    bool decide(const MessageInfo* m, const LogTime* time, const PacketInfo* packet,
                std::string_view method, std::string_view peer_src, std::string_view peer_dst);
    bool time_ok(const LogTime* time, const PacketInfo* packet) const;
    // The message's time as the input writes it, and in UTC; false when it has none.
    bool clock(const LogTime* time, const PacketInfo* packet, std::int64_t& wall,
               std::int64_t& utc) const;

    CallFilter m_filter;
    std::size_t m_max;
    std::unordered_map<std::string, bool> m_decided;
    std::vector<std::string> m_prefix_match;  // by call_ids index: the first Call-ID it matched
    std::vector<bool> m_prefix_warned;
    std::vector<std::string> m_warnings;
    std::optional<std::int64_t> m_day;  // midnight of the input's first date, as written
};

}  // namespace sipwhy
