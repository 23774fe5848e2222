#include <gtest/gtest.h>

#include "test_readers.hpp"

namespace cairn::modelfiles {
namespace {

using testing::inspect_bytes;

// The first bytes of pickle.dumps(LogisticRegression(), protocol=4).
const std::string kSklearnPickle = testing::literal_bytes(
    "\x80\x04\x95\x10\x02\x00\x00\x00\x00\x00\x00\x8c\x1esklearn.linear_model._"
    "logistic\x94\x8c\x12LogisticRegression\x94");

TEST(ModelPickle, pickle_is_executable_and_names_its_library) {
  auto r = inspect_bytes("model.pkl", kSklearnPickle);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "pickle");
  EXPECT_TRUE(r->executable_code);
  EXPECT_EQ(r->framework, "sklearn");
}

TEST(ModelPickle, magic_bytes_find_a_pickle_under_any_name) {
  auto r = inspect_bytes("model.bin", kSklearnPickle);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "pickle");
  EXPECT_TRUE(r->executable_code);
  // Protocol 6 does not exist, nor does a 0x80 without a protocol number.
  EXPECT_EQ(inspect_bytes("model.bin", testing::literal_bytes("\x80\x06\x95"))->format, "opaque");
  EXPECT_EQ(inspect_bytes("model.bin", testing::literal_bytes("\x80"))->format, "opaque");
}

TEST(ModelPickle, legacy_torch_save_is_a_pytorch_pickle) {
  auto r = inspect_bytes("weights.pt", testing::literal_bytes("\x80\x02\x8a\x0alz\xfc\x9c"
                                                              "F\xf9 j\xa8P\x19."));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "pickle");
  EXPECT_EQ(r->framework, "pytorch");
  EXPECT_TRUE(r->executable_code);
}

TEST(ModelPickle, joblib_and_protocol_0_pickles_are_known_by_name) {
  auto j = inspect_bytes("model.joblib", testing::literal_bytes("\x78\x9c compressed"));
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->format, "joblib");
  EXPECT_TRUE(j->executable_code);
  auto p = inspect_bytes("old.pickle", "(dp0\nS'a'\np1\nI1\ns.");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->format, "pickle");
  EXPECT_TRUE(p->executable_code);
  EXPECT_EQ(p->framework, "");
}

TEST(ModelPickle, unknown_files_are_opaque_and_not_executable) {
  auto r = inspect_bytes("conda.yaml", "name: mlflow-env\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "opaque");
  EXPECT_FALSE(r->executable_code);
  EXPECT_TRUE(r->details.empty());
}

TEST(ModelPickle, json_beyond_the_cap_is_detected_not_read) {
  std::string big = R"({"learner": {"x": ")" + std::string((64 << 20) + 10, 'a') + R"("}, "version": [2, 0, 0]})";
  auto r = inspect_bytes("model.json", big, 1 << 20);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, "xgboost_json");
  EXPECT_FALSE(r->details.contains("objective"));
  EXPECT_TRUE(r->details.contains("note"));
}

}  // namespace
}  // namespace cairn::modelfiles

namespace cairn::modelfiles {
namespace {

TEST(SkopsDetection, ASkopsZipIsSklearnAndNotExecutable) {
  auto found = testing::inspect_bytes("model.skops", std::string("PK\x03\x04", 4) + std::string(100, '\0'));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->format, "skops");
  EXPECT_EQ(found->framework, "sklearn");
  EXPECT_FALSE(found->executable_code);
}

TEST(SkopsDetection, ASkopsNameWithoutZipContentIsOpaque) {
  auto found = testing::inspect_bytes("model.skops", "not a zip at all");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->format, "opaque");
}

}  // namespace
}  // namespace cairn::modelfiles
