#include "parquet/file_metadata.hpp"

#include "parquet/thrift_compact.hpp"

namespace cairn::parquet {
namespace {

using thrift::CompactReader;

/// Stores a read value in its field (a switch case's one statement).
template <class T, class U>
Status assign(T& field, Result<U> read) {
  if (!read) return std::move(read).error();
  field = std::move(*read);
  return {};
}

std::string or_number(const char* name, int32_t value) {
  return name ? std::string(name) : "#" + std::to_string(value);
}

/// Parquet's LogicalType union: which member is set decides the meaning.
Status read_logical_type(CompactReader& r, SchemaElement& e) {
  return r.read_struct([&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1:   // STRING
      case 4:   // ENUM
      case 12:  // JSON
        e.meaning = Meaning::text;
        return r.skip(type);
      case 5:  // DECIMAL {1: scale, 2: precision}
        e.meaning = Meaning::decimal;
        return r.read_struct([&](int16_t field, uint8_t t) -> Status {
          if (field != 1) return r.skip(t);
          return assign(e.scale, r.read_i32(t));
        });
      case 6:  // DATE
      case 7:  // TIME
      case 8:  // TIMESTAMP
        e.meaning = Meaning::none;
        return r.skip(type);
      case 10:  // INTEGER {1: bitWidth, 2: isSigned}
        return r.read_struct([&](int16_t field, uint8_t t) -> Status {
          if (field != 2) return r.skip(t);
          CAIRN_TRY_ASSIGN(bool is_signed, r.read_bool(t));
          e.meaning = is_signed ? Meaning::none : Meaning::unsigned_int;
          return {};
        });
      case 2:   // MAP
      case 3:   // LIST
      case 11:  // UNKNOWN (always null)
        return r.skip(type);
      default:  // BSON, UUID, FLOAT16, and what newer writers add
        e.meaning = Meaning::other;
        return r.skip(type);
    }
  });
}

Meaning meaning_of_converted_type(int32_t converted) {
  switch (converted) {
    case 0:   // UTF8
    case 4:   // ENUM
    case 19:  // JSON
      return Meaning::text;
    case 5:
      return Meaning::decimal;
    case 13:  // UINT_32
    case 14:  // UINT_64
      return Meaning::unsigned_int;
    case 20:  // BSON
    case 21:  // INTERVAL
      return Meaning::other;
    default:  // DATE, TIME_*, TIMESTAMP_*, the small and signed ints: numbers as stored
      return Meaning::none;
  }
}

Result<SchemaElement> read_schema_element(CompactReader& r) {
  SchemaElement e;
  bool has_logical = false;
  int32_t converted = -1;
  CAIRN_TRY(r.read_struct([&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1: {
        CAIRN_TRY_ASSIGN(int32_t t, r.read_i32(type));
        if (t < 0 || t > 7) return corrupt("a column has an unknown physical type " + std::to_string(t));
        e.type = static_cast<PhysicalType>(t);
        return {};
      }
      case 2:
        return assign(e.type_length, r.read_i32(type));
      case 3: {
        CAIRN_TRY_ASSIGN(int32_t rep, r.read_i32(type));
        if (rep < 0 || rep > 2) return corrupt("a column has an unknown repetition " + std::to_string(rep));
        e.repetition = static_cast<Repetition>(rep);
        e.has_repetition = true;
        return {};
      }
      case 4: {
        CAIRN_TRY_ASSIGN(auto name, r.read_binary(type));
        e.name = std::string(name);
        return {};
      }
      case 5: {
        CAIRN_TRY_ASSIGN(e.num_children, r.read_i32(type));
        if (e.num_children < 0) return corrupt("a schema element has a negative number of children");
        return {};
      }
      case 6:
        return assign(converted, r.read_i32(type));
      case 7:
        if (has_logical) return r.skip(type);
        return assign(e.scale, r.read_i32(type));
      case 10:
        if (type != thrift::kStruct) return corrupt("a schema element's logical type is not a struct");
        has_logical = true;
        return read_logical_type(r, e);
      default:
        return r.skip(type);
    }
  }));
  // The LogicalType, when written, is the more precise of the two annotations.
  if (!has_logical && converted >= 0) e.meaning = meaning_of_converted_type(converted);
  return e;
}

