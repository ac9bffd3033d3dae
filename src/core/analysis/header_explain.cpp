// The meanings of Reason and Warning values (header_explain.hpp).
#include <sipwhy/analysis/header_explain.hpp>
#include <sipwhy/kb/lookup.hpp>
#include <sipwhy/text.hpp>

namespace sipwhy {

std::vector<ReasonExplanation> explain_reason(const KnowledgeBase& kb,
                                              const std::vector<ReasonValue>& values) {
    std::vector<ReasonExplanation> out;
    for (const auto& v : values) {
        ReasonExplanation x;
        x.value = v;
        x.protocol = kb.reason_protocol(v.protocol);
        if (v.cause) {
            if (iequals(v.protocol, "Q.850")) {
                x.q850 = kb.q850(*v.cause);
                for (const auto platform : {Platform::freeswitch, Platform::asterisk}) {
                    if (const PlatformCause* c = platform_cause_for(kb, platform, *v.cause)) {
                        x.platform_causes.push_back(c);
                    }
                }
            } else if (iequals(v.protocol, "SIP")) {
                if (*v.cause >= 100 && *v.cause <= 699) {
                    x.sip = explain_status(kb, *v.cause, v.text);
                }
            } else if (x.protocol != nullptr) {
                for (const auto& c : x.protocol->causes) {
                    if (c.value == *v.cause) {
                        x.protocol_cause = &c;
                    }
                }
            }
        }
        out.push_back(std::move(x));
    }
    return out;
}

std::vector<WarningExplanation> explain_warning(const KnowledgeBase& kb,
                                                const std::vector<WarningValue>& values) {
    std::vector<WarningExplanation> out;
    for (const auto& v : values) {
        out.push_back({v, kb.warn_code(v.code)});
    }
    return out;
}

}  // namespace sipwhy
