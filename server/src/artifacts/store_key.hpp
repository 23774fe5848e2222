#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

/// Key checks shared by the store implementations (not part of the module's interface).
namespace cairn::artifacts {

/// Store keys carry ids before the client's relative path, so they may be longer than one.
inline constexpr std::size_t kMaxStoreKeyBytes = 2048;

/// The rules of normalize_relative_path() with a given length limit and error field.
Result<std::string> check_path(std::string_view path, std::size_t max_bytes, std::string_view field);

/// Checks a key handed to a store: the same rules as client paths, so a key that escaped the
/// services' checks still cannot walk out of the store. `allow_root` accepts "" (the store's
/// root, for listings).
Result<std::string> check_store_key(std::string_view key, bool allow_root);

}  // namespace cairn::artifacts
