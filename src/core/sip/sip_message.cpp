#include <sipwhy/sip/headers.hpp>
#include <sipwhy/sip/sip_message.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace sipwhy {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;
constexpr std::size_t k_max_header_lines = 500;
constexpr std::string_view k_version = "SIP/2.0";

// RFC 3261 §25.1 token characters, by byte.
constexpr std::array<bool, 256> k_token_chars = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) {
        t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    for (const char c : std::string_view("-.!%*_+`'~")) {
        t[static_cast<unsigned char>(c)] = true;
    }
    return t;
}();

bool is_token_char(char c) {
    return k_token_chars[static_cast<unsigned char>(c)];
}

std::optional<std::uint64_t> parse_length(std::string_view value) {
    std::uint64_t n = 0;
    const char* end = value.data() + value.size();
    const auto [p, ec] = std::from_chars(value.data(), end, n);
    if (ec != std::errc{} || p != end) {
        return std::nullopt;
    }
    return n;
}

// Whether a digest challenge says stale=true (RFC 2617 §3.2.1, RFC 3261 §22.4): the credentials
// were right, only the nonce had expired. `Digest realm="x", nonce="y", stale=TRUE`.
bool has_stale_true(std::string_view value) {
    return iequals(digest_param(value, "stale"), "true");
}

}  // namespace

void MessageInfo::clear() {
    complete = true;
    request_uri.clear();
    call_id.clear();
    cseq_number = 0;
    cseq_method.clear();
    from_user.clear();
    from_tag.clear();
    to_user.clear();
    to_tag.clear();
    stale_nonce = false;
    retry_after.clear();
    server.clear();
    user_agent.clear();
    reasons.clear();
    warnings.clear();
    for (std::string* f : {&expires,
                           &min_expires,
                           &session_expires,
                           &min_se,
                           &max_forwards,
                           &contact,
                           &via,
                           &credentials,
                           &require,
                           &unsupported,
                           &allow,
                           &accept,
                           &accept_encoding,
                           &content_type,
                           &security_server,
                           &challenge,
                           &x_asterisk_hangup_cause,
                           &x_asterisk_hangup_code,
                           &x_fs_hangup_cause,
                           &x_reason,
                           &body}) {
        f->clear();
    }
    www_authenticate = false;
    proxy_authenticate = false;
    via_sent_by.clear();
    challenges.clear();
    credential_values.clear();
}

namespace {

// Each sent-by of a Via header value, which may hold several comma-separated values.
void add_sent_by(std::vector<std::string>& to, std::string_view value) {
    while (!value.empty() && to.size() < 32) {
        const auto comma = value.find(',');
        std::string_view v = trim(value.substr(0, comma));
        value = comma == k_npos ? std::string_view{} : value.substr(comma + 1);
        const auto space = find_blank(v);
        if (space == k_npos) {
            continue;
        }
        v = trim(v.substr(space));
        to.emplace_back(v.substr(0, std::min<std::size_t>(v.find(';'), 128)));
    }
}

}  // namespace

void MessageInfo::keep_body(std::string_view bytes) {
    if (istarts_with(content_type, "application/sdp")) {
        body.assign(bytes.substr(0, 4096));
    }
}

