#include "config/settings.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/crypto.hpp"

namespace cairn::config {
namespace fs = std::filesystem;

const std::vector<SettingSpec>& setting_specs() {
  static const std::vector<SettingSpec> specs = {
      {"env", "CAIRN_ENV", "development or production (production refuses a missing secret key)", &Settings::env},
      {"host", "CAIRN_HOST", "address to listen on", &Settings::host},
      {"port", "CAIRN_PORT", "TCP port to listen on (0 picks a free one)", &Settings::port},
      {"data_dir", "CAIRN_DATA_DIR", "directory for the SQLite database, artifacts and the generated secret",
       &Settings::data_dir},
      {"database_url", "CAIRN_DATABASE_URL",
       "sqlite:///abs/path.db or postgresql://user:pass@host:5432/db (default: SQLite in the data directory)",
       &Settings::database_url, true},
      {"artifact_root", "CAIRN_ARTIFACT_ROOT",
       "artifact store: a folder, or s3://bucket/prefix (endpoint, region and keys from AWS_ENDPOINT_URL, "
       "AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or the s3_* settings)",
       &Settings::artifact_root},
      {"s3_endpoint_url", "CAIRN_S3_ENDPOINT_URL", "S3-compatible endpoint, e.g. http://minio:9000 (default: AWS)",
       &Settings::s3_endpoint_url},
      {"s3_region", "CAIRN_S3_REGION", "S3 region (default us-east-1)", &Settings::s3_region},
      {"redis_url", "CAIRN_REDIS_URL", "redis://host:6379/0 to share rate limits and cached answers between replicas",
       &Settings::redis_url, true},
      {"secret_key", "CAIRN_SECRET_KEY", "signs access tokens; at least 32 characters", &Settings::secret_key, true},
      {"public_url", "CAIRN_PUBLIC_URL", "URL users reach the server at, for links in emails", &Settings::public_url},
      {"static_dir", "CAIRN_STATIC_DIR", "folder of the built web UI", &Settings::static_dir},
      {"threads", "CAIRN_THREADS", "I/O worker threads (0: one per core)", &Settings::threads},
      {"worker_threads", "CAIRN_WORKER_THREADS", "threads that run API calls off the I/O threads (0: four per core)",
       &Settings::worker_threads},
      {"transfer_threads", "CAIRN_TRANSFER_THREADS",
       "threads for artifact and model-file transfers (0: one per core, at least 2)", &Settings::transfer_threads},
      {"worker_queue", "CAIRN_WORKER_QUEUE", "calls each pool queues before it answers 503 with Retry-After",
       &Settings::worker_queue},
      {"monitoring_interval_seconds", "CAIRN_MONITORING_INTERVAL_SECONDS",
       "how often monitoring rolls up statistics and evaluates drift", &Settings::monitoring_interval_seconds},
      {"retention_minute_days", "CAIRN_RETENTION_MINUTE_DAYS", "days monitoring keeps 1-minute statistics (at least 8)",
       &Settings::retention_minute_days},
      {"retention_hour_days", "CAIRN_RETENTION_HOUR_DAYS", "days monitoring keeps hourly statistics",
       &Settings::retention_hour_days},
      {"retention_day_days", "CAIRN_RETENTION_DAY_DAYS", "days monitoring keeps daily statistics",
       &Settings::retention_day_days},
      {"retention_series_days", "CAIRN_RETENTION_SERIES_DAYS",
       "days monitoring keeps evaluated series (drift scores, for alerting)", &Settings::retention_series_days},
      {"retention_record_days", "CAIRN_RETENTION_RECORD_DAYS",
       "days monitoring keeps raw inference records (labels join them)", &Settings::retention_record_days},
      {"retention_deleted_days", "CAIRN_RETENTION_DELETED_DAYS",
       "days deleted runs and experiments stay restorable before a daily job purges them and their artifacts "
       "(0: never; cairn admin gc does it by hand)",
       &Settings::retention_deleted_days},
      {"outbound_allow", "CAIRN_OUTBOUND_ALLOW",
       "private or loopback hosts/CIDRs that alert channels may reach (comma-separated; default none)",
       &Settings::outbound_allow},
      {"db_pool_size", "CAIRN_DB_POOL_SIZE", "database connections (0: worker + transfer threads + 2)",
       &Settings::db_pool_size},
      {"max_body_bytes", "CAIRN_MAX_BODY_BYTES", "largest request body accepted (413 beyond)",
       &Settings::max_body_bytes},
      {"max_upload_bytes", "CAIRN_MAX_UPLOAD_BYTES", "largest artifact upload accepted (413 beyond)",
       &Settings::max_upload_bytes},
      {"log_level", "CAIRN_LOG_LEVEL", "debug, info, warn or error", &Settings::log_level},
      {"smtp_url", "CAIRN_SMTP_URL", "smtp://host:port or smtps://host:465 (empty: emails are only logged)",
       &Settings::smtp_url},
      {"smtp_username", "CAIRN_SMTP_USERNAME", "SMTP user name", &Settings::smtp_username},
      {"smtp_password", "CAIRN_SMTP_PASSWORD", "SMTP password", &Settings::smtp_password, true},
      {"smtp_from", "CAIRN_SMTP_FROM", "sender address of emails", &Settings::smtp_from},
      {"api_key_rate_limit", "CAIRN_API_KEY_RATE_LIMIT", "requests per minute per API key",
       &Settings::api_key_rate_limit},
      {"api_key_rate_burst", "CAIRN_API_KEY_RATE_BURST", "burst per API key (0: the per-minute limit)",
       &Settings::api_key_rate_burst},
      {"login_max_failures", "CAIRN_LOGIN_MAX_FAILURES",
       "failed logins per account or client address within the window before 429", &Settings::login_max_failures},
      {"login_window_seconds", "CAIRN_LOGIN_WINDOW_SECONDS", "window of the login throttle",
       &Settings::login_window_seconds},
      {"kubeconfig", "CAIRN_KUBECONFIG",
       "kubeconfig of the cluster the kubernetes target applies deployments to (empty: manifests are downloaded)",
       &Settings::kubeconfig},
      {"kubernetes_namespace", "CAIRN_KUBERNETES_NAMESPACE", "namespace deployments are applied to",
       &Settings::kubernetes_namespace},
      {"kubectl", "CAIRN_KUBECTL", "the kubectl binary", &Settings::kubectl},
      {"model_server_image", "CAIRN_MODEL_SERVER_IMAGE",
       "image of the model-server pods (deploy/model-server.Dockerfile; default cairn/model-server:<version>)",
       &Settings::model_server_image},
      {"demo", "CAIRN_DEMO", "create a demo account and organization on first start", &Settings::demo},
      {"debug_routes", "CAIRN_DEBUG_ROUTES", "serve /_debug/... routes that test the server (never in production)",
       &Settings::debug_routes},
  };
  return specs;
}

std::string flag_name(const SettingSpec& spec) {
  std::string out = "--" + std::string(spec.key);
  for (auto& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

namespace {

template <class Int>
Status parse_int(std::string_view text, Int& out, const SettingSpec& spec, std::string_view source) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Error::validation(std::string(spec.key),
                             std::string(spec.key) + " from " + std::string(source) + " must be an integer");
  }
  out = value;
  return {};
}

}  // namespace

Status set_from_string(Settings& settings, const SettingSpec& spec, std::string_view value, std::string_view source) {
  return std::visit(
      [&](auto member) -> Status {
        using T = std::remove_reference_t<decltype(settings.*member)>;
        if constexpr (std::is_same_v<T, std::string>) {
          settings.*member = std::string(value);
          return {};
        } else if constexpr (std::is_same_v<T, bool>) {
          if (value == "1" || value == "true" || value == "yes" || value == "on")
            settings.*member = true;
          else if (value == "0" || value == "false" || value == "no" || value == "off" || value.empty())
            settings.*member = false;
          else
            return Error::validation(std::string(spec.key),
                                     std::string(spec.key) + " from " + std::string(source) + " must be true or false");
          return {};
        } else {
          return parse_int(value, settings.*member, spec, source);
        }
      },
      spec.field);
}

namespace {

Status apply_file(Settings& settings, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const std::exception& e) {
    return Error::bad_request("cannot read config file " + path + ": " + e.what(), "config");
  }
  if (root.IsNull()) return {};
  if (!root.IsMap()) return Error::bad_request("config file " + path + " must be a mapping of settings", "config");
  for (const auto& entry : root) {
    auto key = entry.first.as<std::string>();
    const SettingSpec* spec = nullptr;
    for (const auto& s : setting_specs()) {
      if (s.key == key) spec = &s;
    }
    if (!spec) return Error::validation(key, "unknown setting '" + key + "' in " + path);
    if (!entry.second.IsScalar()) return Error::validation(key, key + " in " + path + " must be a scalar");
    CAIRN_TRY(set_from_string(settings, *spec, entry.second.Scalar(), path));
  }
  return {};
}

}  // namespace

