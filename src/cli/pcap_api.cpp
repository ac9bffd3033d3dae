#include "pcap_api.hpp"

#include "app.hpp"
#include "dl_symbol.hpp"
#include "environment.hpp"

#include <dlfcn.h>

#include <cstring>
#include <string>

namespace sipwhy::cli {
namespace {

template <typename F>
void bind(void* library, const char* name, F& to, std::string& missing) {
    if (!bind_symbol(library, name, to)) {
        missing = name;
    }
}

PcapApi load() {
    const std::string_view chosen = env("SIPWHY_LIBPCAP");
    const std::string name = chosen.empty() ? std::string(SIPWHY_PCAP_SONAME) : std::string(chosen);
    void* library = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* why = ::dlerror();
        throw UsageError{
            trf("reading captures needs libpcap, which could not be loaded ({}): "
                "install it (Debian: apt-get install libpcap0.8)",
                "для чтения захватов нужна libpcap, её не удалось загрузить ({}): "
                "установите её (Debian: apt-get install libpcap0.8)",
                why != nullptr ? why : name)};
    }
    PcapApi api{};
    std::string missing;
#define SIPWHY_BIND(f) bind(library, "pcap_" #f, api.f, missing)
    SIPWHY_BIND(fopen_offline_with_tstamp_precision);
    SIPWHY_BIND(next_ex);
    SIPWHY_BIND(close);
    SIPWHY_BIND(datalink);
    SIPWHY_BIND(datalink_val_to_name);
    SIPWHY_BIND(geterr);
    SIPWHY_BIND(statustostr);
    SIPWHY_BIND(create);
    SIPWHY_BIND(set_snaplen);
    SIPWHY_BIND(set_immediate_mode);
    SIPWHY_BIND(set_timeout);
    SIPWHY_BIND(set_buffer_size);
    SIPWHY_BIND(activate);
    SIPWHY_BIND(compile);
    SIPWHY_BIND(setfilter);
    SIPWHY_BIND(freecode);
    SIPWHY_BIND(setnonblock);
    SIPWHY_BIND(get_selectable_fd);
    SIPWHY_BIND(dispatch);
    SIPWHY_BIND(stats);
#undef SIPWHY_BIND
    if (!missing.empty()) {
        throw UsageError{trf("{}: this libpcap has no {} (libpcap 1.5 or later is needed)",
                             "{}: в этой libpcap нет {} (нужна libpcap 1.5 или новее)", name,
                             missing)};
    }
    return api;  // the library stays loaded until the process ends
}

}  // namespace

const PcapApi& pcap_api() {
    static const PcapApi api = load();
    return api;
}

}  // namespace sipwhy::cli
