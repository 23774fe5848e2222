#include "serving/batcher.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstring>
#include <future>
#include <mutex>
#include <thread>

namespace cairn::serving {
namespace {

using namespace std::chrono_literals;

/// One float64 column "x" with the given values.
Table rows_of(std::vector<double> values) {
  Table t;
  t.rows = static_cast<int64_t>(values.size());
  Column c;
  c.name = "x";
  c.type = DataType::float64;
  c.data.resize(values.size() * 8);
  std::memcpy(c.data.data(), values.data(), c.data.size());
  t.columns.push_back(std::move(c));
  return t;
}

double first_value(const Prediction& p) {
  return p.table.columns.at(0).values<double>()[0];
}

/// A model that doubles its input, recording the batch sizes it saw; optionally failing batches
/// that contain a negative value, or answering one value for the whole batch.
struct FakeModel {
  std::mutex mutex;
  std::vector<int64_t> batches;
  bool fail_on_negative = false;
  bool one_answer_per_batch = false;

  void execute(Table inputs, std::string, PredictionDone done) {
    {
      std::lock_guard lock(mutex);
      batches.push_back(inputs.rows);
    }
    const double* v = inputs.columns[0].values<double>();
    for (int64_t i = 0; i < inputs.rows; ++i)
      if (fail_on_negative && v[i] < 0) return done(Error::model("ValueError: negative input"));
    Prediction p;
    p.kind = Prediction::Kind::ndarray;
    std::vector<double> out;
    for (int64_t i = 0; i < (one_answer_per_batch ? 1 : inputs.rows); ++i) out.push_back(v[i] * 2);
    p.table = rows_of(out);
    done(std::move(p));
  }
};

struct Harness {
  TimerQueue timers;
  FakeModel model;
  std::shared_ptr<Batcher> batcher;

  explicit Harness(BatcherOptions options) {
    batcher = Batcher::create(
        options,
        [this](Table t, std::string p, PredictionDone d) { model.execute(std::move(t), std::move(p), std::move(d)); },
        timers);
  }
  std::future<Result<Prediction>> submit(std::vector<double> values, std::chrono::milliseconds timeout = 2s) {
    auto promise = std::make_shared<std::promise<Result<Prediction>>>();
    auto future = promise->get_future();
    auto status = batcher->submit({rows_of(std::move(values)), "", Clock::now() + timeout,
                                   [promise](Result<Prediction> r) { promise->set_value(std::move(r)); }});
    if (!status.ok()) promise->set_value(status.error());
    return future;
  }
};

TEST(Batcher, requests_waiting_together_share_one_batch_and_each_gets_its_rows) {
  BatcherOptions options;
  options.max_batch_size = 8;
  options.max_queue_delay = 200ms;
  Harness h(options);
  std::vector<std::future<Result<Prediction>>> answers;
  for (int i = 0; i < 8; ++i) answers.push_back(h.submit({double(i)}));
  h.batcher->set_slots(1);  // the instance comes up with eight requests waiting
  for (int i = 0; i < 8; ++i) {
    auto r = answers[static_cast<size_t>(i)].get();
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->table.rows, 1);
    EXPECT_EQ(first_value(*r), 2.0 * i);
  }
  EXPECT_EQ(h.model.batches, std::vector<int64_t>{8});
}

TEST(Batcher, a_lone_request_goes_out_after_the_queue_delay) {
  BatcherOptions options;
  options.max_batch_size = 32;
  options.max_queue_delay = 20ms;
  Harness h(options);
  h.batcher->set_slots(1);
  const auto start = Clock::now();
  auto r = h.submit({1.5}).get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(first_value(*r), 3.0);
  EXPECT_GE(Clock::now() - start, 19ms);
}

TEST(Batcher, one_bad_request_fails_only_itself) {
  BatcherOptions options;
  options.max_batch_size = 8;
  options.max_queue_delay = 100ms;
  Harness h(options);
  h.model.fail_on_negative = true;
  auto good = h.submit({1});
  auto bad = h.submit({-1});
  auto other = h.submit({2});
  h.batcher->set_slots(1);
  auto g = good.get();
  auto b = bad.get();
  auto o = other.get();
  ASSERT_TRUE(g.ok());
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(first_value(*o), 4.0);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::model_error);
}

TEST(Batcher, an_answer_that_cannot_be_split_turns_batching_off) {
  BatcherOptions options;
  options.max_batch_size = 8;
  options.max_queue_delay = 100ms;
  Harness h(options);
  h.model.one_answer_per_batch = true;
  auto a = h.submit({1, 2});
  auto b = h.submit({3});
  h.batcher->set_slots(1);
  ASSERT_TRUE(a.get().ok());
  auto rb = b.get();
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(first_value(*rb), 6.0);
  EXPECT_TRUE(h.batcher->batching_disabled());
}

TEST(Batcher, a_full_queue_answers_unavailable_and_a_late_request_times_out) {
  BatcherOptions options;
  options.max_queue_size = 2;
  Harness h(options);  // no slots: nothing runs
  auto first = h.submit({1}, 30ms);
  auto second = h.submit({2}, 5s);
  auto third = h.submit({3});
  auto refused = third.get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  auto late = first.get();
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::timeout);
  h.batcher->close(Error::unavailable("stopped"));
  EXPECT_EQ(second.get().error().code, ErrorCode::unavailable);
}

TEST(Batcher, a_batch_whose_instance_died_runs_again) {
  BatcherOptions options;
  options.max_batch_size = 1;
  TimerQueue timers;
  std::atomic<int> calls{0};
  auto batcher = Batcher::create(
      options,
      [&calls](Table t, std::string, PredictionDone done) {
        if (calls++ == 0) return done(Error::unavailable("the model worker exited"));
        Prediction p;
        p.table = std::move(t);
        done(std::move(p));
      },
      timers);
  batcher->set_slots(1);
  std::promise<Result<Prediction>> promise;
  ASSERT_TRUE(batcher
                  ->submit({rows_of({7}), "", Clock::now() + 2s,
                            [&](Result<Prediction> r) { promise.set_value(std::move(r)); }})
                  .ok());
  auto r = promise.get_future().get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(calls.load(), 2);
}

}  // namespace
}  // namespace cairn::serving
