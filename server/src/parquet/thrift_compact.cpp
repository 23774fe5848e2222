#include "parquet/thrift_compact.hpp"

namespace cairn::parquet::thrift {
namespace {

Error wrong_type(uint8_t type) {
  return corrupt("a metadata field has an unexpected type " + std::to_string(type));
}

}  // namespace

Result<bool> CompactReader::read_bool(uint8_t type) {
  if (type == kTrue || type == kFalse) return type == kTrue;
  return wrong_type(type);
}

Result<int32_t> CompactReader::read_i32(uint8_t type) {
  if (type == kByte) {
    CAIRN_TRY_ASSIGN(uint8_t b, in_.byte());
    return static_cast<int32_t>(static_cast<int8_t>(b));
  }
  if (type != kI16 && type != kI32) return wrong_type(type);
  CAIRN_TRY_ASSIGN(int64_t v, in_.zigzag());
  if (v < INT32_MIN || v > INT32_MAX) return corrupt("a 32-bit metadata field is out of range");
  return static_cast<int32_t>(v);
}

Result<int64_t> CompactReader::read_i64(uint8_t type) {
  if (type != kI16 && type != kI32 && type != kI64) return wrong_type(type);
  return in_.zigzag();
}

Result<std::string_view> CompactReader::read_binary(uint8_t type) {
  if (type != kBinary) return wrong_type(type);
  CAIRN_TRY_ASSIGN(uint64_t n, in_.varint());
  if (n > in_.remaining()) return corrupt("a metadata string runs past the end of the footer");
  return in_.bytes(static_cast<std::size_t>(n));
}

Result<ListHeader> CompactReader::read_list(uint8_t type) {
  if (type != kList && type != kSet) return wrong_type(type);
  CAIRN_TRY_ASSIGN(uint8_t header, in_.byte());
  ListHeader out;
  out.element_type = header & 0x0f;
  uint64_t size = header >> 4;
  if (size == 15) {
    CAIRN_TRY_ASSIGN(size, in_.varint());
  }
  // Every element takes at least one byte: a larger count is a lie that would loop for long.
  if (size > in_.remaining()) return corrupt("a metadata list claims more elements than the footer holds");
  out.size = static_cast<uint32_t>(size);
  return out;
}

Status CompactReader::skip(uint8_t type) {
  switch (type) {
    case kTrue:
    case kFalse:
      return {};  // a struct field's bool is in its header
    case kByte:
      return in_.byte().ok() ? Status{} : corrupt("unexpected end of metadata");
    case kI16:
    case kI32:
    case kI64: {
      CAIRN_TRY(in_.varint());
      return {};
    }
    case kDouble: {
      CAIRN_TRY(in_.bytes(8));
      return {};
    }
    case kBinary: {
      CAIRN_TRY(read_binary(type));
      return {};
    }
    case kList:
    case kSet: {
      CAIRN_TRY_ASSIGN(auto list, read_list(type));
      if (++depth_ > kMaxDepth) return corrupt("metadata nested deeper than " + std::to_string(kMaxDepth));
      for (uint32_t i = 0; i < list.size; ++i) {
        // In a list a bool is one byte, not part of a header.
        if (list.element_type == kTrue || list.element_type == kFalse) {
          CAIRN_TRY(in_.byte());
        } else {
          CAIRN_TRY(skip(list.element_type));
        }
      }
      --depth_;
      return {};
    }
    case kMap: {
      CAIRN_TRY_ASSIGN(uint64_t size, in_.varint());
      if (size == 0) return {};
      if (size > in_.remaining()) return corrupt("a metadata map claims more entries than the footer holds");
      CAIRN_TRY_ASSIGN(uint8_t types, in_.byte());
      if (++depth_ > kMaxDepth) return corrupt("metadata nested deeper than " + std::to_string(kMaxDepth));
      for (uint64_t i = 0; i < size; ++i) {
        for (uint8_t t : {static_cast<uint8_t>(types >> 4), static_cast<uint8_t>(types & 0x0f)}) {
          if (t == kTrue || t == kFalse) {
            CAIRN_TRY(in_.byte());
          } else {
            CAIRN_TRY(skip(t));
          }
        }
      }
      --depth_;
      return {};
    }
    case kStruct:
      return read_struct([this](int16_t, uint8_t t) { return skip(t); });
    default:
      return wrong_type(type);
  }
}

}  // namespace cairn::parquet::thrift
