#include <malloc.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <thread>

#include "app/admin_commands.hpp"
#include "app/app.hpp"
#include "app/backup_command.hpp"
#include "app/drift_command.hpp"
#include "app/gc_command.hpp"
#include "app/serve_model.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"
#include "config/settings.hpp"

namespace {

using cairn::config::SettingSpec;

/// Adds one option per setting to `command`; values land in `given` keyed by setting.
void add_setting_flags(CLI::App& command, std::map<std::string, std::string>& given, std::string& config_file) {
  command.add_option("--config", config_file, "YAML file of settings (env CAIRN_CONFIG)");
  for (const SettingSpec& spec : cairn::config::setting_specs()) {
    const std::string key(spec.key);
    const std::string help = std::string(spec.help) + " (env " + std::string(spec.env) + ")";
    if (std::holds_alternative<bool cairn::config::Settings::*>(spec.field)) {
      command.add_flag_callback(
          cairn::config::flag_name(spec), [&given, key] { given[key] = "true"; }, help);
    } else {
      command.add_option_function<std::string>(
          cairn::config::flag_name(spec), [&given, key](const std::string& v) { given[key] = v; }, help);
    }
  }
}

std::optional<cairn::config::Settings> load_settings(const std::map<std::string, std::string>& given,
                                                     const std::string& config_file, bool need_secret) {
  auto settings = cairn::config::load(given, config_file, [](const char* name) { return std::getenv(name); });
  if (!settings.ok()) {
    cairn::log::error("invalid settings", {{"error", settings.error().message}, {"setting", settings.error().field}});
    return std::nullopt;
  }
  if (!need_secret && settings->secret_key.empty()) settings->secret_key = std::string(32, '-');
  auto notes = cairn::config::finalize(*settings);
  if (!notes.ok()) {
    cairn::log::error("invalid settings", {{"error", notes.error().message}, {"setting", notes.error().field}});
    return std::nullopt;
  }
  if (notes->generated_secret) {
    cairn::log::warn("generated a secret key in the data directory; set CAIRN_SECRET_KEY in production",
                     {{"data_dir", settings->data_dir}});
  }
  return *settings;
}

// glibc gives each thread that allocates concurrently an arena of its own (up to eight per
// core) and keeps what an arena once held. With a dozen worker threads each building multi-MB
// responses, that held 280 MiB while a client paged through a metric history (90 MiB with one
// arena per core). MALLOC_ARENA_MAX in the environment still decides when set.
void limit_malloc_arenas() {
  if (std::getenv("MALLOC_ARENA_MAX")) return;
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
}

}  // namespace

