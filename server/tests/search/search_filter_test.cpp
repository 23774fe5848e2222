#include "search/search_filter.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace cairn::search {

void PrintTo(const Comparison& c, std::ostream* os) {
  *os << to_string(c.type) << " '" << c.key << "' " << to_string(c.op) << " ";
  if (auto d = std::get_if<double>(&c.value))
    *os << *d;
  else if (auto s = std::get_if<std::string>(&c.value))
    *os << "'" << *s << "'";
  else if (auto l = std::get_if<std::vector<std::string>>(&c.value))
    *os << "(" << l->size() << " items)";
  else
    *os << "(none)";
}

namespace {

using List = std::vector<std::string>;
using Value = decltype(Comparison::value);

// The one clause of a filter that must parse.
Comparison only(std::string_view text, SearchTarget target = SearchTarget::runs) {
  auto parsed = parse_search_filter(text, target);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok()) return {};
  EXPECT_EQ(parsed->clauses.size(), 1u) << text;
  return parsed->clauses.empty() ? Comparison{} : parsed->clauses.front();
}

// The message of a filter that must fail; also checks it is a 400 naming the filter field.
std::string filter_error_of(std::string_view text, SearchTarget target = SearchTarget::runs) {
  auto parsed = parse_search_filter(text, target);
  EXPECT_FALSE(parsed.ok()) << text << " parsed";
  if (parsed.ok()) return {};
  EXPECT_EQ(parsed.error().code, ErrorCode::bad_request) << text;
  EXPECT_EQ(parsed.error().field, "filter") << text;
  return parsed.error().message;
}

Comparison clause(EntityType type, std::string key, Comparator op,
                  std::variant<std::monostate, double, std::string, std::vector<std::string>> value) {
  return Comparison{type, std::move(key), op, std::move(value)};
}

// --- what parses ---------------------------------------------------------------------------------------------

TEST(SearchFilter, empty_and_blank_text_have_no_clauses) {
  for (std::string_view text : {"", " ", "\t\n  "}) {
    auto parsed = parse_search_filter(text);
    ASSERT_TRUE(parsed.ok()) << "'" << text << "'";
    EXPECT_TRUE(parsed->clauses.empty());
  }
}

TEST(SearchFilter, metric_comparison_yields_a_number) {
  EXPECT_EQ(only("metrics.acc >= 0.94"), clause(EntityType::metric, "acc", Comparator::ge, 0.94));
}

TEST(SearchFilter, every_entity_alias_maps_to_its_type) {
  const std::pair<const char*, EntityType> aliases[] = {
      {"metric", EntityType::metric},
      {"metrics", EntityType::metric},
      {"param", EntityType::param},
      {"params", EntityType::param},
      {"parameter", EntityType::param},
      {"parameters", EntityType::param},
      {"tag", EntityType::tag},
      {"tags", EntityType::tag},
      {"attribute", EntityType::attribute},
      {"attributes", EntityType::attribute},
      {"attr", EntityType::attribute},
      {"run", EntityType::attribute},
      {"dataset", EntityType::dataset},
      {"datasets", EntityType::dataset},
  };
  for (auto [alias, type] : aliases) {
    std::string key = type == EntityType::attribute ? "status" : type == EntityType::dataset ? "name" : "k";
    std::string value = type == EntityType::metric ? "1" : "'v'";
    Comparison c = only(std::string(alias) + "." + key + " = " + value);
    EXPECT_EQ(c.type, type) << alias;
    EXPECT_EQ(c.key, key) << alias;
  }
}

TEST(SearchFilter, backticked_entity_is_accepted_as_mlflow_does) {
  EXPECT_EQ(only("`metric`.a >= 0.1"), clause(EntityType::metric, "a", Comparator::ge, 0.1));
  EXPECT_EQ(only("`tags`.source_name = 'a notebook'"),
            clause(EntityType::tag, "source_name", Comparator::eq, std::string("a notebook")));
}

