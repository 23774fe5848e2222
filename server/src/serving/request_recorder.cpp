#include "serving/request_recorder.hpp"

#include <chrono>

#include "common/log.hpp"

namespace cairn::serving {

RequestRecorder::RequestRecorder(RequestRecordSink& sink, std::size_t capacity, std::size_t batch_size,
                                 std::chrono::milliseconds max_wait)
    : sink_(sink), capacity_(capacity), batch_size_(batch_size), max_wait_(max_wait) {
  thread_ = std::thread([this] { loop(); });
}

RequestRecorder::~RequestRecorder() {
  stop();
}

void RequestRecorder::record(RequestRecord r) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) {
      ++dropped_;
      return;
    }
    queue_.push_back(std::move(r));
  }
  wake_.notify_one();
}

void RequestRecorder::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RequestRecorder::loop() {
  while (true) {
    std::vector<RequestRecord> batch;
    {
      std::unique_lock lock(mutex_);
      // Wait a little for a batch to fill: one transaction for many records.
      wake_.wait_for(lock, max_wait_, [this] { return stopping_ || queue_.size() >= batch_size_; });
      if (queue_.empty()) {
        if (stopping_) return;
        continue;
      }
      const std::size_t n = std::min(batch_size_, queue_.size());
      batch.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    auto written = sink_.write(batch);
    if (written.ok()) {
      written_ += batch.size();
    } else {
      log::warn("prediction records could not be written; dropped",
                {{"records", batch.size()}, {"error", written.error().message}});
      ++failed_writes_;
      dropped_ += batch.size();
    }
  }
}

std::string RequestRecorder::metrics_text() const {
  std::size_t depth = 0;
  {
    std::lock_guard lock(mutex_);
    depth = queue_.size();
  }
  return "# HELP cairn_inference_records_written_total Prediction records written for monitoring.\n"
         "# TYPE cairn_inference_records_written_total counter\n"
         "cairn_inference_records_written_total " +
         std::to_string(written_.load()) +
         "\n"
         "# HELP cairn_inference_records_dropped_total Prediction records dropped (queue full or write failed).\n"
         "# TYPE cairn_inference_records_dropped_total counter\n"
         "cairn_inference_records_dropped_total " +
         std::to_string(dropped_.load()) +
         "\n"
         "# HELP cairn_inference_record_write_failures_total Batches of records the store refused.\n"
         "# TYPE cairn_inference_record_write_failures_total counter\n"
         "cairn_inference_record_write_failures_total " +
         std::to_string(failed_writes_.load()) +
         "\n"
         "# HELP cairn_inference_record_queue_depth Records waiting to be written.\n"
         "# TYPE cairn_inference_record_queue_depth gauge\n"
         "cairn_inference_record_queue_depth " +
         std::to_string(depth) + "\n";
}

}  // namespace cairn::serving
