// What `--summary` counts: the responses by code and phrase (each row with its category, next
// step and meaning), by class, by category and by finding, and the malformed status lines and
// skipped files under them. Pure; render/summary.hpp writes it.
#pragma once

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/category.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sipwhy {

// Counts of responses by code and phrase, class and category. Holds at most `max_phrases`
// distinct (code, phrase) pairs; later new phrases of a code are counted as "(other phrases)".
class ScanSummary {
public:
    explicit ScanSummary(std::size_t max_phrases = 10000) : m_max(max_phrases) {}

    // `category` is the response's, its findings' narrowing included (narrowed_category).
    void add(int code, std::string_view reason, const Explanation& x, Category category);
    // The rule findings of a response, counted by id.
    void add_findings(const std::vector<RuleFinding>& findings) { m_findings.add(findings); }
    // A malformed status line, and a file a directory scan skipped: counted under the totals.
    void add_malformed() { ++m_malformed; }
    void add_skipped() { ++m_skipped; }
    std::uint64_t total() const { return m_total; }
    // Adds what `later` counted, as if its responses had come after this one's: the summaries of
    // inputs scanned apart, merged in input order, equal the summary of one scan of them all
    // (the phrase limit included).
    void merge(const ScanSummary& later);

    // One (code, phrase) row.
    struct Row {
        int code = 0;
        std::string reason;
        std::uint64_t count = 0;
        Category category = Category::unknown;
        NextStep next_step = NextStep::stop;
        LocalText meaning;  // what the code, or the phrase's variant, means
        // What the row of other phrases of this code says, once the phrase limit is reached.
        Category other_category = Category::unknown;
        LocalText other_meaning;
    };
    // The rows, the most frequent first (then by code and phrase); and the counts under them.
    std::vector<const Row*> rows() const;
    const std::array<std::uint64_t, 6>& by_class() const { return m_by_class; }
    const std::map<Category, std::uint64_t>& by_category() const { return m_by_category; }
    const FindingCounts& by_finding() const { return m_findings; }
    std::uint64_t malformed() const { return m_malformed; }
    std::uint64_t skipped() const { return m_skipped; }

private:
    // The row of this code and phrase, made when there is none (with `made`'s category and
    // meanings, or as the row of other phrases once the limit is reached).
    Row& row_for(int code, std::string_view reason, const Row& made);

    using Rows = std::unordered_map<std::string, Row, StringHash, std::equal_to<>>;

    std::size_t m_max;
    std::size_t m_row_count = 0;
    std::array<Rows, 600> m_rows;                      // index code - 100, key the phrase
    std::vector<std::pair<int, std::string>> m_order;  // the rows' code and phrase, as made
    std::array<std::uint64_t, 6> m_by_class{};
    std::map<Category, std::uint64_t> m_by_category;
    std::uint64_t m_total = 0;
    std::uint64_t m_malformed = 0;
    std::uint64_t m_skipped = 0;
    FindingCounts m_findings;
};

}  // namespace sipwhy
