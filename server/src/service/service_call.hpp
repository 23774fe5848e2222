#pragma once

#include <type_traits>
#include <utility>

#include "common/result.hpp"
#include "service/principal.hpp"
#include "storage/database.hpp"

/// How a service call acting for a caller begins: 401 unless signed in, then a connection from the
/// pool, and for a change one write transaction around the work. Every such call used to spell this
/// out; written once, the order is the same everywhere (an anonymous call never waits for a
/// connection) and a call's body is only what is particular to it. Services use it as
/// `ctx_.read(caller, fn)` / `ctx_.write(caller, fn)` (ServiceContext), with
/// `fn(storage::Connection&, const Principal&) -> Result<T>` (or Status); the call answers what fn
/// answers.
///
/// A call that gives the connection back before slow I/O makes one helper call before it and,
/// when it writes afterwards, another after it. Calls that do not fit spell out their steps: those
/// that take a Principal rather than a Caller (identity), take a connection only on a cache miss
/// (the inference routes), or keep one connection across slow I/O and several transactions
/// (registering a model version).
namespace cairn::service {

/// What a call's body answers: Result<T>, or Status.
template <class Fn>
using CallResult = std::invoke_result_t<Fn&, storage::Connection&, const Principal&>;

namespace detail {
template <class R>
struct ResultValue {};
template <class T>
struct ResultValue<Result<T>> {
  using type = T;
};
}  // namespace detail

/// Runs `fn` for a signed-in caller on a pooled connection, in no transaction: each statement
/// commits on its own, as reads always have. Not a read transaction, because some reads write in
/// passing (the Default experiment made on first sight), and on SQLite a read transaction that
/// then writes can fail to upgrade its lock where a statement of its own would wait for it. A call
/// that reads and computes at length before it writes (a monitor's reference profile) runs its
/// write in a transaction of its own inside `fn`, so the write lock is held only for the write.
template <class Fn>
CallResult<Fn> read_call(storage::Database& db, const Caller& caller, Fn&& fn) {
  CAIRN_TRY_ASSIGN(const Principal* p, signed_in(caller));
  CAIRN_TRY_ASSIGN(auto conn, db.acquire());
  return fn(*conn, *p);
}

/// read_call with `fn` in one write transaction: it commits when fn answers ok and rolls back
/// otherwise, so a call changes everything it meant to or nothing.
template <class Fn>
CallResult<Fn> write_call(storage::Database& db, const Caller& caller, Fn&& fn) {
  using R = CallResult<Fn>;
  CAIRN_TRY_ASSIGN(const Principal* p, signed_in(caller));
  CAIRN_TRY_ASSIGN(auto conn, db.acquire());
  auto body = [&](storage::Connection& c) -> R { return fn(c, *p); };
  if constexpr (std::is_same_v<R, Status>) {
    return storage::run_in_transaction(*conn, true, body);
  } else {
    return storage::in_transaction<typename detail::ResultValue<R>::type>(*conn, true, body);
  }
}

}  // namespace cairn::service
