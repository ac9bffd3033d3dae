// The fixed vocabularies of sipwhy: likely-cause categories, next steps for automation, the
// languages texts come in, and the other small enums of the knowledge base. Their string ids are
// part of the JSON schema (docs/json.md) and never change.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

namespace sipwhy {

// The likely cause of a response, as a support engineer would file it (docs/categories.md).
enum class Category {
    progress,
    success,
    redirect,
    authentication,
    forbidden,
    not_found,
    bad_address,
    no_route,
    busy,
    declined,
    unavailable,
    canceled,
    timeout,
    media,
    billing,
    capacity,
    server_error,
    network,
    protocol,
    dialog_state,
    security,
    unknown,
};

// What an automated caller (dialer, router, failover logic) should do next (docs/categories.md).
enum class NextStep {
    none,
    follow_redirect,
    authenticate,
    fix_request,
    retry_later,
    try_next_route,
    stop,
};

// The languages every user-facing text of the knowledge base is written in.
enum class Lang { en, ru };

// Who usually generates a response.
enum class Sender { uas, proxy, registrar, redirect, gateway, b2bua, local_stack, any };

// Where a reason-phrase variant comes from.
enum class VariantKind { carrier, vendor, stack, old_wording, platform };

// How strong the evidence for a variant is: seen on the wire, in vendor documentation, in a
// third-party list, in source code, or in an RFC.
enum class Evidence { unknown, wire, doc, list, code, rfc };

// The platforms whose own cause names sipwhy maps SIP statuses to and from.
enum class Platform { freeswitch, asterisk, sipjs, jssip };

// ITU-T Q.850 cause classes.
enum class Q850Class {
    normal,
    resource_unavailable,
    service_unavailable,
    service_not_implemented,
    invalid_message,
    protocol_error,
    interworking,
};

// Every enum above has an id table: `ids<E>()` lists the ids in declaration order,
// `to_string(e)` gives the id and `parse_enum<E>(id)` maps an id back (nullopt when unknown).
template <class E>
constexpr auto ids();

template <>
constexpr auto ids<Category>() {
    return std::array<std::string_view, 22>{
        "progress",    "success",      "redirect", "authentication", "forbidden",    "not_found",
        "bad_address", "no_route",     "busy",     "declined",       "unavailable",  "canceled",
        "timeout",     "media",        "billing",  "capacity",       "server_error", "network",
        "protocol",    "dialog_state", "security", "unknown"};
}

template <>
constexpr auto ids<NextStep>() {
    return std::array<std::string_view, 7>{"none",        "follow_redirect", "authenticate",
                                           "fix_request", "retry_later",     "try_next_route",
                                           "stop"};
}

template <>
constexpr auto ids<Lang>() {
    return std::array<std::string_view, 2>{"en", "ru"};
}

template <>
constexpr auto ids<Sender>() {
    return std::array<std::string_view, 8>{"uas",     "proxy", "registrar",   "redirect",
                                           "gateway", "b2bua", "local_stack", "any"};
}

template <>
constexpr auto ids<VariantKind>() {
    return std::array<std::string_view, 5>{"carrier", "vendor", "stack", "old_wording", "platform"};
}

template <>
constexpr auto ids<Evidence>() {
    return std::array<std::string_view, 6>{"unknown", "wire", "doc", "list", "code", "rfc"};
}

template <>
constexpr auto ids<Platform>() {
    return std::array<std::string_view, 4>{"freeswitch", "asterisk", "sipjs", "jssip"};
}

template <>
constexpr auto ids<Q850Class>() {
    return std::array<std::string_view, 7>{
        "normal",          "resource_unavailable", "service_unavailable", "service_not_implemented",
        "invalid_message", "protocol_error",       "interworking"};
}

template <class E>
requires std::is_enum_v<E>
constexpr std::string_view to_string(E e) {
    return ids<E>()[static_cast<std::size_t>(e)];
}

template <class E>
constexpr std::optional<E> parse_enum(std::string_view id) {
    const auto table = ids<E>();
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i] == id) {
            return static_cast<E>(i);
        }
    }
    return std::nullopt;
}

// The ids of E as a list, for suggestions (closest_match, did_you_mean).
template <class E>
std::vector<std::string_view> id_list() {
    const auto table = ids<E>();
    return {table.begin(), table.end()};
}

}  // namespace sipwhy
