#include "artifacts/s3_artifact_store.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>

#include "artifacts/s3_client.hpp"
#include "artifacts/s3_xml.hpp"
#include "artifacts/store_key.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"

namespace cairn::artifacts {
namespace {

using ClientPtr = std::shared_ptr<S3Client>;

constexpr int kMaxParts = 10000;             // S3's limit per multipart upload
constexpr std::size_t kDeleteBatch = 1000;   // S3's limit per DeleteObjects request
// Below this a write buffer grows as needed; past it, it takes one part's room at once, so small
// artifacts cost little memory and big ones never hold more than a part (std::string doubling
// could reach twice that).
constexpr std::size_t kSmallBuffer = 64 * 1024;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string first_non_empty(std::initializer_list<std::string> values) {
  for (const auto& v : values) {
    if (!v.empty()) return v;
  }
  return {};
}

// Raw SHA-256 digest, base64: the form of x-amz-checksum-sha256.
std::string sha256_base64(std::string_view data) {
  std::string hex = crypto::sha256_hex(data);
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) raw.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return crypto::base64_encode(raw);
}

struct ListPage {
  std::vector<std::pair<std::string, int64_t>> objects;  // key, size
  std::vector<std::string> prefixes;
  std::string next_token;  // empty on the last page
};

// One page of ListObjectsV2 under `prefix`; with `delimited`, one level (common prefixes for
// sub-folders) instead of every key below.
Result<ListPage> list_page(S3Client& client, const std::string& prefix, bool delimited, const std::string& token,
                           std::string_view key) {
  S3Request request;
  request.query = {{"list-type", "2"}, {"prefix", prefix}};
  if (delimited) request.query.emplace_back("delimiter", "/");
  if (!token.empty()) request.query.emplace_back("continuation-token", token);
  CAIRN_TRY_ASSIGN(S3Response response, client.perform(request));
  if (response.status != 200) return client.error_for(response, "list", key);
  ListPage page;
  for (std::string_view contents : xml::elements(response.body, "Contents")) {
    auto object_key = xml::text(contents, "Key");
    if (!object_key) continue;
    page.objects.emplace_back(std::move(*object_key), std::atoll(xml::text(contents, "Size").value_or("0").c_str()));
  }
  for (std::string_view common : xml::elements(response.body, "CommonPrefixes")) {
    if (auto p = xml::text(common, "Prefix")) page.prefixes.push_back(std::move(*p));
  }
  if (xml::text(response.body, "IsTruncated").value_or("false") == "true") {
    page.next_token = xml::text(response.body, "NextContinuationToken").value_or("");
    // A truncated page without a token would make the caller loop forever.
    if (page.next_token.empty()) return Error::unavailable("S3 listing of '" + std::string(key) + "' is truncated without a continuation token");
  }
  return page;
}

class S3ReadStream final : public ReadStream {
 public:
  S3ReadStream(ClientPtr client, std::string object_key, std::string key, std::size_t chunk_size)
      : client_(std::move(client)), object_key_(std::move(object_key)), key_(std::move(key)), chunk_size_(chunk_size) {}

  /// The first range comes with the size and the ETag: one request for objects up to a chunk.
  Status open() {
    S3Request request;
    request.key = object_key_;
    request.headers.push_back("Range: bytes=0-" + std::to_string(chunk_size_ - 1));
    request.sink = &buffer_;
    request.sink_limit = chunk_size_;
    CAIRN_TRY_ASSIGN(S3Response response, client_->perform(request));
    etag_ = response.etag;
    if (response.status == 206) {
      // "bytes 0-99/1234": the total after the slash.
      auto slash = response.content_range.rfind('/');
      if (slash == std::string::npos) return Error::unavailable("S3 sent no object size for '" + key_ + "'");
      size_ = std::atoll(response.content_range.c_str() + slash + 1);
    } else if (response.status == 200) {
      size_ = static_cast<int64_t>(buffer_.size());  // the whole object: the server ignored Range
    } else if (response.status == 416) {
      size_ = 0;  // a range cannot be satisfied by an empty object, which exists all the same
      buffer_.clear();
    } else {
      return client_->error_for(response, "read", key_);
    }
    offset_ = static_cast<int64_t>(buffer_.size());
    return {};
  }

