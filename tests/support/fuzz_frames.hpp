// The input format of fuzz_capture, shared with the replay of its regressions: a sequence of
// frames, each a link-type index, a 2-byte little-endian length and that many bytes; and the
// small limits the harness scans them with, so that eviction paths run too.
#pragma once

#include <sipwhy/capture/capture.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy::fuzz {

inline constexpr std::array<int, 8> k_links = {
    link_type::ethernet, link_type::linux_sll, link_type::linux_sll2, link_type::raw,
    link_type::null,     link_type::loop,      link_type::ipv6,       link_type::raw_file};

inline constexpr CaptureLimits k_small_limits = {.max_streams = 4,
                                                 .max_stream_buffer = 2048,
                                                 .max_pending_segments = 4,
                                                 .max_buffered = 8192,
                                                 .max_fragmented = 4,
                                                 .max_sctp_messages = 4};

// The frames of `data`; their bytes point into it.
inline std::vector<CaptureFrame> frames_of(std::string_view data) {
    std::vector<CaptureFrame> frames;
    const auto u = [&](std::size_t i) {
        return static_cast<std::size_t>(static_cast<unsigned char>(data[i]));
    };
    for (std::size_t pos = 0; pos + 3 <= data.size();) {
        CaptureFrame f;
        f.number = frames.size() + 1;
        f.seconds = 1700000000 + static_cast<std::int64_t>(frames.size());
        f.link_type = k_links[u(pos) % k_links.size()];
        const std::size_t n = std::min(u(pos + 1) | (u(pos + 2) << 8), data.size() - pos - 3);
        f.bytes = data.substr(pos + 3, n);
        pos += 3 + n;
        frames.push_back(f);
    }
    return frames;
}

// Scans the frames twice, finishing after each pass, and returns what `events` held after each:
// `clear` empties it before a pass.
template <class Events, class Clear>
std::array<Events, 2> scan_twice(CaptureScanner& scanner, const std::vector<CaptureFrame>& frames,
                                 Events& events, Clear clear) {
    std::array<Events, 2> passes;
    for (auto& pass : passes) {
        clear();
        for (const auto& f : frames) {
            scanner.frame(f);
        }
        scanner.finish();
        pass = events;
    }
    return passes;
}

}  // namespace sipwhy::fuzz