TEST(SearchFilter, keys_may_be_quoted_with_double_quotes_single_quotes_or_backticks) {
  EXPECT_EQ(only("metric.\"legit name\" >= 0.243").key, "legit name");
  EXPECT_EQ(only("metrics.`spacey name` > 5").key, "spacey name");
  EXPECT_EQ(only("metrics.'prediction accuracy' >= 0.945").key, "prediction accuracy");
  EXPECT_EQ(only("metrics.\"X-Y-Z\" = 3").key, "X-Y-Z");
  EXPECT_EQ(only("metrics.\"X//Y#$$@&Z\" = 3").key, "X//Y#$$@&Z");
  EXPECT_EQ(only("metrics.\"2019-04-02 error rate\" < 1").key, "2019-04-02 error rate");
}

TEST(SearchFilter, quoted_keys_keep_their_dots) {
  EXPECT_EQ(only("metrics.\"accuracy.2.0\" > 5").key, "accuracy.2.0");
  EXPECT_EQ(only("params.\"p.a.r.a.m\" != \"a\"").key, "p.a.r.a.m");
  EXPECT_EQ(only("tags.`mlflow.runName` = 'x'").key, "mlflow.runName");
}

TEST(SearchFilter, first_dot_splits_entity_from_an_unquoted_dotted_key) {
  EXPECT_EQ(only("tags.mlflow.runName = 'bert'"),
            clause(EntityType::tag, "mlflow.runName", Comparator::eq, std::string("bert")));
  EXPECT_EQ(only("metrics.val.loss.ema < 0.2").key, "val.loss.ema");
}

TEST(SearchFilter, unquoted_keys_may_start_with_digits_after_the_dot_and_hold_unicode) {
  EXPECT_EQ(only("metrics.2019err < 1").key, "2019err");
  EXPECT_EQ(only("params.température = 'haute'").key, "température");
  EXPECT_EQ(only("metrics.XYZ = 3").key, "XYZ");
}

TEST(SearchFilter, string_values_take_single_or_double_quotes) {
  EXPECT_EQ(only("params.model = 'LinearRegression'").value, Value{std::string("LinearRegression")});
  EXPECT_EQ(only("params.model = \"LinearRegression\"").value, Value{std::string("LinearRegression")});
  EXPECT_EQ(only("params.\"cat dog\" = \"pets\""),
            clause(EntityType::param, "cat dog", Comparator::eq, std::string("pets")));
}

TEST(SearchFilter, double_quoted_value_may_hold_a_single_quote) {
  EXPECT_EQ(only("params.m = \"L'Hosp\"").value, (Value{std::string("L'Hosp")}));
  EXPECT_EQ(only("params.m = 'LR'").value, (Value{std::string("LR")}));
  EXPECT_EQ(only("params.m = \"LR\"").value, (Value{std::string("LR")}));
}

TEST(SearchFilter, doubled_and_backslashed_quotes_are_unescaped) {
  EXPECT_EQ(std::get<std::string>(only("params.m = 'it''s'").value), "it's");
  EXPECT_EQ(std::get<std::string>(only("params.m = 'it\\'s'").value), "it's");
  EXPECT_EQ(std::get<std::string>(only("params.m = \"say \"\"hi\"\"\"").value), "say \"hi\"");
  EXPECT_EQ(std::get<std::string>(only("params.m = 'C:\\\\data'").value), "C:\\data");
  // Any other backslash is a literal character, so Windows paths and regex-looking values survive.
  EXPECT_EQ(std::get<std::string>(only("params.m = 'a\\b'").value), "a\\b");
}

TEST(SearchFilter, empty_string_value_is_allowed) {
  EXPECT_EQ(std::get<std::string>(only("tags.note = ''").value), "");
}

TEST(SearchFilter, values_keep_operators_keywords_and_spaces_inside_quotes) {
  EXPECT_EQ(std::get<std::string>(only("params.q = 'a > 1 AND b OR (c)'").value), "a > 1 AND b OR (c)");
}

TEST(SearchFilter, numbers_may_be_negative_decimal_or_scientific) {
  const std::pair<const char*, double> numbers[] = {
      {"1", 1},
      {"-1", -1},
      {"0.5", 0.5},
      {".5", 0.5},
      {"5.", 5},
      {"-0.25", -0.25},
      {"1e3", 1000},
      {"1E3", 1000},
      {"1.5e-3", 0.0015},
      {"-2e2", -200},
      {"1e+3", 1000},
      {"100", 100},
      {"12345678901234", 12345678901234.0},
  };
  for (auto [text, expected] : numbers) {
    auto c = only(std::string("metrics.x > ") + text);
    ASSERT_TRUE(std::holds_alternative<double>(c.value)) << text;
    EXPECT_DOUBLE_EQ(std::get<double>(c.value), expected) << text;
  }
}

