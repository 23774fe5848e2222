#pragma once

#include "app/app.hpp"

namespace cairn::app {

inline constexpr const char* kDemoEmail = "demo@cairn.local";
inline constexpr const char* kDemoPassword = "cairn-demo";

/// On an empty database, creates the demo user (admin of the "demo" organization with a first
/// project) and prints how to sign in. Does nothing once any user exists.
Status ensure_demo_account(App& app);

}  // namespace cairn::app
