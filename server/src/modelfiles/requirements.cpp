#include "modelfiles/inspect.hpp"

namespace cairn::modelfiles {
namespace {

std::string_view trim(std::string_view s) {
  auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

/// pip drops "#" comments at the line start or after whitespace ("pkg #c"), not inside a URL
/// fragment ("...#egg=pkg").
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  }
  return line;
}

}  // namespace

std::vector<std::string> parse_requirements(std::string_view text) {
  std::vector<std::string> out;
  std::string logical;  // a line joined across trailing-backslash continuations
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    auto line = trim(raw);
    if (line.ends_with('\\')) {
      logical += line.substr(0, line.size() - 1);
      continue;
    }
    logical += line;
    std::string requirement(trim(strip_comment(logical)));
    logical.clear();
    // Options (-r other.txt, --index-url ..., -e path) are pip's business, not requirements.
    if (requirement.empty() || requirement.starts_with('-')) continue;
    out.push_back(std::move(requirement));
  }
  return out;
}

}  // namespace cairn::modelfiles
