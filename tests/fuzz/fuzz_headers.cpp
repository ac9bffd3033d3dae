// libFuzzer: the header parsers the scanner and the explainer rely on.
#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/analysis/header_explain.hpp>

#include <cstdint>
#include <cstdlib>

using namespace sipwhy;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const KnowledgeBase kb = KnowledgeBase::builtin();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto reasons = parse_reason(text)) {
        for (const auto& r : explain_reason(kb, *reasons)) {
            (void)reason_contradiction(kb, 486, Category::busy, r.value);
            if (r.value.protocol.empty()) {
                std::abort();  // a parsed value always has a protocol
            }
        }
    }
    if (const auto warnings = parse_warning(text)) {
        for (const auto& w : *warnings) {
            if (w.code < 300 || w.code > 399) {
                std::abort();
            }
        }
        (void)explain_warning(kb, *warnings);
    }
    (void)parse_cseq(text);
    const std::string_view user = uri_user(text);
    const std::string_view tag = header_param(text, "tag");
    // Both are views into the input.
    if ((!user.empty() &&
         (user.data() < text.data() || user.data() + user.size() > text.data() + text.size())) ||
        (!tag.empty() &&
         (tag.data() < text.data() || tag.data() + tag.size() > text.data() + text.size()))) {
        std::abort();
    }
    return 0;
}