Result<Settings> load(const std::map<std::string, std::string>& flags, std::string config_file,
                      const std::function<const char*(const char*)>& environment) {
  Settings settings;
  if (config_file.empty()) {
    if (const char* from_env = environment("CAIRN_CONFIG")) config_file = from_env;
  }
  if (!config_file.empty()) {
    CAIRN_TRY(apply_file(settings, config_file));
    settings.config_file = config_file;
  }
  for (const auto& spec : setting_specs()) {
    if (const char* value = environment(std::string(spec.env).c_str())) {
      CAIRN_TRY(set_from_string(settings, spec, value, spec.env));
    }
  }
  for (const auto& spec : setting_specs()) {
    if (auto it = flags.find(std::string(spec.key)); it != flags.end()) {
      CAIRN_TRY(set_from_string(settings, spec, it->second, flag_name(spec)));
    }
  }
  return settings;
}

namespace {

Result<std::string> load_or_create_secret(const fs::path& data_dir, bool& generated) {
  fs::path path = data_dir / "secret_key";
  std::error_code ec;
  if (fs::exists(path, ec)) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string secret = buffer.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.size() >= 32) return secret;
  }
  fs::create_directories(data_dir, ec);
  std::string secret = crypto::random_hex(32);
  {
    std::ofstream out(path, std::ios::trunc);
    if (!out) return Error::unavailable("cannot write " + path.string());
    out << secret << "\n";
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  generated = true;
  return secret;
}

}  // namespace

