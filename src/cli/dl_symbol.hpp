// A function of a library loaded at run time (dlopen), for libpcap (pcap_api.cpp) and ISA-L
// (inflate.cpp), which sipwhy loads when it first needs them rather than at start-up.
#pragma once

#include <dlfcn.h>

#include <cstring>

namespace sipwhy::cli {

// Sets `to` to the function `name` of `library`; false, and `to` untouched, when it has none.
template <typename F>
bool bind_symbol(void* library, const char* name, F& to) {
    void* symbol = ::dlsym(library, name);
    if (symbol == nullptr) {
        return false;
    }
    static_assert(sizeof to == sizeof symbol);
    std::memcpy(&to, &symbol, sizeof to);  // POSIX: dlsym's object pointer is the function's
    return true;
}

}  // namespace sipwhy::cli