  Result<std::size_t> read(char* out, std::size_t capacity) override {
    if (position_ == buffer_.size()) {
      if (offset_ >= size_) return std::size_t{0};
      CAIRN_TRY(fetch_next());
    }
    std::size_t n = std::min(capacity, buffer_.size() - position_);
    std::copy_n(buffer_.data() + position_, n, out);
    position_ += n;
    return n;
  }

  int64_t size() const override { return size_; }

 private:
  Status fetch_next() {
    int64_t last = std::min<int64_t>(offset_ + static_cast<int64_t>(chunk_size_), size_) - 1;
    S3Request request;
    request.key = object_key_;
    request.headers.push_back("Range: bytes=" + std::to_string(offset_) + "-" + std::to_string(last));
    // Pinned to the version the first range came from: a replaced object fails with 412.
    if (!etag_.empty()) request.headers.push_back("If-Match: " + etag_);
    request.sink = &buffer_;
    request.sink_limit = chunk_size_;
    position_ = 0;
    CAIRN_TRY_ASSIGN(S3Response response, client_->perform(request));
    if (response.status != 206) {
      buffer_.clear();
      if (response.status == 200) return Error::unavailable("S3 ignored the byte range asked for '" + key_ + "'");
      if (response.status == 404) return Error::conflict("artifact '" + key_ + "' was removed while it was being read");
      return client_->error_for(response, "read", key_);
    }
    if (static_cast<int64_t>(buffer_.size()) != last - offset_ + 1) {
      buffer_.clear();
      return Error::unavailable("S3 sent a short range of '" + key_ + "'");
    }
    offset_ += static_cast<int64_t>(buffer_.size());
    return {};
  }

  ClientPtr client_;
  std::string object_key_;
  std::string key_;
  std::size_t chunk_size_;
  std::string etag_;
  int64_t size_ = 0;
  int64_t offset_ = 0;      // next byte to fetch
  std::string buffer_;      // the current range
  std::size_t position_ = 0;  // next byte of buffer_ to hand out
};

class S3WriteStream final : public WriteStream {
 public:
  S3WriteStream(ClientPtr client, std::string object_key, std::string key, std::size_t part_size)
      : client_(std::move(client)), object_key_(std::move(object_key)), key_(std::move(key)), part_size_(part_size) {}

  ~S3WriteStream() override {
    if (!done_) abort_upload();
  }

  Status write(std::string_view chunk) override {
    if (done_) return Error::internal("write after the upload of '" + key_ + "' was finished or failed");
    while (!chunk.empty()) {
      // A full buffer is sent only when more data comes, so an object of exactly one part is
      // still a single PUT.
      if (buffer_.size() == part_size_) {
        if (auto sent = send_part(); !sent.ok()) return fail(std::move(sent).error());
      }
      std::size_t n = std::min(part_size_ - buffer_.size(), chunk.size());
      if (buffer_.capacity() < part_size_ && buffer_.size() + n > kSmallBuffer) buffer_.reserve(part_size_);
      buffer_.append(chunk.data(), n);
      chunk.remove_prefix(n);
    }
    return {};
  }

  Status finish() override {
    if (done_) return Error::internal("finish after the upload of '" + key_ + "' was finished or failed");
    if (upload_id_.empty()) {
      S3Request request;
      request.method = "PUT";
      request.key = object_key_;
      request.headers.push_back("Content-Type: application/octet-stream");
      request.body = buffer_;
      auto response = client_->perform(request);
      done_ = true;
      release_buffer();
      if (!response.ok()) return std::move(response).error();
      if (response->status != 200) return client_->error_for(*response, "upload", key_);
      return {};
    }
    if (auto sent = send_part(); !sent.ok()) return fail(std::move(sent).error());
    release_buffer();
    std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (std::size_t i = 0; i < etags_.size(); ++i) {
      body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + xml::escape(etags_[i]) + "</ETag></Part>";
    }
    body += "</CompleteMultipartUpload>";
    S3Request request;
    request.method = "POST";
    request.key = object_key_;
    request.query = {{"uploadId", upload_id_}};
    request.headers.push_back("Content-Type: application/xml");
    request.body = body;
    auto response = client_->perform(request);
    if (!response.ok()) return fail(std::move(response).error());
    // S3 may answer 200 and report the failure in the body (it starts streaming before it knows).
    if (response->status != 200 || xml::text(response->body, "Code")) {
      if (response->status == 200) response->status = 500;
      return fail(client_->error_for(*response, "complete the upload of", key_));
    }
    done_ = true;
    return {};
  }

