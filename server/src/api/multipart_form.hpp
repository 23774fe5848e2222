#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

/// multipart/form-data bodies (RFC 7578) that were spooled to a file: the parts are located, not
/// copied, so a many-gigabyte upload is read once and never held in memory. Hand-written because
/// neither Boost.Beast nor a Debian-packaged C++ library parses multipart bodies from a file.
namespace cairn::api {

struct FormPart {
  std::string name;                     ///< the form field
  std::optional<std::string> filename;  ///< set for file parts
  std::string content_type;
  int64_t offset = 0;  ///< where the part's content starts in the file
  int64_t length = 0;
};

/// The boundary parameter of a multipart/form-data Content-Type; nullopt when the type is another
/// or the boundary is missing or invalid (1-70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

/// The parts of the body in `path`, in order. 400 naming the problem when the body is not
/// well-formed (no closing delimiter, a part without Content-Disposition, headers over 8 KiB,
/// more than `max_parts` parts).
Result<std::vector<FormPart>> parse_multipart_file(const std::string& path, const std::string& boundary,
                                                   std::size_t max_parts = 1000);

/// The content of a small part (a text field), at most `max_bytes` (400 beyond).
Result<std::string> read_part(const std::string& path, const FormPart& part, std::size_t max_bytes);

}  // namespace cairn::api
