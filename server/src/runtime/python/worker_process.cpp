#include "runtime/python/worker_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/log.hpp"

extern char** environ;

namespace cairn::runtime::python {
namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// The child's environment: what a Python process needs from ours (PATH, HOME, locale, proxies
/// and the like), never our own secrets (CAIRN_*), plus the deployment's variables.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(entry.substr(0, eq));
    if (name.starts_with("CAIRN_") || name.starts_with("AWS_") || name == "PGPASSWORD") continue;
    env[name] = std::string(entry.substr(eq + 1));
  }
  env["PYTHONUNBUFFERED"] = "1";
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<WorkerProcess>> WorkerProcess::spawn(const WorkerCommand& command,
                                                            const InstanceOptions& options) {
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0)
    return Error::internal(std::string("socketpair: ") + std::strerror(errno));
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)
    return Error::internal(std::string("pipe: ") + std::strerror(errno));
  // Everything the child needs is built before fork: after it only async-signal-safe calls.
  std::vector<std::string> args = {command.python, "-m", "cairn.runtime.worker", "--model-dir", command.model_dir,
                                   "--fd",         "3"};
  std::vector<std::string> env = child_environment(command.environment);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) return Error::internal(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group: stopping it stops what it started
    ::dup2(sockets[1], 3);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    // Nothing else of the server's crosses into the model's process: not its clients' sockets,
    // not its database connections (descriptors opened without O_CLOEXEC would otherwise stay).
    ::close_range(4, ~0U, 0);
    ::execve(argv[0], argv.data(), envp.data());
    ::execvpe(argv[0], argv.data(), envp.data());
    const char msg[] = "cannot execute the Python interpreter\n";
    (void)!::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::close(sockets[1]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  auto worker = std::unique_ptr<WorkerProcess>(new WorkerProcess(pid, sockets[0], out_pipe[0], err_pipe[0], options));
  worker->thread_ = std::thread([w = worker.get()] { w->run(); });
  return worker;
}

WorkerProcess::WorkerProcess(int pid, int socket_fd, int stdout_fd, int stderr_fd, InstanceOptions options)
    : pid_(pid), socket_fd_(socket_fd), stdout_fd_(stdout_fd), stderr_fd_(stderr_fd), options_(std::move(options)) {
  status_.pid = pid;
  status_.state = InstanceState::starting;
}

WorkerProcess::~WorkerProcess() {
  stop(std::chrono::milliseconds(2000));
  if (thread_.joinable()) thread_.join();
  for (int fd : {socket_fd_, stdout_fd_, stderr_fd_})
    if (fd >= 0) ::close(fd);
}

InstanceStatus WorkerProcess::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void WorkerProcess::stop(std::chrono::milliseconds grace) {
  if (stopping_.exchange(true)) return;
  kill_at_ms_ = steady_ms() + grace.count();
  ::kill(-pid_, SIGTERM);
}

void WorkerProcess::execute(Batch batch, BatchDone done) {
  uint64_t id = 0;
  {
    std::unique_lock lock(mutex_);
    if (status_.state != InstanceState::ready || stopping_) {
      lock.unlock();
      done(Error::unavailable("the model worker is not ready"));
      return;
    }
    id = next_id_++;
    pending_.emplace(id, std::move(done));
  }
  const std::string frame = encode_predict(id, batch.params_json, batch.inputs);
  bool sent;
  {
    std::lock_guard lock(write_mutex_);
    sent = write_all(socket_fd_, frame);
  }
  if (!sent) {
    BatchDone failed;
    {
      std::lock_guard lock(mutex_);
      auto it = pending_.find(id);
      if (it != pending_.end()) {
        failed = std::move(it->second);
        pending_.erase(it);
      }
    }
    if (failed) failed(Error::unavailable("the model worker exited"));
  }
}

void WorkerProcess::set_state(InstanceState state, std::string reason) {
  InstanceStatus copy;
  {
    std::lock_guard lock(mutex_);
    status_.state = state;
    status_.reason = std::move(reason);
    copy = status_;
  }
  if (options_.on_state) options_.on_state(copy);
}

void WorkerProcess::fail_pending(const Error& error) {
  std::map<uint64_t, BatchDone> pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(pending_);
  }
  for (auto& [id, done] : pending) done(error);
}