Result<SettingsNotes> finalize(Settings& settings) {
  SettingsNotes notes;
  if (settings.env != "development" && settings.env != "production") {
    return Error::validation("env", "env must be development or production");
  }
  if (settings.port < 0 || settings.port > 65535) return Error::validation("port", "port must be 0..65535");
  if (settings.threads < 0) return Error::validation("threads", "threads must be >= 0");
  if (settings.threads == 0) settings.threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (settings.worker_threads < 0) return Error::validation("worker_threads", "worker_threads must be >= 0");
  if (settings.worker_threads == 0) settings.worker_threads = std::max(4, 4 * cores);
  if (settings.transfer_threads < 0) return Error::validation("transfer_threads", "transfer_threads must be >= 0");
  if (settings.transfer_threads == 0) settings.transfer_threads = std::max(2, cores);
  if (settings.worker_queue < 1) return Error::validation("worker_queue", "worker_queue must be >= 1");
  if (settings.monitoring_interval_seconds < 1 || settings.monitoring_interval_seconds > 3600)
    return Error::validation("monitoring_interval_seconds", "monitoring_interval_seconds must be from 1 to 3600");
  if (settings.retention_minute_days < 8 || settings.retention_minute_days > 36500)
    return Error::validation("retention_minute_days",
                             "retention_minute_days must be from 8 to 36500 (records may be 7 days old)");
  for (auto [name, days] : {std::pair{"retention_hour_days", settings.retention_hour_days},
                            std::pair{"retention_day_days", settings.retention_day_days},
                            std::pair{"retention_series_days", settings.retention_series_days},
                            std::pair{"retention_record_days", settings.retention_record_days}})
    if (days < 1 || days > 36500) return Error::validation(name, std::string(name) + " must be from 1 to 36500");
  if (settings.retention_deleted_days < 0 || settings.retention_deleted_days > 36500)
    return Error::validation("retention_deleted_days", "retention_deleted_days must be from 0 (never) to 36500");
  if (settings.db_pool_size <= 0) settings.db_pool_size = settings.worker_threads + settings.transfer_threads + 2;
  if (settings.debug_routes && settings.env == "production") {
    return Error::validation("debug_routes", "debug_routes cannot be enabled when CAIRN_ENV=production");
  }
  if (settings.max_body_bytes < 1024) return Error::validation("max_body_bytes", "max_body_bytes must be >= 1024");
  if (settings.max_upload_bytes < 1024)
    return Error::validation("max_upload_bytes", "max_upload_bytes must be >= 1024");
  if (settings.api_key_rate_limit < 1) return Error::validation("api_key_rate_limit", "must be >= 1");
  if (settings.api_key_rate_burst <= 0) settings.api_key_rate_burst = settings.api_key_rate_limit;
  if (settings.login_max_failures < 1) return Error::validation("login_max_failures", "must be >= 1");
  if (settings.login_window_seconds < 1) return Error::validation("login_window_seconds", "must be >= 1");

  fs::path data_dir = settings.data_dir;
  if (settings.database_url.empty()) {
    settings.database_url = "sqlite:///" + fs::absolute(data_dir / "cairn.db").lexically_normal().string().substr(1);
  }
  if (settings.artifact_root.empty()) settings.artifact_root = (data_dir / "artifacts").string();
  if (settings.public_url.empty()) {
    std::string host = settings.host == "0.0.0.0" ? "localhost" : settings.host;
    settings.public_url = "http://" + host + ":" + std::to_string(settings.port);
  }
  while (settings.public_url.ends_with('/')) settings.public_url.pop_back();

  if (settings.secret_key.empty()) {
    if (settings.env == "production") {
      return Error::validation("secret_key", "CAIRN_SECRET_KEY must be set when CAIRN_ENV=production");
    }
    CAIRN_TRY_ASSIGN(settings.secret_key, load_or_create_secret(data_dir, notes.generated_secret));
  } else if (settings.secret_key.size() < 32) {
    return Error::validation("secret_key", "secret_key must be at least 32 characters");
  }
  return notes;
}

}  // namespace cairn::config
