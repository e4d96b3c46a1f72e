"""The estate behind the gateway suite and the calls made through nginx.

Seeding uses the admin API (`/v1/…`, through Tests/Interop/leash_admin.py) and, where the issue
names a command (`leash api import`, `leash policy push`, `leash revoke`, `leash rate-limit`,
`leash usage`), the `leash` CLI against the same server, as an operator would.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

from interop_estate import Ledger
from leash_admin import Admin
from leash_server import LeashServer, clean_environment

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ORDERS = "https://orders.example.test"
STATUS = "https://status.example.test"


def leash_cli(server: LeashServer, *args: str, expect_success: bool = True) -> subprocess.CompletedProcess:
    """Runs `leash ARGS…` against the server with its admin secret (LEASH_SERVER, LEASH_ADMIN_TOKEN)."""
    environment = {**clean_environment(), "LEASH_SERVER": server.base_url, "LEASH_ADMIN_TOKEN": server.admin_secret}
    result = subprocess.run([str(server.binary), *args], capture_output=True, text=True, env=environment, timeout=60)
    if expect_success and result.returncode != 0:
        raise AssertionError(f"`leash {' '.join(args)}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def fetch_token(server: LeashServer, identity: str, secret: str, audience: str, scope: str | None = None) -> str:
    """A client_credentials access token (RFC 6749 §4.4) for `audience` (RFC 8707)."""
    form = {"grant_type": "client_credentials", "resource": audience}
    if scope:
        form["scope"] = scope
    answer = requests.post(server.base_url + "/oauth/token", auth=(identity, secret), data=form, timeout=10)
    assert answer.status_code == 200, f"{identity} could not get a token for {audience}: {answer.text}"
    return answer.json()["access_token"]


def claims(token: str) -> dict:
    """The (unverified) claims of a JWT, to read `jti` and `exp`."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def tampered(token: str) -> str:
    """The same token with one claim changed and the original signature: a forgery."""
    header, payload, signature = token.split(".")
    body = claims(token)
    body["scope"] = body.get("scope", "") + " orders:admin"
    forged = base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode()).rstrip(b"=").decode()
    assert forged != payload
    return ".".join([header, forged, signature])


@dataclass
class Call:
    """What one call through nginx must have left in Leash's decision records."""

    identity: str | None  # None: the decision could not establish one (no token, bad token)
    operation: str | None  # None: no operation matched (or the token was refused before routing)
    reason: str


@dataclass
class CallLog:
    """Every call the suite makes through nginx, in order."""

    calls: list[Call] = field(default_factory=list)

    def add(self, identity: str | None, operation: str | None, reason: str) -> None:
        self.calls.append(Call(identity, operation, reason))

    def by_operation_and_reason(self) -> Counter:
        return Counter((c.operation, c.reason) for c in self.calls)

    def by_identity_operation_and_reason(self) -> Counter:
        return Counter((c.identity, c.operation, c.reason) for c in self.calls if c.identity is not None)


@dataclass
class GatewayEstate:
    """The seeded server, its client secrets, and where nginx listens."""

    server: LeashServer
    admin: Admin
    ledger: Ledger
    secrets: dict[str, str] = field(default_factory=dict)
    credentials: dict[str, str] = field(default_factory=dict)  # identity → id of its client secret

    def token(self, identity: str, audience: str = ORDERS, scope: str | None = None) -> str:
        return self.ledger.add(fetch_token(self.server, identity, self.secrets[identity], audience, scope),
                               f"access token of {identity}")


IDENTITIES = [
    # identity, kind, scopes on `orders`
    ("svc-orders", "service", ["orders:read", "orders:write"]),
    ("svc-reader", "service", ["orders:read"]),
    ("agent-orders", "agent", ["orders:read", "orders:write", "orders:admin"]),
    ("svc-revoked", "service", ["orders:read"]),
    ("svc-limited", "service", ["orders:read"]),
    ("svc-cutoff", "service", ["orders:read"]),
    ("svc-paused", "service", ["orders:read"]),
]


def seed(server: LeashServer, admin: Admin, ledger: Ledger) -> GatewayEstate:
    """APIs imported from OpenAPI, identities with secrets and grants, the Cedar policies."""
    estate = GatewayEstate(server=server, admin=admin, ledger=ledger)
    admin.create_api("orders", ORDERS, owner="orders-team")
    admin.create_api("status", STATUS, owner="platform-team", max_token_ttl=1)
    leash_cli(server, "api", "import", str(FIXTURES / "orders-openapi.yaml"), "--name", "orders", "--audience", ORDERS)
    leash_cli(server, "api", "import", str(FIXTURES / "status-openapi.yaml"), "--name", "status", "--audience", STATUS)

    for identity, kind, scopes in IDENTITIES + [("svc-status", "service", [])]:
        admin.create_identity(identity, kind=kind, owner="orders-team")
        issued = admin.call("POST", f"/v1/identities/{identity}/credentials", json={"type": "client_secret"},
                            template="/v1/identities/{id}/credentials")
        estate.secrets[identity] = ledger.add(issued["secret"], f"client secret of {identity}")
        estate.credentials[identity] = issued["credential"]["id"]
        for scope in scopes:
            admin.grant(identity, "orders", scope)
    admin.grant("svc-status", "status", "status:read")

    leash_cli(server, "policy", "push", str(FIXTURES / "policies"), "--message", "gateway suite")
    wait_for_tokens(estate)
    return estate


def wait_for_tokens(estate: GatewayEstate, timeout: float = 5.0) -> None:
    """Admin writes reach the token service through the change feed: wait until every client can get a token."""
    deadline = time.monotonic() + timeout
    for identity in estate.secrets:
        audience = STATUS if identity == "svc-status" else ORDERS
        while True:
            answer = requests.post(estate.server.base_url + "/oauth/token", auth=(identity, estate.secrets[identity]),
                                   data={"grant_type": "client_credentials", "resource": audience}, timeout=10)
            if answer.status_code == 200:
                estate.ledger.add(answer.json()["access_token"], f"warm-up token of {identity}")
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{identity} still cannot get a token: {answer.text}")
            time.sleep(0.02)
