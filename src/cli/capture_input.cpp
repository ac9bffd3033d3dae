#include "capture_input.hpp"

#include "app.hpp"
#include "interrupt.hpp"
#include "pcap_api.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <memory>
#include <optional>

namespace sipwhy::cli {
namespace {

// libpcap refuses a pcapng file whose interfaces differ in snapshot length, which is valid (tshark
// reads it). As the bytes pass, every Interface Description Block's snapshot length is set to 0,
// "no limit", so that all are the same; only the first 16 bytes of each block are looked at.
class SnaplenLeveller {
public:
    void pass(char* data, std::size_t size) {
        std::size_t i = 0;
        while (m_active && i < size) {
            if (m_offset >= m_head.size()) {
                // Past the part of the block that matters: on to its end.
                const auto skip = static_cast<std::size_t>(
                    std::min<std::uint64_t>(m_length - m_offset, size - i));
                i += skip;
                m_offset += skip;
            } else {
                head_byte(reinterpret_cast<unsigned char&>(data[i]));
                ++i;
                ++m_offset;
            }
            if (m_length != 0 && m_offset == m_length) {
                m_offset = 0;
                m_length = 0;
            }
        }
    }

private:
    std::uint32_t u32(std::size_t at) const {
        const auto b = [&](std::size_t k) { return std::uint32_t{m_head[at + k]}; };
        return m_big_endian ? (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)
                            : (b(3) << 24) | (b(2) << 16) | (b(1) << 8) | b(0);
    }

    // The byte at m_offset, among the first 16 of a block.
    void head_byte(unsigned char& byte) {
        const std::size_t k = m_offset;
        m_head[k] = byte;
        const bool section =
            m_head[0] == 0x0A && m_head[1] == 0x0D && m_head[2] == 0x0D && m_head[3] == 0x0A;
        if (k == 3 && m_first && !section) {
            m_active = false;  // not pcapng
        }
        if (section && k == 11) {
            const std::uint32_t magic = (std::uint32_t{m_head[8]} << 24) |
                                        (std::uint32_t{m_head[9]} << 16) |
                                        (std::uint32_t{m_head[10]} << 8) | m_head[11];
            if (magic != 0x1A2B3C4D && magic != 0x4D3C2B1A) {
                m_active = false;
                return;
            }
            m_big_endian = magic == 0x1A2B3C4D;
            m_first = false;
        }
        if ((section && k == 11) || (!section && k == 7)) {
            m_length = u32(4);
            if (m_length < 12 || m_length % 4 != 0) {
                m_active = false;  // libpcap will say what is wrong
            }
        }
        if (!section && k >= 12 && u32(0) == 1) {  // an Interface Description Block's snaplen
            byte = 0;
        }
    }

    bool m_active = true;
    bool m_first = true;
    bool m_big_endian = false;
    std::uint64_t m_offset = 0;  // in the current block
    std::uint64_t m_length = 0;  // of the current block; 0 until known
    std::array<unsigned char, 16> m_head{};
};

// libpcap reads through stdio: a FILE whose reads come from the byte source, so that standard
// input and gzip work as files do. Errors cannot cross libpcap's C frames as exceptions: they wait
// here until libpcap has returned.
struct Cookie {
    ByteSource* source = nullptr;
    std::optional<InputError> error;
    SnaplenLeveller leveller;
};

ssize_t cookie_read(void* c, char* buffer, std::size_t size) {
    auto* cookie = static_cast<Cookie*>(c);
    try {
        const std::size_t n = cookie->source->read(buffer, size);
        cookie->leveller.pass(buffer, n);
        return static_cast<ssize_t>(n);
    } catch (const InputError& e) {
        cookie->error = e;
        return -1;
    }
}

int cookie_close(void*) {
    return 0;  // the byte source closes its own file
}

struct PcapClose {
    void operator()(pcap_t* p) const { pcap_api().close(p); }
};

// libpcap's words for a damaged file, as the rest of sipwhy's input errors read.
std::string describe(std::string_view pcap_error) {
    if (pcap_error.find("different from the type") != std::string_view::npos) {
        return fmt::format("unsupported capture ({})", pcap_error);  // valid, but not for libpcap
    }
    if (pcap_error.find("truncated") != std::string_view::npos) {
        return trf("truncated capture ({})", "обрезанный захват ({})", pcap_error);
    }
    return trf("corrupt capture ({})", "повреждённый захват ({})", pcap_error);
}

}  // namespace

void read_capture(ByteSource& source, const std::function<bool(const CaptureFrame&)>& frame) {
    const PcapApi& pcap_lib = pcap_api();  // loaded first: a missing libpcap leaves nothing open
    Cookie cookie{&source, std::nullopt};
    cookie_io_functions_t io{};
    io.read = cookie_read;
    io.close = cookie_close;
    std::FILE* file = fopencookie(&cookie, "r", io);
    if (file == nullptr) {
        throw InputError{trf("{}: cannot read the capture", "{}: не удаётся прочитать захват",
                             shown_path(source.name()))};
    }
    std::setvbuf(file, nullptr, _IOFBF, 1 << 16);
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    // libpcap closes the FILE with the pcap_t.
    const std::unique_ptr<pcap_t, PcapClose> pcap(
        pcap_lib.fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf));
    if (!pcap) {
        std::fclose(file);
        if (interrupted()) {
            return;  // the capture ended early, as asked
        }
        if (cookie.error) {
            throw *cookie.error;
        }
        throw InputError{fmt::format("{}: {}", shown_path(source.name()), describe(errbuf))};
    }
    const int link = pcap_lib.datalink(pcap.get());
    if (!supported_link_type(link)) {
        const char* name = pcap_lib.datalink_val_to_name(link);
        throw InputError{trf("{}: link type {} ({}) is not supported",
                             "{}: тип канального уровня {} ({}) не поддерживается",
                             shown_path(source.name()), link, name != nullptr ? name : "unknown")};
    }
    CaptureFrame f;
    f.link_type = link;
    while (true) {
        pcap_pkthdr* header = nullptr;
        const u_char* data = nullptr;
        const int rc = pcap_lib.next_ex(pcap.get(), &header, &data);
        if (rc == PCAP_ERROR_BREAK) {
            return;  // the end of the capture
        }
        if (rc != 1) {
            if (interrupted()) {
                return;
            }
            if (cookie.error) {
                throw *cookie.error;
            }
            throw InputError{fmt::format("{}: {}", shown_path(source.name()),
                                         describe(pcap_api().geterr(pcap.get())))};
        }
        ++f.number;
        // pcap stores the seconds unsigned; libpcap hands them over as a signed 32-bit value.
        f.seconds =
            header->ts.tv_sec < 0 ? header->ts.tv_sec + (std::int64_t{1} << 32) : header->ts.tv_sec;
        // Nanoseconds, as asked; a file may hold a fraction of a second or more, which carries.
        const auto fraction = static_cast<std::uint64_t>(header->ts.tv_usec);
        f.time_carried = fraction >= 1'000'000'000;
        f.seconds += static_cast<std::int64_t>(fraction / 1'000'000'000);
        f.nanoseconds = static_cast<std::uint32_t>(fraction % 1'000'000'000);
        f.bytes = {reinterpret_cast<const char*>(data), header->caplen};
        if (!frame(f)) {
            return;
        }
    }
}

}  // namespace sipwhy::cli
