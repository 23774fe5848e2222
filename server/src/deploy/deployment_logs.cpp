#include "deploy/deployment_logs.hpp"

#include <filesystem>
#include <fstream>

namespace cairn::deploy {

DeploymentLogs::DeploymentLogs(std::string file_path, std::size_t max_lines, std::size_t max_file_bytes)
    : file_path_(std::move(file_path)), max_lines_(max_lines), max_file_bytes_(max_file_bytes) {
  std::error_code ec;
  if (!file_path_.empty()) {
    std::filesystem::create_directories(std::filesystem::path(file_path_).parent_path(), ec);
    auto size = std::filesystem::file_size(file_path_, ec);
    file_bytes_ = ec ? 0 : size;
  }
}

void DeploymentLogs::append(const LogLine& line) {
  std::vector<std::pair<uint64_t, std::function<bool(const LogLine&)>>> subscribers;
  {
    std::lock_guard lock(mutex_);
    write_to_file(line);
    lines_.push_back(line);
    while (lines_.size() > max_lines_) lines_.pop_front();
    subscribers = subscribers_;
  }
  std::vector<uint64_t> done;
  for (auto& [id, subscriber] : subscribers)
    if (!subscriber(line)) done.push_back(id);
  for (auto id : done) unsubscribe(id);
}

void DeploymentLogs::write_to_file(const LogLine& line) {
  if (file_path_.empty()) return;
  std::string text =
      std::to_string(line.at) + " " + std::to_string(line.worker) + " " + line.stream + " " + line.line + "\n";
  if (file_bytes_ + text.size() > max_file_bytes_) {
    std::error_code ec;
    std::filesystem::rename(file_path_, file_path_ + ".1", ec);
    file_bytes_ = 0;
  }
  std::ofstream out(file_path_, std::ios::app | std::ios::binary);
  out << text;
  file_bytes_ += text.size();
}

std::vector<LogLine> DeploymentLogs::query(const LogQuery& q) const {
  std::lock_guard lock(mutex_);
  std::vector<LogLine> out;
  for (auto it = lines_.rbegin(); it != lines_.rend() && static_cast<int>(out.size()) < q.limit; ++it) {
    if (it->at < q.since || it->at > q.until) continue;
    if (!q.text.empty() && it->line.find(q.text) == std::string::npos) continue;
    out.push_back(*it);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

uint64_t DeploymentLogs::subscribe(std::function<bool(const LogLine&)> subscriber) {
  std::lock_guard lock(mutex_);
  uint64_t id = next_subscriber_++;
  subscribers_.emplace_back(id, std::move(subscriber));
  return id;
}

void DeploymentLogs::unsubscribe(uint64_t id) {
  std::lock_guard lock(mutex_);
  std::erase_if(subscribers_, [id](const auto& s) { return s.first == id; });
}

}  // namespace cairn::deploy
