"""Decision records against a real `leash serve`: every decision made before SIGTERM is in the
database after a restart (the recorder drains its buffer on graceful shutdown), and `leash usage` /
`leash decisions` report them, as tables and as --json.

The server runs with a 60 s flush interval so that, with far fewer calls than one batch, nothing is
written before the signal: the records found after the restart can only come from the shutdown drain.
"""

from __future__ import annotations

import json
import subprocess

import requests

from interop_estate import start_server, wait_until_token_works
from leash_admin import Admin
from leash_server import LeashServer, clean_environment

SHOP = "https://shop.example.test"
SHOP_OPENAPI = """
openapi: 3.0.3
info: {title: Shop, version: 1.0.0}
components:
  securitySchemes:
    leash:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: http://127.0.0.1/oauth/token, scopes: {"shop:read": read, "shop:admin": admin}}}
paths:
  /items/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {operationId: getItem, security: [{leash: ["shop:read"]}], responses: {"200": {description: one item}}}
    delete: {operationId: deleteItem, security: [{leash: ["shop:admin"]}], responses: {"204": {description: deleted}}}
"""


def leash(server: LeashServer, *args: str) -> str:
    """Runs `leash ARGS…` against the server as an operator; returns standard output."""
    environment = {**clean_environment(), "LEASH_SERVER": server.base_url, "LEASH_ADMIN_TOKEN": server.admin_secret}
    result = subprocess.run([str(server.binary), *args], capture_output=True, text=True, env=environment, timeout=60)
    assert result.returncode == 0, f"`leash {' '.join(args)}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def check(server: LeashServer, method: str, uri: str, token: str | None) -> int:
    """One nginx-style `auth_request` to the gateway check; returns its status."""
    headers = {"X-Original-Method": method, "X-Original-URI": uri}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.get(server.base_url + "/gateway/check", headers=headers, timeout=10).status_code


def test_sigterm_flushes_every_record_and_the_cli_reports_them(tmp_path_factory, tmp_path):
    server = start_server(tmp_path_factory, "leash-records", environment={"LEASH_DECISION_FLUSH_MS": "60000"})
    try:
        admin = Admin(server.base_url, server.admin_secret)
        admin.create_api("shop", SHOP)
        spec = tmp_path / "shop-openapi.yaml"
        spec.write_text(SHOP_OPENAPI)
        leash(server, "api", "import", str(spec), "--name", "shop", "--audience", SHOP)
        admin.create_identity("svc-shop")
        secret = admin.create_secret("svc-shop")
        admin.grant("svc-shop", "shop", "shop:read")
        wait_until_token_works(server.base_url, "svc-shop", secret, SHOP)
        answer = requests.post(server.base_url + "/oauth/token", auth=("svc-shop", secret),
                               data={"grant_type": "client_credentials", "resource": SHOP}, timeout=10)
        token = answer.json()["access_token"]

        statuses = [check(server, "GET", f"/items/{n}", token) for n in range(120)]
        statuses += [check(server, "DELETE", f"/items/{n}", token) for n in range(30)]
        statuses += [check(server, "GET", "/nowhere", token) for _ in range(7)]
        statuses += [check(server, "GET", "/items/1", None) for _ in range(5)]
        assert statuses == [200] * 120 + [403] * 37 + [401] * 5

        before = admin.call("GET", "/v1/decisions?limit=1000", template="/v1/decisions")
        assert before["items"] == [], "records were written before SIGTERM; the drain would not be tested"
    finally:
        status = server.stop()
    assert status == 0, server.log_tail()

    server.start()
    try:
        decisions = json.loads(leash(server, "decisions", "--limit", "1000", "--json"))["items"]
        assert len(decisions) == 162
        reasons = {}
        for record in decisions:
            reasons[record["reason"]] = reasons.get(record["reason"], 0) + 1
        assert reasons == {"allowed": 120, "scope_missing": 30, "no_route": 7, "token_missing": 5}
        allowed = next(r for r in decisions if r["reason"] == "allowed")
        assert allowed["identity"] == "svc-shop"
        assert allowed["api"] == "shop"
        assert allowed["operation"] == "getItem"
        assert allowed["method"] == "GET"
        assert allowed["allowed"] is True
        assert allowed["jti"] and allowed["source"]
        anonymous = next(r for r in decisions if r["reason"] == "token_missing")
        assert "identity" not in anonymous and anonymous["allowed"] is False

        mine = json.loads(leash(server, "decisions", "--identity", "svc-shop", "--limit", "5", "--json"))["items"]
        assert len(mine) == 5 and all(r["identity"] == "svc-shop" for r in mine)

        usage = json.loads(leash(server, "usage", "svc-shop", "--window", "7d", "--json"))
        assert usage["identity"] == "svc-shop" and usage["window"] == "7d"
        assert (usage["allowed"], usage["denied"]) == (120, 30)
        by_operation = {item["operation"]: item for item in usage["items"]}
        assert set(by_operation) == {"getItem", "deleteItem"}
        assert (by_operation["getItem"]["allowed"], by_operation["getItem"]["denied"]) == (120, 0)
        assert (by_operation["deleteItem"]["allowed"], by_operation["deleteItem"]["denied"]) == (0, 30)
        assert by_operation["getItem"]["distinctSources"] == 1
        assert by_operation["getItem"]["firstSeen"] <= by_operation["getItem"]["lastSeen"]

        table = leash(server, "usage", "svc-shop").splitlines()
        assert table[0].startswith("svc-shop over 30d since ")
        assert table[1].split() == ["API", "OPERATION", "ALLOWED", "DENIED", "FIRST", "SEEN", "LAST", "SEEN", "SOURCES"]
        assert [row.split()[:4] for row in table[2:]] == [["shop", "deleteItem", "0", "30"], ["shop", "getItem", "120", "0"]]
        listing = leash(server, "decisions", "--identity", "svc-shop", "--limit", "3").splitlines()
        assert listing[0].split()[:3] == ["TIME", "IDENTITY", "API"] and len(listing) == 4
    finally:
        assert server.stop() == 0, server.log_tail()
