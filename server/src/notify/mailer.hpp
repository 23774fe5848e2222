#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"

namespace cairn::notify {

struct Email {
  std::string to;  ///< one address, or several separated by commas (one message to all)
  std::string subject;
  std::string text;  ///< plain-text body
  std::string html;  ///< optional HTML alternative (sent as multipart/alternative when set)
};

/// Sends emails. Implementations: SMTP through libcurl, and a log-only one for setups without SMTP.
class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual Status send(const Email& email) = 0;
};

struct SmtpOptions {
  std::string url;  ///< smtp://host:port or smtps://host:port
  std::string username;
  std::string password;
  std::string from;  ///< "Name <addr@host>" or "addr@host"
};

std::unique_ptr<Mailer> make_smtp_mailer(SmtpOptions options);

/// Logs that an email was due (recipient and subject only: bodies carry one-time tokens).
std::unique_ptr<Mailer> make_log_mailer();

/// Sends through `inner` on a background thread so requests never wait on a mail server; failures
/// are logged. Queued emails are flushed when the mailer is destroyed.
std::unique_ptr<Mailer> make_async_mailer(std::unique_ptr<Mailer> inner);

}  // namespace cairn::notify
