#include "common/work_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "common/timer_queue.hpp"

namespace cairn {
namespace {

using namespace std::chrono_literals;

TEST(WorkPool, refuses_work_beyond_its_queue_and_counts_it) {
  WorkPool pool("test", 1, 2);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<int> ran{0};
  std::promise<void> started;
  ASSERT_TRUE(pool.try_submit([&, gate] {
    started.set_value();
    gate.wait();
    ++ran;
  }));
  started.get_future().wait();  // the only worker is busy from here on
  EXPECT_TRUE(pool.try_submit([&] { ++ran; }));
  EXPECT_TRUE(pool.try_submit([&] { ++ran; }));
  EXPECT_FALSE(pool.try_submit([&] { ++ran; }));
  auto stats = pool.stats();
  EXPECT_EQ(stats.busy, 1u);
  EXPECT_EQ(stats.queued, 2u);
  EXPECT_EQ(stats.rejected, 1u);
  release.set_value();
  while (pool.stats().completed < 3) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(ran, 3);
  EXPECT_NE(pool.render_metrics().find("cairn_worker_rejected_total{pool=\"test\"} 1"), std::string::npos);
}

TEST(WorkPool, stop_drops_queued_tasks_and_destroys_their_captures) {
  auto pool = std::make_unique<WorkPool>("test", 1, 8);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool->try_submit([&, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();
  auto capture = std::make_shared<int>(7);
  std::weak_ptr<int> watch = capture;
  bool ran = false;
  ASSERT_TRUE(pool->try_submit([capture = std::move(capture), &ran] { ran = true; }));
  std::thread stopper([&] { pool->stop(); });
  std::this_thread::sleep_for(20ms);
  release.set_value();
  stopper.join();
  EXPECT_FALSE(ran);
  EXPECT_TRUE(watch.expired());
  EXPECT_FALSE(pool->try_submit([] {}));
}

TEST(WorkPool, a_throwing_task_does_not_take_its_worker) {
  WorkPool pool("test", 1, 4);
  ASSERT_TRUE(pool.try_submit([] { throw std::runtime_error("boom"); }));
  std::promise<int> after;
  ASSERT_TRUE(pool.try_submit([&] { after.set_value(42); }));
  EXPECT_EQ(after.get_future().get(), 42);
}

TEST(TimerQueue, runs_callbacks_in_deadline_order_and_cancels) {
  TimerQueue timers;
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> done;
  auto record = [&](int n) {
    std::lock_guard lock(mutex);
    order.push_back(n);
  };
  timers.schedule(60ms, [&] {
    record(3);
    done.set_value();
  });
  timers.schedule(20ms, [&] { record(1); });
  auto cancelled = timers.schedule(30ms, [&] { record(99); });
  timers.schedule(40ms, [&] { record(2); });
  EXPECT_TRUE(timers.cancel(cancelled));
  done.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(timers.cancel(cancelled));
}

TEST(TimerQueue, stop_drops_pending_callbacks) {
  std::atomic<bool> ran{false};
  {
    TimerQueue timers;
    timers.schedule(50ms, [&] { ran = true; });
    timers.stop();
  }
  std::this_thread::sleep_for(80ms);
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace cairn