void MessageInfo::add_header(std::string_view name, std::string_view value) {
    auto is = [&](std::string_view full, std::string_view compact = {}) {
        return iequals(name, full) || (!compact.empty() && iequals(name, compact));
    };
    // A list header that may come several times: the values joined, up to a bound.
    auto join = [&](std::string& to) {
        if (to.size() >= 512) {
            return;
        }
        if (!to.empty()) {
            to += ", ";
        }
        to.append(value.substr(0, 512 - to.size()));
    };
    auto first = [&](std::string& to, std::size_t max) {
        if (to.empty()) {
            to.assign(value.substr(0, max));
        }
    };
    // Authentication headers come once per realm or algorithm and are never joined (§7.3.1).
    auto each = [&](std::vector<AuthValue>& to, bool proxy) {
        if (to.size() < 8) {
            to.push_back({proxy, std::string(value.substr(0, 512))});
        }
    };
    if (name.empty()) {
        return;
    }
    // By the first letter, so that each header costs a few comparisons only.
    switch (name[0] | 0x20) {
        case 'a':
            if (is("Authorization")) {
                first(credentials, 512);
                each(credential_values, false);
            } else if (is("Allow")) {
                join(allow);
            } else if (is("Accept")) {
                join(accept);
            } else if (is("Accept-Encoding")) {
                join(accept_encoding);
            }
            break;
        case 'c':
            if (is("Call-ID")) {
                call_id.assign(value.substr(0, 256));
            } else if (is("CSeq")) {
                if (const auto c = parse_cseq(value)) {
                    cseq_number = c->number;
                    cseq_method.assign(c->method.substr(0, 32));
                }
            } else if (is("Contact")) {
                first(contact, 256);
            } else if (is("Content-Type", "c")) {
                first(content_type, 128);
            }
            break;
        case 'e':
            if (is("Expires")) {
                first(expires, 32);
            }
            break;
        case 'f':
            if (is("From", "f")) {
                from_user.assign(uri_user(value).substr(0, 128));
                from_tag.assign(header_param(value, "tag").substr(0, 128));
            }
            break;
        case 'i':
            if (is("i")) {
                call_id.assign(value.substr(0, 256));
            }
            break;
        case 'm':
            if (is("m")) {
                first(contact, 256);
            } else if (is("Min-Expires")) {
                first(min_expires, 32);
            } else if (is("Min-SE")) {
                first(min_se, 32);
            } else if (is("Max-Forwards")) {
                first(max_forwards, 16);
            }
            break;
        case 'p':
            if (is("Proxy-Authenticate")) {
                stale_nonce = stale_nonce || has_stale_true(value);
                proxy_authenticate = true;
                first(challenge, 512);
                each(challenges, true);
            } else if (is("Proxy-Authorization")) {
                first(credentials, 512);
                each(credential_values, true);
            }
            break;
        case 'r':
            if (is("Reason")) {
                if (reasons.size() < 8) {
                    reasons.emplace_back(value.substr(0, 512));
                }
            } else if (is("Retry-After")) {
                retry_after.assign(value.substr(0, 64));
            } else if (is("Require")) {
                join(require);
            }
            break;
        case 's':
            if (is("Server")) {
                server.assign(value.substr(0, 256));
            } else if (is("Session-Expires")) {
                first(session_expires, 64);
            } else if (is("Security-Server")) {
                join(security_server);
            }
            break;
        case 't':
            if (is("To", "t")) {
                to_user.assign(uri_user(value).substr(0, 128));
                to_tag.assign(header_param(value, "tag").substr(0, 128));
            }
            break;
        case 'u':
            if (is("User-Agent")) {
                user_agent.assign(value.substr(0, 256));
            } else if (is("Unsupported")) {
                join(unsupported);
            }
            break;
        case 'v':
            if (is("Via", "v")) {
                first(via, 256);
                add_sent_by(via_sent_by, value);
            }
            break;
        case 'w':
            if (is("Warning")) {
                if (warnings.size() < 8) {
                    warnings.emplace_back(value.substr(0, 512));
                }
            } else if (is("WWW-Authenticate")) {
                stale_nonce = stale_nonce || has_stale_true(value);
                www_authenticate = true;
                first(challenge, 512);
                each(challenges, false);
            }
            break;
        case 'x':
            if (is("x")) {
                first(session_expires, 64);
            } else if (is("X-Asterisk-HangupCause")) {
                first(x_asterisk_hangup_cause, 128);
            } else if (is("X-Asterisk-HangupCauseCode")) {
                first(x_asterisk_hangup_code, 16);
            } else if (is("X-FS-Hangup-Cause")) {
                first(x_fs_hangup_cause, 128);
            } else if (is("X-Reason")) {
                first(x_reason, 128);
            }
            break;
        default:
            break;
    }
}

