"""Sign-up, sign-in, token rotation, sessions, throttling, email verification, password reset."""

from __future__ import annotations

import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

from helpers import (
    HEX32,
    describe,
    expect_error,
    expect_json,
    expect_status,
    now_ms,
    require_cairn_bin,
    uid,
    unique_email,
)

USER_KEYS = {"id", "email", "name", "email_verified", "created_at"}
SESSION_KEYS = {"id", "created_at", "last_used_at", "expires_at", "user_agent", "ip", "current"}
MAX_FAILURES = 5  # conftest starts the shared server with --login-max-failures 5


def refresh_cookie(resp) -> dict:
    """The cairn_refresh Set-Cookie of `resp`: {"value": ..., attribute-name-lowercased: value}."""
    for header in resp.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        if name.strip() != "cairn_refresh":
            continue
        value, *attrs = rest.split(";")
        cookie = {"value": value.strip()}
        for attr in attrs:
            k, _, v = attr.strip().partition("=")
            cookie[k.lower()] = v
        return cookie
    raise AssertionError(f"no cairn_refresh cookie set:\n{describe(resp)}")


def refresh(cairn, token):
    return cairn.client().post("/api/v1/auth/refresh", json={"refresh_token": token})


def sessions(user) -> list[dict]:
    body = expect_json(user.client.get("/api/v1/me/sessions"))
    return body["items"]


# ----------------------------------------------------------------------------- sign-up and sign-in


def test_signup_returns_a_token_pair_and_sets_the_refresh_cookie(cairn):
    email = unique_email("signup")
    before = now_ms()
    resp, sent = cairn.signup_request(email=email, name="Ada Lovelace")
    body = expect_json(resp, 201)
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "user"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["access_token"] and body["refresh_token"]
    user = body["user"]
    assert set(user) == USER_KEYS
    assert HEX32.match(user["id"])
    assert user["email"] == email
    assert user["name"] == "Ada Lovelace"
    assert user["email_verified"] is False
    assert before - 1000 <= user["created_at"] <= now_ms() + 1000
    assert sent["password"] not in resp.text

    cookie = refresh_cookie(resp)
    assert cookie["value"] == body["refresh_token"]
    assert "httponly" in cookie
    assert cookie.get("samesite", "").lower() == "strict"
    assert cookie.get("path") == "/api/v1/auth"

    me = expect_json(cairn.client(body["access_token"]).get("/api/v1/me"))
    assert me == {**user, "organizations": []}


def test_signup_with_a_taken_email_conflicts(cairn, signup):
    user = signup()
    resp, _ = cairn.signup_request(email=user.email)
    expect_error(resp, 409)


def test_signup_email_is_case_insensitive(cairn, signup):
    user = signup()
    resp, _ = cairn.signup_request(email=user.email.upper())
    expect_error(resp, 409)
    # And sign-in accepts any case of the same address.
    expect_json(cairn.login(user.email.upper(), user.password), 200)


