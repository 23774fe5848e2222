#include "search/search_filter.hpp"

#include <span>

#include "search/filter_scanner.hpp"

// The grammar follows MLflow's mlflow/utils/search_utils.py (SearchUtils, SearchExperimentsUtils):
//
//   filter     := blank | comparison (AND comparison)*          AND is case-insensitive; no OR, no parentheses
//   comparison := identifier comparator value
//   identifier := [entity '.'] key                               no entity means attribute
//   entity     := word | `word`                                  case-sensitive aliases, see kRunEntities
//   key        := "..." | '...' | `...` | word ('.' word)*       the first dot splits entity from key
//   comparator := = != < <= > >= | LIKE | ILIKE | IN | NOT IN | IS NULL | IS NOT NULL   (keywords any case)
//   value      := number | '...' | "..." | '(' '...' (',' '...')* ')'
//
// Where we knowingly differ from MLflow (it accepts these through sqlparse's loose grouping, or mangles them):
// - a dangling or doubled AND ("a = 1 AND", "a = 1 b = 2") is an error here; MLflow ignores stray ANDs;
// - comparators and value types are checked while parsing, so `params.x > 'a'` fails here rather than at query
//   time; the error is the same 400;
// - quoted values are unescaped ('it''s' is it's); MLflow keeps the text between the quotes as is;
// - IN lists keep every value; MLflow drops run ids that are not all lower-case, a MySQL workaround;
// - an exponent may carry '+' (1e+3), which sqlparse does not read as a number.

