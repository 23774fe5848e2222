#include "modelserver/record_reporter.hpp"

#include <chrono>
#include <thread>

#include "serving/request_record_wire.hpp"

namespace cairn::modelserver {
namespace {

/// Well under the Cairn server's request body limit (32 MiB by default).
constexpr std::size_t kMaxPostBytes = 4 * 1024 * 1024;

}  // namespace

CairnRecordSink::CairnRecordSink(const CairnClient& cairn, std::string records_path, std::string token)
    : cairn_(cairn), records_path_(std::move(records_path)), token_(std::move(token)) {}

Status CairnRecordSink::post(const nlohmann::json& records) const {
  const nlohmann::json body = {{"records", records}};
  Status sent = cairn_.post_json(records_path_, token_, body);
  if (!sent.ok() && sent.error().code == ErrorCode::unavailable) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    sent = cairn_.post_json(records_path_, token_, body);
  }
  return sent;
}

Status CairnRecordSink::write(const std::vector<serving::RequestRecord>& batch) {
  Status result;
  nlohmann::json chunk = nlohmann::json::array();
  std::size_t bytes = 0;
  auto flush = [&] {
    if (chunk.empty()) return;
    if (auto sent = post(chunk); !sent.ok()) result = sent;
    chunk = nlohmann::json::array();
    bytes = 0;
  };
  for (const auto& r : batch) {
    auto wire = serving::record_to_wire(r);
    const std::size_t size = wire.dump().size();
    if (!chunk.empty() && (bytes + size > kMaxPostBytes || chunk.size() == serving::kMaxReportedRecords)) flush();
    chunk.push_back(std::move(wire));
    bytes += size;
  }
  flush();
  return result;
}

}  // namespace cairn::modelserver
