// Channels against a real HTTP receiver on loopback: retries, pinning, caps and secrets.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <mutex>
#include <thread>

#include "notify/channels.hpp"
#include "notify/http_post.hpp"

namespace cairn::notify {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

/// Answers one scripted reply per connection on 127.0.0.1 (port 0) and records what it received.
class LoopbackReceiver {
 public:
  struct Reply {
    Reply(int s, std::string b, std::string l = {}) : status(s), body(std::move(b)), location(std::move(l)) {}
    int status;
    std::string body;
    std::string location;  ///< a Location header, for redirects
  };
  struct Request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  ///< names in lower case
    std::string body;
  };

  explicit LoopbackReceiver(std::vector<Reply> replies)
      : acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)), replies_(std::move(replies)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackReceiver() {
    stop_ = true;
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);  // wakes a blocked accept
    thread_.join();
  }

  int port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port()) + path; }
  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    for (const Reply& reply : replies_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) return;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      Request seen{std::string(request.method_string()), std::string(request.target()), {}, request.body()};
      for (const auto& field : request) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        seen.headers[name] = std::string(field.value());
      }
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(seen));
      }
      http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
      response.body() = reply.body;
      if (!reply.location.empty()) response.set(http::field::location, reply.location);
      response.keep_alive(false);
      response.prepare_payload();
      http::write(socket, response, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::vector<Reply> replies_;
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A loopback port nobody listens on.
int closed_port() {
  boost::asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

Notice delivery_notice() {
  Notice notice;
  notice.id = "outbox-7";
  notice.group_key = "{}:{alertname=\"ErrorRate\"}";
  notice.status = "firing";
  notice.event = "trigger";
  notice.receiver = "ops";
  notice.common_labels = {{"alertname", "ErrorRate"}, {"deployment", "fraud-api"}};
  NoticeAlert alert;
  alert.status = "firing";
  alert.severity = "critical";
  alert.labels = notice.common_labels;
  alert.starts_at_ms = 1796400000000;
  alert.value = 0.04;
  alert.url = "https://cairn.example.com/alerts/x";
  notice.alerts.push_back(alert);
  return notice;
}

const OutboundGuard kLoopbackAllowed({"127.0.0.1"});

ChannelDeps loopback_deps() {
  ChannelDeps deps;
  deps.guard = &kLoopbackAllowed;
  deps.timeout_ms = 5'000;
  return deps;
}

TEST(ChannelDelivery, webhook_retries_after_503_then_delivers_signed) {
  LoopbackReceiver receiver({{503, "busy"}, {200, "ok"}});
  auto channel = make_channel("webhook",
                              {{"url", receiver.url("/hook?team=ops")},
                               {"hmac_secret", "whsec-test"},
                               {"headers", {{"Authorization", "Bearer receiver-token"}}}},
                              loopback_deps());
  ASSERT_TRUE(channel.ok()) << channel.error().message;
  Notice notice = delivery_notice();

  Delivery first = (*channel)->deliver(notice);
  EXPECT_FALSE(first.delivered);
  EXPECT_TRUE(first.retryable);
  EXPECT_EQ(first.status_code, 503);
  EXPECT_EQ(first.response, "busy");
  EXPECT_EQ(first.error, "127.0.0.1 answered HTTP 503");

  Delivery second = (*channel)->deliver(notice);
  EXPECT_TRUE(second.delivered) << second.error;
  EXPECT_EQ(second.status_code, 200);
  EXPECT_GT(second.duration_ms, 0);

  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& request : requests) {
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/hook?team=ops");
    EXPECT_EQ(request.headers.at("content-type"), "application/json");
    EXPECT_EQ(request.headers.at("authorization"), "Bearer receiver-token");
    EXPECT_EQ(request.headers.at("idempotency-key"), "outbox-7");
    EXPECT_EQ(request.headers.at("x-cairn-signature"),
              webhook_signature("whsec-test", request.headers.at("x-cairn-timestamp") + "." + request.body));
    EXPECT_GT(std::stoll(request.headers.at("x-cairn-timestamp")), 1'700'000'000);
    auto body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body, webhook_payload(notice));
  }
}

TEST(ChannelDelivery, connects_to_the_pinned_address_whatever_the_host_name) {
  LoopbackReceiver receiver({{200, "ok"}});
  // receiver.cairn.test does not resolve: only the pin can lead the request to the receiver.
  std::string host = "receiver.cairn.test";
  OutboundTarget target{"http", host, receiver.port(), "127.0.0.1"};
  Delivery delivery = post_json(
      JsonPost{"http://" + host + ":" + std::to_string(receiver.port()) + "/pinned", target, "{}", {}, 5'000});
  EXPECT_TRUE(delivery.delivered) << delivery.error;
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/pinned");
  EXPECT_EQ(requests[0].headers.at("host"), host + ":" + std::to_string(receiver.port()));
}

TEST(ChannelDelivery, client_errors_are_final_and_rate_limits_retry) {
  LoopbackReceiver receiver({{404, "no such hook"}, {429, "slow down"}});
  auto channel = make_channel("slack", {{"url", receiver.url("/services/T0/B0/hook-secret")}}, loopback_deps());
  ASSERT_TRUE(channel.ok());
  Delivery not_found = (*channel)->deliver(delivery_notice());
  EXPECT_FALSE(not_found.delivered);
  EXPECT_FALSE(not_found.retryable);
  EXPECT_EQ(not_found.status_code, 404);
  Delivery limited = (*channel)->deliver(delivery_notice());
  EXPECT_TRUE(limited.retryable);
  EXPECT_EQ(limited.status_code, 429);
  for (const auto& d : {not_found, limited}) EXPECT_EQ(d.error.find("hook-secret"), std::string::npos) << d.error;
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(requests[0].body), slack_message(delivery_notice()));
}

TEST(ChannelDelivery, redirects_are_not_followed) {
  LoopbackReceiver receiver({{302, "", "http://169.254.169.254/latest/meta-data/"}, {200, "ok"}});
  auto channel = make_channel("webhook", {{"url", receiver.url("/hook")}}, loopback_deps());
  ASSERT_TRUE(channel.ok());
  Delivery delivery = (*channel)->deliver(delivery_notice());
  EXPECT_FALSE(delivery.delivered);
  EXPECT_FALSE(delivery.retryable);
  EXPECT_EQ(delivery.status_code, 302);
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST(ChannelDelivery, keeps_only_the_first_kib_of_the_answer) {
  LoopbackReceiver receiver({{500, std::string(64 * 1024, 'x')}});
  auto channel = make_channel("webhook", {{"url", receiver.url("/hook")}}, loopback_deps());
  ASSERT_TRUE(channel.ok());
  Delivery delivery = (*channel)->deliver(delivery_notice());
  EXPECT_EQ(delivery.status_code, 500);
  EXPECT_TRUE(delivery.retryable);
  EXPECT_EQ(delivery.response.size(), 1024u);
}

TEST(ChannelDelivery, network_failures_retry_without_naming_the_secret_path) {
  auto channel = make_channel(
      "slack", {{"url", "http://127.0.0.1:" + std::to_string(closed_port()) + "/services/T0/B0/hook-secret"}},
      loopback_deps());
  ASSERT_TRUE(channel.ok());
  Delivery delivery = (*channel)->deliver(delivery_notice());
  EXPECT_FALSE(delivery.delivered);
  EXPECT_TRUE(delivery.retryable);
  EXPECT_EQ(delivery.status_code, 0);
  EXPECT_NE(delivery.error.find("cannot deliver to 127.0.0.1"), std::string::npos) << delivery.error;
  EXPECT_EQ(delivery.error.find("hook-secret"), std::string::npos) << delivery.error;
}

TEST(ChannelDelivery, forbidden_address_at_delivery_is_final_and_sends_nothing) {
  LoopbackReceiver receiver({{200, "ok"}});
  ChannelDeps strict;  // no guard given: the strict one, with no allowances
  auto channel = make_channel("webhook", {{"url", receiver.url("/hook")}}, strict);
  ASSERT_TRUE(channel.ok());
  Delivery delivery = (*channel)->deliver(delivery_notice());
  EXPECT_FALSE(delivery.delivered);
  EXPECT_FALSE(delivery.retryable);
  EXPECT_NE(delivery.error.find("loopback"), std::string::npos) << delivery.error;
  EXPECT_TRUE(receiver.requests().empty());
}

TEST(ChannelDelivery, pagerduty_events_reach_an_overridden_url) {
  LoopbackReceiver receiver({{202, R"({"status":"success","message":"Event processed","dedup_key":"k"})"}});
  auto channel = make_channel(
      "pagerduty", {{"routing_key", "R0UTINGKEY0123456789abcdefABCDEF"}, {"url", receiver.url("/v2/enqueue")}},
      loopback_deps());
  ASSERT_TRUE(channel.ok());
  Delivery delivery = (*channel)->deliver(delivery_notice());
  EXPECT_TRUE(delivery.delivered) << delivery.error;
  EXPECT_EQ(delivery.status_code, 202);
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/v2/enqueue");
  auto event = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(event["routing_key"], "R0UTINGKEY0123456789abcdefABCDEF");
  EXPECT_EQ(event["event_action"], "trigger");
  EXPECT_EQ(event["dedup_key"], "{}:{alertname=\"ErrorRate\"}");
}

}  // namespace
}  // namespace cairn::notify
