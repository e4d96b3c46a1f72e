"""Real nginx with examples/nginx (`auth_request` → Leash's /gateway/check) in front of a real
upstream, driven with `requests`: allowed calls reach the upstream with the caller's identity;
every refusal gets the right status, body and challenge and never reaches the upstream; a token
revoked mid-test is refused on its next call; and Leash's decision records match the calls made.

The tests run in file order and share one estate; the last ones compare everything the earlier
ones did (through `call_log`) with the records.
"""

from __future__ import annotations

import json
import time
from collections import Counter

import pytest
import requests

from gateway_estate import ORDERS, STATUS, claims, leash_cli, tampered
from gateway_nginx import Nginx
from leash_server import free_loopback_port

EXPIRY_LEEWAY = 5  # seconds: the decision point's default clock leeway
RATE_BURST = 3  # calls svc-limited may make at once before it is refused


def through(nginx, call_log, method: str, path: str, token: str | None, *, identity: str | None,
            operation: str | None, headers: dict | None = None) -> requests.Response:
    """One call through nginx, remembered with what its decision record must say."""
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    response = requests.request(method, nginx.base_url + path, headers=sent, timeout=10)
    if response.status_code == 200:
        reason = "allowed"
    else:
        assert response.headers.get("Content-Type", "").startswith("application/json"), (
            f"{method} {path}: refusal without a JSON body: {response.status_code} {response.text[:200]}")
        reason = response.json().get("reason")
    call_log.add(identity, operation, reason)
    return response


def refused(response: requests.Response, status: int, reason: str) -> dict:
    assert response.status_code == status, f"expected {status} {reason}, got {response.status_code}: {response.text}"
    body = response.json()
    assert body["reason"] == reason, body
    return body


def challenge(response: requests.Response) -> str:
    value = response.headers.get("WWW-Authenticate", "")
    assert value.startswith("Bearer"), f"RFC 6750 §3: a 401 names the Bearer scheme, got {value!r}"
    return value


# -- allowed -------------------------------------------------------------------------------------

