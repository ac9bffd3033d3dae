#include "split_scan.hpp"

#include "interrupt.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sipwhy::cli {
namespace {

// A part's places to agree at: the line starts after every 64 KiB of its first MiB. A scanner
// that starts fresh agrees with one that read the bytes before once nothing waits in either and
// what could repeat lies 16 KiB back at most: after one such step, as a rule.
constexpr std::uint64_t k_step = std::uint64_t{64} << 10;
constexpr std::size_t k_checkpoints = 16;
constexpr std::uint64_t k_min_part = std::uint64_t{8} << 20;

// The mapped windows of a source, fed to a scanner up to any offset.
class Feeder {
public:
    Feeder(ByteSource& source, std::uint64_t at) : m_source(source), m_at(at) {}

    // Feeds the bytes from where the last call stopped up to `to`; false when the input ended
    // first or the run was interrupted.
    bool feed_to(LogScanner& scanner, std::uint64_t to) {
        while (m_at < to) {
            if (interrupted()) {
                return false;
            }
            if (m_window.empty()) {
                m_window = m_source.map_next();
                if (m_window.empty()) {
                    return false;
                }
            }
            const auto n =
                static_cast<std::size_t>(std::min<std::uint64_t>(m_window.size(), to - m_at));
            scanner.feed(m_window.substr(0, n));
            m_window.remove_prefix(n);
            m_at += n;
        }
        return true;
    }

private:
    ByteSource& m_source;
    std::uint64_t m_at;
    std::string_view m_window;
};

// The request a replayed response answers, as found when it was recorded.
class OneRequest : public RequestLookup {
public:
    explicit OneRequest(const MessageInfo* request) : m_request(request) {}
    const MessageInfo* find(const MessageInfo&) override { return m_request; }

private:
    const MessageInfo* m_request;
};

// A later part's reports while the scanner before it may still take its place: each with the
// stretch between two checkpoints it came in, to be told on once that is known; past the last
// checkpoint they go to the part's sink at once.
class PartSink : public ScanSink {
public:
    explicit PartSink(ScanSink& to) : m_to(to) {}

    // Reports from now on came in stretch `stretch` (k_checkpoints: past the last checkpoint).
    void set_stretch(std::size_t stretch) { m_stretch = stretch; }

    bool response(const ScannedResponse& r) override {
        if (m_stretch >= k_checkpoints) {
            return m_to.response(r);
        }
        Event e;
        e.stretch = m_stretch;
        e.line = r.line;
        e.code = r.code;
        e.text = r.reason;
        e.framing = r.framing;
        if (r.message != nullptr) {
            e.message = std::make_unique<MessageInfo>(*r.message);
            // The request it answers, found now: the kept requests move on.
            const MessageInfo* request =
                r.requests != nullptr ? r.requests->find(*r.message) : nullptr;
            if (request != nullptr) {
                e.request = std::make_unique<MessageInfo>(*request);
            }
        }
        if (r.time != nullptr) {
            e.time = *r.time;
        }
        e.peer_src = r.peer_src;
        e.peer_dst = r.peer_dst;
        m_events.push_back(std::move(e));
        return true;
    }

    // A splittable scan reports no request.
    bool request(const ScannedRequest&) override { return true; }

    bool malformed(const MalformedStatus& m) override {
        if (m_stretch >= k_checkpoints) {
            return m_to.malformed(m);
        }
        Event e;
        e.stretch = m_stretch;
        e.malformed = true;
        e.line = m.line;
        e.text = m.text;
        e.problem = m.problem;
        m_events.push_back(std::move(e));
        return true;
    }

    // Tells `to` what came after checkpoint `from` (0-based), in order.
    void replay(ScanSink& to, std::size_t from) const {
        for (const Event& e : m_events) {
            if (e.stretch <= from) {
                continue;
            }
            if (e.malformed) {
                to.malformed({e.line, e.text, e.problem, nullptr});
                continue;
            }
            OneRequest request(e.request.get());
            to.response({e.line, e.code, e.text, e.framing, e.message.get(), nullptr,
                         e.time ? &*e.time : nullptr, e.peer_src, e.peer_dst,
                         e.request ? &request : nullptr});
        }
    }

private:
    struct Event {
        std::size_t stretch = 0;
        bool malformed = false;
        std::uint64_t line = 0;
        int code = 0;
        std::string text;  // the phrase, or the malformed line
        std::string problem;
        Framing framing = Framing::status_line;
        // The headers read (a mention's Call-ID and method, if it names them), and the request
        // the response answers, when the scan kept it.
        std::unique_ptr<MessageInfo> message;
        std::unique_ptr<MessageInfo> request;
        std::optional<LogTime> time;
        std::string peer_src, peer_dst;
    };
    ScanSink& m_to;
    std::size_t m_stretch = 0;
    std::vector<Event> m_events;
};

struct Part {
    std::uint64_t start = 0;
    std::uint64_t end = 0;                   // the next part's start, or the largest offset
    std::vector<std::uint64_t> checkpoints;  // line starts after start
    std::unique_ptr<ByteSource> source;
    std::unique_ptr<Feeder> feeder;
    std::unique_ptr<ScanSink> sink;
    std::unique_ptr<PartSink> recorder;
    std::unique_ptr<LogScanner> scanner;
    std::vector<LogScanner::Carry> carries;  // after each checkpoint
    bool finished = false;                   // read to the input's end and finished
    std::exception_ptr error;
};

// A later part, on its own thread: up to each checkpoint, noting what it carries there, then on
// to its end (the last part to the input's end, and finished).
void scan_part(Part& p, bool last) {
    try {
        for (std::size_t j = 0; j < p.checkpoints.size(); ++j) {
            p.recorder->set_stretch(j);
            if (!p.feeder->feed_to(*p.scanner, p.checkpoints[j])) {
                return;
            }
            p.carries.push_back(p.scanner->carry());
        }
        p.recorder->set_stretch(k_checkpoints);
        p.feeder->feed_to(*p.scanner, p.end);
        if (last && !interrupted()) {
            p.scanner->finish();
            p.finished = true;
        }
    } catch (...) {
        p.error = std::current_exception();
    }
}

}  // namespace

