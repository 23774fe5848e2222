#include "artifacts/artifact_store.hpp"

#include "artifacts/local_artifact_store.hpp"
#include "artifacts/s3_artifact_store.hpp"
#include "artifacts/store_key.hpp"

namespace cairn::artifacts {
namespace {

// Length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not a valid one (overlong
// forms, surrogates and code points past U+10FFFF included: S3 rejects those keys, and a folder
// would store bytes no client can name back).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length;
  uint32_t cp;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else
    return 0;
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

Result<std::string> check_path(std::string_view path, std::size_t max_bytes, std::string_view field) {
  auto reject = [&](const std::string& why) {
    return Error::bad_request("invalid artifact path: " + why, std::string(field));
  };
  if (path.empty()) return reject("it is empty");
  if (path.front() == '/') return reject("it must be relative, not start with '/'");
  // One trailing slash names the same directory; anything else that would be rewritten is refused,
  // so what the client sent is what gets stored.
  if (path.back() == '/') path.remove_suffix(1);
  if (path.size() > max_bytes) return reject("it is longer than " + std::to_string(max_bytes) + " bytes");
  for (std::size_t i = 0; i < path.size();) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (c == 0) return reject("it contains a NUL byte");
    if (c == '\\') return reject("it contains a backslash (use '/' between folders)");
    if (c < 0x20 || c == 0x7F) return reject("it contains a control character");
    std::size_t length = utf8_sequence_length(path, i);
    if (length == 0) return reject("it is not valid UTF-8");
    // C1 controls (U+0080..U+009F) are as unprintable as C0 ones.
    if (length == 2 && c == 0xC2 && static_cast<unsigned char>(path[i + 1]) < 0xA0) {
      return reject("it contains a control character");
    }
    i += length;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty()) return reject("it has an empty segment ('//')");
    if (segment == "." || segment == "..") return reject("'.' and '..' segments are not allowed");
    if (segment.size() > 255) return reject("a segment is longer than 255 bytes");
    start = end + 1;
  }
  return std::string(path);
}

Result<std::string> normalize_relative_path(std::string_view path) {
  return check_path(path, kMaxArtifactPathBytes, "path");
}

Result<std::string> check_store_key(std::string_view key, bool allow_root) {
  if (key.empty() || key == "/") {
    if (allow_root) return std::string();
    return Error::bad_request("artifact key is empty", "key");
  }
  return check_path(key, kMaxStoreKeyBytes, "key");
}

std::string join_key(std::string_view prefix, std::string_view relative) {
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  while (!relative.empty() && relative.front() == '/') relative.remove_prefix(1);
  if (prefix.empty()) return std::string(relative);
  if (relative.empty()) return std::string(prefix);
  std::string key;
  key.reserve(prefix.size() + 1 + relative.size());
  key.append(prefix).append("/").append(relative);
  return key;
}

namespace {

// MLflow's client falls back to a single upload on exactly this message (the start is what it matches).
Error no_multipart() {
  return Error{ErrorCode::not_implemented,
               "Multipart upload is not supported for the current artifact repository: this artifact store takes "
               "whole-file uploads"};
}

}  // namespace

Result<std::string> ArtifactStore::start_multipart(const std::string&) {
  return no_multipart();
}

// By value as the interface declares it: the stores that support multipart uploads move the body.
// NOLINTNEXTLINE(performance-unnecessary-value-param)
Result<std::string> ArtifactStore::upload_part(const std::string&, const std::string&, int, std::string) {
  return no_multipart();
}

Status ArtifactStore::complete_multipart(const std::string&, const std::string&, const std::vector<UploadedPart>&) {
  return no_multipart();
}

Status ArtifactStore::abort_multipart(const std::string&, const std::string&) {
  return no_multipart();
}

Result<std::unique_ptr<ArtifactStore>> open_artifact_store(const std::string& root, const S3Options& s3) {
  if (root.rfind("s3://", 0) == 0) return open_s3_artifact_store(root, s3);
  if (root.find("://") != std::string::npos) {
    // Only the scheme is echoed: a mistyped URL may carry credentials.
    return Error::bad_request("unsupported artifact root scheme '" + root.substr(0, root.find("://")) +
                                  "': use a folder path or s3://bucket/prefix",
                              "artifact_root");
  }
  return open_local_artifact_store(root);
}

}  // namespace cairn::artifacts
