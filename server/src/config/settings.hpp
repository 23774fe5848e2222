#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace cairn::config {

/// Everything `cairn serve` can be told. Each field is one setting with a flag, an environment
/// variable and a config-file key (see settings.cpp for the table); flags win over the
/// environment, which wins over the file, which wins over the defaults here.
struct Settings {
  std::string env = "development";  ///< "production" refuses insecure defaults
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "./data";
  std::string database_url;   ///< default: sqlite:///<data_dir>/cairn.db
  std::string artifact_root;  ///< default: <data_dir>/artifacts
  std::string s3_endpoint_url;
  std::string s3_region;
  std::string redis_url;     ///< empty: rate limits and the response cache in process only
  std::string secret_key;    ///< default: generated once into <data_dir>/secret_key
  std::string public_url;    ///< how users reach the server (links in emails)
  std::string static_dir;    ///< the built web UI; default: next to the binary or ./web/dist
  int threads = 0;           ///< 0: one per core
  int worker_threads = 0;    ///< 0: four per core (they mostly wait on the database)
  int transfer_threads = 0;  ///< 0: one per core, at least 2
  int worker_queue = 1024;   ///< requests each pool queues before answering 503
  /// How often monitoring rolls up buckets and evaluates drift (seconds); statistics are flushed
  /// at a fifth of it (at least every second, at most every 5 s).
  int monitoring_interval_seconds = 60;
  /// How long monitoring keeps each resolution of statistics, its stored series and raw records
  /// (days). Minutes must outlive the oldest timestamp records may carry (7 days): hours are
  /// recomputed from them.
  int retention_minute_days = 8;
  int retention_hour_days = 90;
  int retention_day_days = 730;
  int retention_series_days = 90;
  int retention_record_days = 35;
  /// Days deleted runs and experiments stay restorable before a daily background job purges them
  /// with their artifacts, and orphaned artifact folders, as `cairn admin gc` does; 0: never.
  int retention_deleted_days = 0;
  /// Hosts, addresses or CIDR ranges alert channels may reach although they are private, loopback
  /// or link-local (comma-separated; empty: public addresses only, the SSRF guard's default).
  std::string outbound_allow;
  int db_pool_size = 0;  ///< 0: worker_threads + transfer_threads + 2
  int64_t max_body_bytes = 32 * 1024 * 1024;
  int64_t max_upload_bytes = 5LL * 1024 * 1024 * 1024;  ///< one artifact upload (streamed to disk)
  std::string log_level = "info";

  std::string smtp_url;  ///< smtp://host:port or smtps://host:port; empty: emails are logged, not sent
  std::string smtp_username;
  std::string smtp_password;
  std::string smtp_from = "Cairn <cairn@localhost>";

  int api_key_rate_limit = 600;  ///< requests per minute per API key
  int api_key_rate_burst = 0;    ///< 0: same as the per-minute limit
  int login_max_failures = 5;    ///< failed logins per account or address before 429
  int login_window_seconds = 900;
  std::string kubeconfig;  ///< a cluster for the kubernetes target; empty: manifests are downloaded only
  std::string kubernetes_namespace = "default";
  std::string kubectl = "kubectl";
  std::string model_server_image;  ///< empty: cairn/model-server:<version>
  bool demo = false;               ///< create a demo account on first start
  bool debug_routes = false;       ///< routes that test the server itself (/_debug/...); refused in production

  std::string config_file;  ///< optional YAML file with the keys above
};

using Field = std::variant<std::string Settings::*, int Settings::*, int64_t Settings::*, bool Settings::*>;

/// One setting: its key in the config file, its environment variable and its flag
/// (`--` + key with '_' as '-').
struct SettingSpec {
  std::string_view key;
  std::string_view env;
  std::string_view help;
  Field field;
  bool secret = false;  ///< never echoed in logs or errors
};

/// The table of every setting, in the order `--help` shows them.
const std::vector<SettingSpec>& setting_specs();

/// Flag name of a spec: "--database-url".
std::string flag_name(const SettingSpec& spec);

/// Parses `value` into the spec's field; names the source ("flag", "environment", file path) on error.
Status set_from_string(Settings& settings, const SettingSpec& spec, std::string_view value, std::string_view source);

/// Layers the sources: defaults < config file < environment < flags. `flags` maps setting keys to
/// the values given on the command line; `config_file` may be empty (then CAIRN_CONFIG is used,
/// when set). `environment` looks a variable up (std::getenv in production, a map in tests).
Result<Settings> load(const std::map<std::string, std::string>& flags, std::string config_file,
                      const std::function<const char*(const char*)>& environment);

struct SettingsNotes {
  bool generated_secret = false;
};

/// Fills defaults that depend on other settings (paths under data_dir), generates and keeps a
/// secret key in data_dir when none is given (refused when env is "production"), and checks ranges.
Result<SettingsNotes> finalize(Settings& settings);

}  // namespace cairn::config
