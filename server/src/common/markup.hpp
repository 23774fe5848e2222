#pragma once

#include <string>
#include <string_view>

namespace cairn {

/// Text made safe inside HTML or XML content and attribute values: & < > " ' as entities
/// (&#39; for the apostrophe, which both languages read).
std::string markup_escape(std::string_view text);

}  // namespace cairn
