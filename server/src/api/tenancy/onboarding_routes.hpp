#pragma once

#include "api/api.hpp"
#include "service/tenancy/onboarding_service.hpp"

namespace cairn::api {

void add_onboarding_routes(Api& api, service::OnboardingService& onboarding);

}  // namespace cairn::api
