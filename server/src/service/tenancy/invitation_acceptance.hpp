#pragma once

#include <string>

#include "service/principal.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace cairn::service {

/// Adds `user` to the organization of a pending invitation given by its emailed token, inside
/// the caller's transaction. The invitation must be addressed to the user's email. Errors name
/// `field` (the input that carried the token). Returns the organization id.
Result<std::string> accept_invitation_token(storage::Connection& c, const std::string& token,
                                            const storage::UserRecord& user, const Caller& caller,
                                            const std::string& field);

}  // namespace cairn::service