Result<ColumnChunk> read_column_meta(CompactReader& r, ColumnChunk c, Budget& budget) {
  CAIRN_TRY(r.read_struct([&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1:
        return assign(c.type, r.read_i32(type));
      case 3: {
        CAIRN_TRY_ASSIGN(auto list, r.read_list(type));
        for (uint32_t i = 0; i < list.size; ++i) {
          CAIRN_TRY_ASSIGN(auto part, r.read_binary(list.element_type));
          CAIRN_TRY(budget.take(sizeof(std::string) + part.size()));
          c.path.emplace_back(part);
        }
        return {};
      }
      case 4:
        return assign(c.codec, r.read_i32(type));
      case 5:
        return assign(c.num_values, r.read_i64(type));
      case 7:
        return assign(c.total_compressed_size, r.read_i64(type));
      case 9:
        return assign(c.data_page_offset, r.read_i64(type));
      case 11: {
        CAIRN_TRY_ASSIGN(int64_t offset, r.read_i64(type));
        c.dictionary_page_offset = offset;
        return {};
      }
      default:
        return r.skip(type);
    }
  }));
  return c;
}

Result<ColumnChunk> read_column_chunk(CompactReader& r, Budget& budget) {
  ColumnChunk c;
  bool encrypted = false;
  CAIRN_TRY(r.read_struct([&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1:
        c.external = true;
        return r.skip(type);
      case 3: {
        if (type != thrift::kStruct) return corrupt("a column chunk's metadata is not a struct");
        CAIRN_TRY_ASSIGN(c, read_column_meta(r, std::move(c), budget));
        c.has_meta_data = true;
        return {};
      }
      case 8:
      case 9:
        encrypted = true;
        return r.skip(type);
      default:
        return r.skip(type);
    }
  }));
  if (encrypted) return Error::validation("file", "encrypted Parquet columns are not supported");
  return c;
}

Result<RowGroup> read_row_group(CompactReader& r, Budget& budget) {
  RowGroup g;
  CAIRN_TRY(r.read_struct([&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1: {
        CAIRN_TRY_ASSIGN(auto list, r.read_list(type));
        if (list.element_type != thrift::kStruct) return corrupt("a row group's columns are not structs");
        for (uint32_t i = 0; i < list.size; ++i) {
          CAIRN_TRY(budget.take(sizeof(ColumnChunk)));
          CAIRN_TRY_ASSIGN(auto chunk, read_column_chunk(r, budget));
          g.columns.push_back(std::move(chunk));
        }
        return {};
      }
      case 3:
        return assign(g.num_rows, r.read_i64(type));
      default:
        return r.skip(type);
    }
  }));
  return g;
}

}  // namespace

std::string encoding_name(int32_t encoding) {
  static const char* const names[] = {
      "PLAIN",          "GROUP_VAR_INT",       "PLAIN_DICTIONARY",        "RLE",
      "BIT_PACKED",     "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY",
      "RLE_DICTIONARY", "BYTE_STREAM_SPLIT"};
  return or_number(encoding >= 0 && encoding < 10 ? names[encoding] : nullptr, encoding);
}

std::string codec_name(int32_t codec) {
  static const char* const names[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};
  return or_number(codec >= 0 && codec < 8 ? names[codec] : nullptr, codec);
}

