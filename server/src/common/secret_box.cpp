#include "common/secret_box.hpp"

#include <sodium.h>

#include "common/base64.hpp"
#include "common/crypto.hpp"

namespace cairn {
namespace {

constexpr std::string_view kSealPrefix = "v1:";
// Binds the derived key to this use: the same server secret also signs JWTs and session tokens.
constexpr std::string_view kSecretBoxContext = "cairn.secret_box.v1";

}  // namespace

SecretBox::SecretBox(std::string_view server_secret) : key_(crypto_secretbox_KEYBYTES, '\0') {
  crypto::init();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, key_.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kSecretBoxContext.data()),
                            kSecretBoxContext.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(server_secret.data()), server_secret.size());
  crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(key_.data()), key_.size());
}

std::string SecretBox::seal(std::string_view plaintext) const {
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, reinterpret_cast<const unsigned char*>(key_.data()));
  return std::string(kSealPrefix) + base64_encode(box);
}

Result<std::string> SecretBox::open(std::string_view sealed) const {
  if (sealed.substr(0, kSealPrefix.size()) != kSealPrefix) {
    return Error::validation("secret", "not a sealed secret (expected the v1: prefix)");
  }
  auto box = base64_decode(sealed.substr(kSealPrefix.size()));
  if (!box) return Error::validation("secret", "sealed secret is not valid base64");
  if (box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return Error::validation("secret", "sealed secret is too short");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(box->data());
  std::size_t cipher_size = box->size() - crypto_secretbox_NONCEBYTES;
  std::string plaintext(cipher_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, cipher_size, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    // A different server secret_key, or an altered value: both mean the value cannot be trusted.
    return Error::internal("sealed secret cannot be opened: altered, or sealed with another secret_key");
  }
  return plaintext;
}

bool SecretBox::is_sealed(std::string_view text) {
  return text.starts_with(kSealPrefix);
}

}  // namespace cairn
