#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "notify/mailer.hpp"

namespace cairn::notify {
namespace {

// The bare address inside "Name <addr>", for the SMTP envelope.
std::string envelope_address(const std::string& from) {
  auto open = from.find('<');
  auto close = from.find('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return from.substr(open + 1, close - open - 1);
  }
  return from;
}

// Header values must not carry line breaks (header injection).
std::string one_line(std::string value) {
  std::replace(value.begin(), value.end(), '\r', ' ');
  std::replace(value.begin(), value.end(), '\n', ' ');
  return value;
}

std::string rfc5322_date() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// Each address of a comma-separated list, trimmed, for the SMTP envelope.
std::vector<std::string> envelope_recipients(const std::string& to) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= to.size()) {
    std::size_t comma = to.find(',', start);
    if (comma == std::string::npos) comma = to.size();
    std::string one = to.substr(start, comma - start);
    auto first = one.find_first_not_of(" \t");
    auto last = one.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(envelope_address(one.substr(first, last - first + 1)));
    start = comma + 1;
  }
  return out;
}

// SMTP ends the data at a line holding a single dot; libcurl dot-stuffs, we normalise newlines.
void append_crlf_text(std::string& out, const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' && (i == 0 || text[i - 1] != '\r'))
      out += "\r\n";
    else
      out.push_back(c);
  }
  out += "\r\n";
}

struct Payload {
  std::string data;
  std::size_t offset = 0;
};

size_t read_payload(char* buffer, size_t size, size_t count, void* user) {
  auto* payload = static_cast<Payload*>(user);
  size_t n = std::min(size * count, payload->data.size() - payload->offset);
  std::copy_n(payload->data.data() + payload->offset, n, buffer);  // bytes, not a C string
  payload->offset += n;
  return n;
}

class SmtpMailer final : public Mailer {
 public:
  explicit SmtpMailer(SmtpOptions options) : options_(std::move(options)) {}

  Status send(const Email& email) override {
    Payload payload;
    std::string from_domain = envelope_address(options_.from);
    from_domain = from_domain.substr(from_domain.find('@') + 1);
    payload.data = "Date: " + rfc5322_date() + "\r\n" + "To: " + one_line(email.to) + "\r\n" +
                   "From: " + one_line(options_.from) + "\r\n" + "Message-ID: <" + crypto::random_hex(16) + "@" +
                   from_domain + ">\r\n" + "Subject: " + one_line(email.subject) + "\r\n" + "MIME-Version: 1.0\r\n";
    if (email.html.empty()) {
      payload.data +=
          "Content-Type: text/plain; charset=utf-8\r\n"
          "Content-Transfer-Encoding: 8bit\r\n"
          "\r\n";
      append_crlf_text(payload.data, email.text);
    } else {
      // Text first, HTML last: a client shows the last alternative it can render.
      std::string boundary = "cairn-" + crypto::random_hex(12);
      payload.data += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
      payload.data +=
          "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
      append_crlf_text(payload.data, email.text);
      payload.data +=
          "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
      append_crlf_text(payload.data, email.html);
      payload.data += "--" + boundary + "--\r\n";
    }

    CURL* curl = curl_easy_init();
    if (!curl) return Error::unavailable("cannot initialise libcurl");
    std::string from = "<";  // built in steps: GCC 12 warns falsely (-Wrestrict) on "<" + string
    from += envelope_address(options_.from);
    from += '>';
    curl_slist* recipients = nullptr;
    for (const auto& address : envelope_recipients(email.to)) {
      std::string bracketed = "<";
      bracketed += address;
      bracketed += '>';
      recipients = curl_slist_append(recipients, bracketed.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!options_.username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
      // Credentials only over TLS: STARTTLS on smtp://, implicit on smtps://.
      curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return Error::unavailable(std::string("SMTP delivery failed: ") + curl_easy_strerror(rc));
    return {};
  }

 private:
  SmtpOptions options_;
};

}  // namespace

std::unique_ptr<Mailer> make_smtp_mailer(SmtpOptions options) {
  return std::make_unique<SmtpMailer>(std::move(options));
}

}  // namespace cairn::notify
