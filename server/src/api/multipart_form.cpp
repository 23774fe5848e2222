#include "api/multipart_form.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

#include "common/text.hpp"

namespace cairn::api {
namespace {

constexpr std::size_t kMaxHeaderBytes = 8 * 1024;
constexpr std::size_t kChunk = 1 << 20;

using File = std::unique_ptr<FILE, int (*)(FILE*)>;

File open(const std::string& path) {
  return File(std::fopen(path.c_str(), "rb"), &std::fclose);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// `key=value` or `key="quoted \" value"` parameters after the first ';' of a header value.
std::optional<std::string> header_param(std::string_view value, std::string_view wanted) {
  std::size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    const auto eq = value.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string key = ascii_lower(trim(value.substr(i, eq - i)));
    std::string param;
    std::size_t j = eq + 1;
    if (j < value.size() && value[j] == '"') {
      for (++j; j < value.size() && value[j] != '"'; ++j) {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        param += value[j];
      }
      if (j < value.size()) ++j;  // closing quote
      i = value.find(';', j);
    } else {
      const auto end = value.find(';', j);
      param = std::string(trim(value.substr(j, end == std::string_view::npos ? std::string_view::npos : end - j)));
      i = end;
    }
    if (key == wanted) return param;
  }
  return std::nullopt;
}

/// Offsets of every "\r\n--<boundary>" in the file, plus 0 when the file starts with "--<boundary>"
/// (the CRLF before the first delimiter is optional). Offsets point at the "--".
Result<std::vector<int64_t>> delimiter_offsets(FILE* in, const std::string& boundary) {
  const std::string needle = "\r\n--" + boundary;
  std::vector<int64_t> out;
  std::string window;
  int64_t window_start = 0;
  std::vector<char> buffer(kChunk);
  bool first = true;
  const std::boyer_moore_horspool_searcher searcher(needle.begin(), needle.end());
  while (true) {
    const auto n = std::fread(buffer.data(), 1, buffer.size(), in);
    if (n == 0) break;
    window.append(buffer.data(), n);
    if (first) {
      if (window.size() >= needle.size() - 2 && window.compare(0, needle.size() - 2, needle, 2) == 0) out.push_back(0);
      first = false;
    }
    auto it = window.cbegin();
    while (true) {
      auto found = std::search(it, window.cend(), searcher);
      if (found == window.cend()) break;
      out.push_back(window_start + (found - window.cbegin()) + 2);
      it = found + 1;
    }
    // Keep a tail shorter than the needle: a delimiter may straddle two chunks.
    const std::size_t keep = std::min(window.size(), needle.size() - 1);
    window_start += static_cast<int64_t>(window.size() - keep);
    window.erase(0, window.size() - keep);
  }
  if (std::ferror(in)) return Error::internal("reading the spooled upload failed");
  return out;
}

Result<std::string> read_at(FILE* in, int64_t offset, std::size_t length) {
  if (std::fseek(in, offset, SEEK_SET) != 0) return Error::internal("cannot seek in the spooled upload");
  std::string out(length, '\0');
  out.resize(std::fread(out.data(), 1, length, in));
  return out;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto semi = content_type.find(';');
  if (ascii_lower(trim(content_type.substr(0, semi))) != "multipart/form-data") return std::nullopt;
  auto boundary = header_param(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  return boundary;
}

Result<std::vector<FormPart>> parse_multipart_file(const std::string& path, const std::string& boundary,
                                                   std::size_t max_parts) {
  auto in = open(path);
  if (!in) return Error::internal("the spooled upload is missing");
  CAIRN_TRY_ASSIGN(auto delimiters, delimiter_offsets(in.get(), boundary));
  const int64_t delimiter_size = static_cast<int64_t>(boundary.size()) + 2;
  std::vector<FormPart> parts;
  for (std::size_t i = 0; i < delimiters.size(); ++i) {
    const int64_t after = delimiters[i] + delimiter_size;
    CAIRN_TRY_ASSIGN(auto marker, read_at(in.get(), after, 2));
    if (marker == "--") return parts;  // the closing delimiter
    if (marker != "\r\n") return Error::bad_request("multipart body: a delimiter is not followed by a line break");
    if (i + 1 == delimiters.size()) return Error::bad_request("multipart body: the closing delimiter is missing");
    if (parts.size() == max_parts) {
      return Error::bad_request("multipart body: more than " + std::to_string(max_parts) + " parts");
    }
    const int64_t headers_start = after + 2;
    const int64_t part_end = delimiters[i + 1] - 2;  // the CRLF before the next delimiter
    const auto span = static_cast<std::size_t>(std::min<int64_t>(part_end - headers_start, kMaxHeaderBytes + 4));
    CAIRN_TRY_ASSIGN(auto head, read_at(in.get(), headers_start, span));
    const auto blank = head.find("\r\n\r\n");
    if (blank == std::string::npos) {
      return Error::bad_request("multipart body: part headers are missing or longer than 8 KiB");
    }
    FormPart part;
    std::string_view headers(head.data(), blank);
    bool has_disposition = false;
    while (!headers.empty()) {
      const auto eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string name = ascii_lower(trim(line.substr(0, colon)));
      const std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        has_disposition = true;
        part.name = header_param(value, "name").value_or("");
        part.filename = header_param(value, "filename");
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!has_disposition || part.name.empty()) {
      return Error::bad_request("multipart body: a part has no Content-Disposition with a name");
    }
    part.offset = headers_start + static_cast<int64_t>(blank) + 4;
    part.length = part_end - part.offset;
    if (part.length < 0) return Error::bad_request("multipart body: a part is cut short");
    parts.push_back(std::move(part));
  }
  return Error::bad_request("multipart body: the closing delimiter is missing");
}

Result<std::string> read_part(const std::string& path, const FormPart& part, std::size_t max_bytes) {
  if (part.length > static_cast<int64_t>(max_bytes)) {
    return Error::validation(part.name,
                             "the field '" + part.name + "' is longer than " + std::to_string(max_bytes) + " bytes");
  }
  auto in = open(path);
  if (!in) return Error::internal("the spooled upload is missing");
  return read_at(in.get(), part.offset, static_cast<std::size_t>(part.length));
}

}  // namespace cairn::api
