#include "modelfiles/pickle_sniff.hpp"

#include <array>
#include <utility>

namespace cairn::modelfiles {

bool looks_like_pickle(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x80 && head[1] >= 2 && head[1] <= 5;
}

std::string pickle_framework(std::string_view head) {
  // Module names as GLOBAL (protocol <= 3, "module\nname") and STACK_GLOBAL (protocol >= 4,
  // the module as a short string) write them: followed by '.' for submodules or by the length
  // byte of the class name.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kModules{{
      {"sklearn.", "sklearn"},
      {"xgboost.", "xgboost"},
      {"lightgbm.", "lightgbm"},
      {"catboost.", "catboost"},
      {"torch.", "pytorch"},
      {"statsmodels.", "statsmodels"},
      {"keras.", "keras"},
  }};
  std::size_t best = std::string_view::npos;
  std::string_view framework;
  for (const auto& [module, name] : kModules) {
    auto at = head.find(module);
    if (at < best) {
      best = at;
      framework = name;
    }
  }
  return std::string(framework);
}

}  // namespace cairn::modelfiles
