#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace cairn {

/// Seals secrets kept in the database (alert channels' URLs, keys and HMAC secrets) with a key
/// derived from the server's secret_key: libsodium's XSalsa20-Poly1305 secretbox, a random nonce
/// per value, base64 text with a version prefix so the scheme can change later.
class SecretBox {
 public:
  explicit SecretBox(std::string_view server_secret);
  std::string seal(std::string_view plaintext) const;
  /// Fails (never throws) when the text was not sealed with this key or was altered.
  Result<std::string> open(std::string_view sealed) const;
  /// Whether the text carries the seal's prefix (a value stored plain before its field was sealed does not).
  static bool is_sealed(std::string_view text);

 private:
  std::string key_;  ///< crypto_secretbox_KEYBYTES bytes
};

}  // namespace cairn
