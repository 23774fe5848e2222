#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "serving/table.hpp"

namespace cairn::serving {

/// One prediction as monitoring sees it (issue 11 builds its statistics on these): which
/// deployment and revision answered, when, how fast, how it ended, for whom, and — for the share
/// of requests the deployment's sampling_rate picks — the inputs and outputs as JSON.
struct RequestRecord {
  std::string request_id;
  std::string org_id;
  std::string project_id;
  std::string deployment_id;
  int64_t revision = 0;
  int64_t at_ms = 0;  ///< when the request arrived
  double latency_ms = 0;
  int status = 200;         ///< the HTTP status answered
  std::string error_code;   ///< empty on success; else the error's code (validation_failed, timeout, ...)
  std::string error_field;  ///< for rejected input: the column or tensor at fault, when the error names one
  std::string principal;    ///< "user:<id>" or "key:<id>"
  int64_t rows = 0;
  bool cache_hit = false;
  std::optional<std::string> inputs_json;   ///< records (list of objects), when sampled
  std::optional<std::string> outputs_json;  ///< the predictions, when sampled
  /// Every answered request's inputs and predictions, for the monitoring profiles (never stored
  /// as such): shared, so recording costs a copy at most once.
  std::shared_ptr<const Table> input_table;
  std::shared_ptr<const Prediction> prediction;
};

/// Where records go (the metadata database today; a columnar store could follow).
class RequestRecordSink {
 public:
  virtual ~RequestRecordSink() = default;
  /// Writes the batch at once (one transaction); an error drops the batch (it is counted).
  virtual Status write(const std::vector<RequestRecord>& batch) = 0;
};

/// The gateway's side of request logging (DESIGN D15): `record` only appends to a bounded queue
/// and never waits; a thread of its own writes batches to the sink. A full queue drops the record
/// and counts it (cairn_inference_records_dropped_total), so a slow database costs records, never
/// prediction latency.
class RequestRecorder {
 public:
  /// A batch is written when `batch_size` records wait or `max_wait` has passed since the last one.
  RequestRecorder(RequestRecordSink& sink, std::size_t capacity = 65536, std::size_t batch_size = 512,
                  std::chrono::milliseconds max_wait = std::chrono::milliseconds(200));
  ~RequestRecorder();

  void record(RequestRecord r);
  /// Writes what is queued and stops the thread (at shutdown); idempotent.
  void stop();
  /// Prometheus lines: written, dropped, write failures, queue depth.
  std::string metrics_text() const;
  uint64_t written() const { return written_.load(); }
  uint64_t dropped() const { return dropped_.load(); }

 private:
  void loop();

  RequestRecordSink& sink_;
  std::size_t capacity_;
  std::size_t batch_size_;
  std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<RequestRecord> queue_;
  bool stopping_ = false;
  std::atomic<uint64_t> written_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> failed_writes_{0};
  std::thread thread_;
};

}  // namespace cairn::serving