 private:
  Status send_part() {
    if (upload_id_.empty()) {
      S3Request request;
      request.method = "POST";
      request.key = object_key_;
      request.query = {{"uploads", ""}};
      request.headers.push_back("Content-Type: application/octet-stream");
      request.idempotent = false;  // a retry could leave an orphaned upload behind
      CAIRN_TRY_ASSIGN(S3Response response, client_->perform(request));
      if (response.status != 200) return client_->error_for(response, "start the upload of", key_);
      upload_id_ = xml::text(response.body, "UploadId").value_or("");
      if (upload_id_.empty()) return Error::unavailable("S3 started an upload of '" + key_ + "' without an UploadId");
    }
    if (etags_.size() == kMaxParts) {
      return Error(ErrorCode::payload_too_large, "artifact '" + key_ + "' exceeds " + std::to_string(kMaxParts) +
                                      " parts of " + std::to_string(part_size_) + " bytes");
    }
    S3Request request;
    request.method = "PUT";
    request.key = object_key_;
    request.query = {{"partNumber", std::to_string(etags_.size() + 1)}, {"uploadId", upload_id_}};
    request.body = buffer_;
    CAIRN_TRY_ASSIGN(S3Response response, client_->perform(request));
    if (response.status != 200) return client_->error_for(response, "upload a part of", key_);
    if (response.etag.empty()) return Error::unavailable("S3 accepted a part of '" + key_ + "' without an ETag");
    etags_.push_back(response.etag);
    buffer_.clear();
    return {};
  }

  Error fail(Error error) {
    abort_upload();
    return error;
  }

  // Best effort: an upload left behind costs storage until a bucket lifecycle rule expires it.
  void abort_upload() {
    done_ = true;
    release_buffer();
    if (upload_id_.empty()) return;
    S3Request request;
    request.method = "DELETE";
    request.key = object_key_;
    request.query = {{"uploadId", upload_id_}};
    auto response = client_->perform(request);
    if (!response.ok() || (response->status != 204 && response->status != 200 && response->status != 404)) {
      log::warn("could not abort an S3 multipart upload",
                {{"key", key_}, {"error", response.ok() ? "HTTP " + std::to_string(response->status) : response.error().message}});
    }
    upload_id_.clear();
  }

  void release_buffer() { std::string().swap(buffer_); }

  ClientPtr client_;
  std::string object_key_;
  std::string key_;
  std::size_t part_size_;
  std::string buffer_;
  std::string upload_id_;
  std::vector<std::string> etags_;
  bool done_ = false;
};

class S3ArtifactStore final : public ArtifactStore {
 public:
  S3ArtifactStore(ClientPtr client, std::string prefix, const S3Options& options)
      : client_(std::move(client)), prefix_(std::move(prefix)), part_size_(options.part_size),
        read_chunk_size_(options.read_chunk_size) {}

  Result<std::unique_ptr<WriteStream>> open_write(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    return std::unique_ptr<WriteStream>(new S3WriteStream(client_, join_key(prefix_, clean), clean, part_size_));
  }

  Result<std::unique_ptr<ReadStream>> open_read(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    auto stream = std::make_unique<S3ReadStream>(client_, join_key(prefix_, clean), clean, read_chunk_size_);
    CAIRN_TRY(stream->open());
    return std::unique_ptr<ReadStream>(std::move(stream));
  }

  Result<std::vector<ArtifactInfo>> list(const std::string& dir_key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(dir_key, true));
    std::string dir = join_key(prefix_, clean);
    if (!dir.empty()) dir += "/";
    std::vector<ArtifactInfo> entries;
    std::string token;
    do {
      CAIRN_TRY_ASSIGN(ListPage page, list_page(*client_, dir, true, token, clean));
      for (auto& [object_key, size] : page.objects) {
        std::string name = object_key.substr(dir.size());
        if (!name.empty()) entries.push_back({std::move(name), false, size});  // "" is a folder marker
      }
      for (auto& prefix : page.prefixes) {
        std::string name = prefix.substr(dir.size());
        if (!name.empty() && name.back() == '/') name.pop_back();
        if (!name.empty()) entries.push_back({std::move(name), true, 0});
      }
      token = std::move(page.next_token);
    } while (!token.empty());
    std::sort(entries.begin(), entries.end(), [](const ArtifactInfo& a, const ArtifactInfo& b) {
      return a.path != b.path ? a.path < b.path : a.is_dir < b.is_dir;
    });
    return entries;
  }

