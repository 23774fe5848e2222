#include "service/monitoring/record_input.hpp"

#include <charconv>
#include <cmath>
#include <ctime>
#include <map>

#include "common/crypto.hpp"
#include "parquet/parquet_file.hpp"
#include "serving/csv_reader.hpp"

namespace cairn::service::record_input {
namespace {

using nlohmann::json;

constexpr int64_t kDayMs = 86'400'000;

std::optional<double> as_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

/// ms since the epoch from a number or "YYYY-MM-DDTHH:MM:SS[.fff]Z".
std::optional<int64_t> timestamp_of(const json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return static_cast<int64_t>(std::llround(v.get<double>()));
  if (!v.is_string()) return std::nullopt;
  const auto& s = v.get_ref<const std::string&>();
  if (auto n = as_number(s)) return static_cast<int64_t>(std::llround(*n));
  std::tm tm{};
  int ms = 0;
  char zone = 0;
  const int read = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms, &zone);
  if (read < 6) return std::nullopt;
  if (read == 6 && s.back() != 'Z') return std::nullopt;
  if (read >= 7 && s.back() != 'Z') return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const time_t seconds = timegm(&tm);
  if (seconds == -1) return std::nullopt;
  return static_cast<int64_t>(seconds) * 1000 + (read >= 7 ? ms : 0);
}

bool is_scalar(const json& v) {
  return v.is_null() || v.is_number() || v.is_string() || v.is_boolean();
}

Status check_value(const std::string& name, const json& v, const std::string& field,
                   const stats::DatasetProfile* reference) {
  if (!is_scalar(v)) return Error::validation(field, "must be a number, a string, a boolean or null");
  if (v.is_number() && !std::isfinite(v.get<double>())) return Error::validation(field, "must be finite");
  if (!reference) return {};
  auto it = reference->features.find(name);
  if (it == reference->features.end())
    return Error::validation(field, "'" + name + "' is not a feature of the monitor's reference data");
  if (v.is_null()) return {};
  const bool numeric = it->second.kind() == stats::FeatureKind::numeric;
  if (numeric && !v.is_number())
    return Error::validation(field, "'" + name + "' is numeric in the reference data; got " + v.type_name());
  if (!numeric && v.is_number())
    return Error::validation(field, "'" + name + "' is categorical in the reference data; send it as a string");
  return {};
}

Status check_record(Record& r, const std::string& at, int64_t now, const stats::DatasetProfile* reference) {
  if (r.at < now - kMaxAgeDays * kDayMs || r.at > now + kDayMs / 24)
    return Error::validation(at + ".timestamp", "must fall within the last " + std::to_string(kMaxAgeDays) +
                                                    " days and at most an hour ahead");
  if (!r.features.is_object() || r.features.empty())
    return Error::validation(at + ".features", "must be an object of feature values");
  if (r.features.size() > kMaxFeatures)
    return Error::validation(at + ".features", "at most " + std::to_string(kMaxFeatures) + " features");
  for (const auto& [name, value] : r.features.items())
    CAIRN_TRY(check_value(name, value, at + ".features." + name, reference));
  if (r.prediction.is_object()) {
    for (const auto& [name, value] : r.prediction.items())
      CAIRN_TRY(check_value("prediction." + name, value, at + ".prediction." + name, reference));
  } else if (!r.prediction.is_null()) {
    CAIRN_TRY(check_value("prediction", r.prediction, at + ".prediction", reference));
  }
  return {};
}

Result<std::string> id_of(const json& v, const std::string& field) {
  if (v.is_null()) return crypto::new_id();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 256)
    return Error::validation(field, "must be a string of 1 to 256 characters");
  return v.get<std::string>();
}

