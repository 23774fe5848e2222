#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "common/log.hpp"
#include "notify/mailer.hpp"

namespace cairn::notify {
namespace {

class LogMailer final : public Mailer {
 public:
  Status send(const Email& email) override {
    log::warn("email not sent: no SMTP server configured (set CAIRN_SMTP_URL)",
              {{"to", email.to}, {"subject", email.subject}});
    return {};
  }
};

class AsyncMailer final : public Mailer {
 public:
  explicit AsyncMailer(std::unique_ptr<Mailer> inner) : inner_(std::move(inner)), worker_([this] { run(); }) {}

  ~AsyncMailer() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    worker_.join();
  }

  Status send(const Email& email) override {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(email);
    }
    wake_.notify_one();
    return {};
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued was sent
      Email email = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      if (auto sent = inner_->send(email); !sent.ok()) {
        log::error("email delivery failed",
                   {{"to", email.to}, {"subject", email.subject}, {"error", sent.error().message}});
      }
      lock.lock();
    }
  }

  std::unique_ptr<Mailer> inner_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Email> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace

std::unique_ptr<Mailer> make_log_mailer() {
  return std::make_unique<LogMailer>();
}

std::unique_ptr<Mailer> make_async_mailer(std::unique_ptr<Mailer> inner) {
  return std::make_unique<AsyncMailer>(std::move(inner));
}

}  // namespace cairn::notify