  Status remove(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    std::string object_key = join_key(prefix_, clean);
    // A key may be a file and a folder at once in S3: both go.
    CAIRN_TRY(delete_object(object_key, clean));
    std::string dir = object_key + "/";
    std::set<std::string> folders = {dir};
    std::string token;
    do {
      CAIRN_TRY_ASSIGN(ListPage page, list_page(*client_, dir, false, token, clean));
      std::vector<std::string> keys;
      for (auto& [k, size] : page.objects) {
        for (auto slash = k.find('/', dir.size()); slash != std::string::npos; slash = k.find('/', slash + 1)) {
          folders.insert(k.substr(0, slash + 1));
        }
        keys.push_back(std::move(k));
      }
      for (std::size_t start = 0; start < keys.size(); start += kDeleteBatch) {
        std::vector<std::string> batch(keys.begin() + start, keys.begin() + std::min(keys.size(), start + kDeleteBatch));
        CAIRN_TRY(delete_objects(batch, clean));
      }
      token = std::move(page.next_token);
    } while (!token.empty());
    remove_folder_entries(folders, object_key);
    return {};
  }

  std::string describe() const override {
    std::string described = client_->describe();
    if (!prefix_.empty()) described.insert(described.find(" at "), "/" + prefix_);
    return described;
  }

 private:
  Status delete_object(const std::string& object_key, std::string_view key) {
    S3Request request;
    request.method = "DELETE";
    request.key = object_key;
    CAIRN_TRY_ASSIGN(S3Response response, client_->perform(request));
    if (response.status == 204 || response.status == 200) return {};
    if (response.status == 404 && xml::text(response.body, "Code").value_or("NoSuchKey") == "NoSuchKey") return {};
    return client_->error_for(response, "remove", key);
  }

  // Servers that keep objects in a file system (SeaweedFS's filer, MinIO in fs mode) keep its
  // folders too, list the empty ones as common prefixes, and clean them up only later, if ever.
  // Deleting the "folder/" keys of the removed tree, then of its parents, makes a removal look
  // the same as on AWS at once: those servers delete a folder entry only when it is empty, and
  // elsewhere "folder/" is at most a console's folder marker, which a removal may well take.
  // Best effort: the objects are gone either way.
  void remove_folder_entries(const std::set<std::string>& folders, const std::string& object_key) {
    std::vector<std::string> ordered(folders.begin(), folders.end());
    for (auto slash = object_key.rfind('/'); slash != std::string::npos && slash > prefix_.size();
         slash = slash == 0 ? std::string::npos : object_key.rfind('/', slash - 1)) {
      ordered.push_back(object_key.substr(0, slash + 1));
    }
    auto depth = [](const std::string& folder) { return std::count(folder.begin(), folder.end(), '/'); };
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&](const std::string& a, const std::string& b) { return depth(a) > depth(b); });
    for (const auto& folder : ordered) {
      S3Request request;
      request.method = "DELETE";
      request.key = folder;
      (void)client_->perform(request);
    }
  }

  Status delete_objects(const std::vector<std::string>& keys, std::string_view key) {
    std::string body = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>";
    for (const auto& k : keys) body += "<Object><Key>" + xml::escape(k) + "</Key></Object>";
    body += "</Delete>";
    S3Request request;
    request.method = "POST";
    request.query = {{"delete", ""}};
    // S3 wants a checksum of the body (Content-MD5 or a flexible checksum; SHA-256 is the one we have).
    request.headers = {"Content-Type: application/xml", "x-amz-sdk-checksum-algorithm: SHA256",
                       "x-amz-checksum-sha256: " + sha256_base64(body)};
    request.body = body;
    CAIRN_TRY_ASSIGN(S3Response response, client_->perform(request));
    if (response.status == 400 || response.status == 501) {
      // Servers without DeleteObjects (or wanting Content-MD5): one DELETE per key works everywhere.
      for (const auto& k : keys) CAIRN_TRY(delete_object(k, key));
      return {};
    }
    if (response.status != 200) return client_->error_for(response, "remove", key);
    auto errors = xml::elements(response.body, "Error");
    if (!errors.empty()) {
      S3Response failed{500, std::string(errors.front()), {}, {}, -1};
      return client_->error_for(failed, "remove", xml::text(errors.front(), "Key").value_or(std::string(key)));
    }
    return {};
  }

  ClientPtr client_;
  std::string prefix_;  // key prefix inside the bucket, no leading or trailing '/'
  std::size_t part_size_;
  std::size_t read_chunk_size_;
};

}  // namespace

