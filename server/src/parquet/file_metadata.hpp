#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "parquet/bytes.hpp"

/// Parquet's footer (FileMetaData) and page headers, the fields this reader uses, with the
/// numbering of parquet.thrift: https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift
namespace cairn::parquet {

enum class PhysicalType : int32_t {
  boolean = 0,
  int32 = 1,
  int64 = 2,
  int96 = 3,
  float32 = 4,
  float64 = 5,
  byte_array = 6,
  fixed_len_byte_array = 7,
};

enum class Repetition : int32_t { required = 0, optional = 1, repeated = 2 };

enum class Encoding : int32_t {
  plain = 0,
  plain_dictionary = 2,
  rle = 3,
  bit_packed = 4,
  delta_binary_packed = 5,
  delta_length_byte_array = 6,
  delta_byte_array = 7,
  rle_dictionary = 8,
  byte_stream_split = 9,
};
std::string encoding_name(int32_t encoding);

enum class Codec : int32_t {
  uncompressed = 0,
  snappy = 1,
  gzip = 2,
  lzo = 3,
  brotli = 4,
  lz4 = 5,
  zstd = 6,
  lz4_raw = 7,
};
std::string codec_name(int32_t codec);

/// What a column's values mean beyond their physical type (ConvertedType or LogicalType).
/// DATE, TIME and TIMESTAMP are `none`: their integers (days, or units since the epoch or
/// midnight) are read as numbers.
enum class Meaning {
  none,
  text,          ///< STRING / UTF8 / ENUM / JSON
  unsigned_int,  ///< UINT_32 / UINT_64 / INTEGER(signed=false): the bits read unsigned
  decimal,       ///< scaled integer: value / 10^scale
  other,         ///< a logical type this reader does not interpret (UUID, INTERVAL, FLOAT16, BSON, ...)
};

struct SchemaElement {
  std::string name;
  std::optional<PhysicalType> type;  ///< none: a group
  int32_t type_length = 0;
  Repetition repetition = Repetition::required;
  int32_t num_children = 0;
  Meaning meaning = Meaning::none;
  int32_t scale = 0;
  bool has_repetition = false;
};

struct ColumnChunk {
  int32_t type = 0;
  std::vector<std::string> path;
  int32_t codec = 0;
  int64_t num_values = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  bool external = false;  ///< file_path set: the data lives in another file
  bool has_meta_data = false;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t num_rows = 0;
};

struct FileMetaData {
  std::vector<SchemaElement> schema;  ///< depth-first; [0] is the root
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  bool encrypted = false;
};

/// The footer's Thrift bytes (between the data and the trailing length and magic). Each structure
/// read is charged to `budget`: a footer of a million empty structs is a few megabytes that would
/// otherwise become a hundred times that in memory.
Result<FileMetaData> read_file_metadata(std::string_view footer, Budget& budget);

enum class PageType : int32_t { data = 0, index = 1, dictionary = 2, data_v2 = 3 };

struct PageHeader {
  int32_t type = 0;
  int32_t uncompressed_size = 0;
  int32_t compressed_size = 0;
  // DATA_PAGE, DICTIONARY_PAGE and DATA_PAGE_V2
  int32_t num_values = 0;
  int32_t encoding = 0;
  // DATA_PAGE
  int32_t definition_level_encoding = 0;
  // DATA_PAGE_V2
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
  bool has_type_header = false;  ///< the header of its type was present
  std::size_t header_size = 0;   ///< bytes of the Thrift header before the page's data
};

/// The page header at the start of `bytes` (the page's data follows it).
Result<PageHeader> read_page_header(std::string_view bytes);

}  // namespace cairn::parquet
