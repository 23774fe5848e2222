// The behaviour every ArtifactStore promises the services, run against each implementation: the
// local folder (in a temporary directory) always, and S3 against the real S3-compatible server
// named by CAIRN_TEST_S3_ENDPOINT / CAIRN_TEST_S3_BUCKET with AWS_ACCESS_KEY_ID /
// AWS_SECRET_ACCESS_KEY (`scripts/test-services.sh start`, then `eval "$(scripts/test-services.sh env)"`).
// Each S3 test works under its own key prefix, removed afterwards, so runs can share a bucket.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "artifact_test_support.hpp"
#include "artifacts/artifact_store.hpp"

namespace cairn::artifacts {
namespace {

using namespace testing_support;

enum class StoreKind { local, s3 };

std::string kind_name(const testing::TestParamInfo<StoreKind>& info) {
  return info.param == StoreKind::local ? "local" : "s3";
}

class ArtifactStoreContract : public testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (GetParam() == StoreKind::local) {
      folder_ = std::filesystem::temp_directory_path() / unique_name("cairn-artifacts");
      root_ = folder_.string();
    } else {
      auto server = s3_test_server();
      if (!server) {
        if (s3_required())
          FAIL() << "CAIRN_TEST_REQUIRE_S3=1 but CAIRN_TEST_S3_ENDPOINT, CAIRN_TEST_S3_BUCKET, "
                    "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is unset";
        GTEST_SKIP() << "set CAIRN_TEST_S3_ENDPOINT and CAIRN_TEST_S3_BUCKET (scripts/test-services.sh env) to run the "
                        "S3 contract";
      }
      bucket_ = server->bucket;
      prefix_ = unique_name("contract");
      root_ = "s3://" + bucket_ + "/" + prefix_;
      s3_.endpoint_url = server->endpoint;
    }
    store_ = must(open_artifact_store(root_, s3_));
  }

  void TearDown() override {
    store_.reset();
    if (!folder_.empty()) std::filesystem::remove_all(folder_);
    if (!prefix_.empty()) {
      auto bucket_store = open_artifact_store("s3://" + bucket_, s3_);
      if (bucket_store.ok()) {
        EXPECT_TRUE((*bucket_store)->remove(prefix_).ok());
      }
    }
  }

  /// Another store on the same root with other options (a smaller part size, say).
  std::unique_ptr<ArtifactStore> reopen(const S3Options& options) { return must(open_artifact_store(root_, options)); }

  void put(const std::string& key, std::string_view data, ArtifactStore* store = nullptr) {
    auto stream = must((store ? store : store_.get())->open_write(key));
    // Several writes, so that chunk boundaries are exercised too.
    std::size_t step = std::max<std::size_t>(1, data.size() / 3);
    for (std::size_t i = 0; i < data.size(); i += step) must(stream->write(data.substr(i, step)));
    must(stream->finish());
  }

  Result<std::string> get(const std::string& key) {
    CAIRN_TRY_ASSIGN(auto stream, store_->open_read(key));
    std::string out;
    char buffer[7000];  // deliberately not a power of two
    for (;;) {
      CAIRN_TRY_ASSIGN(std::size_t n, stream->read(buffer, sizeof buffer));
      if (n == 0) break;
      out.append(buffer, n);
    }
    if (static_cast<int64_t>(out.size()) != stream->size()) {
      return Error::internal("size() said " + std::to_string(stream->size()) + ", read " + std::to_string(out.size()));
    }
    return out;
  }

  std::vector<std::string> names(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& entry : must(store_->list(dir))) out.push_back(entry.path + (entry.is_dir ? "/" : ""));
    return out;
  }

  S3Options s3_;
  std::string root_;
  std::filesystem::path folder_;
  std::string bucket_;
  std::string prefix_;
  std::unique_ptr<ArtifactStore> store_;
};

TEST_P(ArtifactStoreContract, round_trips_binary_content_exactly) {
  std::string every_byte;
  for (int repeat = 0; repeat < 50; ++repeat) {
    for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
  }
  const std::string with_nuls("head\0middle\0\0tail\0", 19);
  put("org/run/artifacts/bytes.bin", every_byte);
  put("org/run/artifacts/nuls.bin", with_nuls);
  EXPECT_EQ(must(get("org/run/artifacts/bytes.bin")), every_byte);
  EXPECT_EQ(must(get("org/run/artifacts/nuls.bin")), with_nuls);
}

