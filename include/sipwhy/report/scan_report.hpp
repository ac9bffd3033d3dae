// What sipwhy makes of the responses a log scan finds: each one explained and filtered, printed
// one per line, or counted into a summary. Pure: the caller reads the input and owns the streams.
#pragma once

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/analysis/intervals.hpp>
#include <sipwhy/analysis/kpi.hpp>
#include <sipwhy/category.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/render/render.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

namespace sipwhy {

// Hashes std::string and std::string_view alike, so lookups by view allocate nothing.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Explains each (code, phrase) pair once: logs repeat a handful of pairs millions of times. Holds
// at most `capacity` pairs, then starts over, so memory stays bounded whatever the input.
class ExplanationCache {
public:
    explicit ExplanationCache(const KnowledgeBase& kb, std::size_t capacity = 4096);
    const Explanation& get(int code, std::string_view reason);

private:
    using Map =
        std::unordered_map<std::string, std::unique_ptr<Explanation>, StringHash, std::equal_to<>>;

    const KnowledgeBase& m_kb;
    std::size_t m_capacity;
    std::size_t m_size = 0;
    std::array<Map, 600> m_by_code;  // index code - 100
    // Each code's last answer: a run of one response compares its phrase, not its hash.
    std::array<const Map::value_type*, 600> m_last{};
};

// The responses to keep, like grep's pattern: every condition given must hold.
struct ResponseFilter {
    bool failures_only = false;        // codes 300 and above
    std::vector<int> classes;          // first digits, 1-6
    std::vector<Category> categories;  // the explanation's category
    std::vector<NextStep> next_steps;  // the explanation's next step
    std::vector<int> codes;

    bool accepts(int code, Category category, NextStep next_step) const;
    // For a call that never got a final answer: it counts as a failure and matches nothing else.
    bool accepts_unanswered() const {
        return classes.empty() && categories.empty() && next_steps.empty() && codes.empty();
    }
    bool empty() const {
        return !failures_only && classes.empty() && categories.empty() && next_steps.empty() &&
               codes.empty();
    }
};

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

    void render_text(std::ostream& out, const RenderOptions& opt) const;
    // With the KPIs of the calls, when given, as `kpi` (docs/kpi.md).
    // and the rows of --by as `by_interval`.
    void render_json(std::ostream& out, Lang lang, const KpiReport* kpi = nullptr,
                     const IntervalSummary* intervals = nullptr) const;
    void render_csv(std::ostream& out, Lang lang) const;

private:
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
    // The row of this code and phrase, made when there is none (with `made`'s category and
    // meanings, or as the row of other phrases once the limit is reached).
    Row& row_for(int code, std::string_view reason, const Row& made);
    std::vector<const Row*> sorted() const;

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
