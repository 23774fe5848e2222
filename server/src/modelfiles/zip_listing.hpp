#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modelfiles/byte_reader.hpp"

namespace cairn::modelfiles {

/// The entry names of a zip archive read front to back from `in`, with bounded memory.
///
/// Why this way: a zip's table of contents (the central directory) is at its end, and the only
/// reader we get is sequential. Scanning local file headers instead breaks on entries written
/// with data descriptors (no sizes before the data: the next header cannot be found without
/// decompressing), and spooling to a temporary file costs disk and a size cap. So we keep only
/// the last bytes of the stream and let libzip read the directory from them through a
/// zip_source that serves that tail and refuses reads before it. Works for ZIP64 and any archive
/// size; fails (nullopt, `error` set) only when the directory is larger than the tail we keep.
std::optional<std::vector<std::string>> zip_entry_names(ByteReader& in, std::string& error);

}  // namespace cairn::modelfiles