TEST_P(ArtifactStoreContract, empty_file_round_trips_and_is_listed_with_size_zero) {
  put("org/run/empty.txt", "");
  auto stream = must(store_->open_read("org/run/empty.txt"));
  EXPECT_EQ(stream->size(), 0);
  char buffer[16];
  EXPECT_EQ(must(stream->read(buffer, sizeof buffer)), 0u);
  auto entries = must(store_->list("org/run"));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].path, "empty.txt");
  EXPECT_FALSE(entries[0].is_dir);
  EXPECT_EQ(entries[0].size, 0);
}

TEST_P(ArtifactStoreContract, overwrite_replaces_the_whole_object) {
  put("k/model.pkl", std::string(10000, 'a'));
  put("k/model.pkl", "short");
  EXPECT_EQ(must(get("k/model.pkl")), "short");
}

TEST_P(ArtifactStoreContract, multipart_sized_upload_round_trips_with_bounded_memory) {
  // 40 MiB in 1 MiB writes through 5 MiB parts (S3's smallest) and 1 MiB read ranges: neither
  // direction may hold the object, so the heap may grow by about a part, never by the object.
  constexpr std::size_t kWrite = kMiB;
  constexpr std::size_t kBlocks = 40;
  constexpr uint64_t kSeed = 7;
  S3Options options = s3_;
  options.part_size = 5 * kMiB;
  options.read_chunk_size = kMiB;
  auto store = reopen(options);

  std::size_t baseline = live_heap_bytes();
  std::size_t peak = baseline;
  {
    auto stream = must(store->open_write("big/weights.bin"));
    for (std::size_t block = 0; block < kBlocks; ++block) {
      std::string data = payload_block(kSeed, block, kWrite);
      must(stream->write(data));
      peak = std::max(peak, live_heap_bytes());
    }
    must(stream->finish());
  }
  EXPECT_LT(peak - baseline, options.part_size + 3 * kMiB) << "the upload held more than about one part";

  baseline = live_heap_bytes();
  peak = baseline;
  {
    auto stream = must(store->open_read("big/weights.bin"));
    ASSERT_EQ(stream->size(), static_cast<int64_t>(kBlocks * kWrite));
    std::string block(kWrite, '\0');
    for (std::size_t index = 0; index < kBlocks; ++index) {
      std::size_t filled = 0;
      while (filled < kWrite) {
        std::size_t n = must(stream->read(block.data() + filled, std::min<std::size_t>(300 * 1024, kWrite - filled)));
        ASSERT_GT(n, 0u) << "early end at block " << index;
        filled += n;
        peak = std::max(peak, live_heap_bytes());
      }
      ASSERT_TRUE(block == payload_block(kSeed, index, kWrite)) << "block " << index << " differs";
    }
    char extra;
    EXPECT_EQ(must(stream->read(&extra, 1)), 0u);
  }
  EXPECT_LT(peak - baseline, options.read_chunk_size + 3 * kMiB) << "the download held more than about one range";

  auto entries = must(store->list("big"));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].size, static_cast<int64_t>(kBlocks * kWrite));
}

TEST_P(ArtifactStoreContract, lists_one_level_sorted_with_files_and_directories) {
  put("o/r/artifacts/model/MLmodel", "flavors: {}");
  put("o/r/artifacts/model/data/model.pkl", "pickle");
  put("o/r/artifacts/model/data/deep/x.bin", "x");
  put("o/r/artifacts/metrics.json", "{}");
  put("o/r/artifacts/a.txt", "a");
  put("o/r/other.txt", "elsewhere");

  EXPECT_EQ(names("o/r/artifacts"), (std::vector<std::string>{"a.txt", "metrics.json", "model/"}));
  EXPECT_EQ(names("o/r/artifacts/model"), (std::vector<std::string>{"MLmodel", "data/"}));
  EXPECT_EQ(names("o/r/artifacts/model/"), (std::vector<std::string>{"MLmodel", "data/"}));
  EXPECT_EQ(names("o/r/artifacts/model/data"), (std::vector<std::string>{"deep/", "model.pkl"}));
  EXPECT_EQ(names(""), (std::vector<std::string>{"o/"}));

  auto entries = must(store_->list("o/r/artifacts/model"));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].size, static_cast<int64_t>(std::string("flavors: {}").size()));
  EXPECT_TRUE(entries[1].is_dir);
  EXPECT_EQ(entries[1].size, 0);
}

