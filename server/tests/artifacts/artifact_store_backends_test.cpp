// What one implementation promises beyond the shared contract: the folder's confinement and
// conflicts, S3's error mapping, credentials hygiene and multipart clean-up.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "artifact_test_support.hpp"
#include "artifacts/artifact_store.hpp"
#include "artifacts/s3_client.hpp"
#include "artifacts/s3_xml.hpp"

namespace cairn::artifacts {
namespace {

using namespace testing_support;
namespace fs = std::filesystem;

class LocalArtifactStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / unique_name("cairn-local-artifacts");
    root_ = base_ / "root";
    store_ = must(open_artifact_store(root_.string(), {}));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(base_);
  }

  fs::path base_;
  fs::path root_;
  std::unique_ptr<ArtifactStore> store_;
};

TEST_F(LocalArtifactStoreTest, creates_the_root_folder) {
  EXPECT_TRUE(fs::is_directory(root_));
  EXPECT_NE(store_->describe().find(fs::canonical(root_).string()), std::string::npos);
}

TEST_F(LocalArtifactStoreTest, refuses_a_symlink_that_points_out_of_the_root) {
  fs::create_directories(base_ / "outside");
  std::ofstream(base_ / "outside" / "secret.txt") << "secret";
  fs::create_directory_symlink(base_ / "outside", root_ / "link");

  EXPECT_EQ(store_->open_read("link/secret.txt").error().code, ErrorCode::forbidden);
  EXPECT_EQ(store_->list("link").error().code, ErrorCode::forbidden);
  EXPECT_EQ(store_->open_write("link/planted.txt").error().code, ErrorCode::forbidden);
  EXPECT_FALSE(fs::exists(base_ / "outside" / "planted.txt"));
  EXPECT_TRUE(must(store_->list("")).empty()) << "a link out of the root is not listed";

  // Removing the link removes the link, never what it points to.
  must(store_->remove("link"));
  EXPECT_FALSE(fs::exists(root_ / "link"));
  EXPECT_TRUE(fs::exists(base_ / "outside" / "secret.txt"));
}

TEST_F(LocalArtifactStoreTest, a_symlink_inside_the_root_is_followed) {
  auto stream = must(store_->open_write("real/file.txt"));
  must(stream->write("inside"));
  must(stream->finish());
  fs::create_directory_symlink(root_ / "real", root_ / "alias");
  auto read = must(store_->open_read("alias/file.txt"));
  EXPECT_EQ(read->size(), 6);
}

TEST_F(LocalArtifactStoreTest, writing_below_a_file_or_over_a_folder_is_a_conflict) {
  auto file = must(store_->open_write("f"));
  must(file->finish());
  auto below = store_->open_write("f/x.txt");
  ASSERT_FALSE(below.ok());
  EXPECT_EQ(below.error().code, ErrorCode::conflict);

  auto inner = must(store_->open_write("d/x.txt"));
  must(inner->finish());
  auto over = must(store_->open_write("d"));
  must(over->write("data"));
  auto finished = over->finish();
  ASSERT_FALSE(finished.ok());
  EXPECT_EQ(finished.error().code, ErrorCode::conflict);
  EXPECT_EQ(must(store_->list("d")).size(), 1u);
  // No temporary file is left in the folder.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(root_)) files += entry.is_regular_file();
  EXPECT_EQ(files, 1);  // "f"
}

TEST_F(LocalArtifactStoreTest, upload_in_progress_is_a_hidden_temporary_file_beside_the_target) {
  auto stream = must(store_->open_write("t/model.bin"));
  must(stream->write("bytes"));
  int temporaries = 0;
  for (const auto& entry : fs::directory_iterator(root_ / "t")) {
    temporaries += entry.path().filename().string().rfind(".cairn-tmp-", 0) == 0;
  }
  EXPECT_EQ(temporaries, 1);
  EXPECT_TRUE(must(store_->list("t")).empty());
  stream.reset();
  EXPECT_FALSE(fs::exists(root_ / "t")) << "the aborted upload's folder is pruned";
}

TEST(ArtifactStoreFactory, rejects_unknown_schemes_without_echoing_the_url) {
  auto store = open_artifact_store("gs://user:hunter2@bucket/x", {});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::bad_request);
  EXPECT_EQ(store.error().message.find("hunter2"), std::string::npos);
}