int main(int argc, char** argv) {
  limit_malloc_arenas();
  cairn::crypto::init();
  cairn::log::setup(std::getenv("CAIRN_LOG_LEVEL") ? std::getenv("CAIRN_LOG_LEVEL") : "info");

  CLI::App cli{"Cairn: experiment tracking, model registry, serving and monitoring in one server."};
  cli.require_subcommand(1);
  std::map<std::string, std::string> given;
  std::string config_file;

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (applies pending migrations first)");
  add_setting_flags(*serve, given, config_file);
  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
  add_setting_flags(*migrate, given, config_file);
  auto* version = cli.add_subcommand("version", "Print the version");
  auto* routes = cli.add_subcommand("routes", "Print the HTTP route table as JSON");

  // The model server of the Kubernetes target: settings from the pod's ConfigMap and Secret, not
  // from the server's settings (kubernetes_manifests.hpp).
  auto* serve_model = cli.add_subcommand("serve-model", "Serve one deployment's model (the Kubernetes model server)");
  cairn::modelserver::ModelServerFlags model_flags;
  serve_model->add_option("--cairn-url", model_flags.cairn_url,
                          "the Cairn server to fetch the model from (env CAIRN_URL)");
  serve_model->add_option("--deployment", model_flags.deployment, "<org>/<project>/<deployment>")->required();
  serve_model->add_option("--port", model_flags.port, "port of the inference API")->capture_default_str();
  serve_model->add_option("--work-dir", model_flags.work_dir, "writable directory for the model's files")->required();

  auto* drift =
      cli.add_subcommand("drift", "Drift of .npy columns against a reference, as a monitor computes it (bench)");
  cairn::app::DriftCommandArgs drift_args;
  drift->add_option("--reference", drift_args.reference, "folder of reference columns (.npy)")->required();
  drift->add_option("--current", drift_args.current, "folder of current columns (.npy), same names")->required();
  drift->add_option("--threads", drift_args.threads, "columns computed at once (0: one per core)");

  auto* admin = cli.add_subcommand("admin", "Administer users and organizations");
  admin->require_subcommand(1);
  cairn::app::AdminArgs admin_args;
  auto* create_user = admin->add_subcommand("create-user", "Create a user with a verified email");
  create_user->add_option("--email", admin_args.email, "email address")->required();
  create_user->add_option("--name", admin_args.name, "display name");
  create_user->add_option("--password", admin_args.password, "password (else read from CAIRN_ADMIN_PASSWORD)");
  add_setting_flags(*create_user, given, config_file);
  auto* reset_password = admin->add_subcommand("reset-password", "Set a user's password and end their sessions");
  reset_password->add_option("--email", admin_args.email, "email address")->required();
  reset_password->add_option("--password", admin_args.password, "new password (else CAIRN_ADMIN_PASSWORD)");
  add_setting_flags(*reset_password, given, config_file);
  auto* list_orgs = admin->add_subcommand("list-orgs", "List organizations with their member counts");
  add_setting_flags(*list_orgs, given, config_file);
  cairn::app::BackupArgs backup_args;
  auto* backup =
      admin->add_subcommand("backup", "Back up the SQLite database (online) and the artifacts to a directory");
  backup->add_option("--to", backup_args.path, "a new or empty directory")->required();
  add_setting_flags(*backup, given, config_file);
  auto* restore = admin->add_subcommand("restore", "Restore a backup made by `admin backup` (stop the server first)");
  restore->add_option("--from", backup_args.path, "the backup directory")->required();
  restore->add_flag("--force", backup_args.force, "replace a non-empty database, artifact store or data directory");
  add_setting_flags(*restore, given, config_file);
  cairn::app::GcArgs gc_args;
  auto* gc = admin->add_subcommand(
      "gc", "Permanently delete runs and experiments deleted more than N days ago, and orphaned artifacts");
  gc->add_option("--older-than-days", gc_args.older_than_days, "deleted at least this many days ago (0: all)")
      ->required();
  gc->add_flag("--dry-run", gc_args.dry_run, "list what would be removed and change nothing");
  gc->add_flag("--json", gc_args.json, "print the report as one JSON object");
  add_setting_flags(*gc, given, config_file);

  CLI11_PARSE(cli, argc, argv);

  if (version->parsed()) {
    std::cout << "cairn " << CAIRN_VERSION << std::endl;
    return 0;
  }
  if (routes->parsed()) return cairn::app::run_routes();
  if (serve_model->parsed()) return cairn::app::run_serve_model(model_flags);
  if (drift->parsed()) return cairn::app::run_drift(drift_args);
  const bool is_serve = serve->parsed();
  auto settings = load_settings(given, config_file, is_serve);
  if (!settings) return 2;
  if (is_serve) return cairn::app::run_serve(*settings);
  if (migrate->parsed()) return cairn::app::run_migrate(*settings);
  if (create_user->parsed()) return cairn::app::run_create_user(*settings, admin_args);
  if (reset_password->parsed()) return cairn::app::run_reset_password(*settings, admin_args);
  if (list_orgs->parsed()) return cairn::app::run_list_orgs(*settings);
  if (backup->parsed()) return cairn::app::run_backup(*settings, backup_args);
  if (restore->parsed()) return cairn::app::run_restore(*settings, backup_args);
  if (gc->parsed()) return cairn::app::run_gc(*settings, gc_args);
  return 2;
}