Result<std::vector<Record>> from_json(std::string_view body, int64_t now, const stats::DatasetProfile* reference) {
  auto j = json::parse(body, nullptr, false);
  if (!j.is_object()) return Error::bad_request("the body must be a JSON object {records: [...]}");
  auto records = j.find("records");
  if (records == j.end() || !records->is_array() || records->empty())
    return Error::validation("records", "must be a non-empty list");
  if (records->size() > kMaxRecords)
    return Error::validation("records", "at most " + std::to_string(kMaxRecords) + " records per request");
  std::vector<Record> out;
  out.reserve(records->size());
  for (std::size_t i = 0; i < records->size(); ++i) {
    const auto& item = (*records)[i];
    const std::string at = "records[" + std::to_string(i) + "]";
    if (!item.is_object()) return Error::validation(at, "must be an object {id?, timestamp?, features, prediction?}");
    for (const auto& [key, value] : item.items())
      if (key != "id" && key != "timestamp" && key != "features" && key != "prediction")
        return Error::validation(at + "." + key, "unknown field");
    Record r;
    CAIRN_TRY_ASSIGN(r.id, id_of(item.value("id", json()), at + ".id"));
    const json when = item.value("timestamp", json());
    if (when.is_null()) {
      r.at = now;
    } else if (auto ms = timestamp_of(when)) {
      r.at = *ms;
    } else {
      return Error::validation(at + ".timestamp", "must be ms since the epoch or an ISO 8601 UTC time");
    }
    r.features = item.value("features", json());
    r.prediction = item.value("prediction", json());
    CAIRN_TRY(check_record(r, at, now, reference));
    out.push_back(std::move(r));
  }
  return out;
}

/// A CSV column's cells as JSON: numbers when every non-empty cell is one (and the reference, if
/// any, does not keep the column as labels), else strings.
std::vector<json> column_values(const serving::CsvTable& t, std::size_t column, bool labels = false) {
  bool numeric = !labels;
  for (std::size_t r = 0; r < t.rows() && numeric; ++r) {
    auto cell = t.at(r, column);
    if (!cell.empty() && !as_number(cell)) numeric = false;
  }
  std::vector<json> out;
  out.reserve(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    auto cell = t.at(r, column);
    if (cell.empty())
      out.emplace_back(nullptr);
    else if (numeric)
      out.emplace_back(*as_number(cell));
    else
      out.emplace_back(std::string(cell));
  }
  return out;
}

Result<std::vector<Record>> from_csv(std::string_view body, int64_t now, const stats::DatasetProfile* reference) {
  CAIRN_TRY_ASSIGN(auto table, serving::read_csv(body));
  if (table.rows() == 0) return Error::validation("records", "the CSV has no rows");
  if (table.rows() > kMaxRecords)
    return Error::validation("records", "at most " + std::to_string(kMaxRecords) + " records per request");
  std::vector<Record> out(table.rows());
  for (auto& r : out) {
    r.features = json::object();
    r.at = now;
  }
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const std::string& name = table.header[c];
    if (name == "id") {
      for (std::size_t r = 0; r < table.rows(); ++r) {
        const std::string at = "records[" + std::to_string(r) + "].id";
        CAIRN_TRY_ASSIGN(out[r].id, id_of(table.at(r, c).empty() ? json() : json(std::string(table.at(r, c))), at));
      }
      continue;
    }
    if (name == "timestamp") {
      for (std::size_t r = 0; r < table.rows(); ++r) {
        if (table.at(r, c).empty()) continue;
        auto ms = timestamp_of(json(std::string(table.at(r, c))));
        if (!ms)
          return Error::validation("records[" + std::to_string(r) + "].timestamp",
                                   "must be ms since the epoch or an ISO 8601 UTC time");
        out[r].at = *ms;
      }
      continue;
    }
    bool labels = false;
    if (reference)
      if (auto it = reference->features.find(name); it != reference->features.end())
        labels = it->second.kind() == stats::FeatureKind::categorical;
    auto values = column_values(table, c, labels);
    for (std::size_t r = 0; r < table.rows(); ++r) {
      if (name == "prediction") {
        out[r].prediction = std::move(values[r]);
      } else if (name.starts_with("prediction.")) {
        if (!out[r].prediction.is_object()) out[r].prediction = json::object();
        out[r].prediction[name.substr(11)] = std::move(values[r]);
      } else {
        out[r].features[name] = std::move(values[r]);
      }
    }
  }
  for (std::size_t r = 0; r < out.size(); ++r) {
    if (out[r].id.empty()) out[r].id = crypto::new_id();
    CAIRN_TRY(check_record(out[r], "records[" + std::to_string(r) + "]", now, reference));
  }
  return out;
}

