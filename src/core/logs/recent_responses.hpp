// The responses a log scan reported last, so that it reports each response once: a summary line
// or a mention of a code that a full status line logged just before already reported, or a
// mention that repeats one made just before, at the same time, in other words or by another
// module (docs/logs.md, "Responses reported in words"). Bounded: the last 8 of each.
#pragma once

#include <sipwhy/log_time.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace sipwhy::detail {

// Bytes between a summary line or a mention and the status line it repeats.
inline constexpr std::uint64_t k_dedup_window = 16 * 1024;

class RecentResponses {
public:
    // A full status line of `code` at `offset`.
    void add_full(std::uint64_t offset, int code);
    // Whether a full status line of `code` came less than k_dedup_window before `offset`.
    bool full_just_before(int code, std::uint64_t offset) const;

    // A mention of `code` at `offset` in a line that starts at `line_start`: its line's own
    // timestamp (`own`), Call-ID, words (mention_shape) and bytes around the code (mention_near).
    struct Mention {
        std::uint64_t offset = 0;
        int code = 0;
        std::optional<LogTime> time;
        std::string call_id;
        std::uint64_t shape = 0;
        std::uint64_t near = 0;
    };
    // Whether `m` repeats a mention made just before (`record`: a CDR's line, never a repetition).
    bool repeats(const Mention& m, std::uint64_t line_start, bool record) const;
    void add_mention(Mention m);

    // What a later scanner must know to agree (LogScanner::Carry): oldest first, from the oldest
    // that a line after `consumed` can still be a repetition of.
    std::vector<std::pair<std::uint64_t, int>> full_since(std::uint64_t consumed) const;
    std::vector<std::tuple<std::uint64_t, int, std::optional<LogTime>, std::string, std::uint64_t,
                           std::uint64_t>>
    mentions_since(std::uint64_t consumed) const;

    void clear() { *this = RecentResponses{}; }

private:
    std::array<std::pair<std::uint64_t, int>, 8> m_full{};
    std::size_t m_full_next = 0;
    std::array<Mention, 8> m_mentions{};
    std::size_t m_mention_next = 0;
};

// Summary lines and mentions waiting to see whether a full status line repeats them (a stack's
// one-line report logged just before the message is the same response): each is reported once
// the scan is past where that status line could be, or when the queue is full. Bounded: 64.
class PendingSummaries {
public:
    struct Pending {
        std::uint64_t line = 0;
        std::uint64_t offset = 0;
        int code = 0;
        std::string reason;
        Framing framing = Framing::status_line;
        std::string method;  // a mention's method and Call-ID
        std::string call_id;
        std::optional<LogTime> time;
        bool wants_reason = false;  // its phrase may be on the next line
    };

    bool empty() const { return m_queue.empty(); }

    // Adds `p`; when the queue is full, its oldest goes to `report` first.
    template <class Report>
    void add(Pending p, Report&& report) {
        if (m_queue.size() == k_max) {
            report(m_queue.front());
            m_queue.pop_front();
        }
        m_queue.push_back(std::move(p));
    }

    // A full status line of `code` at `offset`: the summary of it waiting just before, if any, is
    // the same response and is dropped.
    void drop_repeated(int code, std::uint64_t offset) {
        for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
            if (it->code == code && offset - it->offset <= k_dedup_window) {
                m_queue.erase(it);
                return;
            }
        }
    }

    // Gives `report` each waiting one, oldest first, that no status line before `before` can
    // repeat any more (every one for ~0).
    template <class Report>
    void flush(std::uint64_t before, Report&& report) {
        while (!m_queue.empty()) {
            const Pending& p = m_queue.front();
            if (before != ~std::uint64_t{0} && p.offset + k_dedup_window >= before) {
                return;
            }
            report(p);
            m_queue.pop_front();
        }
    }

    // The newest, when its phrase may be on the next line; else null.
    Pending* waiting_for_reason() {
        return !m_queue.empty() && m_queue.back().wants_reason ? &m_queue.back() : nullptr;
    }

private:
    static constexpr std::size_t k_max = 64;
    std::deque<Pending> m_queue;
};

}  // namespace sipwhy::detail
