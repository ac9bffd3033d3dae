// --interface IFACE: packets captured live through libpcap (pcap_create, pcap_activate, immediate
// mode, so that each packet is seen as it comes), handed to the capture scanner.
#include "app.hpp"
#include "interrupt.hpp"
#include "live.hpp"
#include "output.hpp"
#include "pcap_api.hpp"

#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <poll.h>

#include <memory>

namespace sipwhy::cli {
namespace {

struct PcapClose {
    void operator()(pcap_t* p) const { pcap_api().close(p); }
};
using Pcap = std::unique_ptr<pcap_t, PcapClose>;

// What to say when an interface cannot be captured on.
std::string activate_error(const std::string& name, int rc, pcap_t* p) {
    const std::string shown = excerpt(name);
    const std::string detail = pcap_api().geterr(p);
    switch (rc) {
        case PCAP_ERROR_NO_SUCH_DEVICE:
            return trf("--interface: no interface \"{}\" (ip link lists them; any captures on all)",
                       "--interface: нет интерфейса \"{}\" (их список - ip link; any - все)",
                       shown);
        case PCAP_ERROR_PERM_DENIED:
            return trf(
                "--interface {}: capture is not permitted: it needs the CAP_NET_RAW "
                "capability (run as root, or: sudo setcap cap_net_raw,cap_net_admin=eip "
                "$(command -v sipwhy)) ({})",
                "--interface {}: захват не разрешён: нужна возможность CAP_NET_RAW "
                "(запустите от root или: sudo setcap cap_net_raw,cap_net_admin=eip "
                "$(command -v sipwhy)) ({})",
                shown, detail);
        case PCAP_ERROR_IFACE_NOT_UP:
            return trf("--interface {}: the interface is down",
                       "--interface {}: интерфейс выключен", shown);
        default:
            return trf("--interface {}: cannot capture: {}",
                       "--interface {}: захват невозможен: {}", shown,
                       detail.empty() ? pcap_api().statustostr(rc) : detail);
    }
}

struct Source {
    Pcap pcap;
    int link = 0;
    int fd = -1;
};

Source open_interface(const std::string& name, const std::string& bpf) {
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    Pcap p(pcap_api().create(name.c_str(), errbuf));
    if (!p) {
        throw UsageError{trf("--interface {}: {}", "--interface {}: {}", excerpt(name), errbuf)};
    }
    pcap_api().set_snaplen(p.get(), 262144);
    pcap_api().set_immediate_mode(p.get(), 1);
    pcap_api().set_timeout(p.get(), 100);
    pcap_api().set_buffer_size(p.get(), 4 << 20);
    const int rc = pcap_api().activate(p.get());
    if (rc < 0) {
        throw UsageError{activate_error(name, rc, p.get())};
    }
    Source s;
    s.link = pcap_api().datalink(p.get());
    if (!supported_link_type(s.link)) {
        const char* link_name = pcap_api().datalink_val_to_name(s.link);
        throw UsageError{trf("--interface {}: unsupported link type {}",
                             "--interface {}: неподдерживаемый тип канала {}", excerpt(name),
                             link_name != nullptr ? link_name : std::to_string(s.link))};
    }
    if (!bpf.empty()) {
        bpf_program program{};
        if (pcap_api().compile(p.get(), &program, bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
            throw UsageError{trf("--bpf: \"{}\": {}", "--bpf: \"{}\": {}", excerpt(bpf),
                                 pcap_api().geterr(p.get()))};
        }
        const int set = pcap_api().setfilter(p.get(), &program);
        pcap_api().freecode(&program);
        if (set != 0) {
            throw UsageError{trf("--bpf: {}", "--bpf: {}", pcap_api().geterr(p.get()))};
        }
    }
    if (pcap_api().setnonblock(p.get(), 1, errbuf) != 0) {
        throw UsageError{trf("--interface {}: {}", "--interface {}: {}", excerpt(name), errbuf)};
    }
    s.fd = pcap_api().get_selectable_fd(p.get());
    s.pcap = std::move(p);
    return s;
}

struct Dispatch {
    LiveFeed* feed;
    LiveStats* stats;
    int link;
};

void on_packet(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    auto& d = *reinterpret_cast<Dispatch*>(user);
    if (d.feed->done()) {
        return;
    }
    ++d.stats->packets;
    CaptureFrame f;
    f.number = d.stats->packets;
    f.seconds = header->ts.tv_sec;
    f.nanoseconds = static_cast<std::uint32_t>(header->ts.tv_usec) * 1000;
    f.link_type = d.link;
    f.bytes = {reinterpret_cast<const char*>(bytes), header->caplen};
    d.feed->capture.frame(f);
}

}  // namespace

LiveStats capture_live(const std::vector<std::string>& interfaces, const std::string& bpf,
                       LiveFeed& feed) {
    std::vector<Source> sources;
    for (const auto& name : interfaces) {
        sources.push_back(open_interface(name, bpf));
    }
    std::string names;
    for (const auto& name : interfaces) {
        names += (names.empty() ? "" : ", ") + sanitize_utf8(name);
    }
    err() << trf("sipwhy: capturing on {}", "sipwhy: захват с {}", names) << '\n' << std::flush;
    LiveStats stats;
    IntervalTicks ticks(feed);
    while (!interrupted() && !feed.done()) {
        std::vector<pollfd> fds;
        for (const Source& s : sources) {
            fds.push_back({s.fd, POLLIN, 0});
        }
        // 100 ms, pcap's own timeout: a signal just before poll is seen soon.
        const int ready = ::poll(fds.data(), fds.size(), ticks.poll_timeout(100));
        ticks.tick_if_due();
        if (ready <= 0) {
            continue;
        }
        for (std::size_t i = 0; i < sources.size(); ++i) {
            if ((fds[i].revents & (POLLIN | POLLERR)) == 0) {
                continue;
            }
            Dispatch d{&feed, &stats, sources[i].link};
            if (pcap_api().dispatch(sources[i].pcap.get(), 256, on_packet,
                                    reinterpret_cast<u_char*>(&d)) == PCAP_ERROR) {
                throw UsageError{trf("--interface {}: {}", "--interface {}: {}",
                                     excerpt(interfaces[i]),
                                     pcap_api().geterr(sources[i].pcap.get()))};
            }
        }
    }
    for (const Source& s : sources) {
        pcap_stat st{};
        if (pcap_api().stats(s.pcap.get(), &st) == 0) {
            stats.dropped += st.ps_drop;
        }
    }
    return stats;
}

}  // namespace sipwhy::cli
