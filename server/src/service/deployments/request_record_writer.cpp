#include "service/deployments/request_record_writer.hpp"

#include "storage/deployments/request_record_store.hpp"

namespace cairn::service {

Status DatabaseRecordSink::write(const std::vector<serving::RequestRecord>& batch) {
  CAIRN_TRY_ASSIGN(auto conn, db_.acquire());
  return storage::run_in_transaction(
      *conn, true, [&](storage::Connection& c) -> Status { return storage::requests::insert(c, batch); });
}

}  // namespace cairn::service