TEST_P(ArtifactStoreContract, listing_a_missing_directory_or_a_file_is_empty) {
  EXPECT_TRUE(must(store_->list("no/such/dir")).empty());
  put("d/file.txt", "x");
  EXPECT_TRUE(must(store_->list("d/file.txt")).empty());
  // A name that only shares a prefix with an entry is not that entry's folder.
  EXPECT_TRUE(must(store_->list("d/fil")).empty());
}

TEST_P(ArtifactStoreContract, reading_a_missing_key_or_a_directory_is_not_found) {
  auto missing = store_->open_read("nothing/here.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  put("dir/inner.txt", "x");
  auto dir = store_->open_read("dir");
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().code, ErrorCode::not_found);
}

TEST_P(ArtifactStoreContract, removes_a_file_a_directory_recursively_and_ignores_missing_keys) {
  put("rm/keep.txt", "keep");
  put("rm/file.txt", "file");
  put("rm/dir/a.txt", "a");
  put("rm/dir/sub/b.txt", "b");
  put("rm/dirx.txt", "a sibling sharing the directory's name as a prefix");

  must(store_->remove("rm/file.txt"));
  EXPECT_EQ(store_->open_read("rm/file.txt").error().code, ErrorCode::not_found);
  EXPECT_EQ(names("rm"), (std::vector<std::string>{"dir/", "dirx.txt", "keep.txt"}));

  must(store_->remove("rm/dir"));
  EXPECT_EQ(names("rm"), (std::vector<std::string>{"dirx.txt", "keep.txt"}));
  EXPECT_TRUE(must(store_->list("rm/dir")).empty());
  EXPECT_EQ(store_->open_read("rm/dir/sub/b.txt").error().code, ErrorCode::not_found);

  must(store_->remove("rm/never/existed"));
  must(store_->remove("rm/dir"));
  EXPECT_EQ(must(get("rm/keep.txt")), "keep");
  EXPECT_EQ(must(get("rm/dirx.txt")), "a sibling sharing the directory's name as a prefix");

  // Removing the last file leaves no empty folder behind in any store.
  must(store_->remove("rm/keep.txt"));
  must(store_->remove("rm/dirx.txt"));
  EXPECT_TRUE(must(store_->list("")).empty());
}

TEST_P(ArtifactStoreContract, nothing_is_visible_before_finish_and_an_abandoned_upload_leaves_nothing) {
  S3Options options = s3_;
  options.part_size = 5 * kMiB;
  auto store = reopen(options);
  {
    auto small = must(store->open_write("abort/small.txt"));
    must(small->write("partial"));
    EXPECT_EQ(store->open_read("abort/small.txt").error().code, ErrorCode::not_found);
    // Past one part: a multipart upload is under way, and must be aborted too.
    auto large = must(store->open_write("abort/large.bin"));
    for (int i = 0; i < 6; ++i) must(large->write(payload_block(1, i, kMiB)));
    EXPECT_EQ(store->open_read("abort/large.bin").error().code, ErrorCode::not_found);
    EXPECT_TRUE(must(store->list("abort")).empty());
  }  // both dropped without finish()
  EXPECT_EQ(store->open_read("abort/small.txt").error().code, ErrorCode::not_found);
  EXPECT_EQ(store->open_read("abort/large.bin").error().code, ErrorCode::not_found);
  EXPECT_TRUE(must(store->list("abort")).empty());
  EXPECT_TRUE(must(store->list("")).empty());
}

TEST_P(ArtifactStoreContract, an_abandoned_overwrite_keeps_the_previous_object) {
  put("keep/model.bin", "version 1");
  {
    auto stream = must(store_->open_write("keep/model.bin"));
    must(stream->write("version 2, never finished"));
  }
  EXPECT_EQ(must(get("keep/model.bin")), "version 1");
}

TEST_P(ArtifactStoreContract, a_finished_stream_refuses_more_writes) {
  auto stream = must(store_->open_write("done.txt"));
  must(stream->write("x"));
  must(stream->finish());
  EXPECT_FALSE(stream->write("y").ok());
  EXPECT_FALSE(stream->finish().ok());
  EXPECT_EQ(must(get("done.txt")), "x");
}

