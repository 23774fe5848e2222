#include "artifacts/s3_xml.hpp"

#include <charconv>
#include <cstdint>

#include "common/markup.hpp"

namespace cairn::artifacts::xml {
namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Is doc[pos] the start of tag `name`, i.e. followed by '>', '/', or whitespace (attributes)?
bool tag_name_ends(std::string_view doc, std::size_t pos) {
  if (pos >= doc.size()) return false;
  char c = doc[pos];
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

std::vector<std::string_view> elements(std::string_view doc, std::string_view tag) {
  std::vector<std::string_view> found;
  std::string open = "<" + std::string(tag);
  std::string close = "</" + std::string(tag) + ">";
  std::size_t pos = 0;
  while ((pos = doc.find(open, pos)) != std::string_view::npos) {
    std::size_t after_name = pos + open.size();
    if (!tag_name_ends(doc, after_name)) {  // "<KeyCount>" when looking for "<Key>"
      pos = after_name;
      continue;
    }
    std::size_t gt = doc.find('>', after_name);
    if (gt == std::string_view::npos) break;
    if (doc[gt - 1] == '/') {  // <tag/>
      found.emplace_back();
      pos = gt + 1;
      continue;
    }
    std::size_t end = doc.find(close, gt + 1);
    if (end == std::string_view::npos) break;
    found.push_back(doc.substr(gt + 1, end - gt - 1));
    pos = end + close.size();
  }
  return found;
}

std::optional<std::string> text(std::string_view doc, std::string_view tag) {
  auto found = elements(doc, tag);
  if (found.empty()) return std::nullopt;
  return unescape(found.front());
}

std::string unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out.push_back(raw[i]);
      continue;
    }
    std::size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos) {
      out.append(raw.substr(i));
      break;
    }
    std::string_view entity = raw.substr(i + 1, semi - i - 1);
    if (entity == "amp")
      out.push_back('&');
    else if (entity == "lt")
      out.push_back('<');
    else if (entity == "gt")
      out.push_back('>');
    else if (entity == "quot")
      out.push_back('"');
    else if (entity == "apos")
      out.push_back('\'');
    else if (entity.size() > 1 && entity[0] == '#') {
      bool hex = entity[1] == 'x' || entity[1] == 'X';
      std::string_view digits = entity.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || cp > 0x10FFFF) {
        out.append(raw.substr(i, semi - i + 1));  // not a reference we know: keep it verbatim
      } else {
        append_utf8(out, cp);
      }
    } else {
      out.append(raw.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

std::string escape(std::string_view text) {
  return markup_escape(text);
}

}  // namespace cairn::artifacts::xml