/// A Parquet cell as the JSON value the same cell of a CSV or JSON record would be.
json parquet_cell(const parquet::Column& c, std::size_t row) {
  if (!c.present[row]) return nullptr;
  switch (c.kind) {
    case parquet::ColumnKind::text:
      return c.texts[row];
    case parquet::ColumnKind::boolean:
      return c.numbers[row] != 0;
    case parquet::ColumnKind::number:
      break;
  }
  // pandas writes a missing float as NaN: missing here too (infinities stay, and are refused).
  return std::isnan(c.numbers[row]) ? json() : json(c.numbers[row]);
}

/// An `id` cell: text as it is, a whole number without its ".0".
json parquet_id(const parquet::Column& c, std::size_t row) {
  json v = parquet_cell(c, row);
  if (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>() && std::abs(v.get<double>()) < 9e15)
    return static_cast<int64_t>(v.get<double>());
  return v.is_number() ? json(v.dump()) : v;
}

}  // namespace

Result<std::vector<Record>> parse_parquet_records(std::string_view body, int64_t now, std::size_t max_decoded_bytes) {
  parquet::Limits limits;
  limits.max_rows = kMaxRecords;
  limits.max_columns = 2 * kMaxFeatures;  // features (checked per record below) and the special columns
  limits.max_decoded_bytes = max_decoded_bytes;
  CAIRN_TRY_ASSIGN(auto table, parquet::read_table(body, limits));
  if (table.rows == 0) return Error::validation("records", "the Parquet file has no rows");
  std::vector<Record> out(table.rows);
  for (auto& r : out) {
    r.features = json::object();
    r.at = now;
  }
  for (const auto& column : table.columns) {
    const std::string& name = column.name;
    // pandas writes a DataFrame's index (other than a plain range) as a column of this name; it
    // numbers the rows and is no feature (pandas reads it back as the index).
    if (name.starts_with("__index_level_") && name.ends_with("__")) continue;
    for (std::size_t r = 0; r < table.rows; ++r) {
      const std::string at = "records[" + std::to_string(r) + "]";
      if (name == "id") {
        CAIRN_TRY_ASSIGN(out[r].id, id_of(parquet_id(column, r), at + ".id"));
      } else if (name == "timestamp") {
        const json v = parquet_cell(column, r);
        if (v.is_null()) continue;
        auto ms = timestamp_of(v);
        if (!ms) return Error::validation(at + ".timestamp", "must be ms since the epoch or an ISO 8601 UTC time");
        out[r].at = *ms;
      } else if (name == "prediction") {
        out[r].prediction = parquet_cell(column, r);
      } else if (name.starts_with("prediction.")) {
        if (!out[r].prediction.is_object()) out[r].prediction = json::object();
        out[r].prediction[name.substr(11)] = parquet_cell(column, r);
      } else {
        out[r].features[name] = parquet_cell(column, r);
      }
    }
  }
  for (std::size_t r = 0; r < out.size(); ++r) {
    if (out[r].id.empty()) out[r].id = crypto::new_id();
    CAIRN_TRY(check_record(out[r], "records[" + std::to_string(r) + "]", now, nullptr));
  }
  return out;
}

Result<std::vector<Record>> parse_reference_records(std::string_view body, Format format, int64_t now) {
  if (format == Format::parquet) return parse_parquet_records(body, now);
  return parse_records(body, format == Format::csv, now, nullptr);
}

Result<std::vector<Record>> parse_records(std::string_view body, bool csv, int64_t now,
                                          const stats::DatasetProfile* reference) {
  return csv ? from_csv(body, now, reference) : from_json(body, now, reference);
}

