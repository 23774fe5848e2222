#pragma once

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "modelfiles/inspect.hpp"

namespace cairn::modelfiles::testing {

/// A ReadFn over `data` that hands out at most `chunk` bytes per call, so parsers meet data
/// split at every awkward place.
inline ReadFn memory_reader(std::string data, std::size_t chunk = 4096) {
  auto state = std::make_shared<std::pair<std::string, std::size_t>>(std::move(data), 0);
  return [state, chunk](char* buffer, std::size_t capacity) -> Result<std::size_t> {
    auto& [bytes, pos] = *state;
    std::size_t n = std::min({capacity, chunk, bytes.size() - pos});
    std::memcpy(buffer, bytes.data() + pos, n);
    pos += n;
    return n;
  };
}

/// Inspects in-memory content as a file named `name`.
inline Result<FileInspection> inspect_bytes(std::string_view name, const std::string& data, std::size_t chunk = 4096) {
  return inspect_file(name, static_cast<int64_t>(data.size()), memory_reader(data, chunk));
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A file under server/tests/modelfiles/data/ (the build passes the tests' source folder, so
/// the test binary runs from any directory).
inline std::string test_data(const std::string& name) {
  return read_file(std::filesystem::path(CAIRN_TESTS_DIR) / "modelfiles" / "data" / name);
}

/// The bytes of a string literal, NULs included.
template <std::size_t N>
std::string literal_bytes(const char (&s)[N]) {
  return std::string(s, N - 1);
}

}  // namespace cairn::modelfiles::testing
