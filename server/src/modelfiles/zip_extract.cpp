#include "modelfiles/zip_extract.hpp"

#include <zip.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

namespace cairn::modelfiles {
namespace {

namespace fs = std::filesystem;

/// A member name that stays inside the target: relative, '/'-separated, no "." or ".." segments.
bool confined(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos) return false;
  size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    const std::string_view part(name.data() + start, end - start);
    // An empty last part is a directory entry ("dir/"); empty parts elsewhere are not allowed.
    if ((part.empty() && end != name.size()) || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

Status extract_zip(const std::string& zip_path, const std::string& dir) {
  int code = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(zip_open(zip_path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code),
                                                         &zip_discard);
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Error::bad_request("the model archive cannot be opened: " + message);
  }
  std::vector<char> buffer(1 << 20);
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* raw = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
    const std::string name = raw ? raw : "";
    if (!confined(name)) return Error::bad_request("the model archive holds an unsafe path: '" + name + "'");
    const fs::path target = fs::path(dir) / name;
    std::error_code ec;
    if (name.back() == '/') {
      fs::create_directories(target, ec);
      continue;
    }
    fs::create_directories(target.parent_path(), ec);
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> member(
        zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0), &zip_fclose);
    if (!member) return Error::bad_request("the model archive's member '" + name + "' cannot be read");
    std::ofstream out(target, std::ios::binary);
    while (true) {
      const zip_int64_t n = zip_fread(member.get(), buffer.data(), buffer.size());
      // zip_fread fails on a checksum mismatch at the member's end: a damaged download.
      if (n < 0) return Error::bad_request("the model archive's member '" + name + "' is damaged");
      if (n == 0) break;
      out.write(buffer.data(), n);
    }
    if (!out) return Error::internal("cannot write " + target.string());
  }
  return {};
}

}  // namespace cairn::modelfiles