TEST(ArtifactStoreFactory, validates_s3_roots_and_options) {
  S3Options options;
  options.endpoint_url = "http://127.0.0.1:1";
  options.access_key_id = "id";
  options.secret_access_key = "secret";
  EXPECT_FALSE(open_artifact_store("s3://", options).ok());
  EXPECT_FALSE(open_artifact_store("s3://bucket/../up", options).ok());
  EXPECT_FALSE(open_artifact_store("s3://bad bucket/x", options).ok());
  EXPECT_TRUE(open_artifact_store("s3://bucket", options).ok());
  EXPECT_TRUE(open_artifact_store("s3://bucket/", options).ok());

  S3Options small_parts = options;
  small_parts.part_size = kMiB;
  EXPECT_EQ(open_artifact_store("s3://bucket", small_parts).error().code, ErrorCode::bad_request);

  S3Options half_credentials = options;
  half_credentials.secret_access_key.clear();
  EXPECT_EQ(open_artifact_store("s3://bucket", half_credentials).error().code, ErrorCode::bad_request);

  S3Options bad_endpoint = options;
  bad_endpoint.endpoint_url = "ftp://127.0.0.1";
  EXPECT_FALSE(open_artifact_store("s3://bucket", bad_endpoint).ok());
}

TEST(ArtifactStoreFactory, s3_describe_names_the_bucket_and_no_credentials) {
  S3Options options;
  options.endpoint_url = "http://127.0.0.1:1/";
  options.access_key_id = "AKIDEXAMPLE";
  options.secret_access_key = "wJalrXUtnFEMI/K7MDENG";
  auto store = must(open_artifact_store("s3://bucket/some/prefix", options));
  std::string described = store->describe();
  EXPECT_NE(described.find("s3://bucket/some/prefix"), std::string::npos) << described;
  EXPECT_NE(described.find("http://127.0.0.1:1"), std::string::npos) << described;
  EXPECT_EQ(described.find("AKIDEXAMPLE"), std::string::npos) << described;
  EXPECT_EQ(described.find("wJalrXUtnFEMI"), std::string::npos) << described;
}

TEST(ArtifactStoreS3Errors, unreachable_endpoint_is_unavailable) {
  S3Options options;
  options.endpoint_url = "http://127.0.0.1:1";  // nothing listens on port 1
  options.access_key_id = "id";
  options.secret_access_key = "secret";
  auto store = must(open_artifact_store("s3://bucket", options));
  EXPECT_EQ(store->list("x").error().code, ErrorCode::unavailable);
  EXPECT_EQ(store->open_read("x").error().code, ErrorCode::unavailable);
  auto stream = must(store->open_write("x"));
  must(stream->write("data"));
  EXPECT_EQ(stream->finish().error().code, ErrorCode::unavailable);
}

class ArtifactStoreS3Server : public testing::Test {
 protected:
  void SetUp() override {
    auto found = s3_test_server();
    if (!found) {
      if (s3_required()) FAIL() << "CAIRN_TEST_REQUIRE_S3=1 but the test S3 server is not configured";
      GTEST_SKIP() << "set CAIRN_TEST_S3_ENDPOINT and CAIRN_TEST_S3_BUCKET to run the S3 server tests";
    }
    server_ = *found;
    prefix_ = unique_name("s3-only");
    options_.endpoint_url = server_.endpoint;
    store_ = must(open_artifact_store("s3://" + server_.bucket + "/" + prefix_, options_));
  }
  void TearDown() override {
    if (store_) {
      auto bucket_store = open_artifact_store("s3://" + server_.bucket, options_);
      if (bucket_store.ok()) {
        EXPECT_TRUE((*bucket_store)->remove(prefix_).ok());
      }
    }
  }

  /// The multipart uploads in progress under this test's prefix, straight from the server.
  std::vector<std::string> uploads_in_progress() {
    S3ClientConfig config;
    config.endpoint = server_.endpoint;
    config.region = std::getenv("AWS_REGION") ? std::getenv("AWS_REGION") : "us-east-1";
    config.bucket = server_.bucket;
    config.access_key_id = std::getenv("AWS_ACCESS_KEY_ID");
    config.secret_access_key = std::getenv("AWS_SECRET_ACCESS_KEY");
    S3Client client(config);
    S3Request request;
    request.query = {{"uploads", ""}, {"prefix", prefix_ + "/"}};
    auto response = must(client.perform(request));
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> keys;
    for (auto upload : xml::elements(response.body, "Upload")) keys.push_back(xml::text(upload, "Key").value_or("?"));
    return keys;
  }

