#include "jwt/hs256_jwt.hpp"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <new>

namespace cairn::jwt {

Hs256Jwt::Hs256Jwt(::jwt* token) : jwt_(token, jwt_free) {}

std::string Hs256Jwt::sign(const std::string& key, const TextClaims& text, const IntClaims& integers) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::bad_alloc();
  Hs256Jwt token(raw);
  for (const auto& [name, value] : text) jwt_add_grant(raw, name.c_str(), value.c_str());
  for (const auto& [name, value] : integers) jwt_add_grant_int(raw, name.c_str(), value);
  jwt_set_alg(raw, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key.data()), static_cast<int>(key.size()));
  char* encoded = jwt_encode_str(raw);
  if (!encoded) throw std::bad_alloc();
  std::string out(encoded);
  std::free(encoded);
  return out;
}

std::optional<Hs256Jwt> Hs256Jwt::verify(const std::string& key, const std::string& token) {
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key.data()),
                 static_cast<int>(key.size())) != 0) {
    return std::nullopt;
  }
  Hs256Jwt decoded(raw);
  // Pin the algorithm: never accept "none" or anything the token itself asks for.
  if (jwt_get_alg(raw) != JWT_ALG_HS256) return std::nullopt;
  return decoded;
}

std::optional<std::string> Hs256Jwt::text(const char* claim) const {
  const char* value = jwt_get_grant(jwt_.get(), claim);
  if (!value) return std::nullopt;
  return std::string(value);
}

std::optional<long> Hs256Jwt::integer(const char* claim) const {
  errno = 0;
  const long value = jwt_get_grant_int(jwt_.get(), claim);
  if (errno != 0) return std::nullopt;
  return value;
}

}  // namespace cairn::jwt
