#include "storage/database.hpp"

#include <charconv>
#include <cmath>

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace cairn::storage {

std::string Row::text(std::size_t i) const {
  const Value& v = at(i);
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (auto d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

int64_t Row::int64(std::size_t i) const {
  const Value& v = at(i);
  if (auto n = std::get_if<int64_t>(&v)) return *n;
  if (auto d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (auto s = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double Row::real(std::size_t i) const {
  const Value& v = at(i);
  if (auto d = std::get_if<double>(&v)) return *d;
  if (auto n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  if (auto s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<int64_t> Row::opt_int64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return int64(i);
}

PooledConnection::~PooledConnection() {
  if (owner_ && conn_) owner_->release(std::move(conn_));
}

Result<std::unique_ptr<Database>> open_database(const std::string& url, int pool_size) {
  if (url.starts_with("sqlite:")) return open_sqlite_database(url, pool_size);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return open_postgres_database(url, pool_size);
  }
  return Error::bad_request("database URL must start with sqlite: or postgresql://", "database_url");
}

}  // namespace cairn::storage
