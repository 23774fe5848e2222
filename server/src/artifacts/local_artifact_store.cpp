#include "artifacts/local_artifact_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "artifacts/store_key.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"

namespace cairn::artifacts {
namespace {

namespace fs = std::filesystem;

// Temporary upload files: hidden, beside their target (rename(2) is atomic only within one file
// system), and named so that listings can tell them from artifacts.
constexpr std::string_view kTempPrefix = ".cairn-tmp-";
constexpr std::size_t kTempRandomHexChars = 16;

bool is_temp_name(std::string_view name) {
  return name.size() == kTempPrefix.size() + kTempRandomHexChars && name.substr(0, kTempPrefix.size()) == kTempPrefix &&
         std::all_of(name.begin() + kTempPrefix.size(), name.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Errors name the key, never the absolute path: messages can reach API clients.
Error io_error(std::string_view action, std::string_view key, int err) {
  std::string what = std::string(action) + " artifact '" + std::string(key) + "': " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return Error::unavailable("artifact storage is full: cannot " + what);
  return Error::internal("cannot " + what);
}

// Is `path` (absolute, canonical) `root` or below it?
bool inside(const fs::path& root, const fs::path& path) {
  auto rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

class LocalArtifactStore;

class LocalReadStream final : public ReadStream {
 public:
  LocalReadStream(int fd, int64_t size, std::string key) : fd_(fd), size_(size), key_(std::move(key)) {}
  ~LocalReadStream() override { ::close(fd_); }

  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    for (;;) {
      ssize_t n = ::read(fd_, buffer, capacity);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) return io_error("read", key_, errno);
    }
  }
  int64_t size() const override { return size_; }

 private:
  int fd_;
  int64_t size_;
  std::string key_;
};

class LocalWriteStream final : public WriteStream {
 public:
  LocalWriteStream(const LocalArtifactStore& store, int fd, fs::path temp, fs::path target, std::string key)
      : store_(store), fd_(fd), temp_(std::move(temp)), target_(std::move(target)), key_(std::move(key)) {}
  ~LocalWriteStream() override { discard(); }

  Status write(std::string_view chunk) override {
    if (fd_ < 0) return Error::internal("write after the upload of '" + key_ + "' was finished or failed");
    while (!chunk.empty()) {
      ssize_t n = ::write(fd_, chunk.data(), chunk.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        discard();
        return io_error("write", key_, err);
      }
      chunk.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
  }

  Status finish() override;

 private:
  void discard();

  const LocalArtifactStore& store_;
  int fd_;
  fs::path temp_;
  fs::path target_;
  std::string key_;
};

class LocalArtifactStore final : public ArtifactStore {
 public:
  explicit LocalArtifactStore(fs::path root) : root_(std::move(root)) {}

  Result<std::unique_ptr<WriteStream>> open_write(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    // A concurrent removal may prune the folder between its creation and the temporary file's:
    // creating both again is enough, the removal only deletes empty folders.
    for (int attempt = 0;; ++attempt) {
      CAIRN_TRY_ASSIGN(fs::path target, resolve(clean, false));
      std::error_code ec;
      fs::create_directories(target.parent_path(), ec);
      if (ec) {
        if (ec == std::errc::not_a_directory || ec == std::errc::file_exists) {
          return Error::conflict("cannot write artifact '" + clean + "': a parent of it is a file");
        }
        return io_error("create the folder of", clean, ec.value());
      }
      // The folders just created may include a symlink planted meanwhile: check again.
      CAIRN_TRY_ASSIGN(target, resolve(clean, false));
      fs::path temp = target.parent_path() / (std::string(kTempPrefix) + crypto::random_hex(kTempRandomHexChars / 2));
      int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
      if (fd >= 0) return std::unique_ptr<WriteStream>(new LocalWriteStream(*this, fd, temp, target, clean));
      if (errno != ENOENT || attempt == 2) return io_error("create", clean, errno);
    }
  }

  Result<std::unique_ptr<ReadStream>> open_read(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    CAIRN_TRY_ASSIGN(fs::path path, resolve(clean, true));
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) return Error::not_found("artifact '" + clean + "'");
      return io_error("open", clean, errno);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return Error::not_found("artifact '" + clean + "'");
    }
    return std::unique_ptr<ReadStream>(new LocalReadStream(fd, static_cast<int64_t>(st.st_size), clean));
  }

  Result<std::vector<ArtifactInfo>> list(const std::string& dir_key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(dir_key, true));
    CAIRN_TRY_ASSIGN(fs::path dir, resolve(clean, true));
    std::vector<ArtifactInfo> entries;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (is_temp_name(name)) continue;
      std::error_code entry_ec;
      if (it->is_symlink(entry_ec)) {
        // Shown only when it points inside the root, as what it points to.
        fs::path real = fs::weakly_canonical(it->path(), entry_ec);
        if (entry_ec || !inside(root_, real)) continue;
      }
      fs::file_status status = fs::status(it->path(), entry_ec);
      if (entry_ec) continue;  // vanished meanwhile, or a dangling link
      if (fs::is_directory(status)) {
        entries.push_back({name, true, 0});
      } else if (fs::is_regular_file(status)) {
        auto size = fs::file_size(it->path(), entry_ec);
        if (!entry_ec) entries.push_back({name, false, static_cast<int64_t>(size)});
      }
    }
    if (ec && ec != std::errc::no_such_file_or_directory) return io_error("list", clean, ec.value());
    std::sort(entries.begin(), entries.end(), [](const ArtifactInfo& a, const ArtifactInfo& b) {
      return a.path != b.path ? a.path < b.path : a.is_dir < b.is_dir;
    });
    return entries;
  }

