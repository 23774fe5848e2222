#include "runtime/runtime.hpp"

namespace cairn::runtime {

std::string_view to_string(InstanceState state) {
  switch (state) {
    case InstanceState::starting:
      return "starting";
    case InstanceState::ready:
      return "ready";
    case InstanceState::exited:
      return "exited";
  }
  return "unknown";
}

}  // namespace cairn::runtime
