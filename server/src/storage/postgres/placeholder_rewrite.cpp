#include "storage/postgres/placeholder_rewrite.hpp"

namespace cairn::storage::postgres {
namespace {

// PostgreSQL's lexer treats every byte >= 0x80 as an identifier letter (so UTF-8 names work).
bool is_ident_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}
bool is_ident_char(char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

// Index one past the closing quote of the literal or identifier whose opening quote is at `open`.
// A doubled quote is an escaped quote; `backslash_escapes` makes \x skip x as well. An
// unterminated literal runs to the end; the server reports the syntax error.
std::size_t skip_quoted(std::string_view sql, std::size_t open, bool backslash_escapes) {
  const char quote = sql[open];
  std::size_t i = open + 1;
  while (i < sql.size()) {
    char c = sql[i];
    if (backslash_escapes && c == '\\') {
      i += 2;
    } else if (c == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return sql.size();
}

// Block comments nest in PostgreSQL, unlike in C.
std::size_t skip_block_comment(std::string_view sql, std::size_t open) {
  int depth = 0;
  std::size_t i = open;
  while (i < sql.size()) {
    if (sql.compare(i, 2, "/*") == 0) {
      ++depth;
      i += 2;
    } else if (sql.compare(i, 2, "*/") == 0) {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return sql.size();
}

// If a dollar quote ($$ or $tag$) opens at `open`, the index one past its closing delimiter;
// otherwise `open` itself ($1 is a positional parameter, not a quote).
std::size_t skip_dollar_quoted(std::string_view sql, std::size_t open) {
  std::size_t i = open + 1;
  if (i < sql.size() && is_ident_start(sql[i])) {
    while (i < sql.size() && is_ident_char(sql[i]) && sql[i] != '$') ++i;
  }
  if (i >= sql.size() || sql[i] != '$') return open;
  std::string_view delimiter = sql.substr(open, i - open + 1);
  std::size_t close = sql.find(delimiter, i + 1);
  return close == std::string_view::npos ? sql.size() : close + delimiter.size();
}

}  // namespace

RewrittenSql rewrite_placeholders(std::string_view sql, bool standard_conforming_strings) {
  RewrittenSql out;
  out.text.reserve(sql.size() + 16);
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const bool after_ident = i > 0 && is_ident_char(sql[i - 1]);
    std::size_t end = i;
    if (c == '\'') {
      // E'...' (and e'...') take C-style escapes; 'E' must be a prefix, not the end of a name.
      bool escape_string = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && !(i > 1 && is_ident_char(sql[i - 2]));
      end = skip_quoted(sql, i, escape_string || !standard_conforming_strings);
    } else if (c == '"') {
      end = skip_quoted(sql, i, false);
    } else if (c == '-' && sql.compare(i, 2, "--") == 0) {
      end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
    } else if (c == '/' && sql.compare(i, 2, "/*") == 0) {
      end = skip_block_comment(sql, i);
    } else if (c == '$' && !after_ident) {
      end = skip_dollar_quoted(sql, i);
    } else if (c == '?') {
      out.text += '$';
      out.text += std::to_string(++out.param_count);
      ++i;
      continue;
    }
    if (end == i) end = i + 1;
    out.text.append(sql.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace cairn::storage::postgres