Result<std::unique_ptr<ArtifactStore>> open_s3_artifact_store(const std::string& root, const S3Options& options) {
  constexpr std::string_view kScheme = "s3://";
  if (root.rfind(kScheme, 0) != 0) return Error::bad_request("an S3 artifact root starts with s3://", "artifact_root");
  std::string_view rest = std::string_view(root).substr(kScheme.size());
  std::string bucket(rest.substr(0, rest.find('/')));
  std::string_view prefix = bucket.size() < rest.size() ? rest.substr(bucket.size() + 1) : std::string_view();
  if (bucket.empty() || !std::all_of(bucket.begin(), bucket.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
      })) {
    return Error::bad_request("invalid S3 bucket name in the artifact root", "artifact_root");
  }
  std::string clean_prefix;
  if (!prefix.empty() && prefix != "/") {
    CAIRN_TRY_ASSIGN(clean_prefix, check_path(prefix, 512, "artifact_root"));
  }

  S3ClientConfig config;
  config.bucket = bucket;
  config.region = first_non_empty({options.region, env("AWS_REGION"), env("AWS_DEFAULT_REGION"), "us-east-1"});
  config.endpoint = first_non_empty({options.endpoint_url, env("AWS_ENDPOINT_URL_S3"), env("AWS_ENDPOINT_URL")});
  bool custom_endpoint = !config.endpoint.empty();
  if (!custom_endpoint) config.endpoint = "https://s3." + config.region + ".amazonaws.com";
  while (!config.endpoint.empty() && config.endpoint.back() == '/') config.endpoint.pop_back();
  if (config.endpoint.rfind("http://", 0) != 0 && config.endpoint.rfind("https://", 0) != 0) {
    return Error::bad_request("the S3 endpoint URL must start with http:// or https://", "s3_endpoint_url");
  }
  if (config.endpoint.find('@') != std::string::npos) {
    return Error::bad_request("the S3 endpoint URL must not carry credentials", "s3_endpoint_url");
  }
  config.path_style = options.path_style.value_or(custom_endpoint) || bucket.find('.') != std::string::npos;
  if (!options.access_key_id.empty() || !options.secret_access_key.empty()) {
    config.access_key_id = options.access_key_id;
    config.secret_access_key = options.secret_access_key;
    config.session_token = options.session_token;
  } else {
    config.access_key_id = env("AWS_ACCESS_KEY_ID");
    config.secret_access_key = env("AWS_SECRET_ACCESS_KEY");
    config.session_token = env("AWS_SESSION_TOKEN");
  }
  if (config.access_key_id.empty() || config.secret_access_key.empty()) {
    return Error::bad_request("the S3 artifact store needs an access key id and a secret access key "
                              "(options or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)",
                              "artifact_root");
  }
  if (options.part_size < kMinS3PartSize) {
    return Error::bad_request("the S3 part size must be at least 5 MiB (S3's minimum)", "s3_part_size");
  }
  if (options.read_chunk_size == 0) return Error::bad_request("the S3 read chunk size must be positive", "s3_read_chunk_size");
  config.connect_timeout_seconds = options.connect_timeout_seconds;
  config.stall_timeout_seconds = options.stall_timeout_seconds;

  // curl_global_init is not thread-safe in every libcurl build: once, before any handle exists.
  static std::once_flag curl_initialised;
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  crypto::init();
  auto client = std::make_shared<S3Client>(std::move(config));
  return std::unique_ptr<ArtifactStore>(new S3ArtifactStore(std::move(client), std::move(clean_prefix), options));
}

}  // namespace cairn::artifacts