namespace cairn::search {

namespace {

struct EntityAlias {
  std::string_view name;
  EntityType type;
};

struct AttributeKey {
  std::string_view name;       ///< as written in a filter
  std::string_view canonical;  ///< what Comparison::key holds
  bool numeric = false;        ///< compared with numbers and <, <=, >, >=
  bool in_list = false;        ///< accepts IN / NOT IN
  bool searchable = true;
  bool orderable = true;
};

constexpr EntityAlias kRunEntities[] = {
    {"metric", EntityType::metric},
    {"metrics", EntityType::metric},
    {"parameter", EntityType::param},
    {"parameters", EntityType::param},
    {"param", EntityType::param},
    {"params", EntityType::param},
    {"tag", EntityType::tag},
    {"tags", EntityType::tag},
    {"attribute", EntityType::attribute},
    {"attributes", EntityType::attribute},
    {"attr", EntityType::attribute},
    {"run", EntityType::attribute},
    {"dataset", EntityType::dataset},
    {"datasets", EntityType::dataset},
};
constexpr EntityAlias kExperimentEntities[] = {
    {"attribute", EntityType::attribute},
    {"tag", EntityType::tag},
    {"tags", EntityType::tag},
};

// RunInfo's searchable attributes and MLflow's aliases for them. lifecycle_stage and experiment_id are absent on
// purpose: MLflow rejects them, since run_view_type and experiment_ids already select on them.
constexpr AttributeKey kRunAttributes[] = {
    {"run_id", "run_id", false, true},
    {"run_name", "run_name"},
    {"status", "status"},
    {"user_id", "user_id"},
    {"artifact_uri", "artifact_uri"},
    {"start_time", "start_time", true},
    {"end_time", "end_time", true},
    {"created", "start_time", true},
    {"Created", "start_time", true},
    {"run name", "run_name", false, false, true, false},
    {"Run name", "run_name", false, false, true, false},
    {"Run Name", "run_name", false, false, true, false},
};
constexpr AttributeKey kExperimentAttributes[] = {
    {"name", "name"},
    {"creation_time", "creation_time", true},
    {"last_update_time", "last_update_time", true},
    {"experiment_id", "experiment_id", false, false, false, true},
};

// MLflow 3 logged models: their info fields, plus metrics, params and tags.
constexpr EntityAlias kLoggedModelEntities[] = {
    {"attribute", EntityType::attribute},
    {"attributes", EntityType::attribute},
    {"metric", EntityType::metric},
    {"metrics", EntityType::metric},
    {"param", EntityType::param},
    {"params", EntityType::param},
    {"tag", EntityType::tag},
    {"tags", EntityType::tag},
};
constexpr AttributeKey kLoggedModelAttributes[] = {
    {"name", "name"},
    {"model_id", "model_id"},
    {"model_type", "model_type"},
    {"status", "status"},
    {"source_run_id", "source_run_id"},
    {"creation_timestamp", "creation_timestamp", true},
    {"creation_time", "creation_timestamp", true},
    {"last_updated_timestamp", "last_updated_timestamp", true},
};

// The model registry (MLflow's search_registered_models and search_model_versions).
constexpr AttributeKey kRegisteredModelAttributes[] = {
    {"name", "name"},
    {"creation_timestamp", "creation_timestamp", true},
    {"last_updated_timestamp", "last_updated_timestamp", true},
    {"timestamp", "last_updated_timestamp", true},
};
constexpr AttributeKey kModelVersionAttributes[] = {
    {"name", "name"},
    {"run_id", "run_id", false, true},
    {"source_path", "source_path"},
    {"version_number", "version_number", true},
    {"current_stage", "current_stage"},
    {"creation_timestamp", "creation_timestamp", true},
    {"last_updated_timestamp", "last_updated_timestamp", true},
};

constexpr std::string_view kDatasetKeys[] = {"name", "digest", "context"};

struct TargetSpec {
  std::span<const EntityAlias> entities;
  std::span<const AttributeKey> attributes;
  bool backticked_entity;  ///< MLflow strips backticks from `metrics`.x for runs, not for experiments
  std::string_view entity_hint;
  std::span<const EntityType> orderable;
  bool text_lists = false;  ///< IN / NOT IN on every text field (MLflow's logged models), not only run_id
};

constexpr EntityType kRunOrderable[] = {EntityType::metric, EntityType::param, EntityType::tag, EntityType::attribute};
constexpr EntityType kExperimentOrderable[] = {EntityType::attribute};

const TargetSpec kRuns{kRunEntities, kRunAttributes, true,
                       "use metrics., params., tags., attributes. or datasets. (or their aliases)", kRunOrderable};
const TargetSpec kExperiments{kExperimentEntities, kExperimentAttributes, false, "use attribute., tag. or tags.",
                              kExperimentOrderable};

const TargetSpec kLoggedModels{kLoggedModelEntities,
                               kLoggedModelAttributes,
                               false,
                               "use attributes., metrics., params. or tags.",
                               kExperimentOrderable,
                               true};

const TargetSpec kRegisteredModels{kExperimentEntities, kRegisteredModelAttributes, false,
                                   "use attribute., tag. or tags.", kExperimentOrderable};
const TargetSpec kModelVersions{kExperimentEntities, kModelVersionAttributes, false, "use attribute., tag. or tags.",
                                kExperimentOrderable};

const TargetSpec& spec_for(SearchTarget target) {
  switch (target) {
    case SearchTarget::runs:
      return kRuns;
    case SearchTarget::experiments:
      return kExperiments;
    case SearchTarget::logged_models:
      return kLoggedModels;
    case SearchTarget::registered_models:
      return kRegisteredModels;
    case SearchTarget::model_versions:
      return kModelVersions;
  }
  return kRuns;
}

using OpSet = unsigned;
constexpr OpSet bit(Comparator op) {
  return 1u << static_cast<unsigned>(op);
}
constexpr OpSet kNumericOps = bit(Comparator::eq) | bit(Comparator::ne) | bit(Comparator::lt) | bit(Comparator::le) |
                              bit(Comparator::gt) | bit(Comparator::ge);
constexpr OpSet kStringOps = bit(Comparator::eq) | bit(Comparator::ne) | bit(Comparator::like) | bit(Comparator::ilike);
constexpr OpSet kListOps = bit(Comparator::in) | bit(Comparator::not_in);
constexpr OpSet kNullOps = bit(Comparator::is_null) | bit(Comparator::is_not_null);

constexpr Comparator kAllComparators[] = {
    Comparator::eq, Comparator::ne,     Comparator::lt,      Comparator::le,
    Comparator::gt, Comparator::ge,     Comparator::like,    Comparator::ilike,
    Comparator::in, Comparator::not_in, Comparator::is_null, Comparator::is_not_null,
};

std::string list_ops(OpSet ops) {
  std::string out;
  for (Comparator op : kAllComparators) {
    if (!(ops & bit(op))) continue;
    if (!out.empty()) out += ", ";
    out += to_string(op);
  }
  return out;
}

/// The left-hand side of a clause once aliases are resolved.
struct Subject {
  EntityType type = EntityType::attribute;
  std::string key;
  const AttributeKey* attribute = nullptr;  ///< set for attributes
  bool text_lists = false;                  ///< TargetSpec::text_lists

