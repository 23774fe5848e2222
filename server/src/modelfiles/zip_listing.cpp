#include "modelfiles/zip_listing.hpp"

#include <zip.h>

#include <cstring>
#include <memory>

namespace cairn::modelfiles {
namespace {

constexpr std::size_t kTailBytes = 16 << 20;  ///< a central directory of ~100k entries fits
constexpr std::size_t kMaxEntries = 100000;

/// The last kTailBytes of a stream, seen by libzip as the whole file at its real offsets.
struct TailSource {
  std::vector<char> tail;
  uint64_t size = 0;        ///< of the whole stream
  uint64_t tail_start = 0;  ///< stream offset of tail[0]
  uint64_t position = 0;
  zip_error_t error;
};

zip_int64_t tail_callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto& s = *static_cast<TailSource*>(user);
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      s.position = 0;
      return 0;
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_FREE:
      return 0;  // owned by zip_entry_names
    case ZIP_SOURCE_READ: {
      if (s.position >= s.size) return 0;
      if (s.position < s.tail_start) {
        zip_error_set(&s.error, ZIP_ER_READ, 0);  // before the tail: not kept
        return -1;
      }
      uint64_t n = std::min<uint64_t>(len, s.size - s.position);
      std::memcpy(data, s.tail.data() + (s.position - s.tail_start), n);
      s.position += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_SEEK: {
      auto to = zip_source_seek_compute_offset(s.position, s.size, data, len, &s.error);
      if (to < 0) return -1;
      s.position = static_cast<uint64_t>(to);
      return 0;
    }
    case ZIP_SOURCE_TELL:
      return static_cast<zip_int64_t>(s.position);
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->size = s.size;
      st->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&s.error, data, len);
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
                                            ZIP_SOURCE_SUPPORTS, -1);
    default:
      zip_error_set(&s.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

/// Reads `in` to its end, keeping the last kTailBytes.
void read_tail(ByteReader& in, TailSource& s) {
  std::vector<char> chunk(1 << 20);
  while (std::size_t n = in.read(chunk.data(), chunk.size())) {
    s.tail.insert(s.tail.end(), chunk.data(), chunk.data() + n);
    s.size += n;
    if (s.tail.size() > 2 * kTailBytes) {  // trim in batches so copying stays linear
      std::size_t drop = s.tail.size() - kTailBytes;
      s.tail.erase(s.tail.begin(), s.tail.begin() + static_cast<std::ptrdiff_t>(drop));
      s.tail_start += drop;
    }
  }
}

}  // namespace

std::optional<std::vector<std::string>> zip_entry_names(ByteReader& in, std::string& error) {
  TailSource s;
  zip_error_init(&s.error);
  read_tail(in, s);

  zip_error_t open_error;
  zip_error_init(&open_error);
  zip_source_t* src = zip_source_function_create(tail_callback, &s, &open_error);
  zip_t* archive = src ? zip_open_from_source(src, ZIP_RDONLY, &open_error) : nullptr;
  if (!archive) {
    error = std::string("zip: ") + zip_error_strerror(&open_error);
    if (src) zip_source_free(src);
    zip_error_fini(&open_error);
    zip_error_fini(&s.error);
    return std::nullopt;
  }
  zip_error_fini(&open_error);

  std::vector<std::string> names;
  zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count && names.size() < kMaxEntries; ++i) {
    if (const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW)) {
      names.emplace_back(name);
    }
  }
  zip_discard(archive);  // read-only: nothing to write back; also frees src
  zip_error_fini(&s.error);
  return names;
}

}  // namespace cairn::modelfiles
