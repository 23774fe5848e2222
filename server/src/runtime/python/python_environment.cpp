#include "runtime/python/python_environment.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace cairn::runtime::python {
namespace {

/// Runs a command through the shell and gives its standard output and error together.
int run_capture(const std::string& command, std::string& out) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buffer{};
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Result<std::string> prepare_environment(const std::string& python, const std::string& model_dir,
                                        const std::string& cache_dir) {
  std::string out;
  int code = run_capture(shell_quote(python) + " -m cairn.runtime.environment --model-dir " + shell_quote(model_dir) +
                             " --cache-dir " + shell_quote(cache_dir),
                         out);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (code != 0) {
    auto tail = out.size() > 600 ? out.substr(out.size() - 600) : out;
    return Error::validation("config.env_manager", "the model's environment could not be built: " + tail);
  }
  // The builder prints the interpreter's path last, after pip's own output.
  return out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
}

}  // namespace cairn::runtime::python
