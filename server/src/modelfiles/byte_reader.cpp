#include "modelfiles/byte_reader.hpp"

#include <algorithm>
#include <cstring>

namespace cairn::modelfiles {

ByteReader::ByteReader(const ReadFn& read) : read_(read), buffer_(kBufferSize) {}

bool ByteReader::fill() {
  if (begin_ < end_) return true;
  if (eof_) return false;
  begin_ = end_ = 0;
  auto got = read_(buffer_.data(), buffer_.size());
  if (!got.ok()) {
    failure_ = std::move(got).error();
    eof_ = true;
    return false;
  }
  end_ = std::min(*got, buffer_.size());
  eof_ = end_ == 0;
  return !eof_;
}

std::string_view ByteReader::peek(std::size_t n) {
  n = std::min(n, buffer_.size());
  if (end_ - begin_ < n && !eof_) {
    // Move the unconsumed tail to the front, then top up until n bytes or the end.
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    while (end_ < n) {
      auto got = read_(buffer_.data() + end_, buffer_.size() - end_);
      if (!got.ok()) {
        failure_ = std::move(got).error();
        eof_ = true;
        break;
      }
      if (*got == 0) {
        eof_ = true;
        break;
      }
      end_ += std::min(*got, buffer_.size() - end_);
    }
  }
  return {buffer_.data() + begin_, std::min(n, end_ - begin_)};
}

std::size_t ByteReader::read(char* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n && fill()) {
    std::size_t take = std::min(n - done, end_ - begin_);
    std::memcpy(out + done, buffer_.data() + begin_, take);
    begin_ += take;
    done += take;
  }
  offset_ += done;
  return done;
}

std::size_t ByteReader::read_into(std::string& out, std::size_t n) {
  std::size_t done = 0;
  while (done < n && fill()) {
    std::size_t take = std::min(n - done, end_ - begin_);
    out.append(buffer_.data() + begin_, take);
    begin_ += take;
    done += take;
  }
  offset_ += done;
  return done;
}

uint64_t ByteReader::skip(uint64_t n) {
  uint64_t done = 0;
  while (done < n && fill()) {
    uint64_t take = std::min<uint64_t>(n - done, end_ - begin_);
    begin_ += take;
    done += take;
  }
  offset_ += done;
  return done;
}

std::optional<uint8_t> ByteReader::read_byte() {
  if (!fill()) return std::nullopt;
  ++offset_;
  return static_cast<uint8_t>(buffer_[begin_++]);
}

}  // namespace cairn::modelfiles
