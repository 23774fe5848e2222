#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service_context.hpp"
#include "service/tracking/tracking_access.hpp"
#include "storage/deployments/deployment_records.hpp"

namespace cairn::service {

struct EnvironmentCreate {
  std::string name;
  std::string tier;
  std::string description;
};

struct EnvironmentUpdate {
  std::optional<std::string> name;
  std::optional<std::string> description;
};

/// A project's deployment environments. Every project has development, staging and production
/// from its creation; admins rename them and add more (each with a tier that decides who deploys).
class EnvironmentService {
 public:
  explicit EnvironmentService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<std::vector<storage::EnvironmentRecord>> list(const Caller& caller, const TrackingScope& scope);
  Result<storage::EnvironmentRecord> create(const Caller& caller, const TrackingScope& scope,
                                            const EnvironmentCreate& input);
  Result<storage::EnvironmentRecord> update(const Caller& caller, const TrackingScope& scope, const std::string& name,
                                            const EnvironmentUpdate& input);
  /// 409 while deployments live in it.
  Status remove(const Caller& caller, const TrackingScope& scope, const std::string& name);

 private:
  ServiceContext& ctx_;
};

}  // namespace cairn::service
