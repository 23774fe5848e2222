#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "artifacts/artifact_store.hpp"
#include "artifacts/s3_client.hpp"

/// The S3 store's streams (internal to the module). Both keep the client alive themselves.
namespace cairn::artifacts {

using ClientPtr = std::shared_ptr<S3Client>;

/// An upload of `object_key` (`key` is the store key, for messages) that holds at most one part:
/// a single PUT when the object fits in `part_size`, else a multipart upload, aborted when the
/// stream fails or is dropped before finish().
std::unique_ptr<WriteStream> make_s3_write_stream(ClientPtr client, std::string object_key, std::string key,
                                                  std::size_t part_size);

/// A download in ranges of `chunk_size` bytes. The first range is fetched here (it brings the
/// size, and not_found for a missing object); later ones are pinned to its ETag with If-Match.
Result<std::unique_ptr<ReadStream>> open_s3_read_stream(ClientPtr client, std::string object_key, std::string key,
                                                        std::size_t chunk_size);

}  // namespace cairn::artifacts
