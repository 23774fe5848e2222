#include "artifacts/s3_object_streams.hpp"

#include <algorithm>

#include "artifacts/s3_multipart.hpp"
#include "common/log.hpp"

namespace cairn::artifacts {
namespace {

// Below this a write buffer grows as needed; past it, it takes one part's room at once, so small
// artifacts cost little memory and big ones never hold more than a part (std::string doubling
// could reach twice that).
constexpr std::size_t kSmallBuffer = 64 * 1024;

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
  int64_t offset_ = 0;        // next byte to fetch
  std::string buffer_;        // the current range
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
    if (auto completed = s3_multipart::complete(*client_, object_key_, key_, upload_id_, parts_); !completed.ok()) {
      return fail(std::move(completed).error());
    }
    done_ = true;
    return {};
  }

 private:
  Status send_part() {
    if (upload_id_.empty()) {
      CAIRN_TRY_ASSIGN(upload_id_, s3_multipart::start(*client_, object_key_, key_));
    }
    if (parts_.size() == static_cast<std::size_t>(kMaxUploadParts)) {
      return Error(ErrorCode::payload_too_large, "artifact '" + key_ + "' exceeds " + std::to_string(kMaxUploadParts) +
                                                     " parts of " + std::to_string(part_size_) + " bytes");
    }
    const int number = static_cast<int>(parts_.size()) + 1;
    CAIRN_TRY_ASSIGN(auto etag, s3_multipart::upload_part(*client_, object_key_, key_, upload_id_, number, buffer_));
    parts_.push_back(UploadedPart{number, std::move(etag)});
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
    if (auto aborted = s3_multipart::abort(*client_, object_key_, key_, upload_id_); !aborted.ok()) {
      log::warn("could not abort an S3 multipart upload", {{"key", key_}, {"error", aborted.error().message}});
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
  std::vector<UploadedPart> parts_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<WriteStream> make_s3_write_stream(ClientPtr client, std::string object_key, std::string key,
                                                  std::size_t part_size) {
  return std::make_unique<S3WriteStream>(std::move(client), std::move(object_key), std::move(key), part_size);
}

Result<std::unique_ptr<ReadStream>> open_s3_read_stream(ClientPtr client, std::string object_key, std::string key,
                                                        std::size_t chunk_size) {
  auto stream = std::make_unique<S3ReadStream>(std::move(client), std::move(object_key), std::move(key), chunk_size);
  CAIRN_TRY(stream->open());
  return std::unique_ptr<ReadStream>(std::move(stream));
}

}  // namespace cairn::artifacts
