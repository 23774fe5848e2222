#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace cairn::deploy {

struct LogLine {
  int64_t at = 0;      ///< ms since the epoch
  int worker = 0;      ///< the worker's index in its deployment
  std::string stream;  ///< stdout | stderr | cairn (the supervisor's own lines)
  std::string line;
};

struct LogQuery {
  int64_t since = 0;
  int64_t until = INT64_MAX;
  std::string text;  ///< substring, case-sensitive; empty: every line
  int limit = 500;
};

/// A deployment's worker output: the newest lines in memory (searchable, for the API and live
/// tails) and all of it appended to a file that rotates at `max_file_bytes` (one old file kept),
/// so a chatty model cannot fill the disk.
class DeploymentLogs {
 public:
  /// `file_path` empty: memory only.
  DeploymentLogs(std::string file_path, std::size_t max_lines = 5000, std::size_t max_file_bytes = 8u << 20);

  void append(const LogLine& line);
  /// Oldest first, the newest `limit` lines that match.
  std::vector<LogLine> query(const LogQuery& q) const;
  /// Calls `subscriber` with every new line until it returns false. Returns an id for unsubscribe.
  uint64_t subscribe(std::function<bool(const LogLine&)> subscriber);
  void unsubscribe(uint64_t id);

 private:
  void write_to_file(const LogLine& line);

  std::string file_path_;
  std::size_t max_lines_;
  std::size_t max_file_bytes_;
  mutable std::mutex mutex_;
  std::deque<LogLine> lines_;
  std::size_t file_bytes_ = 0;
  uint64_t next_subscriber_ = 1;
  std::vector<std::pair<uint64_t, std::function<bool(const LogLine&)>>> subscribers_;
};

}  // namespace cairn::deploy
