#pragma once

#include <string>
#include <string_view>

namespace cairn::storage::postgres {

struct RewrittenSql {
  std::string text;     ///< the statement with `$1..$n` in place of `?`
  int param_count = 0;  ///< n
};

/// Turns the portable `?` placeholders into PostgreSQL's numbered `$n`, leaving alone every `?`
/// inside a string literal ('...', E'...', $tag$...$tag$), a quoted identifier or a comment.
/// Outside those, `?` always means a parameter: the jsonb and geometric `?` operators cannot be
/// written in portable SQL (use their function forms, e.g. jsonb_exists).
/// `standard_conforming_strings` is the session setting of that name: when off, a backslash
/// escapes the next character in every '...' literal, not only in E'...'.
RewrittenSql rewrite_placeholders(std::string_view sql, bool standard_conforming_strings = true);

}  // namespace cairn::storage::postgres
