#pragma once

#include <string>
#include <vector>

#include "modelserver/cairn_client.hpp"
#include "serving/request_recorder.hpp"

namespace cairn::modelserver {

/// Where the model server's request records go: to Cairn, which records them as its own gateway's
/// (request log, monitoring, the deployment's statistics), so a deployment served by pods is
/// watched like a local one. The recorder's thread calls `write`; a batch goes out as one or more
/// POSTs of .../request-records (each under a few MB). A call Cairn cannot take now (unreachable,
/// 5xx) is tried once more after a second; then the batch is dropped and counted by the recorder
/// (cairn_inference_records_dropped_total on the pod's /metrics), never kept growing in memory.
class CairnRecordSink : public serving::RequestRecordSink {
 public:
  CairnRecordSink(const CairnClient& cairn, std::string records_path, std::string token);
  Status write(const std::vector<serving::RequestRecord>& batch) override;

 private:
  Status post(const nlohmann::json& records) const;

  const CairnClient& cairn_;
  std::string records_path_;
  std::string token_;
};

}  // namespace cairn::modelserver