  bool numeric() const { return type == EntityType::metric || (attribute && attribute->numeric); }
  OpSet ops() const {
    switch (type) {
      case EntityType::metric:
        return kNumericOps;
      case EntityType::param:
      case EntityType::tag:
        return kStringOps | kNullOps | (text_lists ? kListOps : 0);
      case EntityType::dataset:
        return kStringOps | kListOps;
      case EntityType::attribute:
        if (attribute->numeric) return kNumericOps;
        return kStringOps | (attribute->in_list || text_lists ? kListOps : 0);
    }
    return 0;
  }
  std::string describe() const { return std::string(to_string(type)) + " '" + key + "'"; }
};

enum class Use { filter, order_by };

bool is_joiner(std::string_view word) {
  auto iequals = [word](std::string_view upper) {
    if (word.size() != upper.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      const char c = word[i];
      if ((c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c) != upper[i]) return false;
    }
    return true;
  };
  return iequals("AND") || iequals("OR");
}

std::string valid_attribute_keys(const TargetSpec& spec, Use use) {
  std::string out;
  for (const auto& a : spec.attributes) {
    if (a.name != a.canonical || !(use == Use::filter ? a.searchable : a.orderable)) continue;
    if (!out.empty()) out += ", ";
    out += a.name;
  }
  return "valid keys: " + out;
}

/// Turns identifier segments into an entity and key, as SearchUtils._get_identifier does: no entity means an
/// attribute, and everything after the first dot is the key.
Result<Subject> resolve(const FilterScanner& s, const TargetSpec& spec, const std::vector<IdentifierSegment>& segments,
                        Use use) {
  constexpr std::string_view kExpected = "expected an identifier such as metrics.<key>";
  Subject subject;
  subject.text_lists = spec.text_lists;
  std::size_t key_pos = segments.front().pos;
  if (segments.size() == 1) {
    // A lone '...' is a string literal to sqlparse, never a column.
    if (segments.front().quote == '\'') return s.fail(key_pos, s.unexpected(key_pos), kExpected);
    subject.key = segments.front().text;
  } else {
    const IdentifierSegment& entity = segments.front();
    const bool quote_ok = entity.quote == 0 || (entity.quote == '`' && spec.backticked_entity);
    const EntityAlias* alias = nullptr;
    for (const auto& a : spec.entities) {
      if (quote_ok && a.name == entity.text) alias = &a;
    }
    if (!alias) {
      return s.fail(entity.pos, "invalid entity type '" + s.token_at(entity.pos) + "'", spec.entity_hint);
    }
    subject.type = alias->type;
    const IdentifierSegment& first = segments[1];
    key_pos = first.pos;
    if (first.quote != 0 && segments.size() > 2) {
      return s.fail(segments[2].pos - 1, "unexpected '.' after a quoted key", "quote the whole key");
    }
    for (std::size_t i = 1; i < segments.size(); ++i) {
      if (i > 1 && segments[i].quote != 0) {
        return s.fail(segments[i].pos, s.unexpected(segments[i].pos),
                      "quote the whole key, as in tags.\"mlflow.runName\"");
      }
      if (i > 1) subject.key += '.';
      subject.key += segments[i].text;
    }
  }
  if (subject.key.empty()) return s.fail(key_pos, "empty key");

  if (use == Use::order_by) {
    bool orderable = false;
    for (EntityType t : spec.orderable) orderable = orderable || t == subject.type;
    if (!orderable) {
      return s.fail(segments.front().pos, "cannot order by " + std::string(to_string(subject.type)) + "s");
    }
  }
  if (subject.type == EntityType::attribute) {
    for (const auto& a : spec.attributes) {
      if (a.name == subject.key && (use == Use::filter ? a.searchable : a.orderable)) subject.attribute = &a;
    }
    if (!subject.attribute) {
      return s.fail(key_pos, "invalid attribute key '" + subject.key + "'", valid_attribute_keys(spec, use));
    }
    subject.key = std::string(subject.attribute->canonical);
  } else if (subject.type == EntityType::dataset) {
    bool known = false;
    for (std::string_view k : kDatasetKeys) known = known || k == subject.key;
    if (!known) {
      return s.fail(key_pos, "invalid dataset key '" + subject.key + "'", "valid keys: name, digest, context");
    }
  }
  return subject;
}

using Value = decltype(Comparison::value);

class FilterParser {
 public:
  FilterParser(std::string_view text, const TargetSpec& spec) : s_(text, "filter", "filter"), spec_(spec) {}

