#pragma once

#include <string>
#include <string_view>

namespace cairn::modelfiles {

/// True when `head` starts like a pickle of protocol 2 to 5: the PROTO opcode (0x80) and the
/// protocol number. Protocols 0 and 1 have no marker; those are known by their file name only.
bool looks_like_pickle(std::string_view head);

/// The ML library whose classes a pickle references first ("sklearn", "xgboost", "pytorch", ...),
/// found by looking for module names in the first bytes; empty when none is seen. A hint for the
/// UI, never a promise: the pickle is not executed, nor even decoded.
std::string pickle_framework(std::string_view head);

}  // namespace cairn::modelfiles
