// The responses a log scan reported last (recent_responses.hpp).
#include "logs/recent_responses.hpp"

namespace sipwhy::detail {
namespace {

constexpr std::uint64_t k_same_line_window = 1024;  // mentions without times: how close is "same"

bool less_than_a_second_apart(const LogTime& a, const LogTime& b) {
    if (a.seconds > b.seconds + 1 || b.seconds > a.seconds + 1) {
        return false;
    }
    const std::int64_t ns = (a.seconds - b.seconds) * 1'000'000'000 +
                            (static_cast<std::int64_t>(a.nanoseconds) - b.nanoseconds);
    return ns > -1'000'000'000 && ns < 1'000'000'000;
}

}  // namespace

void RecentResponses::add_full(std::uint64_t offset, int code) {
    m_full[m_full_next] = {offset, code};
    m_full_next = (m_full_next + 1) % m_full.size();
}

bool RecentResponses::full_just_before(int code, std::uint64_t offset) const {
    for (const auto& [seen_offset, seen_code] : m_full) {
        if (seen_code == code && offset >= seen_offset && offset - seen_offset <= k_dedup_window) {
            return true;
        }
    }
    return false;
}

bool RecentResponses::repeats(const Mention& m, std::uint64_t line_start, bool record) const {
    if (record) {
        return false;  // a record (a CDR's line) is one call's report
    }
    for (const Mention& r : m_mentions) {
        if (r.code != m.code || m.offset < r.offset || m.offset - r.offset > k_dedup_window) {
            continue;
        }
        if (!r.call_id.empty() && !m.call_id.empty() && r.call_id != m.call_id) {
            continue;
        }
        // Lines with timestamps are compared by them; lines without, by how close they are; a
        // line with one and a line without are of other sources.
        const bool same_time = r.time && m.time     ? less_than_a_second_apart(*r.time, *m.time)
                               : !r.time && !m.time ? m.offset - r.offset <= k_same_line_window
                                                    : false;
        // Lines of the same words with other numbers near the code are one statement made for two
        // responses ("request sent to ...:6700 completed with code: 408", then the same for
        // :6800); the same line again, or one line, is one statement, whatever it repeats.
        if (same_time && (r.offset >= line_start || r.shape != m.shape || r.near == m.near)) {
            return true;  // the same response, logged again by another module or in other words
        }
    }
    return false;
}

void RecentResponses::add_mention(Mention m) {
    m_mentions[m_mention_next] = std::move(m);
    m_mention_next = (m_mention_next + 1) % m_mentions.size();
}

std::vector<std::pair<std::uint64_t, int>> RecentResponses::full_since(
    std::uint64_t consumed) const {
    // What is older no new scanner saw, and it matters no more (nor when it is pushed out: the
    // newer ones are pushed out as many additions later in either scanner).
    std::vector<std::pair<std::uint64_t, int>> out;
    bool from = false;
    for (std::size_t i = 0; i < m_full.size(); ++i) {
        const auto& [offset, code] = m_full[(m_full_next + i) % m_full.size()];
        from = from || (code != 0 && offset + k_dedup_window >= consumed);
        if (from) {
            out.emplace_back(offset, code);
        }
    }
    return out;
}

std::vector<std::tuple<std::uint64_t, int, std::optional<LogTime>, std::string, std::uint64_t,
                       std::uint64_t>>
RecentResponses::mentions_since(std::uint64_t consumed) const {
    std::vector<std::tuple<std::uint64_t, int, std::optional<LogTime>, std::string, std::uint64_t,
                           std::uint64_t>>
        out;
    bool from = false;
    for (std::size_t i = 0; i < m_mentions.size(); ++i) {
        const Mention& r = m_mentions[(m_mention_next + i) % m_mentions.size()];
        from = from || (r.code != 0 && r.offset + k_dedup_window >= consumed);
        if (from) {
            out.emplace_back(r.offset, r.code, r.time, r.call_id, r.shape, r.near);
        }
    }
    return out;
}

}  // namespace sipwhy::detail
