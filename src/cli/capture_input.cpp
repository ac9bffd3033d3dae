#include "capture_input.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>

#include <cstdio>
#include <memory>
#include <optional>

namespace sipwhy::cli {
namespace {

// libpcap reads through stdio: a FILE whose reads come from the byte source, so that standard
// input and gzip work as files do. Errors cannot cross libpcap's C frames as exceptions: they wait
// here until libpcap has returned.
struct Cookie {
    ByteSource* source = nullptr;
    std::optional<InputError> error;
};

ssize_t cookie_read(void* c, char* buffer, std::size_t size) {
    auto* cookie = static_cast<Cookie*>(c);
    try {
        return static_cast<ssize_t>(cookie->source->read(buffer, size));
    } catch (const InputError& e) {
        cookie->error = e;
        return -1;
    }
}

int cookie_close(void*) {
    return 0;  // the byte source closes its own file
}

struct PcapClose {
    void operator()(pcap_t* p) const { pcap_close(p); }
};

// libpcap's words for a damaged file, as the rest of sipwhy's input errors read.
std::string describe(std::string_view pcap_error) {
    if (pcap_error.find("truncated") != std::string_view::npos) {
        return fmt::format("truncated capture ({})", pcap_error);
    }
    return fmt::format("corrupt capture ({})", pcap_error);
}

}  // namespace

void read_capture(ByteSource& source, const std::function<bool(const CaptureFrame&)>& frame) {
    Cookie cookie{&source, std::nullopt};
    cookie_io_functions_t io{};
    io.read = cookie_read;
    io.close = cookie_close;
    std::FILE* file = fopencookie(&cookie, "r", io);
    if (file == nullptr) {
        throw InputError{fmt::format("{}: cannot read the capture", shown_path(source.name()))};
    }
    std::setvbuf(file, nullptr, _IOFBF, 1 << 16);
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    // libpcap closes the FILE with the pcap_t.
    const std::unique_ptr<pcap_t, PcapClose> pcap(
        pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf));
    if (!pcap) {
        std::fclose(file);
        if (cookie.error) {
            throw *cookie.error;
        }
        throw InputError{fmt::format("{}: {}", shown_path(source.name()), describe(errbuf))};
    }
    const int link = pcap_datalink(pcap.get());
    if (!supported_link_type(link)) {
        const char* name = pcap_datalink_val_to_name(link);
        throw InputError{fmt::format("{}: link type {} ({}) is not supported",
                                     shown_path(source.name()), link,
                                     name != nullptr ? name : "unknown")};
    }
    CaptureFrame f;
    f.link_type = link;
    while (true) {
        pcap_pkthdr* header = nullptr;
        const u_char* data = nullptr;
        const int rc = pcap_next_ex(pcap.get(), &header, &data);
        if (rc == PCAP_ERROR_BREAK) {
            return;  // the end of the capture
        }
        if (rc != 1) {
            if (cookie.error) {
                throw *cookie.error;
            }
            throw InputError{fmt::format("{}: {}", shown_path(source.name()),
                                         describe(pcap_geterr(pcap.get())))};
        }
        ++f.number;
        // pcap stores the seconds unsigned; libpcap hands them over as a signed 32-bit value.
        f.seconds =
            header->ts.tv_sec < 0 ? header->ts.tv_sec + (std::int64_t{1} << 32) : header->ts.tv_sec;
        // Nanoseconds, as asked; a file may hold a fraction of a second or more, which carries.
        const auto fraction = static_cast<std::uint64_t>(header->ts.tv_usec);
        f.seconds += static_cast<std::int64_t>(fraction / 1'000'000'000);
        f.nanoseconds = static_cast<std::uint32_t>(fraction % 1'000'000'000);
        f.bytes = {reinterpret_cast<const char*>(data), header->caplen};
        if (!frame(f)) {
            return;
        }
    }
}

}  // namespace sipwhy::cli
