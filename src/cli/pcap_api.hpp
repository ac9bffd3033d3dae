// libpcap, loaded by its soname the first time a capture is read or an interface opened, not at
// start-up: on Debian it brings libdbus, libsystemd and libgcrypt with it, which a lookup such as
// `sipwhy 486` would otherwise pay the dynamic loader for. SIPWHY_LIBPCAP names another file to
// load instead (a libpcap outside the library path).
#pragma once

#include <pcap/pcap.h>

namespace sipwhy::cli {

// The libpcap functions sipwhy calls, named as libpcap names them without the "pcap_".
struct PcapApi {
    decltype(&::pcap_fopen_offline_with_tstamp_precision) fopen_offline_with_tstamp_precision;
    decltype(&::pcap_next_ex) next_ex;
    decltype(&::pcap_close) close;
    decltype(&::pcap_datalink) datalink;
    decltype(&::pcap_datalink_val_to_name) datalink_val_to_name;
    decltype(&::pcap_geterr) geterr;
    decltype(&::pcap_statustostr) statustostr;
    decltype(&::pcap_create) create;
    decltype(&::pcap_set_snaplen) set_snaplen;
    decltype(&::pcap_set_immediate_mode) set_immediate_mode;
    decltype(&::pcap_set_timeout) set_timeout;
    decltype(&::pcap_set_buffer_size) set_buffer_size;
    decltype(&::pcap_activate) activate;
    decltype(&::pcap_compile) compile;
    decltype(&::pcap_setfilter) setfilter;
    decltype(&::pcap_freecode) freecode;
    decltype(&::pcap_setnonblock) setnonblock;
    decltype(&::pcap_get_selectable_fd) get_selectable_fd;
    decltype(&::pcap_dispatch) dispatch;
    decltype(&::pcap_stats) stats;
};

// The loaded library (once per run, from any thread). Throws UsageError, whose message names the
// library and the Debian package, when it cannot be loaded or lacks a function.
const PcapApi& pcap_api();

}  // namespace sipwhy::cli