  Result<SearchFilter> parse() {
    SearchFilter filter;
    s_.skip_space();
    if (s_.at_end()) return filter;
    while (true) {
      CAIRN_TRY_ASSIGN(Comparison clause, comparison());
      filter.clauses.push_back(std::move(clause));
      s_.skip_space();
      if (s_.at_end()) return filter;
      const std::size_t pos = s_.pos();
      if (s_.keyword("AND")) continue;
      if (s_.keyword("OR")) return s_.fail(pos, s_.unexpected(pos), "only AND is supported");
      if (s_.peek() == ';') {
        return s_.fail(pos, s_.unexpected(pos), "a filter is one expression; join clauses with AND");
      }
      return s_.fail(pos, s_.unexpected(pos), "expected AND between clauses");
    }
  }

 private:
  Result<Comparison> comparison() {
    s_.skip_space();
    const std::size_t start = s_.pos();
    CAIRN_TRY_ASSIGN(auto segments, s_.identifier());
    // A stray AND/OR reads better as what it is than as an unknown attribute.
    if (segments.empty() || (segments.size() == 1 && segments.front().quote == 0 && is_joiner(segments.front().text))) {
      const bool parenthesis = s_.peek() == '(';
      return s_.fail(start, s_.unexpected(start),
                     parenthesis ? "parentheses are not supported" : "expected an identifier such as metrics.<key>");
    }
    CAIRN_TRY_ASSIGN(Subject subject, resolve(s_, spec_, segments, Use::filter));

    s_.skip_space();
    const std::size_t op_pos = s_.pos();
    CAIRN_TRY_ASSIGN(Comparator op, comparator());
    if (!(subject.ops() & bit(op))) {
      std::string hint = std::string(to_string(subject.type)) + "s accept " + list_ops(subject.ops());
      if (op == Comparator::is_null || op == Comparator::is_not_null) {
        hint = "IS NULL / IS NOT NULL is only supported for tags and params";
      } else if ((op == Comparator::in || op == Comparator::not_in) && subject.type == EntityType::attribute) {
        hint = "only the 'run_id' attribute supports IN / NOT IN";
      }
      return s_.fail(
          op_pos, "comparator '" + std::string(to_string(op)) + "' is not supported for " + subject.describe(), hint);
    }

    Comparison c;
    c.type = subject.type;
    c.op = op;
    if (op == Comparator::in || op == Comparator::not_in) {
      CAIRN_TRY_ASSIGN(c.value, list());
    } else if (op != Comparator::is_null && op != Comparator::is_not_null) {
      CAIRN_TRY_ASSIGN(c.value, scalar(subject));
    }
    c.key = std::move(subject.key);
    return c;
  }

  Result<Comparator> comparator() {
    const std::size_t pos = s_.pos();
    constexpr std::string_view kExpected =
        "expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS [NOT] NULL)";
    if (s_.at_operator()) {
      const std::string_view op = s_.op();
      if (op == "=") return Comparator::eq;
      if (op == "!=") return Comparator::ne;
      if (op == "<") return Comparator::lt;
      if (op == "<=") return Comparator::le;
      if (op == ">") return Comparator::gt;
      if (op == ">=") return Comparator::ge;
      return s_.fail(pos, "invalid comparator '" + std::string(op) + "'", kExpected);
    }
    if (s_.keyword("LIKE")) return Comparator::like;
    if (s_.keyword("ILIKE")) return Comparator::ilike;
    if (s_.keyword("IN")) return Comparator::in;
    if (s_.keyword("NOT")) {
      s_.skip_space();
      if (s_.keyword("IN")) return Comparator::not_in;
      return s_.fail(s_.pos(), s_.unexpected(s_.pos()) + " after NOT", "expected IN");
    }
    if (s_.keyword("IS")) {
      s_.skip_space();
      if (s_.keyword("NULL")) return Comparator::is_null;
      if (s_.keyword("NOT")) {
        s_.skip_space();
        if (s_.keyword("NULL")) return Comparator::is_not_null;
      }
      return s_.fail(s_.pos(), s_.unexpected(s_.pos()) + " after IS", "expected NULL or NOT NULL");
    }
    return s_.fail(pos, s_.unexpected(pos), kExpected);
  }

  Result<Value> scalar(const Subject& subject) {
    s_.skip_space();
    const std::size_t pos = s_.pos();
    if (subject.numeric()) {
      if (!s_.at_number()) return s_.fail(pos, s_.unexpected(pos), "expected a number for " + subject.describe());
      CAIRN_TRY_ASSIGN(double number, s_.number());
      return Value{number};
    }
    if (s_.peek() == '\'' || s_.peek() == '"') {
      CAIRN_TRY_ASSIGN(std::string text, s_.quoted());
      return Value{std::move(text)};
    }
    return s_.fail(pos, s_.unexpected(pos),
                   "expected a quoted string for " + subject.describe() + " (use single or double quotes)");
  }

