#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/api.hpp"
#include "http/compression.hpp"

namespace cairn::api {
namespace fs = std::filesystem;
namespace {

std::string content_type(const fs::path& path) {
  static const std::vector<std::pair<std::string, std::string>> types = {{".html", "text/html; charset=utf-8"},
                                                                         {".js", "text/javascript; charset=utf-8"},
                                                                         {".css", "text/css; charset=utf-8"},
                                                                         {".json", "application/json"},
                                                                         {".svg", "image/svg+xml"},
                                                                         {".png", "image/png"},
                                                                         {".ico", "image/x-icon"},
                                                                         {".woff2", "font/woff2"},
                                                                         {".txt", "text/plain; charset=utf-8"},
                                                                         {".map", "application/json"}};
  const std::string ext = path.extension().string();
  for (const auto& [e, type] : types) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The API reference page: Swagger UI from npm (web/ copies it into dist/docs), served from our own
// origin with its start-up code in a file, so the page needs no inline script.
constexpr const char* kDocsPage = R"html(<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Cairn API reference</title>
  <link rel="icon" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
)html";

constexpr const char* kDocsCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";
constexpr const char* kAppCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// The build writes `<file>.br` and `<file>.gz` beside each compressible file (web/scripts/
// precompress.mjs), at maximum levels no per-request compression could afford. Picks the best one
// the client accepts; empty when none fits.
std::pair<fs::path, std::string> precompressed(const http::Request& req, const fs::path& file) {
  auto accept = req.header("accept-encoding");
  if (!accept) return {};
  std::error_code ec;
  for (const char* coding : {"br", "gzip"}) {
    fs::path candidate = file;
    candidate += coding == std::string_view("br") ? ".br" : ".gz";
    if (http::accepts_encoding(*accept, coding) && fs::is_regular_file(candidate, ec)) return {candidate, coding};
  }
  return {};
}

}  // namespace

void add_static_files(Api& api, const std::string& static_dir) {
  api.add("GET", "/docs", AuthMode::none, [](http::Request&, const service::Caller&) -> Result<http::Response> {
    auto response = http::Response::text(200, kDocsPage, "text/html; charset=utf-8");
    response.set_header("Content-Security-Policy", kDocsCsp);
    return response;
  });

  const fs::path root = fs::weakly_canonical(fs::path(static_dir));
  api.set_fallback([root](http::Request& req) {
    auto not_found = [&req] {
      auto r = http::Response::json(
          404, {{"error", {{"code", "not_found"}, {"message", "no such page"}, {"request_id", req.request_id}}}});
      return r;
    };
    auto decoded = http::percent_decode(req.path, false);
    if (!decoded || decoded->find('\0') != std::string::npos || decoded->find("..") != std::string::npos) {
      return not_found();
    }
    fs::path relative = fs::path(*decoded).relative_path();
    fs::path file = root / relative;
    std::error_code ec;
    bool spa_route = false;
    if (relative.empty() || !fs::is_regular_file(file, ec)) {
      // Client-side routes of the single-page app: anything without a file extension.
      if (relative.has_extension()) return not_found();
      file = root / "index.html";
      spa_route = true;
    }
    const std::string type = content_type(file);
    auto [encoded_file, coding] =
        http::is_compressible(type) ? precompressed(req, file) : std::pair<fs::path, std::string>{};
    auto body = read_file(encoded_file.empty() ? file : encoded_file);
    if (!body) return not_found();
    auto response = http::Response::text(200, std::move(*body), type);
    if (!coding.empty()) response.set_header("Content-Encoding", coding);
    if (http::is_compressible(type)) response.set_header("Vary", "Accept-Encoding");
    const bool hashed_asset = relative.string().starts_with("assets/");
    response.set_header("Cache-Control",
                        hashed_asset && !spa_route ? "public, max-age=31536000, immutable" : "no-cache");
    response.set_header("X-Content-Type-Options", "nosniff");
    if (file.extension() == ".html") {
      response.set_header("Content-Security-Policy", kAppCsp);
      response.set_header("X-Frame-Options", "DENY");
      response.set_header("Referrer-Policy", "same-origin");
    }
    return response;
  });
}

}  // namespace cairn::api
