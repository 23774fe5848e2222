#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "serving/table.hpp"

namespace cairn::serving {

/// The gateway's in-process response cache (issue 10): rendered answer bodies keyed by deployment,
/// revision and canonical input. One per server, shared by every deployment, so that one byte
/// budget bounds the memory of all of them; each deployment also has its own entry bound
/// (`config.cache.max_entries`) so that one busy deployment cannot take every slot.
///
/// It caches the rendered bytes, not the prediction: a hit skips the model and the renderer.
/// Callers that answer one input in several protocols put the protocol into `params_json` of
/// `key()`, so that an MLflow answer is never served to an Open Inference request.
///
/// Thread-safe. Time is passed in (`now_ms`, any monotonic milliseconds) so tests need no clock.
class ResponseCache {
 public:
  /// 256 MiB: the default budget for all deployments together.
  static constexpr std::size_t kDefaultByteBudget = std::size_t{256} << 20;
  /// What an entry costs beyond its key and body (list and map nodes, the shared body's control
  /// block); counted so that many tiny answers cannot exceed the budget unseen.
  static constexpr std::size_t kEntryOverhead = 160;

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;     ///< absent or expired
    uint64_t evictions = 0;  ///< removed to respect a bound (not expiries, not dropped deployments)
    uint64_t expired = 0;    ///< found past their TTL by `get` (also counted as misses)
    std::size_t bytes = 0;   ///< charged bytes: key + body + kEntryOverhead per entry
    std::size_t entries = 0;
  };

  /// `byte_budget`: the most charged bytes held at once; no body over 1/16 of it is stored.
  explicit ResponseCache(std::size_t byte_budget = kDefaultByteBudget);
  ~ResponseCache();
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  /// `<deployment_id>:<32 hex>`: a 128-bit BLAKE2b hash of the revision, the table (kind, rows,
  /// and per column name, type, shape, validity, offsets and data bytes, each length-prefixed so
  /// no two tables share an encoding) and `params_json`. Equal keys mean byte-identical inputs;
  /// equal inputs in another representation (all-valid as a validity vector rather than none)
  /// only miss. The bytes hashed are the host's (little-endian), so keys are stable across
  /// processes on one architecture.
  static std::string key(std::string_view deployment_id, int64_t revision, const Table& inputs,
                         std::string_view params_json);

  /// The cached body under `key`, or nullopt when there is none or it expired at `now_ms`
  /// (an expired entry is removed). A hit makes the entry the most recently used.
  std::optional<std::string> get(const std::string& key, int64_t now_ms);

  /// Stores `body` under `key` (replacing what was there) for `ttl_seconds` from `now_ms`, then
  /// evicts least recently used entries: of this deployment until it holds at most
  /// `max_entries_for_this_deployment`, of any deployment until the byte budget holds. Stores
  /// nothing when `ttl_seconds` or the bound is not positive, or the body is over 1/16 of the
  /// budget (one huge answer would otherwise flush everyone else's).
  void put(const std::string& key, std::string body, int64_t now_ms, int ttl_seconds,
           std::size_t max_entries_for_this_deployment);

  /// Removes every entry of the deployment (it was deleted or stopped; a new revision needs
  /// nothing, its keys differ).
  void drop_deployment(std::string_view deployment_id);

  Stats stats() const;

 private:
  struct Entry;
  struct Deployment {
    std::list<Entry*> lru;  ///< front: most recently used
  };
  struct Entry {
    std::string key;
    Deployment* deployment = nullptr;
    std::string deployment_id;
    std::shared_ptr<const std::string> body;  ///< shared so `get` copies it outside the lock
    int64_t expires_at_ms = 0;
    std::size_t charge = 0;
    std::list<Entry*>::iterator in_deployment;
  };
  using EntryList = std::list<Entry>;

  void touch(EntryList::iterator entry);
  void remove(EntryList::iterator entry);

  const std::size_t byte_budget_;
  mutable std::mutex mutex_;
  EntryList lru_;                                                    ///< every entry; front: most recently used
  std::unordered_map<std::string_view, EntryList::iterator> index_;  ///< views into Entry::key
  std::unordered_map<std::string, Deployment> deployments_;          ///< nodes are stable
  Stats stats_;
};

}  // namespace cairn::serving
