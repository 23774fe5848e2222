#include "service/monitoring/service_profile.hpp"

#include "common/base64.hpp"

namespace cairn::service {

void ServiceProfile::add(const Request& r) {
  ++requests;
  rows += r.rows;
  if (r.cache_hit) ++cache_hits;
  if (r.status >= 400) {
    ++errors;
    ++errors_by_code[std::string(r.error_code.empty() ? std::string_view("error") : r.error_code)];
    if (!r.error_field.empty()) ++invalid_fields[std::string(r.error_field)];
  }
  latency_ms.add(r.latency_ms);
  if (r.rows > 0) batch_rows.add(static_cast<double>(r.rows));
}

Status ServiceProfile::merge(const ServiceProfile& other) {
  requests += other.requests;
  errors += other.errors;
  cache_hits += other.cache_hits;
  rows += other.rows;
  for (const auto& [code, n] : other.errors_by_code) errors_by_code[code] += n;
  for (const auto& [field, n] : other.invalid_fields) invalid_fields[field] += n;
  for (const auto& [field, n] : other.rejects.type_errors) rejects.type_errors[field] += n;
  for (const auto& [field, n] : other.rejects.unknown_features) rejects.unknown_features[field] += n;
  CAIRN_TRY(latency_ms.merge(other.latency_ms));
  return batch_rows.merge(other.batch_rows);
}

std::string ServiceProfile::serialize() const {
  nlohmann::json j{{"requests", requests},
                   {"errors", errors},
                   {"cache_hits", cache_hits},
                   {"rows", rows},
                   {"errors_by_code", errors_by_code},
                   {"invalid_fields", invalid_fields},
                   {"type_errors", rejects.type_errors},
                   {"unknown_features", rejects.unknown_features},
                   {"latency_ms", base64_encode(latency_ms.serialize())},
                   {"batch_rows", base64_encode(batch_rows.serialize())}};
  return j.dump();
}

Result<ServiceProfile> ServiceProfile::deserialize(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return Error::internal("a stored service profile is not JSON");
  ServiceProfile p;
  try {
    p.requests = j.value("requests", int64_t{0});
    p.errors = j.value("errors", int64_t{0});
    p.cache_hits = j.value("cache_hits", int64_t{0});
    p.rows = j.value("rows", int64_t{0});
    // Each map read from a named copy: a range-for over items() of a temporary would dangle.
    auto counts = [&j](const char* key, std::map<std::string, int64_t, std::less<>>& into) {
      const nlohmann::json object = j.value(key, nlohmann::json::object());
      for (const auto& [k, v] : object.items()) into[k] = v.get<int64_t>();
    };
    counts("errors_by_code", p.errors_by_code);
    counts("invalid_fields", p.invalid_fields);
    counts("type_errors", p.rejects.type_errors);
    counts("unknown_features", p.rejects.unknown_features);
    for (auto [name, sketch] : {std::pair{"latency_ms", &p.latency_ms}, std::pair{"batch_rows", &p.batch_rows}}) {
      auto bytes = base64_decode(j.value(name, std::string()));
      if (!bytes) return Error::internal(std::string("a stored service profile's ") + name + " is not base64");
      CAIRN_TRY_ASSIGN(*sketch, stats::QuantileSketch::deserialize(*bytes));
    }
  } catch (const nlohmann::json::exception& e) {
    return Error::internal(std::string("a stored service profile is malformed: ") + e.what());
  }
  return p;
}

}  // namespace cairn::service
