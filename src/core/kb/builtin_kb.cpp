// The knowledge base compiled into the binary. Kept out of the loader's sources, which the
// build-time compiler links before the compiled tables exist.
#include "kb/kb_internal.hpp"

namespace sipwhy {

KnowledgeBase KnowledgeBase::builtin() {
    return KnowledgeBase(builtin_kb_data());
}

}  // namespace sipwhy
