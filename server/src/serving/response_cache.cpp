#include "serving/response_cache.hpp"

#include <sodium.h>

#include <array>

#include "common/crypto.hpp"

namespace cairn::serving {
namespace {

constexpr std::size_t kDigestBytes = 16;
constexpr std::size_t kHexChars = kDigestBytes * 2;

/// Feeds values into a BLAKE2b state. Every variable-length piece goes in after its length, so
/// ("ab", "c") and ("a", "bc") never hash alike.
class Hasher {
 public:
  Hasher() { crypto_generichash_init(&state_, nullptr, 0, kDigestBytes); }

  void bytes(const void* data, std::size_t size) {
    crypto_generichash_update(&state_, static_cast<const unsigned char*>(data), size);
  }
  template <class T>
  void value(T v) {
    bytes(&v, sizeof v);
  }
  void sized(const void* data, std::size_t size) {
    value(static_cast<uint64_t>(size));
    bytes(data, size);
  }
  template <class T>
  void vector(const std::vector<T>& v) {
    sized(v.data(), v.size() * sizeof(T));
  }

  std::string hex() {
    std::array<unsigned char, kDigestBytes> digest{};
    crypto_generichash_final(&state_, digest.data(), digest.size());
    std::string out(kHexChars + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
    out.pop_back();
    return out;
  }

 private:
  crypto_generichash_state state_;
};

/// The deployment id of a key made by `key()`: everything before ":<32 hex>". A key of another
/// shape belongs to the deployment "" (it still obeys the bounds).
std::string_view deployment_of(std::string_view key) {
  if (key.size() < kHexChars + 1 || key[key.size() - kHexChars - 1] != ':') return {};
  return key.substr(0, key.size() - kHexChars - 1);
}

}  // namespace

ResponseCache::ResponseCache(std::size_t byte_budget) : byte_budget_(byte_budget) {
  // Picks libsodium's fastest BLAKE2b for this CPU (idempotent). key() is static, but a key without
  // a cache to use it in is of no use, so this is early enough; the reference implementation that
  // runs before it gives the same digests anyway.
  crypto::init();
}

ResponseCache::~ResponseCache() = default;

std::string ResponseCache::key(std::string_view deployment_id, int64_t revision, const Table& inputs,
                               std::string_view params_json) {
  Hasher h;
  // A version tag: a change of this encoding must not meet keys of the old one in a shared store.
  static constexpr std::string_view kDomain = "cairn.response_cache.v1";
  h.sized(kDomain.data(), kDomain.size());
  h.value(revision);
  h.value(static_cast<uint8_t>(inputs.kind));
  h.value(inputs.rows);
  h.value(static_cast<uint64_t>(inputs.columns.size()));
  for (const Column& c : inputs.columns) {
    h.sized(c.name.data(), c.name.size());
    h.value(static_cast<uint8_t>(c.type));
    h.vector(c.shape);
    h.vector(c.valid);
    h.vector(c.offsets);
    h.vector(c.data);
  }
  h.sized(params_json.data(), params_json.size());

  std::string out;
  out.reserve(deployment_id.size() + 1 + kHexChars);
  out.append(deployment_id);
  out.push_back(':');
  out.append(h.hex());
  return out;
}

std::optional<std::string> ResponseCache::get(const std::string& key, int64_t now_ms) {
  std::shared_ptr<const std::string> body;
  {
    std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) {
      ++stats_.misses;
      return std::nullopt;
    }
    if (now_ms >= found->second->expires_at_ms) {
      remove(found->second);
      ++stats_.expired;
      ++stats_.misses;
      return std::nullopt;
    }
    touch(found->second);
    ++stats_.hits;
    body = found->second->body;
  }
  // Bodies run to megabytes: copy outside the lock so other requests are not held up.
  return *body;
}

void ResponseCache::put(const std::string& key, std::string body, int64_t now_ms, int ttl_seconds,
                        std::size_t max_entries_for_this_deployment) {
  if (ttl_seconds <= 0 || max_entries_for_this_deployment == 0) return;
  const std::size_t charge = key.size() + body.size() + kEntryOverhead;
  if (body.size() > byte_budget_ / 16 || charge > byte_budget_) return;
  auto shared = std::make_shared<const std::string>(std::move(body));
  const int64_t expires_at_ms = now_ms + int64_t{ttl_seconds} * 1000;

  std::lock_guard lock(mutex_);
  Deployment* deployment = nullptr;
  if (auto found = index_.find(key); found != index_.end()) {
    Entry& entry = *found->second;
    stats_.bytes = stats_.bytes - entry.charge + charge;
    entry.body = std::move(shared);
    entry.expires_at_ms = expires_at_ms;
    entry.charge = charge;
    touch(found->second);
    deployment = entry.deployment;
  } else {
    const std::string_view deployment_id = deployment_of(key);
    auto [slot, _] = deployments_.try_emplace(std::string(deployment_id));
    deployment = &slot->second;
    lru_.push_front(Entry{key, deployment, slot->first, std::move(shared), expires_at_ms, charge, {}});
    auto entry = lru_.begin();
    deployment->lru.push_front(&*entry);
    entry->in_deployment = deployment->lru.begin();
    index_.emplace(entry->key, entry);
    stats_.bytes += charge;
    ++stats_.entries;
  }

  // The entry just stored is at the front of both lists and fits the budget by itself, so neither
  // loop reaches it.
  while (deployment->lru.size() > max_entries_for_this_deployment) {
    Entry* victim = deployment->lru.back();
    remove(index_.at(victim->key));
    ++stats_.evictions;
  }
  while (stats_.bytes > byte_budget_) {
    remove(std::prev(lru_.end()));
    ++stats_.evictions;
  }
}

void ResponseCache::drop_deployment(std::string_view deployment_id) {
  std::lock_guard lock(mutex_);
  auto found = deployments_.find(std::string(deployment_id));
  if (found == deployments_.end()) return;
  // remove() erases the deployment with its last entry, so stop before touching a freed list.
  for (std::size_t left = found->second.lru.size(); left > 0; --left) {
    Entry* entry = found->second.lru.back();
    remove(index_.at(entry->key));
  }
}

ResponseCache::Stats ResponseCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void ResponseCache::touch(EntryList::iterator entry) {
  lru_.splice(lru_.begin(), lru_, entry);
  auto& list = entry->deployment->lru;
  list.splice(list.begin(), list, entry->in_deployment);
}

void ResponseCache::remove(EntryList::iterator entry) {
  stats_.bytes -= entry->charge;
  --stats_.entries;
  Deployment* deployment = entry->deployment;
  deployment->lru.erase(entry->in_deployment);
  if (deployment->lru.empty()) deployments_.erase(entry->deployment_id);
  index_.erase(entry->key);
  lru_.erase(entry);
}

}  // namespace cairn::serving
