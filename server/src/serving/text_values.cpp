#include "serving/text_values.hpp"

#include <chrono>
#include <cstdio>

namespace cairn::serving {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

Result<std::string> decode_base64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  bool padding = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    int v = sextet(c);
    if (v < 0 || padding) return Error::bad_request("invalid base64");
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return Error::bad_request("invalid base64 length");
  return out;
}

std::string encode_base64_lines(std::string_view bytes) {
  std::string out;
  size_t line = 0;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
    line += 4;
    if (line == 76) {
      out += '\n';
      line = 0;
    }
  }
  if (line > 0) out += '\n';
  return out;
}

Result<int64_t> parse_iso_datetime(std::string_view s) {
  auto bad = [&] { return Error::bad_request("not an ISO 8601 date-time: " + std::string(s.substr(0, 40))); };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d))
    return bad();
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return bad();
  size_t at = 10;
  int64_t frac_ns = 0, offset_s = 0;
  if (at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
    if (!digits(s, at + 1, 2, h) || at + 3 >= s.size() || s[at + 3] != ':' || !digits(s, at + 4, 2, mi)) return bad();
    at += 6;
    if (at < s.size() && s[at] == ':') {
      if (!digits(s, at + 1, 2, sec)) return bad();
      at += 3;
      if (at < s.size() && s[at] == '.') {
        ++at;
        int64_t scale = 100000000;
        size_t begin = at;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
          frac_ns += (s[at] - '0') * scale;
          scale /= 10;
          ++at;
        }
        if (at == begin) return bad();
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return bad();
    if (at < s.size() && s[at] == 'Z') {
      ++at;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
      int oh, om;
      int sign = s[at] == '-' ? -1 : 1;
      if (!digits(s, at + 1, 2, oh)) return bad();
      size_t m = at + 3;
      if (m < s.size() && s[m] == ':') ++m;
      if (!digits(s, m, 2, om)) return bad();
      offset_s = sign * (oh * 3600 + om * 60);
      at = m + 2;
    }
  }
  if (at != s.size()) return bad();
  int64_t days = std::chrono::sys_days(ymd).time_since_epoch().count();
  int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_s;
  return seconds * 1000000000 + frac_ns;
}

std::string format_iso_datetime(int64_t ns) {
  int64_t seconds = ns >= 0 ? ns / 1000000000 : (ns - 999999999) / 1000000000;
  int64_t frac = ns - seconds * 1000000000;
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rest = seconds - days * 86400;
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(ymd.year()),
                        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                        static_cast<long long>(rest / 3600), static_cast<long long>(rest % 3600 / 60),
                        static_cast<long long>(rest % 60));
  std::string out(buf, static_cast<size_t>(n));
  if (frac % 1000 != 0) {
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(frac));
    out += buf;
  } else if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac / 1000));
    out += buf;
  }
  return out;
}

}  // namespace cairn::serving
