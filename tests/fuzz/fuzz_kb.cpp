// libFuzzer: knowledge-base files, loaded into an empty knowledge base and over the built-in one.
// Invalid input must come back as diagnostics, never as an exception or a crash; valid input must
// leave a knowledge base that explains without trouble.
#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/kb/knowledge_base.hpp>

#include <cstdint>
#include <cstdlib>

using namespace sipwhy;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const KnowledgeBase builtin = KnowledgeBase::builtin();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    KnowledgeBase empty;
    const auto diags = empty.load("fuzz.json", text);
    for (const auto& d : diags) {
        if (d.message.empty()) {
            std::abort();
        }
        (void)d.to_string();
    }
    KnowledgeBase over = builtin;
    if (over.load("fuzz.json", text).empty()) {
        (void)check_complete(over.data());
        for (const int code : {100, 200, 403, 480, 486, 499, 503, 603}) {
            (void)explain_status(over, code, "Busy Here");
        }
        for (const auto& v : over.data().variants) {
            (void)explain_status(over, v.code, v.phrase);
        }
    }
    return 0;
}
