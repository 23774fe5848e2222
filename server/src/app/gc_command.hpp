#pragma once

#include "config/settings.hpp"

/// `cairn admin gc`: permanently removes runs and experiments deleted more than N days ago, with
/// their artifacts, and orphaned artifact folders (service/tracking/tracking_gc.hpp).
namespace cairn::app {

struct GcArgs {
  int older_than_days = -1;  ///< required, 0..36500
  bool dry_run = false;
  bool json = false;  ///< the report as one JSON object instead of lines
};

int run_gc(const config::Settings& settings, const GcArgs& args);

}  // namespace cairn::app