bool split_header(std::string_view s, std::string_view& name, std::string_view& value) {
    std::size_t i = 0;
    while (i < s.size() && is_token_char(s[i])) {
        ++i;
    }
    if (i == 0) {
        return false;
    }
    name = s.substr(0, i);
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
        ++i;
    }
    if (i >= s.size() || s[i] != ':') {
        return false;
    }
    value = trim(s.substr(i + 1));
    return true;
}

std::optional<MessageHead> read_message_head(std::string_view bytes, MessageInfo& info,
                                             bool whole) {
    MessageHead head;
    std::size_t pos = 0;
    while (pos < bytes.size() && (bytes[pos] == '\r' || bytes[pos] == '\n')) {
        ++pos;
    }
    if (pos == bytes.size() && !whole) {
        return std::nullopt;
    }
    std::size_t le = bytes.find('\n', pos);
    if (le == k_npos && !whole) {
        return std::nullopt;
    }
    le = std::min(le, bytes.size());
    head.start = StartLine::parse(bytes.substr(pos, le - pos));
    if (head.start.kind == StartLine::Kind::none || head.start.kind == StartLine::Kind::malformed) {
        head.length = std::min(le + 1, bytes.size());
        return head;
    }
    info.clear();
    info.request_uri.assign(head.start.uri);
    // The headers, each with its continuation lines (RFC 3261 §7.3.1) joined by a space.
    std::string folded;
    std::string_view name;
    std::string_view value;
    bool have = false;
    const auto flush = [&] {
        if (!have) {
            return;
        }
        if (iequals(name, "Content-Length") || iequals(name, "l")) {
            head.content_length = parse_length(trim(value));
        }
        if (iequals(name, "Via") || iequals(name, "v") || iequals(name, "Call-ID") ||
            iequals(name, "i") || iequals(name, "CSeq")) {
            head.sip_headers = true;
        }
        info.add_header(name, value);
        have = false;
    };
    pos = le + 1;
    std::size_t lines = 0;
    while (true) {
        if (pos >= bytes.size()) {
            if (!whole) {
                return std::nullopt;
            }
            flush();
            head.length = bytes.size();
            return head;
        }
        std::size_t end = bytes.find('\n', pos);
        if (end == k_npos && !whole) {
            return std::nullopt;
        }
        end = std::min(end, bytes.size());
        const std::string_view line = without_cr(bytes.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty()) {
            flush();
            head.length = std::min(pos, bytes.size());
            return head;
        }
        if (++lines > k_max_header_lines) {
            continue;  // read on to the empty line, but keep no more
        }
        if ((line.front() == ' ' || line.front() == '\t') && have) {
            if (folded.empty() || folded.data() != value.data()) {
                folded.assign(value);
            }
            const std::string_view more = trim(line);
            if (!more.empty() && folded.size() < 1024) {
                folded += ' ';
                folded += more;
            }
            value = folded;
            continue;
        }
        flush();
        std::string_view n;
        std::string_view v;
        if (split_header(line, n, v)) {
            name = n;
            value = v;
            have = true;
        }
    }
}

std::size_t find_start_line(std::string_view bytes, std::size_t from) {
    // Line by line, so that the work is linear whatever the lines hold: a start line starts with
    // "SIP/" (a status line) or ends with the version (a request line).
    std::size_t ls = from;
    while (ls < bytes.size()) {
        std::size_t le = bytes.find('\n', ls);
        le = le == k_npos ? bytes.size() : le;
        const std::string_view line = without_cr(bytes.substr(ls, le - ls));
        if ((istarts_with(line, "SIP/") ||
             (line.size() >= k_version.size() &&
              starts_with_sip_version(line.substr(line.size() - k_version.size())))) &&
            StartLine::parse(line).kind != StartLine::Kind::none) {
            return ls;
        }
        ls = le + 1;
    }
    return k_npos;
}

}  // namespace sipwhy
