#include "parquet/parquet_file.hpp"

#include <set>

#include "parquet/bytes.hpp"
#include "parquet/column_reader.hpp"
#include "parquet/file_metadata.hpp"

namespace cairn::parquet {
namespace {

constexpr std::string_view kMagic = "PAR1";
constexpr std::string_view kEncryptedMagic = "PARE";

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    std::size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++p;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= n) return false;
    for (std::size_t i = 1; i <= n; ++i) {
      if ((p[i] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    p += n + 1;
  }
  return true;
}

/// The top-level columns of a flat schema, or a 422 naming the first nested or unreadable one.
Result<std::vector<ColumnSpec>> flat_columns(const std::vector<SchemaElement>& schema, const Limits& limits) {
  if (schema.empty() || schema[0].type) return corrupt("the schema has no root group");
  const auto children = static_cast<std::size_t>(schema[0].num_children);
  if (children == 0) return Error::validation("columns", "the Parquet file has no columns");
  if (children > limits.max_columns)
    return Error::validation("columns", "at most " + std::to_string(limits.max_columns) + " columns");
  std::vector<ColumnSpec> out;
  std::set<std::string> names;
  for (std::size_t i = 1; i <= children; ++i) {
    if (i >= schema.size()) return corrupt("the schema has fewer columns than its root declares");
    const SchemaElement& e = schema[i];
    if (!e.type || e.num_children > 0 || e.repetition == Repetition::repeated)
      return Error::validation(e.name, "column '" + e.name + "': nested columns are not supported");
    if (e.name.empty()) return corrupt("a column has no name");
    if (!names.insert(e.name).second)
      return Error::validation(e.name, "column '" + e.name + "' appears twice; column names must be unique");
    switch (*e.type) {
      case PhysicalType::int96:
        return unsupported(e.name, "the INT96 type (legacy timestamps; write TIMESTAMP as INT64)");
      case PhysicalType::fixed_len_byte_array:
        return unsupported(e.name, "the FIXED_LEN_BYTE_ARRAY type (decimal, UUID, FLOAT16)");
      case PhysicalType::byte_array:
        if (e.meaning == Meaning::decimal) return unsupported(e.name, "a DECIMAL stored as BYTE_ARRAY");
        break;
      default:
        break;
    }
    if (e.meaning == Meaning::other) return unsupported(e.name, "its logical type");
    ColumnSpec spec;
    spec.name = e.name;
    spec.optional = e.repetition == Repetition::optional;
    spec.value = ValueType{*e.type, e.meaning, e.scale};
    out.push_back(std::move(spec));
  }
  if (schema.size() != children + 1) return corrupt("the schema has more elements than its columns");
  return out;
}

ColumnKind kind_of(PhysicalType type) {
  switch (type) {
    case PhysicalType::boolean:
      return ColumnKind::boolean;
    case PhysicalType::byte_array:
      return ColumnKind::text;
    default:
      return ColumnKind::number;
  }
}

}  // namespace

Result<Table> read_table(std::string_view file, const Limits& limits) {
  if (file.size() < 12) return corrupt("it is shorter than a Parquet header and footer");
  if (file.substr(0, 4) != kMagic) {
    if (file.substr(0, 4) == kEncryptedMagic)
      return Error::validation("file", "encrypted Parquet files are not supported");
    return corrupt("it does not start with the Parquet magic bytes PAR1");
  }
  const std::string_view tail = file.substr(file.size() - 4);
  if (tail == kEncryptedMagic) return Error::validation("file", "encrypted Parquet files are not supported");
  if (tail != kMagic) return corrupt("it does not end with the Parquet magic bytes PAR1 (truncated?)");
  uint32_t footer_length = 0;
  std::memcpy(&footer_length, file.data() + file.size() - 8, 4);
  if (footer_length > file.size() - 12) return corrupt("its footer length is larger than the file");
  const std::size_t data_end = file.size() - 8 - footer_length;
  Budget budget(limits.max_decoded_bytes);
  CAIRN_TRY_ASSIGN(auto meta, read_file_metadata(file.substr(data_end, footer_length), budget));
  if (meta.encrypted) return Error::validation("file", "encrypted Parquet files are not supported");
  CAIRN_TRY_ASSIGN(auto specs, flat_columns(meta.schema, limits));
  if (meta.num_rows < 0) return corrupt("the row count is negative");
  if (static_cast<uint64_t>(meta.num_rows) > limits.max_rows)
    return Error::validation("records", "at most " + std::to_string(limits.max_rows) + " rows (the file has " +
                                            std::to_string(meta.num_rows) + ")");
  uint64_t group_rows = 0;
  for (const auto& g : meta.row_groups) {
    if (g.num_rows < 0 || static_cast<uint64_t>(g.num_rows) > limits.max_rows)
      return corrupt("a row group has an invalid row count");
    group_rows += static_cast<uint64_t>(g.num_rows);
    if (g.columns.size() != specs.size()) return corrupt("a row group has another number of columns than the schema");
  }
  if (group_rows != static_cast<uint64_t>(meta.num_rows))
    return corrupt("the row groups hold another number of rows than the file declares");

  Table table;
  table.rows = static_cast<std::size_t>(meta.num_rows);
  for (const auto& spec : specs) {
    Column c;
    c.name = spec.name;
    c.kind = kind_of(spec.value.type);
    table.columns.push_back(std::move(c));
  }
  for (const auto& g : meta.row_groups) {
    // An empty row group has nothing to read (pyarrow writes one with no data page at all).
    if (g.num_rows == 0) continue;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const ColumnChunk& chunk = g.columns[i];
      if (chunk.external) return unsupported(specs[i].name, "data in another file (file_path)");
      if (!chunk.has_meta_data) return corrupt("column '" + specs[i].name + "' lacks its metadata");
      if (chunk.type != static_cast<int32_t>(specs[i].value.type) || chunk.path.size() != 1 ||
          chunk.path[0] != specs[i].name)
        return corrupt("column '" + specs[i].name + "' in a row group does not match the schema");
      CAIRN_TRY(read_column_chunk(file, data_end, chunk, specs[i], static_cast<std::size_t>(g.num_rows), budget,
                                  table.columns[i]));
    }
  }
  for (const auto& c : table.columns) {
    if (c.kind != ColumnKind::text) continue;
    for (std::size_t r = 0; r < c.texts.size(); ++r)
      if (!valid_utf8(c.texts[r]))
        return Error::validation(c.name, "column '" + c.name + "', row " + std::to_string(r) + ": not UTF-8 text");
  }
  return table;
}

}  // namespace cairn::parquet
