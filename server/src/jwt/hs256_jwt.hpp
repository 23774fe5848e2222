#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct jwt;  // libjwt's jwt_t, kept out of this header

namespace cairn::jwt {

/// JWTs signed with HS256 by libjwt: access tokens and upload part tokens, each with a key of its own.
class Hs256Jwt {
 public:
  using TextClaims = std::vector<std::pair<std::string, std::string>>;
  using IntClaims = std::vector<std::pair<std::string, long>>;

  static std::string sign(const std::string& key, const TextClaims& text, const IntClaims& integers);
  /// The token's claims when `key` signed it with HS256 (never "none" or an algorithm the token names);
  /// nullopt for anything else, malformed included. Expiry is the caller's to check.
  static std::optional<Hs256Jwt> verify(const std::string& key, const std::string& token);

  std::optional<std::string> text(const char* claim) const;
  std::optional<long> integer(const char* claim) const;

 private:
  explicit Hs256Jwt(::jwt* token);
  std::shared_ptr<::jwt> jwt_;
};

}  // namespace cairn::jwt
