#pragma once

#include "serving/request_recorder.hpp"
#include "storage/database.hpp"

namespace cairn::service {

/// Writes the gateway's prediction records into the metadata database, a batch per transaction.
class DatabaseRecordSink : public serving::RequestRecordSink {
 public:
  explicit DatabaseRecordSink(storage::Database& db) : db_(db) {}
  Status write(const std::vector<serving::RequestRecord>& batch) override;

 private:
  storage::Database& db_;
};

}  // namespace cairn::service
