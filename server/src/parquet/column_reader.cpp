#include "parquet/column_reader.hpp"

#include <algorithm>
#include <cmath>

#include "parquet/bytes.hpp"
#include "parquet/codec.hpp"
#include "parquet/rle_hybrid.hpp"

namespace cairn::parquet {
namespace {

/// The state of one chunk as its pages are read.
struct ChunkState {
  const ColumnSpec& spec;
  int32_t codec;
  Budget& budget;
  Column& out;
  std::size_t rows_left;
  std::string dictionary_bytes;  ///< the decompressed dictionary page, which `dictionary` points into
  DecodedValues dictionary;
  bool has_dictionary = false;
};

/// The definition levels of a flat optional column (0 = null, 1 = a value) as presence flags.
Status read_levels(std::string_view runs, std::size_t count, std::vector<uint8_t>& present) {
  std::vector<uint32_t> levels;
  CAIRN_TRY(decode_hybrid(runs, 1, count, levels));
  present.assign(levels.begin(), levels.end());
  return {};
}

Status decode_values(ChunkState& s, int32_t encoding, std::string_view data, std::size_t count, DecodedValues& values) {
  const ValueType& type = s.spec.value;
  switch (static_cast<Encoding>(encoding)) {
    case Encoding::plain:
      return decode_plain(data, type, count, values);
    case Encoding::plain_dictionary:
    case Encoding::rle_dictionary: {
      if (!s.has_dictionary) return corrupt("column '" + s.spec.name + "' has dictionary indices but no dictionary");
      if (data.empty()) {
        if (count == 0) return {};
        return corrupt("column '" + s.spec.name + "' has an empty dictionary-encoded page");
      }
      const int width = static_cast<unsigned char>(data[0]);
      std::vector<uint32_t> indices;
      CAIRN_TRY(decode_hybrid(data.substr(1), width, count, indices));
      const std::size_t size = s.dictionary.size();
      for (uint32_t i : indices) {
        if (i >= size) return corrupt("column '" + s.spec.name + "' has a dictionary index out of range");
        if (type.type == PhysicalType::byte_array)
          values.texts.push_back(s.dictionary.texts[i]);
        else
          values.numbers.push_back(s.dictionary.numbers[i]);
      }
      return {};
    }
    case Encoding::rle:
      if (type.type != PhysicalType::boolean) break;
      return decode_rle_booleans(data, count, values);
    case Encoding::delta_binary_packed:
      if (type.type != PhysicalType::int32 && type.type != PhysicalType::int64) break;
      return decode_delta_binary_packed(data, type, count, values);
    case Encoding::delta_length_byte_array:
      if (type.type != PhysicalType::byte_array) break;
      return decode_delta_length_byte_array(data, count, values);
    case Encoding::delta_byte_array:
      if (type.type != PhysicalType::byte_array) break;
      return decode_delta_byte_array(data, count, values, s.budget);
    case Encoding::byte_stream_split:
      if (type.type == PhysicalType::boolean || type.type == PhysicalType::byte_array) break;
      return decode_byte_stream_split(data, type, count, values);
    default:
      break;
  }
  return unsupported(s.spec.name, "the encoding " + encoding_name(encoding));
}

/// Appends a page's rows: values where `present`, nulls elsewhere (`present` empty: all values).
Status append_rows(ChunkState& s, const std::vector<uint8_t>& present, std::size_t rows, const DecodedValues& values) {
  Column& c = s.out;
  std::size_t next = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const bool has = present.empty() || present[r];
    c.present.push_back(has ? 1 : 0);
    if (c.kind == ColumnKind::text) {
      std::string_view v = has ? values.texts[next++] : std::string_view();
      // Texts are charged by size: a dictionary entry repeated on every row is paid each time.
      CAIRN_TRY(s.budget.take(v.size() + sizeof(std::string)));
      c.texts.emplace_back(v);
    } else {
      CAIRN_TRY(s.budget.take(sizeof(double)));
      c.numbers.push_back(has ? values.numbers[next++] : std::nan(""));
    }
  }
  return {};
}

Result<std::string> page_body(ChunkState& s, std::string_view compressed, std::size_t size, int32_t codec) {
  CAIRN_TRY(s.budget.take(size));
  return decompress(codec, compressed, size);
}

Status read_dictionary_page(ChunkState& s, const PageHeader& h, std::string_view compressed) {
  if (s.has_dictionary) return corrupt("column '" + s.spec.name + "' has two dictionary pages");
  if (h.encoding != static_cast<int32_t>(Encoding::plain) &&
      h.encoding != static_cast<int32_t>(Encoding::plain_dictionary))
    return unsupported(s.spec.name, "a dictionary in the encoding " + encoding_name(h.encoding));
  // The decoded entries cost more than their bytes (a bit of a BOOLEAN becomes a double): charged
  // from the stated count, before any is made.
  const std::size_t entry = s.spec.value.type == PhysicalType::byte_array ? sizeof(std::string_view) : sizeof(double);
  CAIRN_TRY(s.budget.take(static_cast<std::size_t>(h.num_values) * entry));
  CAIRN_TRY_ASSIGN(s.dictionary_bytes,
                   page_body(s, compressed, static_cast<std::size_t>(h.uncompressed_size), s.codec));
  // decode_plain checks each value against the page's bytes, so a lying count fails there.
  CAIRN_TRY(decode_plain(s.dictionary_bytes, s.spec.value, static_cast<std::size_t>(h.num_values), s.dictionary));
  s.has_dictionary = true;
  return {};
}

Status read_data_page(ChunkState& s, const PageHeader& h, std::string_view compressed) {
  const auto rows = static_cast<std::size_t>(h.num_values);
  if (rows > s.rows_left) return corrupt("column '" + s.spec.name + "' has more values than rows");
  CAIRN_TRY_ASSIGN(auto body, page_body(s, compressed, static_cast<std::size_t>(h.uncompressed_size), s.codec));
  std::string_view rest = body;
  std::vector<uint8_t> present;
  if (s.spec.optional) {
    if (h.definition_level_encoding != static_cast<int32_t>(Encoding::rle))
      return unsupported(s.spec.name,
                         "definition levels in the encoding " + encoding_name(h.definition_level_encoding));
    ByteCursor in(rest);
    CAIRN_TRY_ASSIGN(uint32_t length, in.fixed<uint32_t>());
    CAIRN_TRY_ASSIGN(auto runs, in.bytes(length));
    CAIRN_TRY(read_levels(runs, rows, present));
    rest = std::string_view(in.position(), in.remaining());
  }
  std::size_t non_null = rows;
  if (!present.empty()) non_null = static_cast<std::size_t>(std::count(present.begin(), present.end(), 1));
  DecodedValues values;
  CAIRN_TRY(decode_values(s, h.encoding, rest, non_null, values));
  if (values.size() != non_null) return corrupt("column '" + s.spec.name + "' has fewer values than its levels");
  CAIRN_TRY(append_rows(s, present, rows, values));
  s.rows_left -= rows;
  return {};
}

Status read_data_page_v2(ChunkState& s, const PageHeader& h, std::string_view page) {
  const auto rows = static_cast<std::size_t>(h.num_values);
  if (rows > s.rows_left) return corrupt("column '" + s.spec.name + "' has more values than rows");
  if (h.num_rows != h.num_values) return unsupported(s.spec.name, "a repeated column");
  const auto rep_length = static_cast<std::size_t>(h.repetition_levels_byte_length);
  const auto def_length = static_cast<std::size_t>(h.definition_levels_byte_length);
  if (rep_length + def_length > page.size() || rep_length + def_length > static_cast<std::size_t>(h.uncompressed_size))
    return corrupt("column '" + s.spec.name + "' has levels longer than their page");
  // In v2 the levels are never compressed; only the values after them may be.
  std::string_view levels = page.substr(rep_length, def_length);
  std::string_view compressed = page.substr(rep_length + def_length);
  const std::size_t values_size = static_cast<std::size_t>(h.uncompressed_size) - rep_length - def_length;
  std::vector<uint8_t> present;
  if (s.spec.optional) CAIRN_TRY(read_levels(levels, rows, present));
  const std::size_t non_null =
      present.empty() ? rows : static_cast<std::size_t>(std::count(present.begin(), present.end(), 1));
  if (static_cast<std::size_t>(h.num_nulls) != rows - non_null)
    return corrupt("column '" + s.spec.name + "' counts its nulls differently from its levels");
  std::string body;
  std::string_view data = compressed;
  if (h.is_compressed && s.codec != static_cast<int32_t>(Codec::uncompressed)) {
    CAIRN_TRY_ASSIGN(body, page_body(s, compressed, values_size, s.codec));
    data = body;
  } else if (compressed.size() != values_size) {
    return corrupt("column '" + s.spec.name + "' has a page of another size than its header states");
  }
  DecodedValues values;
  CAIRN_TRY(decode_values(s, h.encoding, data, non_null, values));
  if (values.size() != non_null) return corrupt("column '" + s.spec.name + "' has fewer values than its levels");
  CAIRN_TRY(append_rows(s, present, rows, values));
  s.rows_left -= rows;
  return {};
}

}  // namespace