  S3TestServer server_;
  std::string prefix_;
  S3Options options_;
  std::unique_ptr<ArtifactStore> store_;
};

TEST_F(ArtifactStoreS3Server, an_abandoned_multipart_upload_is_aborted_on_the_server) {
  S3Options options = options_;
  options.part_size = 5 * kMiB;
  auto store = must(open_artifact_store("s3://" + server_.bucket + "/" + prefix_, options));
  {
    auto stream = must(store->open_write("big.bin"));
    for (int i = 0; i < 11; ++i) must(stream->write(payload_block(3, i, kMiB)));  // two parts sent
    EXPECT_EQ(uploads_in_progress().size(), 1u);
  }
  EXPECT_TRUE(uploads_in_progress().empty());
  EXPECT_EQ(store->open_read("big.bin").error().code, ErrorCode::not_found);
}

TEST_F(ArtifactStoreS3Server, a_wrong_secret_is_unavailable_and_never_echoed) {
  const std::string wrong_secret = "wrong-secret-must-not-appear-anywhere";
  S3Options options = options_;
  options.access_key_id = std::getenv("AWS_ACCESS_KEY_ID");
  options.secret_access_key = wrong_secret;
  auto store = must(open_artifact_store("s3://" + server_.bucket + "/" + prefix_, options));
  auto listed = store->list("");
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().code, ErrorCode::unavailable);
  EXPECT_NE(listed.error().message.find("refused"), std::string::npos) << listed.error().message;
  EXPECT_EQ(listed.error().message.find(wrong_secret), std::string::npos);
  auto stream = must(store->open_write("x.txt"));
  must(stream->write("data"));
  auto finished = stream->finish();
  ASSERT_FALSE(finished.ok());
  EXPECT_EQ(finished.error().code, ErrorCode::unavailable);
  EXPECT_EQ(finished.error().message.find(wrong_secret), std::string::npos);
}

TEST_F(ArtifactStoreS3Server, a_missing_bucket_is_unavailable_not_a_missing_artifact) {
  auto store = must(open_artifact_store("s3://" + unique_name("cairn-no-such-bucket"), options_));
  auto read = store->open_read("x.txt");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::unavailable) << read.error().message;
  EXPECT_NE(read.error().message.find("does not exist"), std::string::npos) << read.error().message;
}

TEST_F(ArtifactStoreS3Server, an_object_replaced_mid_read_fails_the_read) {
  S3Options options = options_;
  options.read_chunk_size = 64 * 1024;
  auto store = must(open_artifact_store("s3://" + server_.bucket + "/" + prefix_, options));
  auto put = [&](const std::string& data) {
    auto stream = must(store->open_write("v.bin"));
    must(stream->write(data));
    must(stream->finish());
  };
  put(payload_block(1, 0, 200 * 1024));
  auto reader = must(store->open_read("v.bin"));
  char buffer[1024];
  ASSERT_GT(must(reader->read(buffer, sizeof buffer)), 0u);
  put(payload_block(2, 0, 200 * 1024));
  Result<std::size_t> n = std::size_t{1};
  while (n.ok() && *n > 0) n = reader->read(buffer, sizeof buffer);
  ASSERT_FALSE(n.ok()) << "read two versions as one";
  EXPECT_EQ(n.error().code, ErrorCode::conflict);
}

TEST_F(ArtifactStoreS3Server, listing_follows_continuation_tokens) {
  // More entries than one ListObjectsV2 page (1,000), written by a few threads.
  constexpr int kFiles = 1010;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kFiles; i += 4) {
        auto stream = must(store_->open_write("many/" + std::to_string(10000 + i)));
        must(stream->finish());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto entries = must(store_->list("many"));
  ASSERT_EQ(entries.size(), static_cast<std::size_t>(kFiles));
  EXPECT_EQ(entries.front().path, "10000");
  EXPECT_EQ(entries.back().path, std::to_string(10000 + kFiles - 1));
  must(store_->remove("many"));  // more than one DeleteObjects batch
  EXPECT_TRUE(must(store_->list("many")).empty());
}

}  // namespace
}  // namespace cairn::artifacts
