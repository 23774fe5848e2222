#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelfiles/inspect.hpp"

namespace cairn::modelfiles {

/// A buffered, forward-only view of a ReadFn that counts its position. The format parsers only
/// need "give me n bytes", "skip n bytes" and "what comes first"; a reader failure is kept here
/// (sticky) and looks like the end of the file to them, so they stay free of I/O error paths and
/// inspect_file reports the reader's own error instead of a parse problem.
class ByteReader {
 public:
  explicit ByteReader(const ReadFn& read);

  /// Up to `n` bytes from the current position without consuming them (n <= the buffer size).
  std::string_view peek(std::size_t n);
  /// Reads up to `n` bytes into `out`; fewer only at the end of the file.
  std::size_t read(char* out, std::size_t n);
  /// Appends up to `n` bytes to `out`; returns how many.
  std::size_t read_into(std::string& out, std::size_t n);
  /// Discards up to `n` bytes without keeping them; returns how many.
  uint64_t skip(uint64_t n);
  /// Reads one byte; nullopt at the end.
  std::optional<uint8_t> read_byte();

  uint64_t offset() const { return offset_; }
  /// The reader's failure, if one happened.
  const std::optional<Error>& failure() const { return failure_; }

 private:
  bool fill();  ///< refills the buffer when it is consumed; false at the end or on failure

  static constexpr std::size_t kBufferSize = 64 * 1024;
  const ReadFn& read_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  ///< first unconsumed byte in buffer_
  std::size_t end_ = 0;    ///< one past the last valid byte in buffer_
  uint64_t offset_ = 0;
  bool eof_ = false;
  std::optional<Error> failure_;
};

}  // namespace cairn::modelfiles
