#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

/// Thin wrappers over libsodium: the only cryptography Cairn does by itself.
namespace cairn::crypto {

/// Must run once before any other call (idempotent).
void init();

/// `bytes` random bytes as lowercase hex.
std::string random_hex(std::size_t bytes);

/// A random token of `chars` characters from [A-Za-z0-9] (URL and copy/paste safe).
std::string random_token(std::size_t chars);

/// A new 32-hex-char identifier (the format of MLflow run ids).
std::string new_id();

/// SHA-256 of `data`, lowercase hex. Used for high-entropy secrets (tokens, API keys) where a
/// slow password hash would only cost latency: guessing 190 random bits is hopeless anyway.
std::string sha256_hex(std::string_view data);

/// SHA-256 over data given in pieces (files streamed through the server), lowercase hex.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  /// The digest of everything given so far; call once.
  std::string hex_digest();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// HMAC-SHA-256 (raw bytes) of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);

/// argon2id password hash in libsodium's self-describing string format.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

bool constant_time_equal(std::string_view a, std::string_view b);

std::string base64url_encode(std::string_view data);
std::optional<std::string> base64url_decode(std::string_view text);
std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace cairn::crypto
