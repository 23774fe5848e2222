#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

/// Page decompression: UNCOMPRESSED, SNAPPY (pyarrow's default), GZIP and ZSTD through Debian's
/// libsnappy, zlib and libzstd. Other codecs (LZO, BROTLI, LZ4, LZ4_RAW) answer 422 naming them.
namespace cairn::parquet {

/// Whether this reader decompresses `codec`.
bool codec_supported(int32_t codec);

/// `in` decompressed into exactly `size` bytes (the page header's uncompressed size, which the
/// caller has checked against its budget): output of another size is a corrupt page.
Result<std::string> decompress(int32_t codec, std::string_view in, std::size_t size);

}  // namespace cairn::parquet
