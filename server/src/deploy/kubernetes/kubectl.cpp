#include "deploy/kubernetes/kubectl.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <tuple>

extern char** environ;

namespace cairn::deploy {
namespace {

/// Closes what it holds when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

/// write() to a pipe whose reader is gone raises SIGPIPE, which would kill the whole server (or
/// test binary). The signal is blocked in this thread for the write and a pending one is consumed,
/// so the write just fails with EPIPE: the usual way for a library that cannot own the process's
/// signal dispositions.
ssize_t write_without_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_only, old;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  sigset_t pending;
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  const ssize_t n = ::write(fd, data, size);
  const int saved = errno;
  if (n < 0 && saved == EPIPE && !was_pending) {
    const timespec none{0, 0};
    while (sigtimedwait(&pipe_only, nullptr, &none) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = saved;
  return n;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

// Written by hand on posix_spawn: kubectl needs its input on stdin and both its outputs kept
// apart, with a deadline; popen() gives one direction only and no timeout.
Result<Kubectl::Outcome> Kubectl::run(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> argv_text = {options_.kubectl, "--kubeconfig", options_.kubeconfig, "--namespace",
                                        options_.namespace_name};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::array<int, 2> in{-1, -1}, out{-1, -1}, err{-1, -1};
  if (::pipe2(in.data(), O_CLOEXEC) != 0 || ::pipe2(out.data(), O_CLOEXEC) != 0 || ::pipe2(err.data(), O_CLOEXEC) != 0)
    return Error::internal(std::string("pipe: ") + std::strerror(errno));
  Fd in_read{in[0]}, in_write{in[1]}, out_read{out[0]}, out_write{out[1]}, err_read{err[0]}, err_write{err[1]};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return Error::unavailable("cannot run " + options_.kubectl + ": " + std::strerror(spawned));
  in_read.reset();
  out_write.reset();
  err_write.reset();
  ::fcntl(in_write.fd, F_SETFL, O_NONBLOCK);

  Outcome outcome;
  std::size_t written = 0;
  if (input.empty()) in_write.reset();
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  bool timed_out = false;
  while (out_read.fd >= 0 || err_read.fd >= 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    std::array<pollfd, 3> fds{pollfd{out_read.fd, POLLIN, 0}, pollfd{err_read.fd, POLLIN, 0},
                              pollfd{in_write.fd, POLLOUT, 0}};
    if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    if (in_write.fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = write_without_sigpipe(in_write.fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 && errno != EAGAIN) written = input.size();  // kubectl stopped reading: it will say why
      if (written >= input.size()) in_write.reset();
    }
    for (auto [index, target, fd] : {std::tuple{0, &outcome.out, &out_read}, std::tuple{1, &outcome.err, &err_read}}) {
      if (fd->fd < 0 || !(fds[static_cast<std::size_t>(index)].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[8192];
      const ssize_t n = ::read(fd->fd, buffer, sizeof buffer);
      if (n > 0)
        target->append(buffer, static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR)
        fd->reset();
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (timed_out)
    return Error::timeout("kubectl did not finish within " + std::to_string(options_.timeout.count()) + " s");
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

Result<std::string> Kubectl::apply(const std::string& manifests) {
  CAIRN_TRY_ASSIGN(auto outcome, run({"apply", "--server-side", "--field-manager=cairn", "-f", "-"}, manifests));
  if (outcome.exit_code != 0)
    return Error::unavailable("kubectl apply failed: " + trimmed(outcome.err.empty() ? outcome.out : outcome.err));
  return trimmed(outcome.out);
}

Result<nlohmann::json> Kubectl::deployment_status(const std::string& name) {
  CAIRN_TRY_ASSIGN(auto outcome, run({"get", "deployment", name, "--output", "json"}, ""));
  if (outcome.exit_code != 0) {
    if (outcome.err.find("NotFound") != std::string::npos || outcome.err.find("not found") != std::string::npos)
      return Error::not_found("Kubernetes deployment '" + name + "'");
    return Error::unavailable("kubectl get failed: " + trimmed(outcome.err));
  }
  auto object = nlohmann::json::parse(outcome.out, nullptr, false);
  if (object.is_discarded() || !object.is_object())
    return Error::unavailable("kubectl get answered something that is not a JSON object");
  const auto status = object.value("status", nlohmann::json::object());
  const auto labels = object.value("spec", nlohmann::json::object())
                          .value("template", nlohmann::json::object())
                          .value("metadata", nlohmann::json::object())
                          .value("labels", nlohmann::json::object());
  nlohmann::json conditions = nlohmann::json::array();
  for (const auto& c : status.value("conditions", nlohmann::json::array())) {
    if (!c.is_object()) continue;
    conditions.push_back({{"type", c.value("type", "")},
                          {"status", c.value("status", "")},
                          {"reason", c.value("reason", "")},
                          {"message", c.value("message", "")}});
  }
  return nlohmann::json{
      {"name", name},
      {"namespace", options_.namespace_name},
      {"revision", labels.value("cairn.dev/revision", "")},
      {"replicas",
       {{"desired", status.value("replicas", 0)},
        {"updated", status.value("updatedReplicas", 0)},
        {"ready", status.value("readyReplicas", 0)},
        {"available", status.value("availableReplicas", 0)}}},
      {"conditions", conditions},
  };
}

}  // namespace cairn::deploy
