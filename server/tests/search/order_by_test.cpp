#include <gtest/gtest.h>

#include <string>

#include "search/search_filter.hpp"

namespace cairn::search {
namespace {

OrderBy parsed(std::string_view text, SearchTarget target = SearchTarget::runs) {
  auto order = parse_order_by(text, target);
  EXPECT_TRUE(order.ok()) << text << ": " << (order.ok() ? "" : order.error().message);
  return order.ok() ? *order : OrderBy{};
}

std::string order_error_of(std::string_view text, SearchTarget target = SearchTarget::runs) {
  auto order = parse_order_by(text, target);
  EXPECT_FALSE(order.ok()) << text << " parsed";
  if (order.ok()) return {};
  EXPECT_EQ(order.error().code, ErrorCode::bad_request) << text;
  EXPECT_EQ(order.error().field, "order_by") << text;
  return order.error().message;
}

TEST(OrderBy, metric_descending) {
  EXPECT_EQ(parsed("metrics.acc DESC"), (OrderBy{EntityType::metric, "acc", false}));
}

TEST(OrderBy, defaults_to_ascending) {
  EXPECT_EQ(parsed("attributes.start_time"), (OrderBy{EntityType::attribute, "start_time", true}));
  EXPECT_EQ(parsed("tags.tag1"), (OrderBy{EntityType::tag, "tag1", true}));
}

TEST(OrderBy, direction_is_case_insensitive_and_may_follow_several_spaces) {
  EXPECT_EQ(parsed("params.my_param aSc"), (OrderBy{EntityType::param, "my_param", true}));
  EXPECT_FALSE(parsed("attributes.status   DESC").ascending);
  EXPECT_FALSE(parsed("tags.tag1    desc").ascending);
  EXPECT_FALSE(parsed("metrics.x\tdesc").ascending);
}

TEST(OrderBy, quoted_keys_may_hold_spaces_and_dots) {
  EXPECT_EQ(parsed("params.`my key` ASC"), (OrderBy{EntityType::param, "my key", true}));
  EXPECT_EQ(parsed("metrics.\"key1\"  desc"), (OrderBy{EntityType::metric, "key1", false}));
  EXPECT_EQ(parsed("metrics.`Mean Square Error` DESC").key, "Mean Square Error");
  EXPECT_EQ(parsed("tags.\"mlflow.runName\"").key, "mlflow.runName");
  EXPECT_EQ(parsed("tags.mlflow.runName").key, "mlflow.runName");
}

TEST(OrderBy, every_entity_alias_that_sorts_runs_is_accepted) {
  EXPECT_EQ(parsed("metric.a").type, EntityType::metric);
  EXPECT_EQ(parsed("parameters.a").type, EntityType::param);
  EXPECT_EQ(parsed("tag.a").type, EntityType::tag);
  EXPECT_EQ(parsed("attr.status").type, EntityType::attribute);
  EXPECT_EQ(parsed("run.end_time").key, "end_time");
  EXPECT_EQ(parsed("`params`.a").type, EntityType::param);
}

TEST(OrderBy, bare_key_is_an_attribute_and_aliases_are_canonical) {
  EXPECT_EQ(parsed("run_name DESC"), (OrderBy{EntityType::attribute, "run_name", false}));
  EXPECT_EQ(parsed("created").key, "start_time");
  EXPECT_EQ(parsed("attributes.Created").key, "start_time");
}

TEST(OrderBy, experiments_sort_by_their_attributes) {
  EXPECT_EQ(parsed("experiment_id DESC", SearchTarget::experiments),
            (OrderBy{EntityType::attribute, "experiment_id", false}));
  EXPECT_EQ(parsed("attribute.last_update_time", SearchTarget::experiments).key, "last_update_time");
  EXPECT_EQ(parsed("name", SearchTarget::experiments).key, "name");
}

TEST(OrderBy, rejects_unknown_entities_and_keys) {
  EXPECT_NE(order_error_of("m.acc").find("invalid entity type 'm' at position 0"), std::string::npos);
  EXPECT_NE(order_error_of("acc").find("invalid attribute key 'acc' at position 0"), std::string::npos);
  EXPECT_NE(order_error_of("attri.x").find("invalid entity type"), std::string::npos);
  EXPECT_NE(order_error_of("attribute.start").find("invalid attribute key 'start'"), std::string::npos);
  EXPECT_NE(order_error_of("attribute.experiment_id").find("invalid attribute key"), std::string::npos);
  EXPECT_NE(order_error_of("`metrics.A`").find("invalid attribute key 'metrics.A'"), std::string::npos);
  // The "run name" aliases filter but do not sort, as in MLflow.
  EXPECT_NE(order_error_of("\"run name\"").find("invalid attribute key 'run name'"), std::string::npos);
}

TEST(OrderBy, rejects_datasets_for_runs_and_tags_for_experiments) {
  EXPECT_NE(order_error_of("datasets.name").find("cannot order by datasets at position 0"), std::string::npos);
  EXPECT_NE(order_error_of("tags.team", SearchTarget::experiments).find("cannot order by tags"), std::string::npos);
  EXPECT_NE(order_error_of("metrics.acc", SearchTarget::experiments).find("invalid entity type"), std::string::npos);
}

TEST(OrderBy, rejects_bad_direction_saying_where) {
  EXPECT_EQ(order_error_of("attribute.run_id ACS"),
            "Invalid order_by 'attribute.run_id ACS': invalid ordering key 'ACS' at position 17, expected ASC or DESC");
  EXPECT_NE(order_error_of("attribute.run_id decs").find("invalid ordering key 'decs'"), std::string::npos);
  EXPECT_NE(order_error_of("metrics.a DESC blah").find("unexpected 'blah' at position 15, nothing may follow"),
            std::string::npos);
}

TEST(OrderBy, rejects_comparisons_and_lists) {
  EXPECT_NE(order_error_of("metrics.A != 1").find("unexpected '!=' at position 10, expected ASC or DESC"),
            std::string::npos);
  EXPECT_NE(order_error_of("metrics.a,metrics.b").find("unexpected ',' at position 9"), std::string::npos);
  EXPECT_NE(order_error_of("metrics.a>1").find("unexpected '>' at position 9"), std::string::npos);
}

TEST(OrderBy, rejects_surrounding_whitespace_like_mlflow) {
  EXPECT_NE(order_error_of("params.my_param ").find("unexpected trailing whitespace at position 15"),
            std::string::npos);
  EXPECT_NE(order_error_of(" params.my_param").find("unexpected whitespace at position 0"), std::string::npos);
  EXPECT_NE(order_error_of("params.a DESC ").find("trailing whitespace at position 13"), std::string::npos);
}

TEST(OrderBy, rejects_empty_and_unclosed_text) {
  EXPECT_EQ(order_error_of(""),
            "Invalid order_by '': unexpected end of order_by at position 0, "
            "expected an identifier such as metrics.<key>");
  EXPECT_NE(order_error_of("`metrics.A").find("unclosed quote (`) at position 0"), std::string::npos);
  EXPECT_NE(order_error_of("'metrics.a'").find("unexpected ''metrics.a'' at position 0"), std::string::npos);
}

TEST(OrderBy, rejects_text_over_the_length_limit) {
  EXPECT_NE(order_error_of("params." + std::string(kMaxOrderByLength, 'k')).find("longer than"), std::string::npos);
}

}  // namespace
}  // namespace cairn::search
