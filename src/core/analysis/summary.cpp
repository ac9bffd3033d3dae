// The counts of `--summary` (summary.hpp).
#include <sipwhy/analysis/summary.hpp>
#include <sipwhy/text.hpp>

#include <algorithm>

namespace sipwhy {
namespace {

constexpr std::string_view k_other_phrases = "(other phrases)";

}  // namespace

void ScanSummary::add(int code, std::string_view reason, const Explanation& x, Category category) {
    ++m_total;
    ++m_by_class.at(static_cast<std::size_t>(code / 100 - 1));
    ++m_by_category[category];
    reason = cut_utf8(reason, 200);
    Rows& rows = m_rows.at(static_cast<std::size_t>(code - 100));
    if (const auto it = rows.find(reason); it != rows.end()) {
        ++it->second.count;  // the usual case: nothing to build
        return;
    }
    Row made;
    made.category = x.category;
    made.next_step = x.next_step;
    made.meaning = meaning_of(x);
    made.other_category = x.entry != nullptr ? x.entry->category : x.category;
    made.other_meaning = x.entry != nullptr ? x.entry->summary : made.meaning;
    ++row_for(code, reason, made).count;
}

ScanSummary::Row& ScanSummary::row_for(int code, std::string_view reason, const Row& made) {
    Rows& rows = m_rows.at(static_cast<std::size_t>(code - 100));
    auto it = rows.find(reason);
    if (it != rows.end()) {
        return it->second;
    }
    const bool full = m_row_count >= m_max;
    if (full) {
        reason = k_other_phrases;
        it = rows.find(reason);
        if (it != rows.end()) {
            return it->second;
        }
    }
    Row row = made;
    row.code = code;
    row.reason = std::string(reason);
    row.count = 0;
    if (full) {
        row.category = made.other_category;
        row.meaning = made.other_meaning;
    }
    m_order.emplace_back(code, row.reason);
    ++m_row_count;
    return rows.emplace(std::string(reason), std::move(row)).first->second;
}

void ScanSummary::merge(const ScanSummary& later) {
    m_total += later.m_total;
    for (std::size_t i = 0; i < m_by_class.size(); ++i) {
        m_by_class[i] += later.m_by_class[i];
    }
    for (const auto& [category, n] : later.m_by_category) {
        m_by_category[category] += n;
    }
    // In the order `later` made its rows: the phrase limit is reached where one scan reaches it.
    for (const auto& [code, reason] : later.m_order) {
        const Rows& rows = later.m_rows.at(static_cast<std::size_t>(code - 100));
        if (const auto it = rows.find(reason); it != rows.end()) {
            row_for(code, reason, it->second).count += it->second.count;
        }
    }
    m_malformed += later.m_malformed;
    m_skipped += later.m_skipped;
    m_findings.merge(later.m_findings);
}

std::vector<const ScanSummary::Row*> ScanSummary::rows() const {
    std::vector<const Row*> rows;
    rows.reserve(m_row_count);
    for (const auto& by_phrase : m_rows) {
        for (const auto& [key, row] : by_phrase) {
            rows.push_back(&row);
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row* a, const Row* b) {
        if (a->count != b->count) {
            return a->count > b->count;
        }
        return a->code != b->code ? a->code < b->code : a->reason < b->reason;
    });
    return rows;
}

}  // namespace sipwhy