void WorkerProcess::handle(WorkerMessage message) {
  if (auto* ready = std::get_if<Ready>(&message)) {
    (void)ready;
    set_state(InstanceState::ready, "");
    return;
  }
  if (auto* failed = std::get_if<Failed>(&message)) {
    auto body = nlohmann::json::parse(failed->json, nullptr, false);
    std::lock_guard lock(mutex_);
    failure_ = body.is_object() ? body.value("error", std::string("the model could not be loaded"))
                                : std::string("the model could not be loaded");
    return;
  }
  if (std::holds_alternative<Pong>(message)) return;
  uint64_t id = 0;
  Result<serving::Prediction> outcome = Error::internal("unset");
  if (auto* result = std::get_if<PredictResult>(&message)) {
    id = result->id;
    outcome = std::move(result->prediction);
  } else if (auto* error = std::get_if<PredictError>(&message)) {
    id = error->id;
    outcome = Error::model(error->message);
  }
  BatchDone done;
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    done = std::move(it->second);
    pending_.erase(it);
  }
  done(std::move(outcome));
}

void WorkerProcess::log_line(std::string_view stream, std::string& partial, std::string_view bytes) {
  partial.append(bytes);
  size_t start = 0;
  for (size_t nl = partial.find('\n'); nl != std::string::npos; nl = partial.find('\n', start)) {
    std::string_view line(partial.data() + start, nl - start);
    if (stream == "stderr" && !line.empty()) last_error_ = std::string(line);
    if (options_.on_log) options_.on_log(stream, line);
    start = nl + 1;
  }
  partial.erase(0, start);
  if (partial.size() > 16384) {  // a line without end: cut it rather than hold it forever
    if (options_.on_log) options_.on_log(stream, partial);
    partial.clear();
  }
}

void WorkerProcess::run() {
  std::string out_partial;
  std::string err_partial;
  bool socket_open = true;
  bool out_open = true;
  bool err_open = true;
  char buffer[65536];
  const int64_t load_deadline = steady_ms() + options_.load_timeout.count();
  while (socket_open || out_open || err_open) {
    pollfd fds[3] = {{socket_open ? socket_fd_ : -1, POLLIN, 0},
                     {out_open ? stdout_fd_ : -1, POLLIN, 0},
                     {err_open ? stderr_fd_ : -1, POLLIN, 0}};
    int ready = ::poll(fds, 3, 200);
    if (ready < 0 && errno != EINTR) break;
    const int64_t now = steady_ms();
    if (stopping_ && kill_at_ms_ > 0 && now >= kill_at_ms_) {
      ::kill(-pid_, SIGKILL);
      kill_at_ms_ = 0;
    }
    if (!stopping_ && status().state == InstanceState::starting && now >= load_deadline) {
      failure_ = "the model did not load within " + std::to_string(options_.load_timeout.count() / 1000) + " s";
      ::kill(-pid_, SIGKILL);
    }
    if (ready <= 0) continue;
    for (int i = 0; i < 3; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        (i == 0 ? socket_open : i == 1 ? out_open : err_open) = false;
        continue;
      }
      std::string_view bytes(buffer, static_cast<size_t>(n));
      if (i == 0) {
        auto messages = decoder_.feed(bytes);
        if (!messages.ok()) {
          log::error("model worker sent a malformed frame", {{"pid", pid_}, {"error", messages.error().message}});
          failure_ = "the worker broke the protocol: " + messages.error().message;
          ::kill(-pid_, SIGKILL);
          socket_open = false;
          continue;
        }
        for (auto& m : *messages) handle(std::move(m));
      } else {
        log_line(i == 1 ? "stdout" : "stderr", i == 1 ? out_partial : err_partial, bytes);
      }
    }
    if (!socket_open) {
      // The worker is gone or going: nothing will answer what is pending.
      ::kill(-pid_, SIGKILL);
    }
  }
  int wstatus = 0;
  while (::waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
  }
  std::string reason;
  if (WIFEXITED(wstatus))
    reason = "worker exited with code " + std::to_string(WEXITSTATUS(wstatus));
  else if (WIFSIGNALED(wstatus))
    reason =
        "worker was killed by signal " + std::to_string(WTERMSIG(wstatus)) + " (" + strsignal(WTERMSIG(wstatus)) + ")";
  std::string detail;
  {
    std::lock_guard lock(mutex_);
    detail = !failure_.empty() ? failure_ : last_error_;
  }
  if (stopping_)
    reason = "stopped";
  else if (!detail.empty())
    reason += ": " + detail;
  fail_pending(Error::unavailable("the model worker exited (" + reason + ")"));
  set_state(InstanceState::exited, reason);
}

}  // namespace cairn::runtime::python
