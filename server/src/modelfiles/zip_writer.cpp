// write_zip with libzip. Each member is a zip_source_function that opens the member's ReadFn
// when libzip starts on it and pulls from it while libzip compresses and writes, so at most one
// member is open and memory stays at libzip's buffers. libzip writes to a temporary file beside
// `path` and renames it at zip_close; it picks ZIP64 from the sizes our sources report.
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "modelfiles/inspect.hpp"

namespace cairn::modelfiles {
namespace {

/// Members above this are stored: deflating gigabytes of weights makes a download CPU-bound and
/// saves little, while small files (code, YAML, JSON) compress well.
constexpr int64_t kStoreAbove = 16 << 20;

/// The state of one member's source; its error (if any) is what write_zip reports.
struct MemberSource {
  const ZipMember* member = nullptr;
  ReadFn read;
  int64_t produced = 0;
  std::optional<Error> failure;
  zip_error_t error;

  zip_int64_t fail(Error e) {
    failure = std::move(e);
    zip_error_set(&error, ZIP_ER_READ, 0);
    return -1;
  }
};

zip_int64_t member_callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto& s = *static_cast<MemberSource*>(user);
  switch (cmd) {
    case ZIP_SOURCE_OPEN: {
      auto opened = s.member->open ? s.member->open() : Result<ReadFn>(Error::internal("no opener"));
      if (!opened.ok()) return s.fail(std::move(opened).error());
      s.read = std::move(*opened);
      s.produced = 0;
      return 0;
    }
    case ZIP_SOURCE_READ: {
      auto got = s.read(static_cast<char*>(data), len);
      if (!got.ok()) return s.fail(std::move(got).error());
      s.produced += static_cast<int64_t>(*got);
      // The sizes went into the headers (and the ZIP64 choice): a member that changed is an error.
      if (s.produced > s.member->size || (*got == 0 && s.produced != s.member->size)) {
        return s.fail(Error::internal("zip member " + s.member->name + ": expected " + std::to_string(s.member->size) +
                                      " bytes, read " + std::to_string(s.produced)));
      }
      return static_cast<zip_int64_t>(*got);
    }
    case ZIP_SOURCE_CLOSE:
      s.read = nullptr;
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->size = static_cast<zip_uint64_t>(s.member->size);
      st->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&s.error, data, len);
    case ZIP_SOURCE_FREE:
      return 0;  // owned by write_zip
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
    default:
      zip_error_set(&s.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

Error archive_error(zip_t* archive, std::string_view what) {
  return Error::internal(std::string("zip: ") + std::string(what) + ": " + zip_strerror(archive));
}

/// Adds every member; libzip reads them only at zip_close.
Status add_members(zip_t* archive, std::vector<std::unique_ptr<MemberSource>>& sources,
                   const std::vector<ZipMember>& members) {
  for (const auto& member : members) {
    if (member.size < 0) return Error::internal("zip member " + member.name + ": negative size");
    auto& s = *sources.emplace_back(std::make_unique<MemberSource>());
    s.member = &member;
    zip_error_init(&s.error);
    zip_source_t* src = zip_source_function(archive, member_callback, &s);
    if (!src) return archive_error(archive, "source for " + member.name);
    zip_int64_t index = zip_file_add(archive, member.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(src);
      return archive_error(archive, "adding " + member.name);
    }
    bool store = member.size > kStoreAbove;
    if (zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 store ? 0 : 6) != 0) {
      return archive_error(archive, "compression of " + member.name);
    }
  }
  return {};
}

/// libzip deletes an archive left with no entries; an empty download is still a valid zip: just
/// the end-of-central-directory record.
Status write_empty_zip(const std::string& path) {
  static constexpr char kEmpty[22] = {'P', 'K', 5, 6};
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(kEmpty, sizeof kEmpty);
  if (out.flush()) return {};
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  return Error::internal("zip: writing " + path);
}

}  // namespace

Status write_zip(const std::string& path, const std::vector<ZipMember>& members) {
  if (members.empty()) return write_empty_zip(path);
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!archive) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    Error error = Error::internal("zip: opening " + path + ": " + zip_error_strerror(&e));
    zip_error_fini(&e);
    return error;
  }
  std::vector<std::unique_ptr<MemberSource>> sources;  // outlive the archive's use of them
  Status status = add_members(archive, sources, members);
  if (status.ok() && zip_close(archive) == 0) {
    archive = nullptr;
  } else if (status.ok()) {
    status = archive_error(archive, "writing " + path);
    for (const auto& s : sources) {
      if (s->failure) status = *s->failure;  // the member's own error says more
    }
  }
  if (archive) zip_discard(archive);
  for (auto& s : sources) zip_error_fini(&s->error);
  if (!status.ok()) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  return status;
}

}  // namespace cairn::modelfiles
