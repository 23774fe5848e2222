#include "deploy/kubernetes/kubernetes_names.hpp"

#include <cctype>

#include "common/crypto.hpp"

namespace cairn::deploy {
namespace {

constexpr std::size_t kMaxLabel = 63;
constexpr std::string_view kPrefix = "cairn-";

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

void trim_trailing(std::string& s, bool (*keep)(char)) {
  while (!s.empty() && !keep(s.back())) s.pop_back();
}

}  // namespace

std::string kubernetes_resource_name(std::string_view endpoint_name) {
  std::string body;
  for (char c : endpoint_name) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    char mapped = is_lower_alnum(lower) ? lower : '-';
    // Runs of separators collapse to one, and none leads.
    if (mapped == '-' && (body.empty() || body.back() == '-')) continue;
    body += mapped;
  }
  trim_trailing(body, is_lower_alnum);

  std::string name = body.empty() ? std::string("cairn") : std::string(kPrefix) + body;
  if (body == endpoint_name && name.size() <= kMaxLabel) return name;

  std::string hash = crypto::sha256_hex(endpoint_name).substr(0, 8);
  name.resize(std::min(name.size(), kMaxLabel - hash.size() - 1));
  trim_trailing(name, is_lower_alnum);
  return name + "-" + hash;
}

std::string kubernetes_label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() == kMaxLabel) break;
    bool allowed = is_alnum(c) || c == '-' || c == '_' || c == '.';
    if (out.empty() && !is_alnum(c)) continue;  // must start with an alphanumeric
    out += allowed ? c : '-';
  }
  trim_trailing(out, is_alnum);
  return out;
}

}  // namespace cairn::deploy
