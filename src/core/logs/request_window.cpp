#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/logs/request_window.hpp>

#include <algorithm>

namespace sipwhy {

// A request's kept lines read by a scanner of their own, as the scan would have read them had
// it reported requests: the same framings, prefixes and escapes.
class RequestWindow::Parse : public ScanSink {
public:
    Parse()
        : m_scanner(*this, {.line_numbers = false,
                            .times = false,
                            .headers = true,
                            .requests = true,
                            .request_times = false,
                            .peers = false}) {}

    void run(Entry& e) {
        m_into = &e;
        m_scanner.feed(e.text());
        m_scanner.finish();
        m_into = nullptr;
        e.parsed = true;
    }

    bool response(const ScannedResponse&) override { return true; }
    bool request(const ScannedRequest& r) override {
        if (m_into != nullptr && !m_into->request && r.message != nullptr) {
            m_into->message = *r.message;
            m_into->request = true;
        }
        return true;
    }

private:
    LogScanner m_scanner;
    Entry* m_into = nullptr;
};

RequestWindow::RequestWindow() : m_ring(k_capacity) {}

RequestWindow::~RequestWindow() = default;

void RequestWindow::open(std::uint64_t offset, std::string_view method) {
    Entry& e = m_ring[m_next];
    m_next = (m_next + 1) % k_capacity;
    if (m_size == k_capacity && e.registers) {
        --m_registers;  // pushed out
    }
    m_size = std::min(m_size + 1, k_capacity);
    e.registers = method == "REGISTER";
    m_registers += e.registers ? 1 : 0;
    e.offset = offset;
    e.bytes.clear();
    e.in_block = {};
    e.parsed = false;
    e.request = false;
    m_open = true;
}

void RequestWindow::append(std::string_view bytes) {
    if (!m_open) {
        return;
    }
    Entry& e = entry(0);
    e.parsed = false;  // a parse of fewer lines
    e.request = false;
    bytes = bytes.substr(0, k_max_bytes - std::min(e.size(), k_max_bytes));
    if (e.in_block.empty() && e.bytes.empty()) {
        e.in_block = bytes;
    } else if (!e.in_block.empty() && e.in_block.data() + e.in_block.size() == bytes.data()) {
        e.in_block = {e.in_block.data(), e.in_block.size() + bytes.size()};  // the next bytes
    } else {
        e.bytes.append(e.in_block);
        e.bytes.append(bytes);
        e.in_block = {};
    }
    if (e.size() >= k_max_bytes) {
        m_open = false;
    }
}

void RequestWindow::end_block() {
    for (std::size_t age = 0; age < m_size; ++age) {
        Entry& e = entry(age);
        if (!e.in_block.empty()) {
            e.bytes.append(e.in_block);
            e.in_block = {};
        }
    }
}

std::string_view RequestWindow::Entry::text() {
    if (bytes.empty()) {
        return in_block;
    }
    if (!in_block.empty()) {
        bytes.append(in_block);
        in_block = {};
    }
    return bytes;
}

void RequestWindow::clear() {
    m_next = 0;
    m_size = 0;
    m_registers = 0;
    m_open = false;
}

std::vector<std::uint64_t> RequestWindow::offsets() const {
    std::vector<std::uint64_t> out;
    out.reserve(m_size);
    for (std::size_t age = m_size; age-- > 0;) {
        out.push_back(entry(age).offset);
    }
    return out;
}

const MessageInfo* RequestWindow::find(const MessageInfo& response) {
    if (response.call_id.empty()) {
        return nullptr;
    }
    // Newest first: a retransmitted request is the same request.
    for (std::size_t age = 0; age < m_size; ++age) {
        Entry& e = entry(age);
        if (e.text().find(response.call_id) == std::string_view::npos) {
            continue;  // cheaper than a parse, and most entries are other calls'
        }
        if (!e.parsed) {
            if (!m_parse) {
                m_parse = std::make_unique<Parse>();
            }
            m_parse->run(e);
        }
        const MessageInfo& r = e.message;
        if (e.request && r.cseq_number == response.cseq_number &&
            r.cseq_method == response.cseq_method && r.call_id == response.call_id) {
            return &r;
        }
    }
    return nullptr;
}

}  // namespace sipwhy
