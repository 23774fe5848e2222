#include "storage/tracking/experiment_store.hpp"

#include <sodium.h>

#include "storage/tag_table.hpp"

namespace cairn::storage::experiments {

const char* const kExperimentColumns =
    "e.id, e.org_id, e.project_id, e.name, e.artifact_location, e.lifecycle_stage, e.created_at, e.updated_at";

ExperimentRecord experiment_from_row(const Row& r) {
  ExperimentRecord e;
  e.id = r.text(0);
  e.org_id = r.text(1);
  e.project_id = r.text(2);
  e.name = r.text(3);
  e.artifact_location = r.text(4);
  e.lifecycle_stage = r.text(5);
  e.created_at = r.int64(6);
  e.updated_at = r.int64(7);
  return e;
}

void add_view(SqlWhere& where, std::string_view lifecycle_column, ViewType view) {
  if (view == ViewType::active_only) where.add(std::string(lifecycle_column) + " = 'active'");
  if (view == ViewType::deleted_only) where.add(std::string(lifecycle_column) + " = 'deleted'");
}

namespace {
const TagTable kExperimentTags("experiment_tags", {"experiment_id"});
}  // namespace

Status load_tags(Connection& c, std::vector<ExperimentRecord>& experiments) {
  std::vector<TagTable::Owner> owners;
  for (const auto& e : experiments) owners.push_back({e.id});
  CAIRN_TRY_ASSIGN(auto tags, kExperimentTags.load(c, owners));
  for (std::size_t i = 0; i < experiments.size(); ++i) experiments[i].tags = std::move(tags[i]);
  return {};
}

namespace {

Result<std::optional<ExperimentRecord>> one(Connection& c, const std::string& sql, const std::vector<Value>& params) {
  CAIRN_TRY_ASSIGN(auto rows, c.query(sql, params));
  if (rows.empty()) return std::optional<ExperimentRecord>{};
  std::vector<ExperimentRecord> found = {experiment_from_row(rows[0])};
  CAIRN_TRY(load_tags(c, found));
  return std::optional<ExperimentRecord>(std::move(found[0]));
}

}  // namespace

std::string new_experiment_id() {
  // 15 digits, no leading zero: unique enough across every replica (1e14 values, checked by the
  // primary key) and parseable as an int64 by clients that do so.
  uint64_t n =
      100'000'000'000'000ULL + randombytes_uniform(900'000'000U) * 1'000'000ULL + randombytes_uniform(1'000'000U);
  return std::to_string(n);
}

Status insert(Connection& c, const ExperimentRecord& e) {
  auto r = c.execute(
      "INSERT INTO experiments (id, org_id, project_id, name, artifact_location, lifecycle_stage,"
      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {e.id, e.org_id, e.project_id, e.name, e.artifact_location, e.lifecycle_stage, e.created_at, e.updated_at});
  if (!r.ok() && r.error().code == ErrorCode::conflict) {
    return Error{ErrorCode::conflict, "an experiment named '" + e.name + "' already exists", "name"};
  }
  CAIRN_TRY(as_status(r));
  for (const auto& [key, value] : e.tags) CAIRN_TRY(set_tag(c, e.id, key, value));
  return {};
}

Result<std::optional<ExperimentRecord>> find(Connection& c, const std::string& id) {
  return one(c, std::string("SELECT ") + kExperimentColumns + " FROM experiments e WHERE e.id = ?", {id});
}

Result<std::optional<ExperimentRecord>> find_by_name(Connection& c, const std::string& project_id,
                                                     const std::string& name) {
  return one(c,
             std::string("SELECT ") + kExperimentColumns + " FROM experiments e WHERE e.project_id = ? AND e.name = ?",
             {project_id, name});
}

namespace {

const char* comparison_sql(search::Comparator op) {
  using search::Comparator;
  switch (op) {
    case Comparator::eq:
      return " = ?";
    case Comparator::ne:
      return " <> ?";
    case Comparator::lt:
      return " < ?";
    case Comparator::le:
      return " <= ?";
    case Comparator::gt:
      return " > ?";
    case Comparator::ge:
      return " >= ?";
    case Comparator::like:
      return " LIKE ?";
    default:
      return nullptr;
  }
}

Status add_condition(SqlWhere& where, const search::Comparison& cmp) {
  using search::Comparator;
  using search::EntityType;
  if (cmp.type == EntityType::tag) {
    if (cmp.op == Comparator::is_null || cmp.op == Comparator::is_not_null) {
      where.add(std::string(cmp.op == Comparator::is_null ? "NOT " : "") +
                    "EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.id AND t.key = ?)",
                {cmp.key});
      return {};
    }
    const auto* text = std::get_if<std::string>(&cmp.value);
    if (!text) return Error::bad_request("experiment tags compare with strings", "filter");
    if (cmp.op == Comparator::ilike) {
      where.add(
          "EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.id AND t.key = ? AND lower(t.value)"
          " LIKE lower(?))",
          {cmp.key, *text});
      return {};
    }
    const char* op = comparison_sql(cmp.op);
    if (!op) return Error::bad_request("unsupported comparator on an experiment tag", "filter");
    where.add(
        std::string("EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.id AND t.key = ? AND t.value") +
            op + ")",
        {cmp.key, *text});
    return {};
  }
  std::string column;
  if (cmp.key == "name")
    column = "e.name";
  else if (cmp.key == "creation_time")
    column = "e.created_at";
  else if (cmp.key == "last_update_time")
    column = "e.updated_at";
  else
    return Error::bad_request("cannot filter experiments on '" + cmp.key + "'", "filter");
  Value value;
  if (const auto* number = std::get_if<double>(&cmp.value)) {
    value = static_cast<int64_t>(*number);
  } else if (const auto* text = std::get_if<std::string>(&cmp.value)) {
    value = *text;
  } else {
    return Error::bad_request("unsupported value in an experiment filter", "filter");
  }
  if (cmp.op == Comparator::ilike) {
    where.add("lower(" + column + ") LIKE lower(?)", {std::move(value)});
    return {};
  }
  const char* op = comparison_sql(cmp.op);
  if (!op) return Error::bad_request("unsupported comparator in an experiment filter", "filter");
  where.add(column + op, {std::move(value)});
  return {};
}

}  // namespace

Result<std::vector<ExperimentRecord>> search(Connection& c, const ExperimentQuery& q) {
  SqlWhere where;
  where.add("e.project_id = ?", {q.project_id});
  add_view(where, "e.lifecycle_stage", q.view);
  for (const auto& clause : q.filter.clauses) CAIRN_TRY(add_condition(where, clause));
  std::string order;
  for (const auto& o : q.order_by) {
    std::string column;
    if (o.key == "name")
      column = "e.name";
    else if (o.key == "creation_time")
      column = "e.created_at";
    else if (o.key == "last_update_time")
      column = "e.updated_at";
    else if (o.key == "experiment_id")
      column = "e.id";
    else
      return Error::bad_request("cannot order experiments by '" + o.key + "'", "order_by");
    order += column + (o.ascending ? " ASC, " : " DESC, ");
  }
  where.offset_page((order.empty() ? std::string("e.created_at DESC, ") : order) + "e.id ASC", q.limit, q.offset);
  CAIRN_TRY_ASSIGN(auto rows, where.query(c, std::string("SELECT ") + kExperimentColumns + " FROM experiments e"));
  std::vector<ExperimentRecord> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(experiment_from_row(rows[i]));
  CAIRN_TRY(load_tags(c, out));
  return out;
}

Status rename(Connection& c, const std::string& id, const std::string& name, int64_t now) {
  auto r = c.execute("UPDATE experiments SET name = ?, updated_at = ? WHERE id = ?", {name, now, id});
  if (!r.ok() && r.error().code == ErrorCode::conflict) {
    return Error{ErrorCode::conflict, "an experiment named '" + name + "' already exists", "new_name"};
  }
  return as_status(r);
}

Status set_lifecycle(Connection& c, const std::string& id, const std::string& stage, int64_t now) {
  CAIRN_TRY(c.execute("UPDATE experiments SET lifecycle_stage = ?, updated_at = ? WHERE id = ?", {stage, now, id}));
  // Runs follow their experiment into and out of deletion, as in MLflow.
  return as_status(c.execute("UPDATE runs SET lifecycle_stage = ?, deleted_at = ? WHERE experiment_id = ?",
                             {stage, stage == "deleted" ? Value(now) : Value(std::monostate{}), id}));
}

Status set_tag(Connection& c, const std::string& id, const std::string& key, const std::string& value) {
  return kExperimentTags.set(c, {id}, key, value);
}

Status delete_tag(Connection& c, const std::string& id, const std::string& key) {
  CAIRN_TRY(kExperimentTags.remove(c, {id}, key));
  return {};
}

}  // namespace cairn::storage::experiments