TEST(SearchFilter, spaces_around_comparators_are_optional) {
  EXPECT_EQ(only("metric.acc>=100"), clause(EntityType::metric, "acc", Comparator::ge, 100.0));
  EXPECT_EQ(only("params.m!='tf'"), clause(EntityType::param, "m", Comparator::ne, std::string("tf")));
  EXPECT_EQ(only("metrics.loss>-1"), clause(EntityType::metric, "loss", Comparator::gt, -1.0));
  EXPECT_EQ(only("  metrics.loss   <=\t2  "), clause(EntityType::metric, "loss", Comparator::le, 2.0));
}

TEST(SearchFilter, each_metric_comparator_parses) {
  const std::pair<const char*, Comparator> ops[] = {
      {"=", Comparator::eq},  {"!=", Comparator::ne}, {"<", Comparator::lt},
      {"<=", Comparator::le}, {">", Comparator::gt},  {">=", Comparator::ge},
  };
  for (auto [text, op] : ops) EXPECT_EQ(only(std::string("metrics.m ") + text + " 1").op, op) << text;
}

TEST(SearchFilter, like_and_ilike_apply_to_params_tags_string_attributes_and_datasets) {
  EXPECT_EQ(only("params.model LIKE 'bert%'"),
            clause(EntityType::param, "model", Comparator::like, std::string("bert%")));
  EXPECT_EQ(only("tags.owner ILIKE '%ANN%'").op, Comparator::ilike);
  EXPECT_EQ(only("attributes.run_name LIKE 'sweep-_'").op, Comparator::like);
  EXPECT_EQ(only("datasets.digest ilike 'ab%'").op, Comparator::ilike);
}

TEST(SearchFilter, keywords_and_and_are_case_insensitive) {
  auto parsed = parse_search_filter("params.a like 'x' and params.b iLiKe 'y' AnD metrics.c != 2");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->clauses.size(), 3u);
  EXPECT_EQ(parsed->clauses[0].op, Comparator::like);
  EXPECT_EQ(parsed->clauses[1].op, Comparator::ilike);
  EXPECT_EQ(parsed->clauses[2], clause(EntityType::metric, "c", Comparator::ne, 2.0));
}

TEST(SearchFilter, clauses_keep_their_order) {
  auto parsed = parse_search_filter("metrics.rmse < 1 and params.model_class = 'LR'");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->clauses, (std::vector<Comparison>{
                                 clause(EntityType::metric, "rmse", Comparator::lt, 1.0),
                                 clause(EntityType::param, "model_class", Comparator::eq, std::string("LR")),
                             }));
}

TEST(SearchFilter, run_id_in_list_collects_single_quoted_strings) {
  EXPECT_EQ(only("attributes.run_id IN ('a1', 'b2','c3')"),
            clause(EntityType::attribute, "run_id", Comparator::in, List{"a1", "b2", "c3"}));
  EXPECT_EQ(only("run_id not in ('x')"), clause(EntityType::attribute, "run_id", Comparator::not_in, List{"x"}));
  EXPECT_EQ(only("attr.run_id NOT   IN('x','y')").op, Comparator::not_in);
  // MLflow drops run ids that are not all lower-case (a MySQL workaround); Cairn keeps what was asked for.
  EXPECT_EQ(std::get<List>(only("run_id IN ('ABC', '123')").value), (List{"ABC", "123"}));
}

TEST(SearchFilter, dataset_fields_take_in_lists) {
  EXPECT_EQ(only("datasets.name IN ('name1', 'name2')"),
            clause(EntityType::dataset, "name", Comparator::in, List{"name1", "name2"}));
  EXPECT_EQ(only("dataset.digest NOT IN ('d1')").op, Comparator::not_in);
  EXPECT_EQ(only("dataset.context IN ('train')").key, "context");
}

