#include "storage/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <string_view>
#include <vector>

#include "storage/connection_pool.hpp"
#include "storage/postgres/postgres_connection.hpp"
#include "storage/postgres/postgres_errors.hpp"

namespace cairn::storage {
namespace {

const char* const kMalformedUrl =
    "invalid PostgreSQL URL: expected postgresql://user:password@host:port/database?param=value, with "
    "'@', ':', '/', '?', '#' and '%' in the user name or password percent-encoded (e.g. '@' as %40)";

// What every connection of one pool is opened with. Holds the password: never log it.
struct ConnectSettings {
  std::map<std::string, std::string> params;  // libpq keyword -> value
  std::string target;                         // host:port/database, for messages
  std::vector<std::string> secrets;           // password spellings to scrub from libpq's messages
};

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The password in the URL's user info, as written and percent-decoded.
std::vector<std::string> password_spellings(std::string_view authority) {
  auto at = authority.find('@');
  if (at == std::string_view::npos) return {};
  auto colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return {};
  std::string_view password = authority.substr(colon + 1, at - colon - 1);
  return {std::string(password), percent_decode(password)};
}

std::string scrub(std::string message, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto pos = message.find(secret); pos != std::string::npos; pos = message.find(secret, pos + 3)) {
      message.replace(pos, secret.size(), "***");
    }
  }
  return message;
}

Result<ConnectSettings> parse_url(const std::string& url, const PostgresOptions& options) {
  // A password pasted unencoded is the common mistake: libpq splits at its first '@', '/', '?'
  // or '#', takes the rest of the password for host, port or database, and names those in its
  // errors. So an '@' is allowed once, and only before the path or query.
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return Error::bad_request(kMalformedUrl, "database_url");
  const std::string_view rest = std::string_view(url).substr(scheme_end + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (std::count(rest.begin(), rest.end(), '@') != std::count(authority.begin(), authority.end(), '@') ||
      std::count(authority.begin(), authority.end(), '@') > 1) {
    return Error::bad_request(kMalformedUrl, "database_url");
  }

  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  // libpq's parse errors quote the offending token, which may be part of the password.
  PQfreemem(parse_error);
  if (!parsed) return Error::bad_request(kMalformedUrl, "database_url");
  ConnectSettings settings;
  for (PQconninfoOption* option = parsed; option->keyword; ++option) {
    if (option->val && *option->val) settings.params[option->keyword] = option->val;
  }
  PQconninfoFree(parsed);

  auto& params = settings.params;
  settings.secrets = password_spellings(authority);
  if (!params["password"].empty()) settings.secrets.push_back(params["password"]);
  // Longest first, so a password containing another spelling is scrubbed whole.
  std::sort(settings.secrets.begin(), settings.secrets.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });

  const std::string host =
      params["host"].empty() ? (params["hostaddr"].empty() ? "localhost" : params["hostaddr"]) : params["host"];
  const std::string port = params["port"].empty() ? "5432" : params["port"];
  const std::string database = params["dbname"].empty() ? params["user"] : params["dbname"];
  settings.target = host + ":" + port + "/" + database;
  std::erase_if(params, [](const auto& entry) { return entry.second.empty(); });

  // Every Value string is UTF-8 whatever the server's or the URL's encoding says.
  params["client_encoding"] = "UTF8";
  // An application_name in the URL or PGAPPNAME still wins, as libpq intends.
  params["fallback_application_name"] = "cairn";
  if (!params.contains("connect_timeout")) params["connect_timeout"] = std::to_string(options.connect_timeout.count());
  // extra_float_digits=3 makes servers before 12 print doubles exactly too (12+ always do).
  // URL options come last so that they override ours.
  std::string session =
      "-c statement_timeout=" + std::to_string(options.statement_timeout.count()) + " -c extra_float_digits=3";
  if (auto it = params.find("options"); it != params.end()) session += " " + it->second;
  params["options"] = session;
  return settings;
}

Result<std::unique_ptr<Connection>> connect(const ConnectSettings& settings) {
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [keyword, value] : settings.params) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/0);
  if (!conn) return Error::unavailable("cannot connect to PostgreSQL at " + settings.target + ": out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = scrub(postgres::one_line(PQerrorMessage(conn)), settings.secrets);
    PQfinish(conn);
    return Error::unavailable("cannot connect to PostgreSQL at " + settings.target + ": " + reason);
  }
  return std::unique_ptr<Connection>(std::make_unique<postgres::PostgresConnection>(conn));
}

// The connection opened to check the URL, handed to the pool as its first connection instead of
// being closed and opened again.
struct FirstConnection {
  std::mutex mutex;
  std::unique_ptr<Connection> conn;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres_database(const std::string& url, int pool_size,
                                                         const PostgresOptions& options) {
  CAIRN_TRY_ASSIGN(auto parsed, parse_url(url, options));
  auto settings = std::make_shared<const ConnectSettings>(std::move(parsed));
  auto first = std::make_shared<FirstConnection>();
  CAIRN_TRY_ASSIGN(first->conn, connect(*settings));
  auto factory = [settings, first]() -> Result<std::unique_ptr<Connection>> {
    {
      std::lock_guard lock(first->mutex);
      if (first->conn) return std::move(first->conn);
    }
    return connect(*settings);
  };
  return std::unique_ptr<Database>(
      std::make_unique<ConnectionPool>(Dialect::postgres, pool_size, std::move(factory), options.acquire_timeout));
}

}  // namespace cairn::storage