unsigned split_parts(std::uint64_t size, unsigned jobs) {
    return static_cast<unsigned>(
        std::clamp<std::uint64_t>(size / k_min_part, 1, std::max(jobs, 1U)));
}

void scan_split(ByteSource& source, unsigned parts, LogScanner& scanner, ScanSink& sink,
                const ScanOptions& options, TimeReference reference, const PartSinks& sinks) {
    const std::uint64_t size = source.size();
    constexpr std::uint64_t k_end = std::numeric_limits<std::uint64_t>::max();
    std::vector<Part> later;  // parts 1, 2 ...
    for (unsigned k = 1; k < parts; ++k) {
        Part p;
        p.start = size / parts * k;
        for (std::size_t j = 1; j <= k_checkpoints; ++j) {
            if (const auto at = source.line_start_from(p.start + k_step * j)) {
                if (p.checkpoints.empty() || *at > p.checkpoints.back()) {
                    p.checkpoints.push_back(*at);
                }
            }
        }
        if (p.checkpoints.empty()) {
            continue;  // no line ends near: the part before reads on through it
        }
        p.source = std::make_unique<ByteSource>(source, p.start);
        p.feeder = std::make_unique<Feeder>(*p.source, p.start);
        p.sink = sinks.make();
        p.recorder = std::make_unique<PartSink>(*p.sink);
        p.scanner = std::make_unique<LogScanner>(*p.recorder, options);
        p.scanner->set_time_reference(reference);
        p.scanner->start_at(p.start);
        later.push_back(std::move(p));
    }
    for (std::size_t k = 0; k < later.size(); ++k) {
        later[k].end = k + 1 < later.size() ? later[k + 1].start : k_end;
    }

    // The first part here, the later ones on threads of their own.
    Feeder first(source, 0);
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < later.size(); ++k) {
        threads.emplace_back(scan_part, std::ref(later[k]), k + 1 == later.size());
    }
    std::exception_ptr error;
    try {
        first.feed_to(scanner, later.empty() ? k_end : later.front().start);
    } catch (...) {
        error = std::current_exception();
    }
    for (auto& t : threads) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }

    // Join them in order. The current scanner reads on into each next part until it agrees with
    // that part's scanner at a checkpoint; the part's reports from there on are then told after
    // the current one's, and its scanner becomes the current one. A part it never agrees with
    // (or one that failed) it reads through itself.
    LogScanner* current = &scanner;
    Feeder* feeder = &first;
    Part* current_part = nullptr;  // null for the first part
    const auto absorb_current = [&] {
        if (current_part != nullptr) {
            sinks.absorb(sink, *current_part->sink);
        }
    };
    for (Part& p : later) {
        if (interrupted() || !feeder->feed_to(*current, p.start)) {
            break;
        }
        bool agreed = false;
        if (!p.error) {
            for (std::size_t j = 0; j < p.carries.size() && !agreed; ++j) {
                if (!feeder->feed_to(*current, p.checkpoints[j])) {
                    break;
                }
                if (current->carry() == p.carries[j]) {
                    absorb_current();
                    p.recorder->replay(sink, j);
                    agreed = true;
                }
            }
        }
        if (agreed) {
            current = p.scanner.get();
            feeder = p.feeder.get();
            current_part = &p;
            continue;
        }
        // Not joined: its reports are dropped, and the current scanner reads its bytes.
        if (!feeder->feed_to(*current, p.end) && p.end != k_end) {
            break;
        }
    }
    if (current_part != nullptr) {
        if (!current_part->finished && !interrupted()) {
            feeder->feed_to(*current, k_end);
            current->finish();
        }
        absorb_current();
    }
}

}  // namespace sipwhy::cli
