#pragma once

#include <vector>

#include "notify/mailer.hpp"

namespace cairn::fakes {

/// Keeps emails in memory: unit tests check what was sent, the API suite the real SMTP path.
class CapturingMailer final : public notify::Mailer {
 public:
  Status send(const notify::Email& email) override {
    sent.push_back(email);
    return {};
  }
  std::vector<notify::Email> sent;
};

}  // namespace cairn::fakes