def test_an_allowed_call_reaches_the_upstream_with_the_callers_identity(estate, nginx, upstream, call_log):
    token = estate.token("svc-orders", scope="orders:read orders:write")
    response = through(nginx, call_log, "GET", "/orders/42", token, identity="svc-orders", operation="getOrder",
                       headers={"X-Leash-Identity": "root", "X-Leash-Scopes": "orders:admin",
                                "X-Real-IP": "203.0.113.9", "X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 200, response.text
    seen = upstream.requests_to("/orders/42")
    assert len(seen) == 1, seen
    assert seen[0].identity == "svc-orders", "the upstream must see Leash's answer, not the client's header"
    assert set(seen[0].scopes.split()) == {"orders:read", "orders:write"}, seen[0].scopes
    assert seen[0].headers.get("x-leash-operation") == "getOrder", seen[0].headers

    created = through(nginx, call_log, "POST", "/orders", token, identity="svc-orders", operation="createOrder")
    assert created.status_code == 200 and created.json()["identity"] == "svc-orders", created.text
    listed = through(nginx, call_log, "GET", "/orders?limit=5", token, identity="svc-orders", operation="listOrders")
    assert listed.status_code == 200 and listed.json()["path"] == "/orders?limit=5", listed.text


# -- refused with 403 ----------------------------------------------------------------------------

def test_a_call_without_the_operations_scope_is_refused_with_403(estate, nginx, upstream, call_log):
    token = estate.token("svc-reader")
    before = upstream.count()
    refused(through(nginx, call_log, "POST", "/orders", token, identity="svc-reader", operation="createOrder"),
            403, "scope_missing")
    refused(through(nginx, call_log, "GET", "/orders/7/invoice", token, identity="svc-reader", operation="getInvoice"),
            403, "scope_missing")
    assert upstream.count() == before, "a refused call must not reach the upstream"


@pytest.mark.parametrize("path", [
    "/admin/users",
    "/orders/42/items",  # `/orders/{id}` does not match deeper paths
    "/orders/%2e%2e/admin",  # dot-segments are normalized before matching
    "/orders/42%2Finvoice",  # an encoded slash matches nothing
])
def test_a_path_that_is_no_operation_is_refused_with_403_no_route(estate, nginx, upstream, call_log, path):
    token = estate.token("svc-orders")
    before = upstream.count()
    refused(through(nginx, call_log, "GET", path, token, identity="svc-orders", operation=None), 403, "no_route")
    assert upstream.count() == before


def test_a_method_the_path_does_not_offer_is_refused_with_403_no_route(estate, nginx, call_log):
    token = estate.token("svc-orders")
    refused(through(nginx, call_log, "PUT", "/orders/42", token, identity="svc-orders", operation=None), 403, "no_route")


def test_the_cedar_policy_set_refuses_a_delete_by_an_agent(estate, nginx, upstream, call_log):
    token = estate.token("agent-orders")
    allowed = through(nginx, call_log, "GET", "/orders/9", token, identity="agent-orders", operation="getOrder")
    assert allowed.status_code == 200 and allowed.json()["identity"] == "agent-orders", allowed.text
    before = upstream.count()
    refused(through(nginx, call_log, "DELETE", "/orders/9", token, identity="agent-orders", operation="deleteOrder"),
            403, "policy_denied:no-agent-delete")
    assert upstream.count() == before


# -- refused with 401 ----------------------------------------------------------------------------

def test_a_call_without_a_token_gets_401_with_a_bare_challenge(estate, nginx, upstream, call_log):
    before = upstream.count()
    response = through(nginx, call_log, "GET", "/orders/42", None, identity=None, operation=None)
    refused(response, 401, "token_missing")
    # RFC 6750 §3.1: a request without authentication information gets no error code.
    assert "error=" not in challenge(response), response.headers
    assert upstream.count() == before


@pytest.mark.parametrize("kind", ["tampered", "garbage"])
def test_a_forged_or_garbage_token_gets_401_invalid_token(estate, nginx, upstream, call_log, kind):
    token = tampered(estate.token("svc-reader")) if kind == "tampered" else "not.a-token.at-all"
    before = upstream.count()
    response = through(nginx, call_log, "GET", "/orders/42", token, identity=None, operation=None)
    refused(response, 401, "token_invalid")
    assert 'error="invalid_token"' in challenge(response), response.headers
    assert upstream.count() == before


def test_a_token_is_only_good_for_the_operations_of_its_own_api(estate, nginx, call_log):
    """A `status` token is only good for the status API's operations: /orders is no route of it."""
    token = estate.token("svc-status", audience=STATUS)
    refused(through(nginx, call_log, "GET", "/orders/42", token, identity="svc-status", operation=None), 403, "no_route")


def test_an_expired_token_gets_401(estate, nginx, upstream, call_log):
    token = estate.token("svc-status", audience=STATUS)
    ok = through(nginx, call_log, "GET", "/status", token, identity="svc-status", operation="getStatus")
    assert ok.status_code == 200 and ok.json()["identity"] == "svc-status", ok.text

    # The status API caps its tokens at one second; the decision point tolerates a few seconds of
    # clock skew between nodes (DecisionConfiguration.clockLeeway, 5 s by default).
    expires = claims(token)["exp"]
    assert expires - claims(token)["iat"] <= 1, claims(token)
    time.sleep(max(0.0, expires + EXPIRY_LEEWAY + 1 - time.time()))
    before = upstream.count()
    response = through(nginx, call_log, "GET", "/status", token, identity="svc-status", operation=None)
    refused(response, 401, "token_expired")
    assert 'error="invalid_token"' in challenge(response)
    assert upstream.count() == before


# -- revocation and rate limits ------------------------------------------------------------------

def test_a_token_revoked_mid_test_is_refused_on_its_next_call(estate, nginx, upstream, call_log):
    token = estate.token("svc-revoked")
    for _ in range(3):
        assert through(nginx, call_log, "GET", "/orders", token, identity="svc-revoked",
                       operation="listOrders").status_code == 200
    # `--`: a jti is base64url and may begin with "-", which would read as an option.
    leash_cli(estate.server, "revoke", "token", "--", claims(token)["jti"])
    before = upstream.count()
    response = through(nginx, call_log, "GET", "/orders", token, identity="svc-revoked", operation=None)
    refused(response, 401, "token_revoked")
    assert 'error="invalid_token"' in challenge(response)
    assert upstream.count() == before
    # Only that token is gone: the identity's next token works.
    again = through(nginx, call_log, "GET", "/orders", estate.token("svc-revoked"), identity="svc-revoked",
                    operation="listOrders")
    assert again.status_code == 200, again.text


@pytest.mark.parametrize("identity, revoke, reason", [
    ("svc-cutoff", "credential", "credential_revoked"),  # its client secret
    ("svc-paused", "suspend", "identity_inactive"),  # a lifecycle change, not a revocation
    ("svc-status", "api", "api_revoked"),  # the whole status API (after the expiry test, which uses it)
])
def test_cutting_off_a_credential_identity_or_api_refuses_its_tokens_on_the_next_call(
        estate, nginx, upstream, call_log, identity, revoke, reason):
    audience, path, operation = (STATUS, "/status", "getStatus") if revoke == "api" else (ORDERS, "/orders/5", "getOrder")
    token = estate.token(identity, audience=audience)
    ok = through(nginx, call_log, "GET", path, token, identity=identity, operation=operation)
    assert ok.status_code == 200, ok.text
    if revoke == "credential":
        estate.admin.call("POST", "/v1/revocations", json={"kind": "credential", "id": estate.credentials[identity]},
                          expect=201)
    elif revoke == "api":
        estate.admin.call("POST", "/v1/revocations", json={"kind": "api", "id": "status"}, expect=201)
    else:
        estate.admin.transition(identity, "suspend")
    before = upstream.count()
    response = through(nginx, call_log, "GET", path, token, identity=identity, operation=None)
    refused(response, 401, reason)
    assert 'error="invalid_token"' in challenge(response)
    assert upstream.count() == before, f"after `{revoke}`, a call reached the upstream"


def test_an_identity_over_its_rate_limit_gets_429_with_retry_after(estate, nginx, upstream, call_log):
    token = estate.token("svc-limited")
    # A bucket of RATE_BURST calls that refills one call per 100 s: the next call is refused.
    leash_cli(estate.server, "rate-limit", "set", "svc-limited", "--per-second", "0.01", "--burst", str(RATE_BURST))
    answers = [through(nginx, call_log, "GET", "/orders/1", token, identity="svc-limited", operation="getOrder")
               for _ in range(RATE_BURST + 1)]
    statuses = [a.status_code for a in answers]
    assert statuses == [200] * RATE_BURST + [429], statuses
    limited = answers[-1]
    refused(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) >= 1, limited.headers


# -- fail closed --------------------------------------------------------------------------------

def test_nginx_refuses_every_call_when_leash_cannot_be_reached(tmp_path_factory, estate, upstream):
    """A second nginx whose Leash address has nothing listening: 503, and nothing reaches the upstream."""
    unreachable = f"127.0.0.1:{free_loopback_port()}"
    lonely = Nginx.start(tmp_path_factory.mktemp("nginx-no-leash"), free_loopback_port(), unreachable, upstream.address)
    try:
        before = upstream.count()
        token = estate.token("svc-orders")
        for method, path in [("GET", "/orders/42"), ("POST", "/orders"), ("GET", "/admin")]:
            response = requests.request(method, lonely.base_url + path, headers={"Authorization": f"Bearer {token}"},
                                        timeout=10)
            assert response.status_code == 503, f"{method} {path}: {response.status_code} {response.text}"
            assert response.json() == {"error": "authorization_unavailable"}
        assert upstream.count() == before, "with Leash unreachable a call reached the upstream"
    finally:
        lonely.stop()


# -- the records ---------------------------------------------------------------------------------

def decision_records(estate) -> list[dict]:
    """Every decision record the server holds (GET /v1/decisions answers at most 1,000, newest first)."""
    page = estate.admin.call("GET", "/v1/decisions?limit=1000", expect=200, template="/v1/decisions")
    assert len(page["items"]) < 1000, "more records than one page holds: the comparison would be incomplete"
    return page["items"]


def wait_for_records(estate, expected: int, timeout: float = 10.0) -> list[dict]:
    """Records are written in batches: wait until as many as calls were made are stored (or time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        records = decision_records(estate)
        if len(records) >= expected or time.monotonic() > deadline:
            return records
        time.sleep(0.2)


def test_the_decision_records_match_the_calls_made(estate, nginx, call_log):
    assert call_log.calls, "no call was made through nginx before this test"
    records = wait_for_records(estate, len(call_log.calls))
    recorded = Counter((r.get("operation"), r["reason"]) for r in records)
    assert recorded == call_log.by_operation_and_reason(), (
        f"records per (operation, reason) differ from the calls made:\n"
        f"  only recorded: {recorded - call_log.by_operation_and_reason()}\n"
        f"  only called:   {call_log.by_operation_and_reason() - recorded}")
    per_identity = Counter((r.get("identity"), r.get("operation"), r["reason"]) for r in records
                           if r.get("identity") is not None)
    assert per_identity == call_log.by_identity_operation_and_reason()
    for record in records:
        assert record["allowed"] == (record["reason"] == "allowed"), record
        # nginx replaces X-Real-IP with the client's address: a client cannot choose its source.
        assert record.get("source") == "127.0.0.1", record
        assert record["path"].startswith("/") and "?" not in record["path"], record


def test_leash_usage_shows_what_each_identity_really_used(estate, call_log):
    """`leash usage ID --json` counts, per operation, the allowed and denied calls of the identity."""
    for identity in ("svc-orders", "svc-reader", "agent-orders", "svc-limited", "svc-cutoff", "svc-paused", "svc-status"):
        expected: dict[str, Counter] = {}
        for call in call_log.calls:
            if call.identity == identity and call.operation is not None:
                outcome = "allowed" if call.reason == "allowed" else "denied"
                expected.setdefault(call.operation, Counter())[outcome] += 1
        answer = json.loads(leash_cli(estate.server, "usage", identity, "--json").stdout)
        used = {row["operation"]: Counter(allowed=row["allowed"], denied=row["denied"]) for row in answer["items"]}
        assert used == {op: Counter(allowed=c["allowed"], denied=c["denied"]) for op, c in expected.items()}, (
            f"{identity}: usage {used} != calls {expected}")
