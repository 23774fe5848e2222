#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace cairn::search {

/// What a clause or an order-by names: MLflow's `metrics.`, `params.`, `tags.`, `attributes.` and `datasets.`.
enum class EntityType { metric, param, tag, attribute, dataset };

/// MLflow's comparators; which ones an entity accepts is in the table in search_filter.cpp.
enum class Comparator { eq, ne, lt, le, gt, ge, like, ilike, in, not_in, is_null, is_not_null };

/// The MLflow search a filter or order-by is for: they differ in entities and attribute keys. Experiments take
/// `attribute.` and `tag(s).` only, with attributes name, creation_time, last_update_time (and experiment_id for
/// ordering).
/// The registry's targets take `attribute.` and `tag(s).`: registered models name and timestamps, model versions
/// name, run_id, source_path, version_number, current_stage and timestamps.
enum class SearchTarget { runs, experiments, logged_models, registered_models, model_versions };

std::string_view to_string(EntityType type);  ///< "metric", "param", "tag", "attribute", "dataset"
std::string_view to_string(Comparator op);    ///< "=", "!=", "<", ..., "LIKE", "NOT IN", "IS NOT NULL"

/// One `<entity>.<key> <comparator> <value>` clause.
struct Comparison {
  EntityType type = EntityType::attribute;
  /// Unquoted. Attribute keys are canonical: MLflow's aliases `created`/`Created` become start_time and
  /// `run name`/`Run name`/`Run Name` become run_name.
  std::string key;
  Comparator op = Comparator::eq;
  /// monostate for IS [NOT] NULL; double for metrics and numeric attributes (start_time, end_time, creation_time,
  /// last_update_time); string otherwise; a list for IN / NOT IN.
  std::variant<std::monostate, double, std::string, std::vector<std::string>> value;

  bool operator==(const Comparison&) const = default;
};

/// Clauses that must all hold: MLflow's filters have AND only.
struct SearchFilter {
  std::vector<Comparison> clauses;

  bool operator==(const SearchFilter&) const = default;
};

/// Cairn's bound, not MLflow's (which has none): a filter holding a few thousand run ids fits.
inline constexpr std::size_t kMaxSearchFilterLength = 64 * 1024;
/// An order-by is one key (MLflow caps keys at 250 characters) and a direction.
inline constexpr std::size_t kMaxOrderByLength = 1024;

/// Parses an MLflow search filter such as `metrics.acc > 0.9 and tags."mlflow.runName" LIKE 'bert%'`. Empty or
/// blank text has no clauses. Any error is a 400 naming field "filter", the byte offset and the offending token.
Result<SearchFilter> parse_search_filter(std::string_view text, SearchTarget target = SearchTarget::runs);

/// One ordering key, e.g. "metrics.acc DESC", "attributes.start_time", "params.`my key` ASC".
struct OrderBy {
  EntityType type = EntityType::attribute;
  std::string key;  ///< unquoted; attribute keys canonical as in Comparison
  bool ascending = true;

  bool operator==(const OrderBy&) const = default;
};

/// Parses one MLflow order_by entry. Errors are 400s naming field "order_by".
Result<OrderBy> parse_order_by(std::string_view text, SearchTarget target = SearchTarget::runs);

}  // namespace cairn::search