TEST(SearchFilter, is_null_and_is_not_null_apply_to_tags_and_params) {
  EXPECT_EQ(only("tags.version IS NULL"), clause(EntityType::tag, "version", Comparator::is_null, std::monostate{}));
  EXPECT_EQ(only("tags.version is not null").op, Comparator::is_not_null);
  EXPECT_EQ(only("params.lr IS  NOT\tNULL"),
            clause(EntityType::param, "lr", Comparator::is_not_null, std::monostate{}));
  auto parsed = parse_search_filter("tags.a IS NULL AND params.b = 'val'");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->clauses.size(), 2u);
}

TEST(SearchFilter, bare_identifier_is_an_attribute) {
  EXPECT_EQ(only("status = 'FAILED'"), clause(EntityType::attribute, "status", Comparator::eq, std::string("FAILED")));
  EXPECT_EQ(only("start_time > 1700000000000").value, (Value{1700000000000.0}));
}

TEST(SearchFilter, every_run_attribute_is_searchable) {
  for (const char* key : {"run_id", "run_name", "status", "user_id", "artifact_uri"}) {
    EXPECT_EQ(only(std::string("attributes.") + key + " = 'v'").key, key);
  }
  for (const char* key : {"start_time", "end_time"}) {
    EXPECT_EQ(only(std::string("attributes.") + key + " >= 5").key, key);
  }
}

TEST(SearchFilter, numeric_attributes_take_numbers_and_ordering_comparators) {
  EXPECT_EQ(only("attribute.start_time >= 1234"), clause(EntityType::attribute, "start_time", Comparator::ge, 1234.0));
  EXPECT_EQ(only("attributes.end_time < 5").op, Comparator::lt);
}

TEST(SearchFilter, attribute_aliases_become_canonical_keys) {
  EXPECT_EQ(only("attributes.created > 0").key, "start_time");
  EXPECT_EQ(only("Created > 0").key, "start_time");
  EXPECT_EQ(only("attributes.\"run name\" = 'x'").key, "run_name");
  EXPECT_EQ(only("`Run Name` = 'x'").key, "run_name");
  EXPECT_EQ(only("\"Run name\" LIKE 'x%'").key, "run_name");
  EXPECT_EQ(only("run.status = 'RUNNING'").key, "status");
}

TEST(SearchFilter, artifact_uri_value_keeps_slashes) {
  EXPECT_EQ(only("attribute.artifact_uri = '1/23/4'"),
            clause(EntityType::attribute, "artifact_uri", Comparator::eq, std::string("1/23/4")));
}

TEST(SearchFilter, experiments_accept_attribute_and_tag_entities) {
  EXPECT_EQ(only("name LIKE 'jamie-foo C+%'", SearchTarget::experiments),
            clause(EntityType::attribute, "name", Comparator::like, std::string("jamie-foo C+%")));
  EXPECT_EQ(only("attribute.creation_time > 10", SearchTarget::experiments).value, (Value{10.0}));
  EXPECT_EQ(only("tags.team = 'nlp'", SearchTarget::experiments).type, EntityType::tag);
  EXPECT_EQ(only("tag.team IS NULL", SearchTarget::experiments).op, Comparator::is_null);
  EXPECT_EQ(only("last_update_time <= 3", SearchTarget::experiments).key, "last_update_time");
}

TEST(SearchFilter, to_string_names_comparators_as_mlflow_writes_them) {
  EXPECT_EQ(to_string(Comparator::not_in), "NOT IN");
  EXPECT_EQ(to_string(Comparator::is_not_null), "IS NOT NULL");
  EXPECT_EQ(to_string(Comparator::ne), "!=");
  EXPECT_EQ(to_string(EntityType::param), "param");
}

// --- what fails, and where -----------------------------------------------------------------------------------

TEST(SearchFilterErrors, rejects_doubled_operator_saying_where) {
  EXPECT_EQ(filter_error_of("metrics.acc >> 1"),
            "Invalid filter 'metrics.acc >> 1': unexpected '>' at position 13, "
            "expected a number for metric 'acc'");
}

