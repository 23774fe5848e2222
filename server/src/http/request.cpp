#include "http/request.hpp"

namespace cairn::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::string_view> Request::header(std::string_view lowercase_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lowercase_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::vector<std::string> Request::query_all(std::string_view name) const {
  std::vector<std::string> out;
  std::string_view rest = query_string;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    if (!key || *key != name) continue;
    if (eq == std::string_view::npos) {
      out.emplace_back();
      continue;
    }
    auto value = percent_decode(pair.substr(eq + 1), true);
    out.push_back(value ? *value : std::string{});
  }
  return out;
}

std::optional<std::string> Request::query(std::string_view name) const {
  auto values = query_all(name);
  if (values.empty()) return std::nullopt;
  return std::move(values.front());
}

const std::string& Request::param(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return kEmpty;
}

}  // namespace cairn::http
