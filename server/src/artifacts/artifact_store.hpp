#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

/// Where run and model artifacts live: a local folder (the default) or any S3-compatible object
/// store (AWS S3, MinIO, Ceph, SeaweedFS) signed with SigV4 by libcurl (DESIGN.md D4).
///
/// Keys are '/'-separated paths chosen by Cairn's services ("<org_id>/<run_id>/artifacts/model/MLmodel").
/// Client-supplied parts of a key go through normalize_relative_path() first; the stores check
/// every key again (defence in depth), so a key with "..", "." or empty segments never reaches a
/// file system or a bucket.
namespace cairn::artifacts {

/// One entry of a listing.
struct ArtifactInfo {
  std::string path;     ///< the entry's name relative to the listed directory (one segment)
  bool is_dir = false;  ///< a directory (local) or a common prefix (S3)
  int64_t size = 0;     ///< bytes of a file; 0 for a directory
};

/// A sequential download. Use it from one thread at a time; it must not outlive its store.
class ReadStream {
 public:
  virtual ~ReadStream() = default;
  /// Reads up to `capacity` bytes into `buffer`; 0 means the end of the object.
  virtual Result<std::size_t> read(char* buffer, std::size_t capacity) = 0;
  /// The object's size in bytes, known when the stream opens.
  virtual int64_t size() const = 0;
};

/// A sequential upload. Nothing is visible under the key until finish() succeeds; destroying the
/// stream without a successful finish() aborts the upload and leaves no partial object behind.
/// Use it from one thread at a time; it must not outlive its store.
class WriteStream {
 public:
  virtual ~WriteStream() = default;
  virtual Status write(std::string_view chunk) = 0;
  /// Publishes the object (atomically replacing an existing one). After a failure the stream is
  /// spent: every later call fails and nothing was published.
  virtual Status finish() = 0;
};

/// A part of a client-driven multipart upload, as the client reports it when completing.
struct UploadedPart {
  int number = 0;    ///< 1-based
  std::string etag;  ///< what the store answered for the part
};

/// The artifact storage seam. Implementations are thread-safe: any number of threads may call one
/// store at once, each with its own streams.
class ArtifactStore {
 public:
  virtual ~ArtifactStore() = default;
  virtual Result<std::unique_ptr<WriteStream>> open_write(const std::string& key) = 0;
  /// ErrorCode::not_found when no object exists under `key` (a directory is not an object).
  virtual Result<std::unique_ptr<ReadStream>> open_read(const std::string& key) = 0;
  /// One level under `dir_key` ("" is the store's root): files and sub-directories, sorted by path
  /// (byte order). A missing directory, or a key naming a file, lists as empty.
  virtual Result<std::vector<ArtifactInfo>> list(const std::string& dir_key) = 0;
  /// Removes a file, or a directory with everything under it; a missing key is not an error.
  virtual Status remove(const std::string& key) = 0;
  /// A multipart upload whose parts the caller sends one by one (MLflow's proxied multipart upload),
  /// published under `key` by complete_multipart. Stores that cannot (the local folder: a streamed
  /// open_write is as good there) answer ErrorCode::not_implemented, the defaults.
  virtual Result<std::string> start_multipart(const std::string& key);
  /// Stores part `number` (1..10000) of the upload; returns its ETag. ErrorCode::not_found when the
  /// upload is unknown (aborted, completed or never started).
  virtual Result<std::string> upload_part(const std::string& key, const std::string& upload_id, int number,
                                          std::string body);
  /// Publishes the parts, in ascending order, as one object.
  virtual Status complete_multipart(const std::string& key, const std::string& upload_id,
                                    const std::vector<UploadedPart>& parts);
  /// Drops the upload and its parts.
  virtual Status abort_multipart(const std::string& key, const std::string& upload_id);
  /// Where the artifacts go, for logs ("folder /data/artifacts", "s3://bucket/prefix at http://...").
  /// Never contains credentials.
  virtual std::string describe() const = 0;
};

/// Settings of the S3-compatible store. Unset fields fall back to the standard AWS environment
/// variables, then to the defaults below.
struct S3Options {
  /// "http://127.0.0.1:8333" for a local server. Else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL,
  /// else AWS itself: https://s3.<region>.amazonaws.com.
  std::string endpoint_url;
  /// Else AWS_REGION, AWS_DEFAULT_REGION, else "us-east-1". It is part of the signature, so it must
  /// match what the server expects (most self-hosted servers accept "us-east-1").
  std::string region;
  /// Credentials; when both are empty, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
  /// AWS_SESSION_TOKEN are used instead (the token only alongside the keys it belongs to).
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  /// Path-style URLs (http://host/bucket/key) instead of virtual-hosted ones
  /// (https://bucket.host/key). Default: true when an endpoint is set (self-hosted servers rarely
  /// have wildcard DNS), false for AWS. Buckets with dots always use path style (TLS wildcards
  /// cannot match them).
  std::optional<bool> path_style;
  /// Uploads are buffered one part at a time, so a write stream holds at most this many bytes.
  /// Objects smaller than one part go up in a single PUT, larger ones as a multipart upload.
  /// S3 requires at least 5 MiB for every part but the last, so smaller values are refused.
  std::size_t part_size = 8 * 1024 * 1024;
  /// Downloads fetch byte ranges of this size: what a read stream holds at most.
  std::size_t read_chunk_size = 4 * 1024 * 1024;
  /// Seconds to wait for a TCP/TLS connection.
  long connect_timeout_seconds = 10;
  /// A transfer slower than 1 byte/s for this long is abandoned (instead of a total timeout, which
  /// would cut large parts on slow links).
  long stall_timeout_seconds = 60;
};

/// The most parts one multipart upload may have (S3's limit).
inline constexpr int kMaxUploadParts = 10000;
/// The smallest part S3 accepts for a multipart upload (every part but the last).
inline constexpr std::size_t kMinS3PartSize = 5 * 1024 * 1024;
/// The longest relative artifact path accepted, in bytes.
inline constexpr std::size_t kMaxArtifactPathBytes = 1024;

/// Checks a client-supplied relative artifact path and returns it in clean form ("a/b.txt").
/// Rejected with ErrorCode::bad_request (field "path"), never silently rewritten: an empty path,
/// empty segments other than one trailing slash ("a//b"), "." and ".." segments, absolute paths,
/// NUL bytes, backslashes, other control characters, invalid UTF-8, segments over 255 bytes, and
/// paths over kMaxArtifactPathBytes. A trailing slash ("a/b/") is dropped. Any other Unicode is allowed.
Result<std::string> normalize_relative_path(std::string_view path);

/// Joins a store key prefix and a normalized relative path with exactly one '/' between them;
/// either side may be empty.
std::string join_key(std::string_view prefix, std::string_view relative);

/// Opens the store named by `root`: `s3://bucket[/prefix]` for an S3-compatible store configured
/// by `s3`, anything else is a local folder path (created when missing).
Result<std::unique_ptr<ArtifactStore>> open_artifact_store(const std::string& root, const S3Options& s3);

}  // namespace cairn::artifacts
