#include "artifacts/s3_artifact_store.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>

#include "artifacts/s3_client.hpp"
#include "artifacts/s3_multipart.hpp"
#include "artifacts/s3_object_streams.hpp"
#include "artifacts/s3_xml.hpp"
#include "artifacts/store_key.hpp"
#include "common/crypto.hpp"

namespace cairn::artifacts {
namespace {

constexpr std::size_t kDeleteBatch = 1000;  // S3's limit per DeleteObjects request

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
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    raw.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
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
    if (page.next_token.empty())
      return Error::unavailable("S3 listing of '" + std::string(key) + "' is truncated without a continuation token");
  }
  return page;
}

class S3ArtifactStore final : public ArtifactStore {
 public:
  S3ArtifactStore(ClientPtr client, std::string prefix, const S3Options& options)
      : client_(std::move(client)),
        prefix_(std::move(prefix)),
        part_size_(options.part_size),
        read_chunk_size_(options.read_chunk_size) {}

  Result<std::unique_ptr<WriteStream>> open_write(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    return make_s3_write_stream(client_, join_key(prefix_, clean), clean, part_size_);
  }

  Result<std::unique_ptr<ReadStream>> open_read(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    return open_s3_read_stream(client_, join_key(prefix_, clean), clean, read_chunk_size_);
  }

  Result<std::string> start_multipart(const std::string& key) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    return s3_multipart::start(*client_, join_key(prefix_, clean), clean);
  }

  Result<std::string> upload_part(const std::string& key, const std::string& upload_id, int number,
                                  std::string body) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    return s3_multipart::upload_part(*client_, join_key(prefix_, clean), clean, upload_id, number, body);
  }

  Status complete_multipart(const std::string& key, const std::string& upload_id,
                            const std::vector<UploadedPart>& parts) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    return s3_multipart::complete(*client_, join_key(prefix_, clean), clean, upload_id, parts);
  }

  Status abort_multipart(const std::string& key, const std::string& upload_id) override {
    CAIRN_TRY_ASSIGN(std::string clean, check_store_key(key, false));
    return s3_multipart::abort(*client_, join_key(prefix_, clean), clean, upload_id);
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
        std::vector<std::string> batch(
            keys.begin() + static_cast<std::ptrdiff_t>(start),
            keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), start + kDeleteBatch)));
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
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == '_';
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
    return Error::bad_request(
        "the S3 artifact store needs an access key id and a secret access key "
        "(options or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)",
        "artifact_root");
  }
  if (options.part_size < kMinS3PartSize) {
    return Error::bad_request("the S3 part size must be at least 5 MiB (S3's minimum)", "s3_part_size");
  }
  if (options.read_chunk_size == 0)
    return Error::bad_request("the S3 read chunk size must be positive", "s3_read_chunk_size");
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
