#include "modelfiles/torch_archive.hpp"

namespace cairn::modelfiles {

TorchArchive classify_torch_archive(const std::vector<std::string>& entry_names) {
  bool has_code = false;
  bool has_constants = false;
  bool has_data = false;
  for (std::string_view name : entry_names) {
    auto slash = name.find('/');
    if (slash == std::string_view::npos) continue;
    auto rest = name.substr(slash + 1);
    has_code |= rest.starts_with("code/");
    has_constants |= rest == "constants.pkl";
    has_data |= rest == "data.pkl";
  }
  if (has_code && has_constants) return TorchArchive::torchscript;
  if (has_data) return TorchArchive::pickle;
  return TorchArchive::none;
}

}  // namespace cairn::modelfiles
