#pragma once

#include "service/deployments/request_record_writer.hpp"
#include "service/monitoring/monitor_ingest.hpp"

namespace cairn::service {

/// Where the gateway's request records go (the recorder's thread calls it): the request log
/// (inference_requests), every record into its deployment's monitoring profiles, and the sampled
/// ones' rows as monitor records, one per input row (id = the request id, or
/// "<request id>/<row>" for a request of several rows), so labels can join them.
class GatewayRecordSink : public serving::RequestRecordSink {
 public:
  GatewayRecordSink(storage::Database& db, MonitorIngest& ingest) : db_(db), requests_(db), ingest_(ingest) {}
  Status write(const std::vector<serving::RequestRecord>& batch) override;

 private:
  storage::Database& db_;
  DatabaseRecordSink requests_;
  MonitorIngest& ingest_;
};

}  // namespace cairn::service
