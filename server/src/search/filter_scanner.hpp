#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace cairn::search {

/// One dot-separated piece of an identifier such as metrics.`my key` or tags.mlflow.runName.
struct IdentifierSegment {
  std::string text;     ///< unquoted and unescaped
  char quote = 0;       ///< '"', '\'', '`', or 0 when bare
  std::size_t pos = 0;  ///< byte offset of its first character (the quote, if quoted)
};

/// The hand-written tokenizer under MLflow's search-filter and order-by languages. MLflow itself leans on
/// sqlparse, a general SQL lexer, and then rejects most of what it groups; there is no C++ equivalent worth a
/// dependency, and the subset we need (identifiers, quoted strings, numbers, a dozen operators and keywords) is a
/// page of code. The parser pulls tokens on demand, because the same characters mean different things by place:
/// "a b" is a key on the left of a comparator and a value on the right.
///
/// Every error names the byte offset (0-based) and the offending token, so `fail` is here too.
class FilterScanner {
 public:
  /// `what` names the input in messages ("filter", "order_by"); `field` is the Error's field.
  FilterScanner(std::string_view text, std::string_view what, std::string_view field)
      : text_(text), what_(what), field_(field) {}

  std::size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= text_.size(); }
  /// The next byte, or '\0' at the end.
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  bool at_space() const;
  void skip_space();
  /// Consumes `c` if it is next.
  bool consume(char c);

  bool at_word() const;    ///< a bare identifier character: ASCII letter, digit, _, $, #, or any non-ASCII byte
  bool at_quote() const;   ///< ', " or `
  bool at_number() const;  ///< a digit, or '-' / '.' before a digit
  bool at_operator() const;

  /// Reads a quoted string whose opening quote is at pos(). A doubled quote stands for itself (SQL style), and in
  /// '...' and "..." so do \' , \" and \\ (the escapes sqlparse lets through); any other backslash is literal.
  Result<std::string> quoted();
  /// Reads a run of word characters; empty when there is none.
  std::string_view word();
  /// Consumes the next word if it equals `keyword` ignoring ASCII case.
  bool keyword(std::string_view keyword);
  /// Reads an integer or decimal with optional exponent and leading '-'; rejects "1abc" and out-of-range values.
  Result<double> number();
  /// Reads a comparison operator: one of = != <> == < <= > >= ~ ~= !; validity is the parser's call.
  std::string_view op();
  /// Reads segment ('.' segment)* with no spaces around the dots. The first segment may not start with a digit
  /// (that is a number); an empty vector means no identifier starts here.
  Result<std::vector<IdentifierSegment>> identifier();

  /// The token starting at `pos`, for messages: a word, quoted string, operator or single character.
  std::string token_at(std::size_t pos) const;
  /// "unexpected 'x'", or "unexpected end of <what>" at the end.
  std::string unexpected(std::size_t pos) const;
  /// A 400 reading "Invalid <what> '<text>': <detail> at position <pos>[, <hint>]".
  Error fail(std::size_t pos, std::string_view detail, std::string_view hint = {}) const;

 private:
  std::string_view text_;
  std::string_view what_;
  std::string_view field_;
  std::size_t pos_ = 0;
};

}  // namespace cairn::search
