// The ids of the findings rules (analysis/findings.hpp): the knowledge base holds a text for each,
// and refuses a rule text of any other id.
#pragma once

#include <array>
#include <string_view>

namespace sipwhy {

// Every rule's id, in the order docs/findings.md lists them; each must have its text in the
// knowledge base (check_complete).
inline constexpr std::array<std::string_view, 47> k_finding_ids = {"retry_after",
                                                                   "min_expires",
                                                                   "min_expires_request",
                                                                   "min_se",
                                                                   "min_se_request",
                                                                   "unsupported",
                                                                   "require",
                                                                   "allow_lacks_method",
                                                                   "allow_missing",
                                                                   "accept",
                                                                   "warning",
                                                                   "reason_contradiction",
                                                                   "reason_sip_not_status",
                                                                   "sender",
                                                                   "x_asterisk_hangup_cause",
                                                                   "x_fs_hangup_cause",
                                                                   "x_reason",
                                                                   "stale_nonce",
                                                                   "challenge_missing",
                                                                   "redirect_contacts",
                                                                   "via_nat",
                                                                   "security_server",
                                                                   "dialog_lost",
                                                                   "max_forwards",
                                                                   "via_loop",
                                                                   "no_response",
                                                                   "trying_then_nothing",
                                                                   "timer_b",
                                                                   "no_answer_timer",
                                                                   "credentials_refused",
                                                                   "same_nonce",
                                                                   "forbidden_after_credentials",
                                                                   "reinvite_refused",
                                                                   "offer_codecs",
                                                                   "answer_codecs",
                                                                   "srtp_offer",
                                                                   "t38_offer",
                                                                   "registration_granted_less",
                                                                   "number_not_e164",
                                                                   "local_stack",
                                                                   "digest_algorithm",
                                                                   "realm_mismatch",
                                                                   "contact_nat",
                                                                   "sdp_private_address",
                                                                   "contact_port",
                                                                   "ice_only_offer",
                                                                   "cancel_unanswered"};

}  // namespace sipwhy
