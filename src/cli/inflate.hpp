// gzip inflated as it is read: by ISA-L's igzip where libisal is installed (Debian: libisal2),
// about 2.4 times as fast as zlib on a log (docs/performance.md, "A gzip'd log"), and by zlib
// where it is not. ISA-L is loaded by its soname the first time a gzip input is read, not at
// start-up, as libpcap is (pcap_api.hpp); SIPWHY_LIBISAL names another file to load instead, and
// SIPWHY_LIBISAL=none keeps to zlib.
#pragma once

#include <cstddef>
#include <memory>

namespace sipwhy::cli {

class GzipInflater {
public:
    GzipInflater();
    ~GzipInflater();
    GzipInflater(const GzipInflater&) = delete;
    GzipInflater& operator=(const GzipInflater&) = delete;

    // The next input bytes, once those given before are used up (avail_in() is 0). They must
    // stay where they are until then.
    void give(const char* data, std::size_t size);
    std::size_t avail_in() const;

    // What one call inflated: the bytes it wrote, whether a member ended with them (its trailer
    // read and checked), and what is wrong with the data when it is corrupt (zlib's words for
    // it), null otherwise.
    struct Step {
        std::size_t produced = 0;
        bool member_end = false;
        const char* corrupt = nullptr;
    };
    Step inflate(char* out, std::size_t size);

    // Starts on the next member, as `cat a.gz b.gz` makes, from the input left.
    void next_member();

    // "ISA-L" or "zlib": the library in use.
    const char* name() const;

    class Impl;  // one per library, in inflate.cpp

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sipwhy::cli
