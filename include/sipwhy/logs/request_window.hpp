// The requests a log scan keeps for the findings that compare a response with its request: the
// lines of the last requests as they were in the log, parsed only when a response asks for the
// one it answers. Most requests in a log are never answered by a failure, so reading each one's
// headers would be work thrown away, and it is most of a log's bytes. Pure: no I/O.
#pragma once

#include <sipwhy/sip/scan_sink.hpp>
#include <sipwhy/sip/sip_message.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy {

class RequestWindow : public RequestLookup {
public:
    static constexpr std::size_t k_capacity = 64;          // requests kept
    static constexpr std::size_t k_max_bytes = 32 * 1024;  // of one request's lines

    RequestWindow();
    ~RequestWindow() override;
    RequestWindow(const RequestWindow&) = delete;
    RequestWindow& operator=(const RequestWindow&) = delete;

    // A request begins at input offset `offset` (its request line's line start); the bytes
    // appended from now on are its lines, until close. Opening closes the one before.
    void open(std::uint64_t offset, std::string_view method);
    // Bytes of the block being scanned: kept as a view until end_block, which copies what the
    // requests still kept hold of it (most requests are pushed out before their block ends).
    void append(std::string_view bytes);
    void end_block();
    void close() { m_open = false; }
    bool is_open() const { return m_open; }
    // Forgets every request: a new input's responses answer its own requests only.
    void clear();
    // Where the requests kept begin, oldest first: two windows fed the same bytes from those
    // offsets on hold the same requests.
    std::vector<std::uint64_t> offsets() const;
    // Whether one of the requests kept is a REGISTER.
    bool holds_register() const { return m_registers > 0; }

    // Newest first; an entry whose lines hold the response's Call-ID is parsed (once) as the
    // scan would have read it, and matched by Call-ID, CSeq number and method.
    const MessageInfo* find(const MessageInfo& response) override;

private:
    struct Entry {
        std::uint64_t offset = 0;
        std::size_t size() const { return bytes.size() + in_block.size(); }
        std::string_view text();  // the lines, in one piece

        std::string bytes;
        std::string_view in_block;  // appended after `bytes`, until end_block
        bool registers = false;     // a REGISTER's
        bool parsed = false;
        bool request = false;  // the parse found a request
        MessageInfo message;
    };
    class Parse;
    Entry& entry(std::size_t age) { return m_ring[(m_next + k_capacity - 1 - age) % k_capacity]; }
    const Entry& entry(std::size_t age) const {
        return m_ring[(m_next + k_capacity - 1 - age) % k_capacity];
    }

    std::vector<Entry> m_ring;
    std::size_t m_next = 0;
    std::size_t m_size = 0;
    std::size_t m_registers = 0;  // entries that are REGISTERs
    bool m_open = false;
    std::unique_ptr<Parse> m_parse;
};

}  // namespace sipwhy
