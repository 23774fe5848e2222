#include "app/npy_columns.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <span>
#include <string_view>
#include <unordered_map>

namespace cairn::app {
namespace {

struct Npy {
  std::string descr;
  std::size_t count = 0;
  std::ifstream in;  ///< positioned at the first value
};

/// The .npy format (NumPy's `lib.format`): magic, version, a header length, a Python-literal dict
/// with descr, fortran_order and shape, then the raw little-endian values. Only 1-D arrays. Reads the
/// header only: the values are read by the caller straight into their column (one copy, no buffer).
Result<Npy> open_npy(const std::filesystem::path& path) {
  Npy npy;
  npy.in.open(path, std::ios::binary);
  char lead[12] = {};
  npy.in.read(lead, 10);
  if (npy.in.gcount() < 10 || std::string_view(lead, 6) != "\x93NUMPY")
    return Error::bad_request(path.string() + " is not a .npy file");
  const int major = static_cast<unsigned char>(lead[6]);
  std::size_t header_len = 0;
  if (major == 1) {
    header_len =
        static_cast<unsigned char>(lead[8]) | (static_cast<std::size_t>(static_cast<unsigned char>(lead[9])) << 8);
  } else {
    npy.in.read(lead + 10, 2);
    if (npy.in.gcount() < 2) return Error::bad_request(path.string() + ": truncated header");
    for (int i = 0; i < 4; ++i)
      header_len |= static_cast<std::size_t>(static_cast<unsigned char>(lead[8 + i])) << (8 * i);
  }
  if (header_len > 1 << 20) return Error::bad_request(path.string() + ": header too long");
  std::string header(header_len, '\0');
  npy.in.read(header.data(), static_cast<std::streamsize>(header_len));
  if (static_cast<std::size_t>(npy.in.gcount()) < header_len)
    return Error::bad_request(path.string() + ": truncated header");
  auto value_of = [&](const std::string& key) -> std::string {
    auto at = header.find("'" + key + "'");
    if (at == std::string::npos) return {};
    at = header.find(':', at) + 1;
    while (at < header.size() && header[at] == ' ') ++at;
    auto end = header[at] == '(' ? header.find(')', at) + 1 : header.find_first_of(",}", at);
    return header.substr(at, end - at);
  };
  npy.descr = value_of("descr");
  npy.descr.erase(std::remove(npy.descr.begin(), npy.descr.end(), '\''), npy.descr.end());
  if (value_of("fortran_order") == "True") return Error::bad_request(path.string() + ": Fortran order");
  const std::string shape = value_of("shape");  // "(n,)"
  if (shape.size() < 2) return Error::bad_request(path.string() + ": no shape");
  npy.count = std::strtoull(shape.c_str() + 1, nullptr, 10);
  return npy;
}

/// Reads `count` values of `width` bytes into `out` (resized), or says the file is short.
template <typename T>
Status read_values(Npy& npy, const std::string& path, std::vector<T>& out) {
  out.resize(npy.count);
  const auto bytes = static_cast<std::streamsize>(npy.count * sizeof(T));
  npy.in.read(reinterpret_cast<char*>(out.data()), bytes);
  if (npy.in.gcount() < bytes) return Error::bad_request(path + ": fewer values than its shape says");
  return {};
}

/// Category "c<code>" per code (negative: missing) into `into.texts`. Each code's text is made once
/// (codes are few) and assigned into the strings already there, so a column read after another
/// allocates nothing.
template <typename Code>
void texts_of_codes(std::span<const Code> codes, stats::RawColumn& into) {
  into.numbers.clear();
  into.texts.resize(codes.size());
  std::unordered_map<Code, std::string> text_of;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] < 0) {
      into.texts[i].reset();
      continue;
    }
    auto [it, added] = text_of.try_emplace(codes[i]);
    if (added) it->second = "c" + std::to_string(codes[i]);
    into.texts[i] = it->second;
  }
}

}  // namespace

Result<std::vector<NpyColumnFile>> list_npy_columns(const std::string& dir) {
  std::vector<NpyColumnFile> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".npy") continue;
    std::string name = entry.path().stem().string();
    const bool categorical = name.ends_with(".cat");
    if (categorical) name.resize(name.size() - 4);
    files.push_back(
        {name, categorical ? stats::FeatureKind::categorical : stats::FeatureKind::numeric, entry.path().string()});
  }
  if (ec) return Error::bad_request(dir + ": " + ec.message());
  if (files.empty()) return Error::bad_request(dir + " holds no .npy columns");
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return files;
}

Status read_npy_column(const NpyColumnFile& file, stats::RawColumn& into) {
  CAIRN_TRY_ASSIGN(auto npy, open_npy(file.path));
  into.name = file.name;
  into.kind = file.kind;
  if (file.kind == stats::FeatureKind::numeric) {
    if (npy.descr != "<f8") return Error::bad_request(file.path + ": a numeric column must be float64");
    into.texts.clear();
    return read_values(npy, file.path, into.numbers);
  }
  // The codes' buffers are the thread's, like `into`: fresh 80 MB vectors per column were most of
  // the command's system time (page faults).
  thread_local std::vector<int64_t> wide;
  thread_local std::vector<int32_t> narrow;
  if (npy.descr == "<i8") {
    CAIRN_TRY(read_values(npy, file.path, wide));
    texts_of_codes(std::span<const int64_t>(wide), into);
  } else if (npy.descr == "<i4") {
    CAIRN_TRY(read_values(npy, file.path, narrow));
    texts_of_codes(std::span<const int32_t>(narrow), into);
  } else {
    return Error::bad_request(file.path + ": a categorical column must be int32 or int64 codes");
  }
  return {};
}

}  // namespace cairn::app