Result<FileMetaData> read_file_metadata(std::string_view footer, Budget& budget) {
  CompactReader r(footer);
  FileMetaData m;
  bool has_schema = false, has_rows = false, has_groups = false;
  CAIRN_TRY(r.read_struct([&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 2: {
        CAIRN_TRY_ASSIGN(auto list, r.read_list(type));
        if (list.element_type != thrift::kStruct) return corrupt("the schema is not a list of structs");
        for (uint32_t i = 0; i < list.size; ++i) {
          CAIRN_TRY(budget.take(sizeof(SchemaElement)));
          CAIRN_TRY_ASSIGN(auto e, read_schema_element(r));
          CAIRN_TRY(budget.take(e.name.size()));
          m.schema.push_back(std::move(e));
        }
        has_schema = true;
        return {};
      }
      case 3:
        has_rows = true;
        return assign(m.num_rows, r.read_i64(type));
      case 4: {
        CAIRN_TRY_ASSIGN(auto list, r.read_list(type));
        if (list.element_type != thrift::kStruct) return corrupt("the row groups are not a list of structs");
        for (uint32_t i = 0; i < list.size; ++i) {
          CAIRN_TRY(budget.take(sizeof(RowGroup)));
          CAIRN_TRY_ASSIGN(auto g, read_row_group(r, budget));
          m.row_groups.push_back(std::move(g));
        }
        has_groups = true;
        return {};
      }
      case 8:
        m.encrypted = true;
        return r.skip(type);
      default:
        return r.skip(type);
    }
  }));
  if (!has_schema || !has_rows || !has_groups) return corrupt("the footer lacks its schema, row count or row groups");
  return m;
}

Result<PageHeader> read_page_header(std::string_view bytes) {
  CompactReader r(bytes);
  PageHeader h;
  auto data_page = [&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1:
        return assign(h.num_values, r.read_i32(type));
      case 2:
        return assign(h.encoding, r.read_i32(type));
      case 3:
        return assign(h.definition_level_encoding, r.read_i32(type));
      default:
        return r.skip(type);
    }
  };
  auto dictionary_page = [&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1:
        return assign(h.num_values, r.read_i32(type));
      case 2:
        return assign(h.encoding, r.read_i32(type));
      default:
        return r.skip(type);
    }
  };
  auto data_page_v2 = [&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1:
        return assign(h.num_values, r.read_i32(type));
      case 2:
        return assign(h.num_nulls, r.read_i32(type));
      case 3:
        return assign(h.num_rows, r.read_i32(type));
      case 4:
        return assign(h.encoding, r.read_i32(type));
      case 5:
        return assign(h.definition_levels_byte_length, r.read_i32(type));
      case 6:
        return assign(h.repetition_levels_byte_length, r.read_i32(type));
      case 7:
        return assign(h.is_compressed, r.read_bool(type));
      default:
        return r.skip(type);
    }
  };
  CAIRN_TRY(r.read_struct([&](int16_t id, uint8_t type) -> Status {
    switch (id) {
      case 1:
        return assign(h.type, r.read_i32(type));
      case 2:
        return assign(h.uncompressed_size, r.read_i32(type));
      case 3:
        return assign(h.compressed_size, r.read_i32(type));
      case 5:
        if (type != thrift::kStruct) return corrupt("a data page header is not a struct");
        h.has_type_header = h.type == static_cast<int32_t>(PageType::data);
        return r.read_struct(data_page);
      case 7:
        if (type != thrift::kStruct) return corrupt("a dictionary page header is not a struct");
        h.has_type_header = h.type == static_cast<int32_t>(PageType::dictionary);
        return r.read_struct(dictionary_page);
      case 8:
        if (type != thrift::kStruct) return corrupt("a data page v2 header is not a struct");
        h.has_type_header = h.type == static_cast<int32_t>(PageType::data_v2);
        return r.read_struct(data_page_v2);
      default:
        return r.skip(type);
    }
  }));
  if (h.uncompressed_size < 0 || h.compressed_size < 0 || h.num_values < 0 || h.num_nulls < 0 ||
      h.definition_levels_byte_length < 0 || h.repetition_levels_byte_length < 0)
    return corrupt("a page header has a negative size or count");
  h.header_size = r.consumed(bytes);
  return h;
}

}  // namespace cairn::parquet
