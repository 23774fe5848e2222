#pragma once

// A hand-written Parquet reader for reference data (issue 11). Debian 12 packages no Arrow or
// Parquet C++ library (no libarrow-dev, no libparquet-dev), and the subset the server needs (flat
// tables of numbers, booleans and strings, read once per upload) is small enough to own: the
// Thrift compact protocol of the footer and page headers, the RLE/bit-packed hybrid, PLAIN,
// dictionary, DELTA and BYTE_STREAM_SPLIT encodings, and the codecs through Debian's libsnappy,
// zlib and libzstd. Every input is hostile: each length and offset is checked before use, and
// what the file may allocate is capped (Limits in parquet/parquet_file.hpp).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace cairn::parquet {

/// A file that is not valid Parquet: 400, naming what is wrong.
inline Error corrupt(const std::string& what) {
  return Error::bad_request("the Parquet file is invalid: " + what);
}
/// Valid Parquet that this reader does not read: 422, naming the column and the feature.
inline Error unsupported(const std::string& column, const std::string& what) {
  return Error::validation(column, "column '" + column + "': " + what + " is not supported");
}

/// What a file may still allocate as it is decoded (Limits::max_decoded_bytes): its footer's
/// structures, decompressed pages and the values kept, so a small file cannot expand without bound.
class Budget {
 public:
  explicit Budget(std::size_t bytes) : left_(bytes), limit_(bytes) {}
  Status take(std::size_t bytes) {
    if (bytes > left_)
      return Error{ErrorCode::payload_too_large, "the Parquet file decodes to more than " +
                                                     std::to_string(limit_ >> 20) + " MiB; send fewer rows or columns"};
    left_ -= bytes;
    return {};
  }

 private:
  std::size_t left_;
  std::size_t limit_;
};

/// Bounds-checked reads over bytes this cursor does not own.
class ByteCursor {
 public:
  ByteCursor() = default;
  explicit ByteCursor(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  bool empty() const { return p_ == end_; }
  const char* position() const { return p_; }

  Result<uint8_t> byte() {
    if (p_ == end_) return corrupt("unexpected end of data");
    return static_cast<uint8_t>(*p_++);
  }
  Result<std::string_view> bytes(std::size_t n) {
    if (n > remaining()) return corrupt("a length runs past the end of its data");
    std::string_view out(p_, n);
    p_ += n;
    return out;
  }
  /// Little-endian fixed-width integer or float (Parquet's PLAIN layout).
  template <class T>
  Result<T> fixed() {
    if (sizeof(T) > remaining()) return corrupt("unexpected end of data");
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }
  /// ULEB128, at most 64 bits (Thrift varints, hybrid run headers, DELTA headers).
  Result<uint64_t> varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      CAIRN_TRY_ASSIGN(uint8_t b, byte());
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return corrupt("a varint is longer than 64 bits");
  }
  Result<int64_t> zigzag() {
    CAIRN_TRY_ASSIGN(uint64_t v, varint());
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }

 private:
  const char* p_ = nullptr;
  const char* end_ = nullptr;
};

}  // namespace cairn::parquet
