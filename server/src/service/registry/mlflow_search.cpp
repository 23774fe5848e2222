#include "service/registry/mlflow_search.hpp"

#include <variant>

#include "search/search_filter.hpp"
#include "service/registry/registry_access.hpp"

namespace cairn::service::mlflow_search {
namespace {

Error unsupported_clause(const search::Comparison& c) {
  return Error{ErrorCode::validation_failed,
               "Invalid clause '" + c.key + " " + std::string(search::to_string(c.op)) +
                   "': the registry search supports name =, LIKE and ILIKE, run_id = and IN, tags.<key> =, "
                   "version_number = and current_stage =",
               "filter"};
}

}  // namespace

Result<storage::registered_models::ModelListFilter> model_filter(const std::string& text) {
  CAIRN_TRY_ASSIGN(auto filter, search::parse_search_filter(text, search::SearchTarget::registered_models));
  storage::registered_models::ModelListFilter out;
  for (const auto& c : filter.clauses) {
    const auto* value = std::get_if<std::string>(&c.value);
    if (!value) return unsupported_clause(c);
    if (c.type == search::EntityType::tag && c.op == search::Comparator::eq) {
      out.tags.emplace_back(c.key, *value);
    } else if (c.type == search::EntityType::tag && c.op == search::Comparator::ne) {
      // mlflow 3 adds `tag.mlflow.prompt.is_prompt != 'true'` to every search: prompts live in
      // the same registry there.
      out.tags_not.emplace_back(c.key, *value);
    } else if (c.type == search::EntityType::attribute && c.key == "name" && c.op == search::Comparator::eq) {
      out.name_equals = *value;
    } else if (c.type == search::EntityType::attribute && c.key == "name" &&
               (c.op == search::Comparator::like || c.op == search::Comparator::ilike)) {
      out.name_like = *value;
      out.name_ilike = c.op == search::Comparator::ilike;
    } else {
      return unsupported_clause(c);
    }
  }
  return out;
}

Result<storage::model_versions::VersionSearch> version_filter(const std::string& text) {
  CAIRN_TRY_ASSIGN(auto filter, search::parse_search_filter(text, search::SearchTarget::model_versions));
  storage::model_versions::VersionSearch out;
  for (const auto& c : filter.clauses) {
    const auto* value = std::get_if<std::string>(&c.value);
    if (c.type == search::EntityType::tag && c.op == search::Comparator::eq && value) {
      out.tags.emplace_back(c.key, *value);
    } else if (c.type == search::EntityType::tag && c.op == search::Comparator::ne && value) {
      out.tags_not.emplace_back(c.key, *value);
    } else if (c.key == "name" && value && c.op == search::Comparator::eq) {
      out.name = *value;
    } else if (c.key == "name" && value && (c.op == search::Comparator::like || c.op == search::Comparator::ilike)) {
      out.name_like = *value;
      out.name_ilike = c.op == search::Comparator::ilike;
    } else if (c.key == "run_id" && value && c.op == search::Comparator::eq) {
      out.run_ids.push_back(*value);
    } else if (c.key == "run_id" && c.op == search::Comparator::in) {
      out.run_ids = std::get<std::vector<std::string>>(c.value);
      if (out.run_ids.empty()) out.run_ids.push_back("");
    } else if (c.key == "current_stage" && value && c.op == search::Comparator::eq) {
      auto stage = parse_stage(*value);
      if (!stage) return Error{ErrorCode::validation_failed, "Invalid stage '" + *value + "'", "filter"};
      out.stage = *stage;
    } else if (c.key == "version_number" && c.op == search::Comparator::eq && std::holds_alternative<double>(c.value)) {
      out.version = static_cast<int64_t>(std::get<double>(c.value));
    } else {
      return unsupported_clause(c);
    }
  }
  return out;
}

Result<std::string> model_sort(const std::vector<std::string>& order_by) {
  if (order_by.empty()) return std::string("name");
  if (order_by.size() > 1) {
    return Error{ErrorCode::validation_failed, "order_by takes one key on this server", "order_by"};
  }
  CAIRN_TRY_ASSIGN(auto order, search::parse_order_by(order_by[0], search::SearchTarget::registered_models));
  std::string column = order.key == "name" ? "name" : order.key == "creation_timestamp" ? "created_at" : "updated_at";
  return (order.ascending ? "" : "-") + column;
}

}  // namespace cairn::service::mlflow_search