def test_concurrent_signups_with_one_email_create_exactly_one_account(cairn):
    email = unique_email("race")
    attempts = 8
    barrier = threading.Barrier(attempts)
    passwords = [f"pw-race-{i}-{uid()}" for i in range(attempts)]
    clients = [cairn.client() for _ in range(attempts)]

    def attempt(i):
        barrier.wait(timeout=10)
        return clients[i].post(
            "/api/v1/auth/signup", json={"email": email, "password": passwords[i], "name": f"Racer {i}"}
        )

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        responses = list(pool.map(attempt, range(attempts)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (attempts - 1), [describe(r) for r in responses if r.status_code not in (201, 409)] or statuses
    for r in responses:
        if r.status_code == 409:
            expect_error(r, 409)
    winner = next(i for i, r in enumerate(responses) if r.status_code == 201)
    expect_json(cairn.login(email, passwords[winner]), 200)


def test_login_returns_a_new_session_for_the_same_user(cairn, signup):
    user = signup()
    resp = cairn.login(user.email, user.password)
    body = expect_json(resp, 200)
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "user"}
    assert body["user"]["id"] == user.id
    assert body["refresh_token"] != user.refresh_token
    assert refresh_cookie(resp)["value"] == body["refresh_token"]
    assert len(sessions(user)) == 2


def test_login_failure_message_is_the_same_for_unknown_accounts(cairn, signup):
    user = signup()
    wrong = expect_error(cairn.login(user.email, "not-the-password"), 401)
    unknown = expect_error(cairn.login(unique_email("ghost"), "not-the-password"), 401)
    assert wrong["message"] == unknown["message"]
    assert "field" not in wrong and "field" not in unknown


def test_me_requires_authentication(api):
    expect_error(api.get("/api/v1/me"), 401)
    expect_error(api.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"}), 401)
    expect_error(api.get("/api/v1/me", headers={"Authorization": "Bearer cairn_nope_nope"}), 401)


def test_access_token_signed_with_another_key_is_rejected(cairn, signup):
    user = signup()
    header, payload, _sig = user.access_token.split(".")
    forged = f"{header}.{payload}.{'A' * 43}"
    expect_error(cairn.client(forged).get("/api/v1/me"), 401)


def test_update_me_changes_the_name(signup):
    user = signup()
    updated = expect_json(user.client.patch("/api/v1/me", json={"name": "Grace Hopper"}))
    assert updated["name"] == "Grace Hopper"
    assert updated["id"] == user.id
    assert expect_json(user.client.get("/api/v1/me"))["name"] == "Grace Hopper"


# ----------------------------------------------------------------------------- refresh and logout


def test_refresh_rotates_the_refresh_token(cairn, signup):
    user = signup()
    resp = refresh(cairn, user.refresh_token)
    body = expect_json(resp, 200)
    assert body["refresh_token"] != user.refresh_token
    assert body["user"]["id"] == user.id
    assert refresh_cookie(resp)["value"] == body["refresh_token"]
    expect_json(cairn.client(body["access_token"]).get("/api/v1/me"), 200)
    # The new one rotates again; the session stays one session.
    expect_json(refresh(cairn, body["refresh_token"]), 200)
    assert len(sessions(user)) == 1


def test_refresh_reads_the_cookie_when_the_body_has_none(cairn, signup):
    user = signup()
    client = cairn.client(headers={"Cookie": f"cairn_refresh={user.refresh_token}"})
    resp = client.post("/api/v1/auth/refresh")
    body = expect_json(resp, 200)
    # The rotated token goes back only in the HttpOnly cookie, never where a script could read it.
    assert "refresh_token" not in body
    assert refresh_cookie(resp)["value"] not in ("", user.refresh_token)


def test_refresh_without_a_token_is_401(api):
    expect_error(api.post("/api/v1/auth/refresh", json={}), 401)
    expect_error(api.post("/api/v1/auth/refresh", json={"refresh_token": "unknown-" + uid()}), 401)


def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(cairn, signup):
    user = signup()
    other = cairn.login_user(user.email, user.password)  # a second, unrelated session
    rotated = expect_json(refresh(cairn, user.refresh_token), 200)
    # Replaying the old token looks like theft: 401, and the session's newest token dies too.
    expect_error(refresh(cairn, user.refresh_token), 401)
    expect_error(refresh(cairn, rotated["refresh_token"]), 401)
    remaining = sessions(other)
    assert len(remaining) == 1 and remaining[0]["current"] is True
    # The unrelated session still refreshes.
    expect_json(refresh(cairn, other.refresh_token), 200)


def test_logout_revokes_the_session_and_clears_the_cookie(cairn, signup):
    user = signup()
    other = cairn.login_user(user.email, user.password)
    resp = cairn.client().post("/api/v1/auth/logout", json={"refresh_token": user.refresh_token})
    expect_status(resp, 204)
    cookie = refresh_cookie(resp)
    assert cookie["value"] == "" or cookie.get("max-age") == "0"
    expect_error(refresh(cairn, user.refresh_token), 401)
    assert [s["current"] for s in sessions(other)] == [True]


def test_logout_with_the_cookie_revokes_that_session(cairn, signup):
    user = signup()
    client = cairn.client(headers={"Cookie": f"cairn_refresh={user.refresh_token}"})
    expect_status(client.post("/api/v1/auth/logout"), 204)
    expect_error(refresh(cairn, user.refresh_token), 401)


def test_logout_with_an_unknown_token_still_succeeds(api):
    expect_status(api.post("/api/v1/auth/logout", json={"refresh_token": "unknown-" + uid()}), 204)
    expect_status(api.post("/api/v1/auth/logout"), 204)


# ----------------------------------------------------------------------------- password and sessions


def test_change_password_revokes_other_sessions_only(cairn, signup):
    user = signup()
    other = cairn.login_user(user.email, user.password)
    new_password = "pw-new-" + uid()
    expect_status(
        user.client.post(
            "/api/v1/me/password", json={"current_password": user.password, "new_password": new_password}
        ),
        204,
    )
    expect_error(refresh(cairn, other.refresh_token), 401)
    expect_json(refresh(cairn, user.refresh_token), 200)
    expect_error(cairn.login(user.email, user.password), 401)
    expect_json(cairn.login(user.email, new_password), 200)


def test_change_password_with_a_wrong_current_password_is_422_and_keeps_the_password(cairn, signup):
    user = signup()
    resp = user.client.post(
        "/api/v1/me/password", json={"current_password": "wrong-" + uid(), "new_password": "pw-new-" + uid()}
    )
    expect_error(resp, 422, field="current_password")
    expect_json(cairn.login(user.email, user.password), 200)


def test_sessions_list_shows_each_sign_in_with_its_client(cairn, signup):
    user = signup()
    agent = f"e2e-agent/{uid()}"
    ip = cairn.new_ip()
    before = now_ms()
    second = cairn.login_user(user.email, user.password, ip=ip, headers={"User-Agent": agent})
    items = sessions(second)
    assert len(items) == 2
    for s in items:
        assert set(s) == SESSION_KEYS
        assert HEX32.match(s["id"])
        assert s["expires_at"] > s["created_at"]
    current = [s for s in items if s["current"]]
    assert len(current) == 1
    assert current[0]["user_agent"] == agent
    assert current[0]["ip"] == ip
    assert current[0]["created_at"] >= before - 1000
    # Newest first.
    assert items[0]["created_at"] >= items[1]["created_at"]
    # The first session sees the same two, with itself as current.
    first_view = sessions(user)
    assert {s["id"] for s in first_view} == {s["id"] for s in items}
    first_current = [s["id"] for s in first_view if s["current"]]
    assert len(first_current) == 1 and first_current[0] != current[0]["id"]


def test_revoking_a_session_stops_its_refresh_token(cairn, signup):
    user = signup()
    second = cairn.login_user(user.email, user.password)
    second_id = next(s["id"] for s in sessions(second) if s["current"])
    expect_status(user.client.delete(f"/api/v1/me/sessions/{second_id}"), 204)
    expect_error(refresh(cairn, second.refresh_token), 401)
    assert second_id not in {s["id"] for s in sessions(user)}
    # Revoking it again: idempotent (204) or gone (404); either way it stays revoked.
    again = user.client.delete(f"/api/v1/me/sessions/{second_id}")
    assert again.status_code in (204, 404), again.text
    expect_error(refresh(cairn, second.refresh_token), 401)


def test_revoking_another_users_session_is_404(signup):
    alice, bob = signup(), signup()
    bob_session = next(s["id"] for s in sessions(bob) if s["current"])
    expect_error(alice.client.delete(f"/api/v1/me/sessions/{bob_session}"), 404)
    assert bob_session in {s["id"] for s in sessions(bob)}
    expect_error(alice.client.delete(f"/api/v1/me/sessions/{'0' * 32}"), 404)


# ----------------------------------------------------------------------------- login throttling


def test_login_is_throttled_per_account_after_repeated_failures(cairn, signup):
    user = signup()
    # One failure from each of several addresses: only the account's counter reaches the limit.
    for _ in range(MAX_FAILURES):
        expect_error(cairn.login(user.email, "wrong-" + uid(), ip=cairn.new_ip()), 401)
    fresh_ip = cairn.new_ip()
    err = expect_error(cairn.login(user.email, user.password, ip=fresh_ip), 429)
    assert err["code"] == "rate_limited"
    # Another account from that address is unaffected.
    other = signup()
    expect_json(cairn.login(other.email, other.password, ip=fresh_ip), 200)


def test_login_is_throttled_per_client_address(cairn, signup):
    ip = cairn.new_ip()
    for _ in range(MAX_FAILURES):
        expect_error(cairn.login(unique_email("ghost"), "wrong-" + uid(), ip=ip), 401)
    victim = signup()
    resp = cairn.login(victim.email, victim.password, ip=ip)
    expect_error(resp, 429)
    assert int(resp.headers["retry-after"]) >= 1
    # The account itself is not locked: from elsewhere it signs in.
    expect_json(cairn.login(victim.email, victim.password, ip=cairn.new_ip()), 200)


def test_login_throttling_does_not_reveal_whether_an_account_exists(cairn, signup):
    user = signup()
    ghost = unique_email("ghost")
    answers = {}
    for email in (user.email, ghost):
        for _ in range(MAX_FAILURES):
            expect_error(cairn.login(email, "wrong-" + uid(), ip=cairn.new_ip()), 401)
        resp = cairn.login(email, "wrong-" + uid(), ip=cairn.new_ip())
        answers[email] = expect_error(resp, 429)
    assert answers[user.email]["message"] == answers[ghost]["message"]


# ----------------------------------------------------------------------------- email verification


def test_verify_email_with_the_emailed_token(cairn, smtp, signup):
    user = signup()
    before = smtp.count(user.email)
    expect_status(user.client.post("/api/v1/auth/verify-email/request"), 202)
    mail = smtp.wait_for(user.email, after=before)
    assert mail.sender == "cairn@test.local"
    token = mail.token
    assert cairn.url in mail.text  # the link uses --public-url

    verified = expect_json(cairn.client().post("/api/v1/auth/verify-email", json={"token": token}))
    assert verified["id"] == user.id and verified["email_verified"] is True
    assert expect_json(user.client.get("/api/v1/me"))["email_verified"] is True

    # One-time: a second use fails; a verified address gets no more mail.
    expect_error(cairn.client().post("/api/v1/auth/verify-email", json={"token": token}), 422, field="token")
    count = smtp.count(user.email)
    expect_status(user.client.post("/api/v1/auth/verify-email/request"), 202)
    smtp.assert_no_new_mail(user.email, after=count)


def test_verify_email_rejects_an_unknown_token(api):
    expect_error(api.post("/api/v1/auth/verify-email", json={"token": "unknown-" + uid()}), 422, field="token")


def test_verify_email_request_requires_authentication(api):
    expect_error(api.post("/api/v1/auth/verify-email/request"), 401)


# ----------------------------------------------------------------------------- password reset


def test_password_reset_with_the_emailed_token_revokes_all_sessions(cairn, smtp, signup):
    user = signup()
    other = cairn.login_user(user.email, user.password)
    before = smtp.count(user.email)
    expect_status(cairn.client().post("/api/v1/auth/password-reset/request", json={"email": user.email}), 202)
    token = smtp.wait_for_token(user.email, after=before)
    new_password = "pw-reset-" + uid()
    expect_status(
        cairn.client().post("/api/v1/auth/password-reset", json={"token": token, "new_password": new_password}),
        204,
    )
    expect_error(refresh(cairn, user.refresh_token), 401)
    expect_error(refresh(cairn, other.refresh_token), 401)
    expect_error(cairn.login(user.email, user.password), 401)
    expect_json(cairn.login(user.email, new_password), 200)
    # The token is single use.
    again = cairn.client().post("/api/v1/auth/password-reset", json={"token": token, "new_password": "pw-" + uid()})
    expect_error(again, 422, field="token")
    expect_json(cairn.login(user.email, new_password), 200)


def test_password_reset_request_does_not_reveal_whether_an_account_exists(cairn, smtp, signup):
    user = signup()
    ghost = unique_email("ghost")
    known = cairn.client().post("/api/v1/auth/password-reset/request", json={"email": user.email})
    unknown = cairn.client().post("/api/v1/auth/password-reset/request", json={"email": ghost})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    smtp.wait_for(user.email)
    smtp.assert_no_new_mail(ghost, after=0)


def test_password_reset_rejects_an_unknown_token(cairn, signup):
    user = signup()
    resp = cairn.client().post(
        "/api/v1/auth/password-reset", json={"token": "unknown-" + uid(), "new_password": "pw-" + uid()}
    )
    expect_error(resp, 422, field="token")
    expect_json(cairn.login(user.email, user.password), 200)


# ----------------------------------------------------------------------------- admin CLI


def test_admin_create_user_cli_makes_a_user_who_can_sign_in(cairn, server):
    email = unique_email("cli")
    password = "pw-cli-" + uid()
    cmd = [
        str(require_cairn_bin()), "admin", "create-user",
        "--database-url", server.database_url,
        "--email", email, "--password", password, "--name", "Cli User",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    body = expect_json(cairn.login(email, password), 200)
    assert body["user"]["name"] == "Cli User"
    assert body["user"]["email"] == email

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert again.returncode != 0, "creating the same user twice must fail"
