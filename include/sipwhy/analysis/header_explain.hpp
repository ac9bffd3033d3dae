// What the Reason and Warning values of a message mean (sip/headers.hpp parses them): each Reason
// value's protocol, its Q.850 cause with the platforms' names for it, the SIP status it names, or
// its protocol's cause; each Warning value's code (RFC 3261 §20.43).
#pragma once

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/sip/headers.hpp>

#include <optional>
#include <vector>

namespace sipwhy {

// What one Reason value means.
struct ReasonExplanation {
    ReasonValue value;
    const ReasonProtocol* protocol = nullptr;             // IANA's Reason protocol entry
    const Q850Cause* q850 = nullptr;                      // protocol Q.850 with a known cause
    std::vector<const PlatformCause*> platform_causes;    // FreeSWITCH and Asterisk names of it
    std::optional<Explanation> sip;                       // protocol SIP: the status explained
    const ReasonProtocolCause* protocol_cause = nullptr;  // e.g. RELEASE_CAUSE 2

    bool known() const { return q850 != nullptr || sip.has_value() || protocol_cause != nullptr; }
};

struct WarningExplanation {
    WarningValue value;
    const WarnCode* warn_code = nullptr;

    bool known() const { return warn_code != nullptr; }
};

std::vector<ReasonExplanation> explain_reason(const KnowledgeBase& kb,
                                              const std::vector<ReasonValue>& values);
std::vector<WarningExplanation> explain_warning(const KnowledgeBase& kb,
                                                const std::vector<WarningValue>& values);

}  // namespace sipwhy
