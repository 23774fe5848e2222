#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "parquet/bytes.hpp"

/// The Thrift compact protocol, as far as Parquet's footer and page headers use it:
/// https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
/// A struct is read field by field through a callback that reads the fields it knows and skips
/// the others, so metadata written by newer writers (new optional fields) still reads.
namespace cairn::parquet::thrift {

enum Type : uint8_t {
  kStop = 0,
  kTrue = 1,  ///< a bool field's value is its type (in lists: one byte)
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

struct ListHeader {
  uint8_t element_type = 0;
  uint32_t size = 0;
};

class CompactReader {
 public:
  /// Deeper nesting than this is refused (Parquet's own metadata nests about 5 levels), so a
  /// hostile footer cannot exhaust the stack through skip().
  static constexpr int kMaxDepth = 32;

  explicit CompactReader(std::string_view bytes) : in_(bytes) {}

  /// Calls `on_field(id, type)` for each field until the struct's stop byte; the callback reads
  /// the value with the typed readers below or skip(type).
  template <class F>
  Status read_struct(F&& on_field) {
    if (++depth_ > kMaxDepth) return corrupt("metadata nested deeper than " + std::to_string(kMaxDepth));
    int16_t last = 0;
    for (;;) {
      CAIRN_TRY_ASSIGN(uint8_t header, in_.byte());
      if (header == kStop) break;
      const uint8_t type = header & 0x0f;
      const int delta = header >> 4;
      int64_t id = last + delta;
      if (delta == 0) {
        CAIRN_TRY_ASSIGN(id, in_.zigzag());
      }
      if (id < INT16_MIN || id > INT16_MAX) return corrupt("a metadata field id is out of range");
      last = static_cast<int16_t>(id);
      CAIRN_TRY(on_field(last, type));
    }
    --depth_;
    return {};
  }

  Result<bool> read_bool(uint8_t type);
  Result<int32_t> read_i32(uint8_t type);
  Result<int64_t> read_i64(uint8_t type);
  Result<std::string_view> read_binary(uint8_t type);
  /// A list's header; its `size` elements follow (each at least one byte, checked here).
  Result<ListHeader> read_list(uint8_t type);
  /// Skips a value of any type, nested values included.
  Status skip(uint8_t type);

  /// Bytes read so far (a page header's length in its page).
  std::size_t consumed(std::string_view from) const { return static_cast<std::size_t>(in_.position() - from.data()); }

 private:
  ByteCursor in_;
  int depth_ = 0;
};

}  // namespace cairn::parquet::thrift
