#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/thrift_compact.hpp"

/// Test-only writers of the bytes the reader parses: the Thrift compact protocol, and whole
/// one-row-group Parquet files built from hand-encoded pages, so each test controls every byte.
namespace cairn::parquet::testing {

class CompactWriter {
 public:
  std::string out;

  void varint(uint64_t v) {
    while (v >= 0x80) {
      out += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out += static_cast<char>(v);
  }
  void zigzag(int64_t v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  /// A field header: the short form when the id is 1-15 above the last one, else the long form.
  void field(int16_t id, uint8_t type) {
    const int delta = id - last_.back();
    if (delta > 0 && delta <= 15) {
      out += static_cast<char>((delta << 4) | type);
    } else {
      out += static_cast<char>(type);
      zigzag(id);
    }
    last_.back() = id;
  }
  void i32(int16_t id, int64_t v) {
    field(id, thrift::kI32);
    zigzag(v);
  }
  void i64(int16_t id, int64_t v) {
    field(id, thrift::kI64);
    zigzag(v);
  }
  void binary(int16_t id, std::string_view s) {
    field(id, thrift::kBinary);
    bytes(s);
  }
  void bytes(std::string_view s) {
    varint(s.size());
    out += s;
  }
  void list(int16_t id, uint8_t element_type, uint32_t size) {
    field(id, thrift::kList);
    list_header(element_type, size);
  }
  void list_header(uint8_t element_type, uint32_t size) {
    if (size < 15) {
      out += static_cast<char>((size << 4) | element_type);
    } else {
      out += static_cast<char>(0xf0 | element_type);
      varint(size);
    }
  }
  /// A nested struct: its fields follow until end().
  void begin(int16_t id) {
    field(id, thrift::kStruct);
    begin_element();
  }
  /// A struct as a list element.
  void begin_element() { last_.push_back(0); }
  void end() {
    out += '\0';
    if (last_.size() > 1) last_.pop_back();
  }

 private:
  std::vector<int16_t> last_{0};
};

struct TestColumn {
  std::string name;
  int type = 1;        ///< PhysicalType
  int repetition = 0;  ///< 0 required, 1 optional
  std::optional<int> converted;
  std::string levels;  ///< hybrid runs of the definition levels (optional columns)
  std::string values;  ///< the page's encoded values
  int num_values = 0;  ///< rows in the page, nulls included
  int encoding = 0;
  int codec = 0;
  std::string dictionary;  ///< PLAIN values of a dictionary page, when dictionary_values > 0
  int dictionary_values = 0;
  int data_page_version = 1;
  int num_nulls = 0;  ///< a v2 page states it
};

inline void page_header(CompactWriter& w, int type, std::size_t size, const TestColumn& c, int num_values,
                        std::size_t levels_size) {
  w.i32(1, type);
  w.i32(2, static_cast<int64_t>(size));
  w.i32(3, static_cast<int64_t>(size));
  if (type == 2) {
    w.begin(7);
    w.i32(1, num_values);
    w.i32(2, 0);
    w.end();
  } else if (type == 0) {
    w.begin(5);
    w.i32(1, num_values);
    w.i32(2, c.encoding);
    w.i32(3, 3);
    w.i32(4, 3);
    w.end();
  } else {
    w.begin(8);
    w.i32(1, num_values);
    w.i32(2, c.num_nulls);
    w.i32(3, num_values);
    w.i32(4, c.encoding);
    w.i32(5, static_cast<int64_t>(levels_size));
    w.i32(6, 0);
    w.end();
  }
  w.end();
}

/// A file of one row group with one uncompressed page (and dictionary page) per column.
inline std::string build_file(const std::vector<TestColumn>& columns, int64_t rows) {
  std::string file = "PAR1";
  struct Placed {
    int64_t start = 0, data_offset = 0, size = 0;
    std::optional<int64_t> dictionary_offset;
  };
  std::vector<Placed> placed;
  for (const auto& c : columns) {
    Placed p;
    p.start = static_cast<int64_t>(file.size());
    if (c.dictionary_values > 0) {
      p.dictionary_offset = p.start;
      CompactWriter h;
      page_header(h, 2, c.dictionary.size(), c, c.dictionary_values, 0);
      file += h.out + c.dictionary;
    }
    p.data_offset = static_cast<int64_t>(file.size());
    std::string body;
    if (c.data_page_version == 1) {
      if (c.repetition == 1) {
        const auto n = static_cast<uint32_t>(c.levels.size());
        body.append(reinterpret_cast<const char*>(&n), 4);
        body += c.levels;
      }
      body += c.values;
      CompactWriter h;
      page_header(h, 0, body.size(), c, c.num_values, 0);
      file += h.out + body;
    } else {
      body = c.levels + c.values;
      CompactWriter h;
      page_header(h, 3, body.size(), c, c.num_values, c.levels.size());
      file += h.out + body;
    }
    p.size = static_cast<int64_t>(file.size()) - p.start;
    placed.push_back(p);
  }
  CompactWriter m;
  m.i32(1, 2);
  m.list(2, thrift::kStruct, static_cast<uint32_t>(columns.size() + 1));
  m.begin_element();
  m.binary(4, "schema");
  m.i32(5, static_cast<int64_t>(columns.size()));
  m.end();
  for (const auto& c : columns) {
    m.begin_element();
    m.i32(1, c.type);
    m.i32(3, c.repetition);
    m.binary(4, c.name);
    if (c.converted) m.i32(6, *c.converted);
    m.end();
  }
  m.i64(3, rows);
  m.list(4, thrift::kStruct, 1);
  m.begin_element();
  m.list(1, thrift::kStruct, static_cast<uint32_t>(columns.size()));
  for (std::size_t i = 0; i < columns.size(); ++i) {
    m.begin_element();
    m.i64(2, placed[i].start);
    m.begin(3);
    m.i32(1, columns[i].type);
    m.list(2, thrift::kI32, 1);
    m.zigzag(columns[i].encoding);
    m.list(3, thrift::kBinary, 1);
    m.bytes(columns[i].name);
    m.i32(4, columns[i].codec);
    m.i64(5, columns[i].num_values);
    m.i64(6, placed[i].size);
    m.i64(7, placed[i].size);
    m.i64(9, placed[i].data_offset);
    if (placed[i].dictionary_offset) m.i64(11, *placed[i].dictionary_offset);
    m.end();
    m.end();
  }
  m.i64(2, 0);
  m.i64(3, rows);
  m.end();
  m.end();
  file += m.out;
  const auto n = static_cast<uint32_t>(m.out.size());
  file.append(reinterpret_cast<const char*>(&n), 4);
  file += "PAR1";
  return file;
}

/// Little-endian bytes of fixed-width values (PLAIN).
template <class T>
std::string plain(const std::vector<T>& values) {
  std::string out;
  for (const T& v : values) out.append(reinterpret_cast<const char*>(&v), sizeof(T));
  return out;
}

inline std::string plain_texts(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    const auto n = static_cast<uint32_t>(v.size());
    out.append(reinterpret_cast<const char*>(&n), 4);
    out += v;
  }
  return out;
}

}  // namespace cairn::parquet::testing
