#include "parquet/codec.hpp"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include "parquet/bytes.hpp"
#include "parquet/file_metadata.hpp"

namespace cairn::parquet {
namespace {

Error wrong_size() {
  return corrupt("a page does not decompress to the size its header states");
}

Result<std::string> inflate_gzip(std::string_view in, std::size_t size) {
  std::string out(size, '\0');
  z_stream z{};
  // 15 + 32: a zlib or gzip header, detected (Parquet's GZIP is gzip; some writers wrote zlib).
  if (inflateInit2(&z, 15 + 32) != Z_OK) return Error::internal("zlib could not start");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  const std::size_t produced = out.size() - z.avail_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || produced != size)
    return size == produced ? corrupt("a GZIP page is damaged") : wrong_size();
  return out;
}

}  // namespace

bool codec_supported(int32_t codec) {
  switch (static_cast<Codec>(codec)) {
    case Codec::uncompressed:
    case Codec::snappy:
    case Codec::gzip:
    case Codec::zstd:
      return true;
    default:
      return false;
  }
}

Result<std::string> decompress(int32_t codec, std::string_view in, std::size_t size) {
  switch (static_cast<Codec>(codec)) {
    case Codec::uncompressed:
      if (in.size() != size) return wrong_size();
      return std::string(in);
    case Codec::snappy: {
      std::size_t length = 0;
      if (!snappy::GetUncompressedLength(in.data(), in.size(), &length)) return corrupt("a SNAPPY page is damaged");
      if (length != size) return wrong_size();
      std::string out(size, '\0');
      if (!snappy::RawUncompress(in.data(), in.size(), out.data())) return corrupt("a SNAPPY page is damaged");
      return out;
    }
    case Codec::gzip:
      if (in.size() > UINT32_MAX || size > UINT32_MAX) return corrupt("a GZIP page is too large");
      return inflate_gzip(in, size);
    case Codec::zstd: {
      std::string out(size, '\0');
      const std::size_t n = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
      if (ZSTD_isError(n)) return corrupt(std::string("a ZSTD page is damaged (") + ZSTD_getErrorName(n) + ")");
      if (n != size) return wrong_size();
      return out;
    }
    default:
      return Error::validation("codec", "the compression codec " + codec_name(codec) + " is not supported");
  }
}

}  // namespace cairn::parquet
