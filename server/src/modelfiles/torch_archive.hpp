#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn::modelfiles {

enum class TorchArchive {
  none,         ///< not a PyTorch zip archive
  torchscript,  ///< torch.jit.save: code/ and constants.pkl, loaded without running pickled code
  pickle,       ///< torch.save: data.pkl, whose loading unpickles arbitrary objects
};

/// What a zip archive is from its entry names. PyTorch writes every entry under one top folder
/// named after the model ("archive/data.pkl", "archive/code/__torch__/...").
TorchArchive classify_torch_archive(const std::vector<std::string>& entry_names);

}  // namespace cairn::modelfiles
