#include "http/chunk_stream.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "http/compression.hpp"
#include "http/responder.hpp"

namespace cairn::http {
namespace {

TEST(ChunkStream, hands_over_what_was_written_then_finishes_after_close) {
  ChunkStream stream;
  int notified = 0;
  stream.set_notify([&] { ++notified; });
  std::string out;
  EXPECT_EQ(stream.take(out), ChunkStream::Take::empty);
  EXPECT_TRUE(stream.write("a"));
  EXPECT_TRUE(stream.write("b"));
  EXPECT_EQ(notified, 2);
  EXPECT_EQ(stream.take(out), ChunkStream::Take::data);
  EXPECT_EQ(out, "ab");
  EXPECT_TRUE(stream.write("c"));
  stream.close();
  EXPECT_FALSE(stream.write("late"));
  out.clear();
  EXPECT_EQ(stream.take(out), ChunkStream::Take::data);  // what was queued before close still goes out
  EXPECT_EQ(out, "c");
  EXPECT_EQ(stream.take(out), ChunkStream::Take::finished);
}

TEST(ChunkStream, ends_when_the_time_asked_for_is_up_after_sending_what_is_queued) {
  ChunkStream stream;
  int ended = 0;
  stream.on_end([&] { ++ended; });
  EXPECT_EQ(stream.deadline(), std::chrono::steady_clock::time_point::max());
  std::string out;
  stream.close_after(std::chrono::hours(1));
  EXPECT_EQ(stream.take(out), ChunkStream::Take::empty);  // not yet
  EXPECT_TRUE(stream.write("last"));
  stream.close_after(std::chrono::milliseconds(-1));
  EXPECT_EQ(stream.take(out), ChunkStream::Take::data);
  EXPECT_EQ(out, "last");
  EXPECT_EQ(stream.take(out), ChunkStream::Take::finished);
  EXPECT_EQ(ended, 1);
  EXPECT_FALSE(stream.write("too late"));
}

TEST(ChunkStream, a_client_that_leaves_stops_the_producer_once) {
  ChunkStream stream;
  int ended = 0;
  stream.on_end([&] { ++ended; });
  EXPECT_TRUE(stream.write("x"));
  stream.abort();
  stream.abort();
  EXPECT_EQ(ended, 1);
  EXPECT_TRUE(stream.ended());
  EXPECT_FALSE(stream.write("y"));
  std::string out;
  EXPECT_EQ(stream.take(out), ChunkStream::Take::finished);
  int late = 0;
  stream.on_end([&] { ++late; });  // registered after the end: runs at once
  EXPECT_EQ(late, 1);
}

TEST(ChunkStream, a_reader_too_slow_for_the_buffer_is_cut_off) {
  ChunkStream stream(8);
  bool ended = false;
  stream.on_end([&] { ended = true; });
  EXPECT_TRUE(stream.write("12345"));
  EXPECT_FALSE(stream.write("67890"));
  EXPECT_TRUE(ended);
}

TEST(SseEvent, splits_lines_into_data_fields) {
  EXPECT_EQ(sse_event("one\ntwo", "log", "7"), "event: log\nid: 7\ndata: one\ndata: two\n\n");
  EXPECT_EQ(sse_event("{}"), "data: {}\n\n");
}

TEST(Responder, the_first_send_wins_and_a_dropped_request_answers_500) {
  std::vector<int> statuses;
  {
    Responder responder([&](Response&& r) { statuses.push_back(r.status); });
    Responder copy = responder;
    copy.send(Response::text(201, "x"));
    responder.send(Response::text(202, "y"));
    EXPECT_TRUE(responder.sent());
  }
  {
    Responder forgotten([&](Response&& r) { statuses.push_back(r.status); });
  }
  EXPECT_EQ(statuses, (std::vector<int>{201, 500}));
}

TEST(Compression, reads_accept_encoding_with_q_values) {
  EXPECT_TRUE(accepts_encoding("gzip, deflate, br", "gzip"));
  EXPECT_TRUE(accepts_encoding("br;q=1.0, gzip;q=0.8", "gzip"));
  EXPECT_FALSE(accepts_encoding("gzip;q=0", "gzip"));
  EXPECT_FALSE(accepts_encoding("identity", "gzip"));
  EXPECT_TRUE(accepts_encoding("*", "br"));
  EXPECT_FALSE(accepts_encoding("*, br;q=0", "br"));
  EXPECT_TRUE(accepts_encoding("GZIP", "gzip"));
}

TEST(Compression, gzips_large_json_for_clients_that_accept_it) {
  Request req;
  req.headers.emplace_back("accept-encoding", "gzip");
  std::string body = "[";
  for (int i = 0; i < 2000; ++i) body += "{\"step\":" + std::to_string(i) + ",\"value\":0.5},";
  body += "{}]";
  auto response = Response::text(200, body, "application/json");
  compress_response(req, response);
  ASSERT_EQ(response.headers.size(), 3u);
  EXPECT_LT(response.body.size(), body.size() / 4);
  // Round trip through zlib's own inflater.
  std::string plain(body.size(), '\0');
  z_stream z{};
  ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(response.body.data());
  z.avail_in = static_cast<uInt>(response.body.size());
  z.next_out = reinterpret_cast<Bytef*>(plain.data());
  z.avail_out = static_cast<uInt>(plain.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  inflateEnd(&z);
  EXPECT_EQ(plain, body);

  auto small = Response::text(200, "{}", "application/json");
  compress_response(req, small);
  EXPECT_EQ(small.body, "{}");
  auto binary = Response::text(200, body, "application/octet-stream");
  compress_response(req, binary);
  EXPECT_EQ(binary.body, body);
}

}  // namespace
}  // namespace cairn::http
