#include "search/filter_scanner.hpp"

#include <charconv>
#include <system_error>

namespace cairn::search {

namespace {

// Longer inputs are cut in messages: the error body should stay readable and bounded.
constexpr std::size_t kMaxEchoedText = 200;
constexpr std::size_t kMaxEchoedToken = 40;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '$' || c == '#' ||
         u >= 0x80;  // UTF-8: keys may be non-ASCII, as \w allows in sqlparse
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_quote(char c) {
  return c == '\'' || c == '"' || c == '`';
}
bool is_operator_char(char c) {
  return c == '=' || c == '!' || c == '<' || c == '>' || c == '~';
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Control characters would make the message unreadable; show them as \xNN.
std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += text[i];
    }
  }
  if (text.size() > limit) out += "...";
  return out;
}

}  // namespace

bool FilterScanner::at_space() const {
  return !at_end() && is_space(text_[pos_]);
}
void FilterScanner::skip_space() {
  while (at_space()) ++pos_;
}
bool FilterScanner::consume(char c) {
  if (peek() != c || at_end()) return false;
  ++pos_;
  return true;
}
bool FilterScanner::at_word() const {
  return !at_end() && is_word_char(text_[pos_]);
}
bool FilterScanner::at_quote() const {
  return !at_end() && is_quote(text_[pos_]);
}
bool FilterScanner::at_operator() const {
  return !at_end() && is_operator_char(text_[pos_]);
}

bool FilterScanner::at_number() const {
  std::size_t i = pos_;
  if (i < text_.size() && text_[i] == '-') ++i;
  if (i < text_.size() && is_digit(text_[i])) return true;
  return i + 1 < text_.size() && text_[i] == '.' && is_digit(text_[i + 1]);
}

Result<std::string> FilterScanner::quoted() {
  const std::size_t start = pos_;
  const char q = text_[pos_++];
  std::string out;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == q) {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == q) {
        out += q;
        pos_ += 2;
        continue;
      }
      ++pos_;
      return out;
    }
    if (c == '\\' && q != '`' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == q || text_[pos_ + 1] == '\\')) {
      out += text_[pos_ + 1];
      pos_ += 2;
      continue;
    }
    out += c;
    ++pos_;
  }
  pos_ = start;
  return fail(start, std::string("unclosed quote (") + q + ")");
}

std::string_view FilterScanner::word() {
  const std::size_t start = pos_;
  while (at_word()) ++pos_;
  return text_.substr(start, pos_ - start);
}

bool FilterScanner::keyword(std::string_view keyword) {
  std::size_t end = pos_;
  while (end < text_.size() && is_word_char(text_[end])) ++end;
  if (end - pos_ != keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    if (lower(text_[pos_ + i]) != lower(keyword[i])) return false;
  }
  pos_ = end;
  return true;
}

Result<double> FilterScanner::number() {
  const std::size_t start = pos_;
  std::size_t i = pos_;
  auto digits = [&] {
    const std::size_t from = i;
    while (i < text_.size() && is_digit(text_[i])) ++i;
    return i > from;
  };
  if (i < text_.size() && text_[i] == '-') ++i;
  bool any = digits();
  if (i < text_.size() && text_[i] == '.') {
    ++i;
    any = digits() || any;
  }
  if (any && i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < text_.size() && (text_[j] == '-' || text_[j] == '+')) ++j;
    if (j < text_.size() && is_digit(text_[j])) {
      i = j;
      digits();
    }
  }
  // "1abc" or "1.2.3" is neither a number nor an identifier; say so instead of splitting it.
  if (!any || (i < text_.size() && (is_word_char(text_[i]) || text_[i] == '.'))) {
    while (i < text_.size() && (is_word_char(text_[i]) || text_[i] == '.' || text_[i] == '-')) ++i;
    return fail(start, "malformed number '" + printable(text_.substr(start, i - start), kMaxEchoedToken) + "'");
  }
  // from_chars reads the same grammar (it allows '+' only in the exponent, as we do).
  const std::string_view token = text_.substr(start, i - start);
  double value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return fail(start, "number '" + printable(token, kMaxEchoedToken) + "' is out of range");
  }
  if (ec != std::errc() || end != token.data() + token.size()) {
    return fail(start, "malformed number '" + printable(token, kMaxEchoedToken) + "'");
  }
  pos_ = i;
  return value;
}

std::string_view FilterScanner::op() {
  if (!at_operator()) return {};
  static constexpr std::string_view kTwoChar[] = {"!=", "<=", ">=", "<>", "==", "~="};
  const std::string_view rest = text_.substr(pos_);
  for (std::string_view two : kTwoChar) {
    if (rest.starts_with(two)) {
      pos_ += 2;
      return two;
    }
  }
  return text_.substr(pos_++, 1);
}

Result<std::vector<IdentifierSegment>> FilterScanner::identifier() {
  std::vector<IdentifierSegment> segments;
  if (at_number() || (!at_word() && !at_quote())) return segments;
  while (true) {
    IdentifierSegment segment;
    segment.pos = pos_;
    if (at_quote()) {
      segment.quote = peek();
      CAIRN_TRY_ASSIGN(segment.text, quoted());
    } else if (at_word()) {
      segment.text = std::string(word());
    } else {
      return fail(pos_, unexpected(pos_), "expected a key after '.'");
    }
    segments.push_back(std::move(segment));
    // A quote glued to a key (param`.x, a'b') is a typo, not a new token.
    if (at_quote()) return fail(pos_, unexpected(pos_), "expected '.' or a comparator");
    if (peek() != '.') return segments;
    ++pos_;
  }
}

std::string FilterScanner::token_at(std::size_t pos) const {
  if (pos >= text_.size()) return {};
  std::size_t end = pos + 1;
  const char c = text_[pos];
  if (is_word_char(c)) {
    while (end < text_.size() && is_word_char(text_[end])) ++end;
  } else if (is_quote(c)) {
    while (end < text_.size() && text_[end] != c) ++end;
    if (end < text_.size()) ++end;
  } else if (is_operator_char(c) && end < text_.size() && text_[end] == '=') {
    ++end;
  }
  return printable(text_.substr(pos, end - pos), kMaxEchoedToken);
}

std::string FilterScanner::unexpected(std::size_t pos) const {
  if (pos >= text_.size()) return "unexpected end of " + std::string(what_);
  return "unexpected '" + token_at(pos) + "'";
}

Error FilterScanner::fail(std::size_t pos, std::string_view detail, std::string_view hint) const {
  std::string message = "Invalid " + std::string(what_) + " '" + printable(text_, kMaxEchoedText) + "': ";
  message += detail;
  message += " at position " + std::to_string(pos);
  if (!hint.empty()) {
    message += ", ";
    message += hint;
  }
  return Error::bad_request(std::move(message), std::string(field_));
}

}  // namespace cairn::search