  // MLflow reads the list with ast.literal_eval after checking it holds only single-quoted strings and commas.
  Result<std::vector<std::string>> list() {
    s_.skip_space();
    const std::size_t open = s_.pos();
    if (!s_.consume('(')) return s_.fail(open, s_.unexpected(open), "expected '(' and a list of quoted strings");
    std::vector<std::string> items;
    while (true) {
      s_.skip_space();
      const std::size_t pos = s_.pos();
      if (s_.peek() == ')' && items.empty()) return s_.fail(open, "empty list", "expected at least one quoted string");
      if (s_.peek() != '\'') return s_.fail(pos, s_.unexpected(pos), "list items are single-quoted strings");
      CAIRN_TRY_ASSIGN(std::string item, s_.quoted());
      items.push_back(std::move(item));
      s_.skip_space();
      if (s_.consume(',')) continue;
      if (s_.consume(')')) return items;
      return s_.fail(s_.pos(), s_.unexpected(s_.pos()), "expected ',' or ')'");
    }
  }

  FilterScanner s_;
  const TargetSpec& spec_;
};

}  // namespace

std::string_view to_string(EntityType type) {
  switch (type) {
    case EntityType::metric:
      return "metric";
    case EntityType::param:
      return "param";
    case EntityType::tag:
      return "tag";
    case EntityType::attribute:
      return "attribute";
    case EntityType::dataset:
      return "dataset";
  }
  return "attribute";
}

std::string_view to_string(Comparator op) {
  switch (op) {
    case Comparator::eq:
      return "=";
    case Comparator::ne:
      return "!=";
    case Comparator::lt:
      return "<";
    case Comparator::le:
      return "<=";
    case Comparator::gt:
      return ">";
    case Comparator::ge:
      return ">=";
    case Comparator::like:
      return "LIKE";
    case Comparator::ilike:
      return "ILIKE";
    case Comparator::in:
      return "IN";
    case Comparator::not_in:
      return "NOT IN";
    case Comparator::is_null:
      return "IS NULL";
    case Comparator::is_not_null:
      return "IS NOT NULL";
  }
  return "=";
}

Result<SearchFilter> parse_search_filter(std::string_view text, SearchTarget target) {
  if (text.size() > kMaxSearchFilterLength) {
    return Error::bad_request("filter is longer than " + std::to_string(kMaxSearchFilterLength) + " bytes", "filter");
  }
  return FilterParser(text, spec_for(target)).parse();
}

// MLflow's order_by is one identifier optionally followed by ASC or DESC (any case). Like MLflow, we refuse
// surrounding whitespace ("params.x " is an error there too) rather than guess.
Result<OrderBy> parse_order_by(std::string_view text, SearchTarget target) {
  if (text.size() > kMaxOrderByLength) {
    return Error::bad_request("order_by is longer than " + std::to_string(kMaxOrderByLength) + " bytes", "order_by");
  }
  FilterScanner s(text, "order_by", "order_by");
  constexpr std::string_view kExpectedKey = "expected an identifier such as metrics.<key>";
  if (s.at_space()) return s.fail(0, "unexpected whitespace", "order_by may not start with whitespace");
  CAIRN_TRY_ASSIGN(auto segments, s.identifier());
  if (segments.empty()) return s.fail(0, s.unexpected(0), kExpectedKey);
  CAIRN_TRY_ASSIGN(Subject subject, resolve(s, spec_for(target), segments, Use::order_by));
  OrderBy order{subject.type, std::move(subject.key), true};
  if (s.at_end()) return order;
  if (!s.at_space()) return s.fail(s.pos(), s.unexpected(s.pos()), "expected ASC or DESC after the key");
  const std::size_t space = s.pos();
  s.skip_space();
  if (s.at_end()) return s.fail(space, "unexpected trailing whitespace");
  const std::size_t pos = s.pos();
  if (s.keyword("ASC")) {
    order.ascending = true;
  } else if (s.keyword("DESC")) {
    order.ascending = false;
  } else if (s.at_word()) {
    return s.fail(pos, "invalid ordering key '" + s.token_at(pos) + "'", "expected ASC or DESC");
  } else {
    return s.fail(pos, s.unexpected(pos), "expected ASC or DESC");
  }
  if (s.at_end()) return order;
  const std::size_t rest = s.pos();
  s.skip_space();
  if (s.at_end()) return s.fail(rest, "unexpected trailing whitespace");
  return s.fail(s.pos(), s.unexpected(s.pos()), "nothing may follow ASC or DESC");
}

}  // namespace cairn::search
