#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace cairn::http {

/// Whether an Accept-Encoding value admits `coding` ("gzip", "br"): listed, or covered by `*`,
/// with a q-value above zero.
bool accepts_encoding(std::string_view accept_encoding, std::string_view coding);

/// Whether a Content-Type is text that compresses well (JSON, text, JavaScript, CSS, SVG, XML).
bool is_compressible(std::string_view content_type);

/// gzip-compresses the body in place when the client accepts gzip, the type is compressible and
/// the body is large enough to gain (1 KiB); sets Content-Encoding and Vary. Streamed bodies and
/// bodies already encoded are left alone.
void compress_response(const Request& request, Response& response);

/// `data` as a gzip member; nullopt only when zlib fails (out of memory).
std::optional<std::string> gzip(std::string_view data, int level);

}  // namespace cairn::http