TEST_P(ArtifactStoreContract, concurrent_writes_of_different_keys_all_land) {
  constexpr int kThreads = 6;
  constexpr int kFilesPerThread = 8;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int f = 0; f < kFilesPerThread; ++f) {
        try {
          // Threads share parent folders, so folder creation races too.
          put("conc/shared/t" + std::to_string(t) + "-f" + std::to_string(f) + ".bin",
              payload_block(t, f, 1000 + 37 * (t * kFilesPerThread + f)));
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures, 0);
  EXPECT_EQ(must(store_->list("conc/shared")).size(), static_cast<std::size_t>(kThreads * kFilesPerThread));
  for (int t = 0; t < kThreads; ++t) {
    for (int f = 0; f < kFilesPerThread; ++f) {
      EXPECT_EQ(must(get("conc/shared/t" + std::to_string(t) + "-f" + std::to_string(f) + ".bin")),
                payload_block(t, f, 1000 + 37 * (t * kFilesPerThread + f)));
    }
  }
}

TEST_P(ArtifactStoreContract, unicode_and_special_character_names_round_trip) {
  const std::vector<std::string> keys = {"u/модель/données 1.txt", "u/日本語.bin", "u/a+b=c&d?e#f%20g.txt",
                                         "u/emoji-\xF0\x9F\x98\x80.txt", "u/quote'\"<tag>.txt"};
  for (const auto& key : keys) put(key, "content of " + key);
  for (const auto& key : keys) EXPECT_EQ(must(get(key)), "content of " + key) << key;
  EXPECT_EQ(names("u"),
            (std::vector<std::string>{"a+b=c&d?e#f%20g.txt", "emoji-\xF0\x9F\x98\x80.txt", "quote'\"<tag>.txt",
                                      "\xD0\xBC\xD0\xBE\xD0\xB4\xD0\xB5\xD0\xBB\xD1\x8C/",
                                      "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E.bin"}));
}

TEST_P(ArtifactStoreContract, refuses_keys_that_would_escape_or_be_rewritten) {
  for (const std::string& key : std::vector<std::string>{"../outside.txt", "a/../../b", "/abs/key", "a//b", "./a",
                                                         "a\\b", std::string("a\0b", 3)}) {
    auto write = store_->open_write(key);
    ASSERT_FALSE(write.ok()) << key;
    EXPECT_EQ(write.error().code, ErrorCode::bad_request) << key;
    EXPECT_EQ(store_->open_read(key).error().code, ErrorCode::bad_request) << key;
    EXPECT_EQ(store_->list(key).error().code, ErrorCode::bad_request) << key;
    EXPECT_EQ(store_->remove(key).error().code, ErrorCode::bad_request) << key;
  }
  EXPECT_FALSE(store_->remove("").ok()) << "removing the whole store takes an explicit key";
}

TEST_P(ArtifactStoreContract, client_driven_multipart_upload_publishes_its_parts_or_is_declined) {
  auto started = store_->start_multipart("org/run/artifacts/big.bin");
  if (GetParam() == StoreKind::local) {
    // The local folder takes whole files only; MLflow's client falls back on this answer.
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().code, ErrorCode::not_implemented);
    EXPECT_EQ(started.error().message.rfind("Multipart upload is not supported for the current artifact repository", 0),
              0u);
    return;
  }
  const std::string upload_id = must(std::move(started));
  const std::string first(kMinS3PartSize, 'a');
  const std::string last = "the tail";
  // Parts may arrive in any order; completion lists them ascending.
  auto second_etag = must(store_->upload_part("org/run/artifacts/big.bin", upload_id, 2, last));
  auto first_etag = must(store_->upload_part("org/run/artifacts/big.bin", upload_id, 1, first));
  EXPECT_EQ(names("org/run/artifacts"), std::vector<std::string>{});  // nothing visible before completion
  must(store_->complete_multipart("org/run/artifacts/big.bin", upload_id, {{1, first_etag}, {2, second_etag}}));
  EXPECT_EQ(must(get("org/run/artifacts/big.bin")), first + last);
}

TEST_P(ArtifactStoreContract, an_aborted_client_upload_takes_no_more_parts) {
  if (GetParam() == StoreKind::local) GTEST_SKIP() << "the local store declines client-driven multipart uploads";
  const std::string upload_id = must(store_->start_multipart("org/run/artifacts/gone.bin"));
  must(store_->abort_multipart("org/run/artifacts/gone.bin", upload_id));
  auto late = store_->upload_part("org/run/artifacts/gone.bin", upload_id, 1, "late");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::not_found);
  must(store_->abort_multipart("org/run/artifacts/gone.bin", upload_id));  // again: not an error
  EXPECT_EQ(names("org/run/artifacts"), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Stores, ArtifactStoreContract, testing::Values(StoreKind::local, StoreKind::s3), kind_name);

}  // namespace
}  // namespace cairn::artifacts
