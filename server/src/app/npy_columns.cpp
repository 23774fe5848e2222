#include "app/npy_columns.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace cairn::app {
namespace {

struct Npy {
  std::string descr;
  std::size_t count = 0;
  std::string data;
};

/// The .npy format (NumPy's `lib.format`): magic, version, a header length, a Python-literal dict
/// with descr, fortran_order and shape, then the raw little-endian values. Only 1-D arrays.
Result<Npy> read_npy(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    return Error::bad_request(path.string() + " is not a .npy file");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
    offset = 10;
  } else {
    if (bytes.size() < 12) return Error::bad_request(path.string() + ": truncated header");
    for (int i = 0; i < 4; ++i) header_len |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    offset = 12;
  }
  if (offset + header_len > bytes.size()) return Error::bad_request(path.string() + ": truncated header");
  const std::string header = bytes.substr(offset, header_len);
  auto value_of = [&](const std::string& key) -> std::string {
    auto at = header.find("'" + key + "'");
    if (at == std::string::npos) return {};
    at = header.find(':', at) + 1;
    while (at < header.size() && header[at] == ' ') ++at;
    auto end = header[at] == '(' ? header.find(')', at) + 1 : header.find_first_of(",}", at);
    return header.substr(at, end - at);
  };
  Npy npy;
  npy.descr = value_of("descr");
  npy.descr.erase(std::remove(npy.descr.begin(), npy.descr.end(), '\''), npy.descr.end());
  if (value_of("fortran_order") == "True") return Error::bad_request(path.string() + ": Fortran order");
  const std::string shape = value_of("shape");  // "(n,)"
  npy.count = std::stoull(shape.substr(1));
  npy.data = bytes.substr(offset + header_len);
  return npy;
}

}  // namespace

Result<std::vector<stats::RawColumn>> read_npy_columns(const std::string& dir) {
  std::vector<stats::RawColumn> columns;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".npy") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    CAIRN_TRY_ASSIGN(auto npy, read_npy(path));
    stats::RawColumn c;
    std::string name = path.stem().string();
    const bool categorical = name.ends_with(".cat");
    c.name = categorical ? name.substr(0, name.size() - 4) : name;
    if (!categorical) {
      if (npy.descr != "<f8" || npy.data.size() < npy.count * 8)
        return Error::bad_request(path.string() + ": a numeric column must be float64");
      c.kind = stats::FeatureKind::numeric;
      c.numbers.resize(npy.count);
      std::memcpy(c.numbers.data(), npy.data.data(), npy.count * 8);
    } else {
      const std::size_t width = npy.descr == "<i8" ? 8 : npy.descr == "<i4" ? 4 : 0;
      if (!width || npy.data.size() < npy.count * width)
        return Error::bad_request(path.string() + ": a categorical column must be int32 or int64 codes");
      c.kind = stats::FeatureKind::categorical;
      c.texts.reserve(npy.count);
      for (std::size_t i = 0; i < npy.count; ++i) {
        int64_t code = 0;
        if (width == 8) {
          std::memcpy(&code, npy.data.data() + i * 8, 8);
        } else {
          int32_t v = 0;
          std::memcpy(&v, npy.data.data() + i * 4, 4);
          code = v;
        }
        c.texts.emplace_back(code < 0 ? std::nullopt : std::optional<std::string>("c" + std::to_string(code)));
      }
    }
    columns.push_back(std::move(c));
  }
  if (columns.empty()) return Error::bad_request(dir + " holds no .npy columns");
  return columns;
}

}  // namespace cairn::app