Status read_column_chunk(std::string_view file, std::size_t data_end, const ColumnChunk& chunk, const ColumnSpec& spec,
                         std::size_t rows, Budget& budget, Column& out) {
  if (!codec_supported(chunk.codec)) return unsupported(spec.name, "the compression codec " + codec_name(chunk.codec));
  if (chunk.num_values < 0 || static_cast<uint64_t>(chunk.num_values) != rows)
    return corrupt("column '" + spec.name + "' holds another number of values than its row group has rows");
  // The chunk starts at its dictionary page when it has one (some writers set that offset to 0
  // meaning none, so only an offset before the first data page counts).
  int64_t start = chunk.data_page_offset;
  if (chunk.dictionary_page_offset && *chunk.dictionary_page_offset > 0 &&
      *chunk.dictionary_page_offset < chunk.data_page_offset)
    start = *chunk.dictionary_page_offset;
  if (start < 4 || chunk.total_compressed_size < 0 || static_cast<uint64_t>(start) > data_end ||
      static_cast<uint64_t>(chunk.total_compressed_size) > data_end - static_cast<uint64_t>(start))
    return corrupt("column '" + spec.name + "' lies outside the file");
  std::string_view pages =
      file.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(chunk.total_compressed_size));
  ChunkState s{spec, chunk.codec, budget, out, rows, {}, {}, false};
  while (s.rows_left > 0) {
    if (pages.empty()) return corrupt("column '" + spec.name + "' ends before its " + std::to_string(rows) + " values");
    CAIRN_TRY_ASSIGN(auto h, read_page_header(pages));
    if (h.header_size > pages.size() || static_cast<std::size_t>(h.compressed_size) > pages.size() - h.header_size)
      return corrupt("column '" + spec.name + "' has a page longer than its chunk");
    std::string_view page = pages.substr(h.header_size, static_cast<std::size_t>(h.compressed_size));
    pages.remove_prefix(h.header_size + static_cast<std::size_t>(h.compressed_size));
    switch (static_cast<PageType>(h.type)) {
      case PageType::dictionary:
        if (!h.has_type_header) return corrupt("a dictionary page lacks its header");
        CAIRN_TRY(read_dictionary_page(s, h, page));
        break;
      case PageType::data:
        if (!h.has_type_header) return corrupt("a data page lacks its header");
        CAIRN_TRY(read_data_page(s, h, page));
        break;
      case PageType::data_v2:
        if (!h.has_type_header) return corrupt("a data page v2 lacks its header");
        CAIRN_TRY(read_data_page_v2(s, h, page));
        break;
      case PageType::index:
        break;
      default:
        return corrupt("column '" + spec.name + "' has a page of unknown type " + std::to_string(h.type));
    }
  }
  return {};
}

}  // namespace cairn::parquet