  Status remove(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    // Not following the last component: a link is removed itself, never what it points to.
    CAIRN_TRY_ASSIGN(fs::path path, resolve(clean, false));
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
      return io_error("remove", clean, ec.value());
    }
    prune_empty_dirs(path.parent_path());
    return {};
  }

  std::string describe() const override { return "folder " + root_.string(); }

  /// Removes `dir` and its parents while they are empty, up to (not including) the root.
  void prune_empty_dirs(fs::path dir) const {
    while (inside(root_, dir) && dir != root_) {
      if (::rmdir(dir.c_str()) != 0) return;  // not empty (or gone): what is left stays
      dir = dir.parent_path();
    }
  }

 private:
  // The absolute path of a checked key. Whatever part of it exists is resolved through symbolic
  // links and must stay inside the root; `follow_last` says whether the last component counts
  // (reads do; writes and removals replace or delete the entry itself).
  Result<fs::path> resolve(const std::string& clean_key, bool follow_last) const {
    fs::path path = clean_key.empty() ? root_ : root_ / clean_key;
    std::error_code ec;
    fs::path real;
    if (follow_last || clean_key.empty()) {
      real = fs::weakly_canonical(path, ec);
    } else {
      real = fs::weakly_canonical(path.parent_path(), ec);
      if (!ec) real /= path.filename();
    }
    if (ec) {
      if (ec == std::errc::not_a_directory)
        return Error::conflict("artifact '" + clean_key + "': a parent of it is a file");
      return io_error("resolve", clean_key, ec.value());
    }
    if (real != root_ && !inside(root_, real)) {
      return Error::forbidden("artifact path '" + clean_key + "' resolves outside the artifact root");
    }
    return real;
  }

  fs::path root_;  // absolute and canonical
};

Status LocalWriteStream::finish() {
  if (fd_ < 0) return Error::internal("finish after the upload of '" + key_ + "' was finished or failed");
  // fsync before rename: otherwise a crash can leave the new name pointing at an empty file.
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    int err = errno;
    fd_ = -1;
    discard();
    return io_error("write", key_, err);
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    int err = errno;
    discard();
    if (err == EISDIR || err == ENOTEMPTY || err == EEXIST) {
      return Error::conflict("cannot write artifact '" + key_ + "': a folder of that name exists");
    }
    return io_error("publish", key_, err);
  }
  temp_.clear();
  return {};
}

void LocalWriteStream::discard() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!temp_.empty()) {
    ::unlink(temp_.c_str());
    temp_.clear();
    store_.prune_empty_dirs(target_.parent_path());
  }
}

}  // namespace

Result<std::unique_ptr<ArtifactStore>> open_local_artifact_store(const std::string& root) {
  if (root.empty()) return Error::bad_request("the artifact root is empty", "artifact_root");
  crypto::init();
  std::error_code ec;
  fs::path path = fs::absolute(root, ec);
  if (!ec) fs::create_directories(path, ec);
  if (!ec) path = fs::canonical(path, ec);
  if (ec) return Error::unavailable("cannot create the artifact folder " + root + ": " + ec.message());
  if (!fs::is_directory(path)) return Error::unavailable("the artifact root " + root + " is not a folder");
  return std::unique_ptr<ArtifactStore>(new LocalArtifactStore(path));
}

}  // namespace cairn::artifacts