Result<std::vector<Label>> parse_labels(std::string_view body, bool csv) {
  std::vector<Label> out;
  if (csv) {
    CAIRN_TRY_ASSIGN(auto table, serving::read_csv(body));
    std::optional<std::size_t> id, label;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      if (table.header[c] == "id") id = c;
      if (table.header[c] == "label") label = c;
    }
    if (!id || !label) return Error::validation("labels", "the CSV needs the columns id and label");
    if (table.rows() == 0 || table.rows() > kMaxRecords)
      return Error::validation("labels", "from 1 to " + std::to_string(kMaxRecords) + " labels per request");
    auto values = column_values(table, *label);
    for (std::size_t r = 0; r < table.rows(); ++r) {
      if (table.at(r, *id).empty() || values[r].is_null())
        return Error::validation("labels[" + std::to_string(r) + "]", "needs an id and a label");
      out.push_back({std::string(table.at(r, *id)), values[r]});
    }
    return out;
  }
  auto j = json::parse(body, nullptr, false);
  auto labels = j.is_object() ? j.find("labels") : j.end();
  if (!j.is_object() || labels == j.end() || !labels->is_array() || labels->empty())
    return Error::validation("labels", "must be a non-empty list of {id, label}");
  if (labels->size() > kMaxRecords)
    return Error::validation("labels", "at most " + std::to_string(kMaxRecords) + " labels per request");
  for (std::size_t i = 0; i < labels->size(); ++i) {
    const auto& item = (*labels)[i];
    const std::string at = "labels[" + std::to_string(i) + "]";
    if (!item.is_object()) return Error::validation(at, "must be an object {id, label}");
    auto id = item.find("id");
    if (id == item.end() || !(id->is_string() || id->is_number_integer()))
      return Error::validation(at + ".id", "the record's id is required");
    std::string id_text = id->is_string() ? id->get<std::string>() : std::to_string(id->get<int64_t>());
    if (id_text.empty() || id_text.size() > 256) return Error::validation(at + ".id", "1 to 256 characters");
    auto label = item.find("label");
    if (label == item.end() || label->is_null() || !is_scalar(*label) ||
        (label->is_number() && !std::isfinite(label->get<double>())))
      return Error::validation(at + ".label", "must be a number, a string or a boolean");
    out.push_back({std::move(id_text), *label});
  }
  return out;
}

std::vector<stats::RawColumn> to_columns(const std::vector<Record>& records) {
  // Kind by the first non-null value; a later value of the other kind is treated as missing
  // (the reference's validation has already refused mixed input sent by API).
  std::map<std::string, stats::RawColumn> columns;
  auto add = [&](const std::string& name, const json& v, std::size_t row) {
    auto it = columns.find(name);
    if (it == columns.end()) {
      if (v.is_null()) return;
      stats::RawColumn c;
      c.name = name;
      c.kind = v.is_number() ? stats::FeatureKind::numeric : stats::FeatureKind::categorical;
      // Rows before this one lacked the feature: missing.
      if (c.kind == stats::FeatureKind::numeric)
        c.numbers.assign(row, std::nan(""));
      else
        c.texts.assign(row, std::nullopt);
      it = columns.emplace(name, std::move(c)).first;
    }
    auto& c = it->second;
    if (c.kind == stats::FeatureKind::numeric) {
      c.numbers.resize(row, std::nan(""));
      c.numbers.push_back(v.is_number() ? v.get<double>() : std::nan(""));
    } else {
      c.texts.resize(row, std::nullopt);
      if (v.is_string())
        c.texts.emplace_back(v.get<std::string>());
      else if (v.is_boolean())
        c.texts.emplace_back(v.get<bool>() ? "true" : "false");
      else
        c.texts.emplace_back(std::nullopt);
    }
  };
  for (std::size_t row = 0; row < records.size(); ++row) {
    for (const auto& [name, value] : records[row].features.items()) add(name, value, row);
    const auto& p = records[row].prediction;
    if (p.is_object()) {
      for (const auto& [name, value] : p.items()) add("prediction." + name, value, row);
    } else if (!p.is_null()) {
      add("prediction", p, row);
    }
  }
  std::vector<stats::RawColumn> out;
  for (auto& [name, c] : columns) {
    if (c.kind == stats::FeatureKind::numeric)
      c.numbers.resize(records.size(), std::nan(""));
    else
      c.texts.resize(records.size(), std::nullopt);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cairn::service::record_input
