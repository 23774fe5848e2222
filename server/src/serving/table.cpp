#include "serving/table.hpp"

#include <nlohmann/json.hpp>

namespace cairn::serving {

std::string_view to_string(DataType type) {
  switch (type) {
    case DataType::boolean:
      return "boolean";
    case DataType::int32:
      return "int32";
    case DataType::int64:
      return "int64";
    case DataType::float32:
      return "float32";
    case DataType::float64:
      return "float64";
    case DataType::string:
      return "string";
    case DataType::binary:
      return "binary";
    case DataType::datetime:
      return "datetime";
  }
  return "unknown";
}

size_t fixed_width(DataType type) {
  switch (type) {
    case DataType::boolean:
      return 1;
    case DataType::int32:
    case DataType::float32:
      return 4;
    case DataType::int64:
    case DataType::float64:
    case DataType::datetime:
      return 8;
    case DataType::string:
    case DataType::binary:
      return 0;
  }
  return 0;
}

int64_t Column::elements_per_row() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

int64_t Column::element_count() const {
  if (is_variable_width(type)) return offsets.empty() ? 0 : static_cast<int64_t>(offsets.size()) - 1;
  size_t width = fixed_width(type);
  return width == 0 ? 0 : static_cast<int64_t>(data.size() / width);
}

const Column* Table::find(std::string_view name) const {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

size_t Table::byte_size() const {
  size_t n = sizeof(Table);
  for (const auto& c : columns) n += c.name.size() + c.data.size() + c.offsets.size() * 4 + c.valid.size() + 64;
  return n;
}

namespace {

Column slice_column(const Column& c, int64_t begin, int64_t end) {
  Column out;
  out.name = c.name;
  out.type = c.type;
  out.shape = c.shape;
  int64_t per_row = c.elements_per_row();
  auto first = static_cast<size_t>(begin * per_row);
  auto last = static_cast<size_t>(end * per_row);
  if (is_variable_width(c.type)) {
    uint32_t base = c.offsets[first];
    out.offsets.reserve(last - first + 1);
    for (size_t i = first; i <= last; ++i) out.offsets.push_back(c.offsets[i] - base);
    out.data.assign(c.data.begin() + base, c.data.begin() + c.offsets[last]);
  } else {
    size_t width = fixed_width(c.type);
    out.data.assign(c.data.begin() + static_cast<std::ptrdiff_t>(first * width),
                    c.data.begin() + static_cast<std::ptrdiff_t>(last * width));
  }
  if (!c.valid.empty()) out.valid.assign(c.valid.begin() + begin, c.valid.begin() + end);
  return out;
}

}  // namespace

Table slice(const Table& table, int64_t begin, int64_t end) {
  Table out;
  out.kind = table.kind;
  out.rows = end - begin;
  out.columns.reserve(table.columns.size());
  for (const auto& c : table.columns) out.columns.push_back(slice_column(c, begin, end));
  return out;
}

std::string layout_key(const Table& table) {
  std::string key(1, static_cast<char>('0' + static_cast<int>(table.kind)));
  for (const auto& c : table.columns) {
    key += '|';
    key += c.name;
    key += ':';
    key += std::to_string(static_cast<int>(c.type));
    for (int64_t d : c.shape) {
      key += 'x';
      key += std::to_string(d);
    }
  }
  return key;
}

Result<Table> concat(const std::vector<const Table*>& parts) {
  if (parts.empty()) return Table{};
  if (parts.size() == 1) return *parts.front();
  const Table& first = *parts.front();
  std::string key = layout_key(first);
  Table out;
  out.kind = first.kind;
  for (const Table* part : parts) {
    if (layout_key(*part) != key) return Error::validation("inputs", "requests of one batch differ in layout");
    out.rows += part->rows;
  }
  out.columns.resize(first.columns.size());
  for (size_t ci = 0; ci < first.columns.size(); ++ci) {
    Column& col = out.columns[ci];
    const Column& proto = first.columns[ci];
    col.name = proto.name;
    col.type = proto.type;
    col.shape = proto.shape;
    bool any_validity = false;
    size_t bytes = 0;
    for (const Table* part : parts) {
      any_validity = any_validity || !part->columns[ci].valid.empty();
      bytes += part->columns[ci].data.size();
    }
    col.data.reserve(bytes);
    if (is_variable_width(col.type)) col.offsets.push_back(0);
    for (const Table* part : parts) {
      const Column& src = part->columns[ci];
      if (is_variable_width(col.type)) {
        auto base = static_cast<uint32_t>(col.data.size());
        for (size_t i = 1; i < src.offsets.size(); ++i) col.offsets.push_back(base + src.offsets[i]);
      }
      col.data.insert(col.data.end(), src.data.begin(), src.data.end());
      if (any_validity) {
        if (src.valid.empty())
          col.valid.insert(col.valid.end(), static_cast<size_t>(part->rows), 1);
        else
          col.valid.insert(col.valid.end(), src.valid.begin(), src.valid.end());
      }
    }
  }
  return out;
}

int64_t Prediction::rows() const {
  if (kind == Kind::json) return json_rows;
  return table.rows;
}

Prediction slice(const Prediction& prediction, int64_t begin, int64_t end) {
  Prediction out;
  out.kind = prediction.kind;
  if (prediction.kind != Prediction::Kind::json) {
    out.table = slice(prediction.table, begin, end);
    return out;
  }
  auto all = nlohmann::json::parse(prediction.json, nullptr, false);
  nlohmann::json part = nlohmann::json::array();
  if (all.is_array())
    for (int64_t i = begin; i < end && i < static_cast<int64_t>(all.size()); ++i)
      part.push_back(all[static_cast<size_t>(i)]);
  out.json = part.dump();
  out.json_rows = static_cast<int64_t>(part.size());
  return out;
}

}  // namespace cairn::serving
