#include "runtime/model_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.hpp"

namespace cairn::runtime {
namespace {

namespace fs = std::filesystem;

class NamedRuntime : public Runtime {
 public:
  NamedRuntime(std::string name, std::string flavor) : name_(std::move(name)), flavor_(std::move(flavor)) {}
  std::string_view name() const override { return name_; }
  bool supports(const ModelSource& model) const override {
    return model.mlmodel.contains("flavors") && model.mlmodel["flavors"].contains(flavor_);
  }
  Result<std::unique_ptr<ModelInstance>> start(const ModelSource&, const InstanceOptions&) override {
    return Error::internal("not in this test");
  }

 private:
  std::string name_;
  std::string flavor_;
};

TEST(PlaceModelFiles, fills_a_directory_once_and_leaves_nothing_behind_on_failure) {
  const auto root = fs::temp_directory_path() / ("cairn-place-" + crypto::random_hex(6));
  const std::string dir = (root / "models" / "m" / "1").string();
  int fills = 0;
  auto fill = [&](const std::string& partial) -> Status {
    ++fills;
    std::ofstream(fs::path(partial) / "MLmodel") << "flavors: {}\n";
    return {};
  };
  auto failing = [&](const std::string& partial) -> Status {
    std::ofstream(fs::path(partial) / "half") << "x";
    return Error::unavailable("connection refused");
  };

  auto failed = place_model_files(dir, failing);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::unavailable);
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_TRUE(fs::is_empty(fs::path(dir).parent_path()));  // no partial folder left

  bool downloaded = false;
  ASSERT_TRUE(place_model_files(dir, fill, &downloaded).ok());
  EXPECT_TRUE(downloaded);
  EXPECT_TRUE(fs::exists(fs::path(dir) / "MLmodel"));
  EXPECT_TRUE(fs::exists(fs::path(dir) / ".complete"));
  ASSERT_TRUE(place_model_files(dir, fill, &downloaded).ok());
  EXPECT_FALSE(downloaded);
  EXPECT_EQ(fills, 1);
  fs::remove_all(root);
}

TEST(ChooseRuntime, prefers_an_in_process_runtime_and_names_why_none_fits) {
  NamedRuntime python("python", "python_function");
  NamedRuntime xgboost("xgboost", "xgboost");
  const std::vector<Runtime*> runtimes = {&python, &xgboost};
  auto both = make_model_source("/m", {{"flavors", {{"python_function", {}}, {"xgboost", {}}}}}, "xgboost");
  auto pyfunc = make_model_source("/m", {{"flavors", {{"python_function", {}}}}}, "sklearn");
  auto bare = make_model_source("/m", "not an object", "");
  std::string why;
  EXPECT_EQ(choose_runtime(runtimes, "auto", both, why), &xgboost);
  EXPECT_EQ(choose_runtime(runtimes, "python", both, why), &python);
  EXPECT_EQ(choose_runtime(runtimes, "auto", pyfunc, why), &python);
  EXPECT_EQ(choose_runtime(runtimes, "xgboost", pyfunc, why), nullptr);
  EXPECT_NE(why.find("cannot serve"), std::string::npos);
  EXPECT_TRUE(bare.mlmodel.is_object());
  EXPECT_EQ(choose_runtime(runtimes, "auto", bare, why), nullptr);
  EXPECT_NE(why.find("python_function"), std::string::npos);
  EXPECT_EQ(choose_runtime(runtimes, "onnx", pyfunc, why), nullptr);
  EXPECT_NE(why.find("not available"), std::string::npos);
}

}  // namespace
}  // namespace cairn::runtime
