#include "ordered_output.hpp"

#include <algorithm>
#include <cstring>

namespace sipwhy::cli {

OrderedOutput::OrderedOutput(std::size_t inputs, std::size_t bound, std::string header,
                             std::ostream& to_out, std::ostream& to_err)
    : m_slots(inputs), m_bound(bound), m_header(std::move(header)), m_out(to_out), m_err(to_err) {}

void OrderedOutput::put(Slot& s, std::string_view bytes) {
    if (bytes.empty()) {
        return;
    }
    if (s.header && !m_header_written) {
        m_out << m_header;
    }
    m_header_written = m_header_written || s.header;
    m_out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void OrderedOutput::write(std::size_t slot, std::string_view bytes) {
    std::unique_lock lock(m_mutex);
    if (m_stopped) {
        throw OutputStopped{};
    }
    Slot& s = m_slots[slot];
    if (slot == m_first) {
        put(s, bytes);
        return;
    }
    s.held.append(bytes);
    m_turn.wait(lock, [&] { return m_stopped || slot == m_first || s.held.size() < m_bound; });
    if (m_stopped) {
        throw OutputStopped{};
    }
}

void OrderedOutput::want_header(std::size_t slot) {
    const std::lock_guard lock(m_mutex);
    m_slots[slot].header = true;
}

void OrderedOutput::done(std::size_t slot, std::string errors) {
    std::unique_lock lock(m_mutex);
    m_slots[slot].errors = std::move(errors);
    m_slots[slot].done = true;
    if (!m_stopped && slot == m_first) {
        advance();
    }
}

void OrderedOutput::stop() {
    const std::lock_guard lock(m_mutex);
    m_stopped = true;
    m_turn.notify_all();
}

void OrderedOutput::advance() {
    // The first input's output is written; each one after it that is done, too; the first one
    // still running then writes straight through.
    while (m_first < m_slots.size()) {
        Slot& s = m_slots[m_first];
        put(s, s.held);
        std::string().swap(s.held);
        if (!s.done) {
            break;
        }
        if (!s.errors.empty()) {
            m_out << std::flush;
            m_err << s.errors << std::flush;
        }
        ++m_first;
    }
    m_turn.notify_all();
}

SlotStream::Buf::Buf(OrderedOutput& output, std::size_t slot)
    : m_output(output), m_slot(slot), m_buffer(std::size_t{1} << 16) {
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

void SlotStream::Buf::drain() {
    const auto size = static_cast<std::size_t>(pptr() - pbase());
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    m_output.write(m_slot, {m_buffer.data(), size});
}

SlotStream::Buf::int_type SlotStream::Buf::overflow(int_type ch) {
    drain();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(ch);
        pbump(1);
    }
    return traits_type::not_eof(ch);
}

std::streamsize SlotStream::Buf::xsputn(const char* s, std::streamsize n) {
    if (n <= 0) {
        return 0;
    }
    const auto size = static_cast<std::size_t>(n);
    if (size > static_cast<std::size_t>(epptr() - pptr())) {
        drain();
        if (size >= m_buffer.size()) {
            m_output.write(m_slot, {s, size});
            return n;
        }
    }
    std::memcpy(pptr(), s, size);
    pbump(static_cast<int>(n));
    return n;
}

int SlotStream::Buf::sync() {
    drain();
    return 0;
}

SlotStream::SlotStream(OrderedOutput& output, std::size_t slot)
    : std::ostream(nullptr), m_buf(output, slot) {
    rdbuf(&m_buf);
    exceptions(std::ios::badbit);  // what the slot throws reaches the worker
}

SlotStream::~SlotStream() = default;

}  // namespace sipwhy::cli