TEST(SearchFilterErrors, rejects_unclosed_quote_saying_where) {
  EXPECT_EQ(filter_error_of("params.acc = 'LR"),
            "Invalid filter 'params.acc = 'LR': unclosed quote (') at position 13");
  EXPECT_NE(filter_error_of("params.acc = \"LR'").find("unclosed quote (\") at position 13"), std::string::npos);
  EXPECT_NE(filter_error_of("params.'acc = LR").find("unclosed quote (') at position 7"), std::string::npos);
  EXPECT_NE(filter_error_of("`metrics.A > 0.1").find("unclosed quote (`) at position 0"), std::string::npos);
  EXPECT_NE(filter_error_of("param`.A > 0.1").find("unexpected '`.A > 0.1' at position 5"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_unquoted_or_backticked_string_values) {
  EXPECT_NE(filter_error_of("params.acc = LR").find("unexpected 'LR' at position 13, expected a quoted string"),
            std::string::npos);
  EXPECT_NE(filter_error_of("tags.acc = LR").find("at position 11"), std::string::npos);
  EXPECT_NE(filter_error_of("params.acc = `LR`").find("unexpected '`LR`' at position 13"), std::string::npos);
  EXPECT_NE(filter_error_of("params.acc = LR'").find("at position 13"), std::string::npos);
  EXPECT_NE(filter_error_of("attribute.status = true").find("unexpected 'true'"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_unknown_entity_types) {
  EXPECT_NE(filter_error_of("m.acc >= 0.94").find("invalid entity type 'm' at position 0"), std::string::npos);
  EXPECT_NE(filter_error_of("p.model >= 'LR'").find("invalid entity type 'p'"), std::string::npos);
  EXPECT_NE(filter_error_of("attri.x != 1").find("invalid entity type"), std::string::npos);
  // Entity aliases are case-sensitive, as in MLflow.
  EXPECT_NE(filter_error_of("Metrics.acc > 1").find("invalid entity type 'Metrics'"), std::string::npos);
  // Double quotes make a key, never an entity.
  EXPECT_NE(filter_error_of("\"metrics\".acc > 1").find("invalid entity type"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_unknown_attribute_keys_listing_valid_ones) {
  const std::string message = filter_error_of("acc >= 0.94");
  EXPECT_NE(message.find("invalid attribute key 'acc' at position 0"), std::string::npos);
  EXPECT_NE(message.find("run_id"), std::string::npos);
  for (const char* text : {"attribute.start != 1", "attribute.experiment_id != 1", "attribute.name != 1",
                           "attribute._status != 'RUNNING'", "model >= 'LR'", "foo is null"}) {
    EXPECT_NE(filter_error_of(text).find("invalid attribute key"), std::string::npos) << text;
  }
}

TEST(SearchFilterErrors, rejects_lifecycle_stage_like_mlflow) {
  EXPECT_NE(filter_error_of("attribute.lifecycle_stage = 'ACTIVE'").find("invalid attribute key 'lifecycle_stage'"),
            std::string::npos);
}

TEST(SearchFilterErrors, rejects_unknown_dataset_keys) {
  EXPECT_NE(filter_error_of("dataset.status = 'true'").find("invalid dataset key 'status' at position 8"),
            std::string::npos);
  EXPECT_NE(filter_error_of("dataset.profile = 'num_rows: 10'").find("invalid dataset key"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_or_saying_only_and_is_supported) {
  EXPECT_EQ(filter_error_of("metrics.A > 0.1 OR params.B = 'LR'"),
            "Invalid filter 'metrics.A > 0.1 OR params.B = 'LR'': unexpected 'OR' at position 16, "
            "only AND is supported");
}

TEST(SearchFilterErrors, rejects_other_joiners_and_parentheses) {
  EXPECT_NE(
      filter_error_of("metrics.A > 0.1 NAND params.B = 'LR'").find("unexpected 'NAND' at position 16, expected AND"),
      std::string::npos);
  EXPECT_NE(filter_error_of("metrics.A > 0.1 AND (params.B = 'LR')").find("unexpected '(' at position 20, parentheses"),
            std::string::npos);
  EXPECT_NE(filter_error_of("metrics.A > 0.1 params.B = 'LR'").find("expected AND"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_several_statements) {
  EXPECT_NE(filter_error_of("metric.acc >= 0.94; metrics.rmse < 1").find("unexpected ';' at position 18"),
            std::string::npos);
}

TEST(SearchFilterErrors, rejects_dangling_and_saying_the_filter_ended) {
  EXPECT_EQ(filter_error_of("metrics.a > 1 AND"),
            "Invalid filter 'metrics.a > 1 AND': unexpected end of filter at position 17, "
            "expected an identifier such as metrics.<key>");
  EXPECT_NE(filter_error_of("metrics.a > 1 and and metrics.b < 2").find("unexpected 'and' at position 18"),
            std::string::npos);
  EXPECT_NE(filter_error_of("AND metrics.a > 1").find("unexpected 'AND' at position 0"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_missing_comparator_or_value) {
  EXPECT_NE(filter_error_of("metric.acc !=").find("unexpected end of filter at position 13, expected a number"),
            std::string::npos);
  EXPECT_NE(filter_error_of("params.acc LR").find("unexpected 'LR' at position 11, expected a comparator"),
            std::string::npos);
  EXPECT_NE(filter_error_of("params.acc").find("unexpected end of filter at position 10"), std::string::npos);
  EXPECT_NE(filter_error_of("tags.acc = = 'LR'").find("unexpected '=' at position 11"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_values_on_the_left) {
  EXPECT_NE(filter_error_of("1.0 > metrics.acc").find("unexpected '1' at position 0, expected an identifier"),
            std::string::npos);
  EXPECT_NE(filter_error_of("1=1").find("expected an identifier"), std::string::npos);
  EXPECT_NE(filter_error_of("'status' = 'x'").find("unexpected ''status'' at position 0"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_comparators_mlflow_does_not_know) {
  for (const char* op : {"<>", "==", "~", "~=", "!"}) {
    const std::string message = filter_error_of(std::string("metrics.abc ") + op + " 1");
    EXPECT_NE(message.find(std::string("invalid comparator '") + op + "' at position 12"), std::string::npos) << op;
  }
  EXPECT_NE(filter_error_of("params.a NOT LIKE 'x'").find("unexpected 'LIKE' after NOT at position 13, expected IN"),
            std::string::npos);
  EXPECT_NE(filter_error_of("attribute.status IS 'RUNNING'").find("after IS"), std::string::npos);
  EXPECT_NE(filter_error_of("params.a RLIKE 'x'").find("unexpected 'RLIKE'"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_comparators_an_entity_does_not_take) {
  const std::pair<const char*, const char*> cases[] = {
      {"metrics.abc LIKE 'x'", "comparator 'LIKE' is not supported for metric 'abc' at position 12"},
      {"params.abc > 'x'", "comparator '>' is not supported for param 'abc'"},
      {"tags.abc <= 'x'", "comparator '<=' is not supported for tag 'abc'"},
      {"attributes.status >= 'x'", "comparator '>=' is not supported for attribute 'status'"},
      {"attributes.start_time LIKE 1234", "comparator 'LIKE' is not supported for attribute 'start_time'"},
      {"datasets.name < 'x'", "comparator '<' is not supported for dataset 'name'"},
      {"params.a IN ('x')", "comparator 'IN' is not supported for param 'a'"},
  };
  for (auto [text, expected] : cases) EXPECT_NE(filter_error_of(text).find(expected), std::string::npos) << text;
}

TEST(SearchFilterErrors, rejects_is_null_outside_tags_and_params) {
  for (const char* text : {"metrics.acc IS NULL", "attribute.status IS NULL", "datasets.name IS NOT NULL"}) {
    EXPECT_NE(filter_error_of(text).find("IS NULL / IS NOT NULL is only supported for tags and params"),
              std::string::npos)
        << text;
  }
}

TEST(SearchFilterErrors, rejects_lists_on_attributes_other_than_run_id) {
  EXPECT_NE(filter_error_of("attributes.status IN ('FINISHED')").find("only the 'run_id' attribute supports IN"),
            std::string::npos);
}

TEST(SearchFilterErrors, rejects_value_of_the_wrong_type) {
  EXPECT_NE(filter_error_of("metric.model = 'LR'").find("expected a number for metric 'model'"), std::string::npos);
  EXPECT_NE(filter_error_of("metric.model = '5'").find("expected a number"), std::string::npos);
  EXPECT_NE(filter_error_of("params.acc = 5").find("expected a quoted string for param 'acc'"), std::string::npos);
  EXPECT_NE(filter_error_of("tags.acc = 5").find("expected a quoted string for tag 'acc'"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.acc != metrics.acc").find("unexpected 'metrics'"), std::string::npos);
  EXPECT_NE(filter_error_of("attribute.status = 1").find("expected a quoted string for attribute 'status'"),
            std::string::npos);
  EXPECT_NE(filter_error_of("attribute.start_time = '1'").find("expected a number for attribute 'start_time'"),
            std::string::npos);
  EXPECT_NE(filter_error_of("attributes.run_id = ('a')").find("unexpected '('"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_malformed_numbers) {
  EXPECT_NE(filter_error_of("metrics.a > 1abc").find("malformed number '1abc' at position 12"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.a > 1.2.3").find("malformed number '1.2.3'"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.a > 1e").find("malformed number '1e'"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.a > -").find("unexpected '-' at position 12"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.a > +1").find("unexpected '+'"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.a > 1e999").find("out of range"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.a > nan").find("unexpected 'nan'"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_malformed_in_lists) {
  EXPECT_NE(filter_error_of("run_id IN ()").find("empty list at position 10"), std::string::npos);
  EXPECT_NE(filter_error_of("run_id IN 'a'").find("expected '(' and a list"), std::string::npos);
  EXPECT_NE(
      filter_error_of("run_id IN (\"a\")").find("unexpected '\"a\"' at position 11, list items are single-quoted"),
      std::string::npos);
  EXPECT_NE(filter_error_of("run_id IN ('a' 'b')").find("unexpected ''b'' at position 15, expected ',' or ')'"),
            std::string::npos);
  EXPECT_NE(filter_error_of("run_id IN ('a',)").find("at position 15"), std::string::npos);
  EXPECT_NE(filter_error_of("run_id IN ('a'").find("unexpected end of filter at position 14"), std::string::npos);
  EXPECT_NE(filter_error_of("run_id IN (1, 2)").find("list items are single-quoted strings"), std::string::npos);
}

TEST(SearchFilterErrors, rejects_broken_identifiers) {
  EXPECT_NE(filter_error_of("metrics. > 1").find("at position 8, expected a key after '.'"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.\"\" > 1").find("empty key at position 8"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.\"a\".b > 1").find("unexpected '.' after a quoted key at position 11"),
            std::string::npos);
  EXPECT_NE(filter_error_of("tags.mlflow.\"runName\" = 'x'").find("quote the whole key"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics.my-key > 1").find("at position 10"), std::string::npos);
  EXPECT_NE(filter_error_of("metrics . acc > 1").find("invalid attribute key 'metrics'"), std::string::npos);
}

TEST(SearchFilterErrors, experiments_reject_run_only_entities_and_keys) {
  EXPECT_NE(filter_error_of("metrics.acc > 1", SearchTarget::experiments).find("invalid entity type 'metrics'"),
            std::string::npos);
  EXPECT_NE(
      filter_error_of("attributes.name = 'x'", SearchTarget::experiments).find("invalid entity type 'attributes'"),
      std::string::npos);
  EXPECT_NE(filter_error_of("status = 'x'", SearchTarget::experiments).find("invalid attribute key 'status'"),
            std::string::npos);
  EXPECT_NE(filter_error_of("name IN ('a')", SearchTarget::experiments).find("not supported"), std::string::npos);
  // experiment_id orders experiments but does not filter them, as in MLflow.
  EXPECT_NE(filter_error_of("experiment_id = '1'", SearchTarget::experiments).find("invalid attribute key"),
            std::string::npos);
}

TEST(SearchFilterErrors, shows_control_characters_escaped) {
  EXPECT_NE(filter_error_of(std::string_view("metrics.a > \x01", 13)).find("unexpected '\\x01' at position 12"),
            std::string::npos);
}

TEST(SearchFilterErrors, rejects_filters_over_the_length_limit) {
  std::string text = "params.a = '" + std::string(kMaxSearchFilterLength, 'x') + "'";
  EXPECT_NE(filter_error_of(text).find("longer than"), std::string::npos);
}

TEST(SearchFilterErrors, cuts_long_filters_in_the_message) {
  std::string text = "params.a = '" + std::string(5000, 'x');  // unclosed
  const std::string message = filter_error_of(text);
  EXPECT_LT(message.size(), 400u);
  EXPECT_NE(message.find("unclosed quote (') at position 11"), std::string::npos);
}

}  // namespace
}  // namespace cairn::search
