"""The estate the interop suite runs against: constants, seeding through the admin API, and the
ledger of secrets that must never reach the server's logs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import requests

from joserfc.jwk import ECKey

from interop_keys import ClientKey
from leash_admin import Admin
from leash_server import LeashServer, leash_binary

BILLING = "https://billing.example.test"
REPORTS = "https://reports.example.test"
UNREGISTERED = "https://unregistered.example.test"
SPIFFE_ISSUER = "https://spire.example.test"
SPIFFE_ID = "spiffe://example.org/ns/prod/sa/api"
CI_ISSUER = "https://ci.example.test"


class Ledger:
    """Secrets and tokens seen during the session that must never appear in the server's logs."""

    def __init__(self):
        self.values: dict[str, str] = {}

    def add(self, value: str | None, what: str) -> str | None:
        if value:
            self.values[value] = what
        return value

    def leaks(self, text: str) -> list[str]:
        return [what for value, what in self.values.items() if value in text]


@dataclass
class TestKeys:
    """Keys the clients and the fake federation issuers sign with."""

    rsa: ClientKey
    ec: ClientKey
    stranger: ClientKey  # never registered anywhere
    spire: ECKey  # the trusted SPIFFE JWT-SVID authority
    ci: ECKey  # the trusted CI OIDC issuer
    rogue: ECKey  # same kid as `spire`, not in any trusted JWKS


@dataclass
class Estate:
    """What the session's server was seeded with, and where its endpoints are."""

    server: LeashServer
    admin: Admin
    issuer: str
    metadata: dict
    secrets: dict[str, str] = field(default_factory=dict)

    @property
    def token_url(self) -> str:
        return self.metadata["token_endpoint"]

    @property
    def introspection_url(self) -> str:
        return self.metadata["introspection_endpoint"]

    @property
    def revocation_url(self) -> str:
        return self.metadata["revocation_endpoint"]

    @property
    def jwks_url(self) -> str:
        return self.metadata["jwks_uri"]


def start_server(tmp_path_factory, name: str, *extra_args: str, ca_file: str | None = None,
                 environment: dict[str, str] | None = None) -> LeashServer:
    """Starts one more `leash serve` with its own data directory (stop it with stop_and_check)."""
    root = tmp_path_factory.mktemp(name)
    server = LeashServer(leash_binary(), root / "data", root / "logs", list(extra_args), environment or {},
                         name=name, ca_file=ca_file)
    return server.start()


def stop_and_check(server: LeashServer, ledger: Ledger) -> None:
    """Stops a server, then requires a clean exit and logs free of every remembered secret."""
    status = server.stop()
    logs = server.logs()
    leaks = ledger.leaks(logs)
    admin_prints = logs.count(server.admin_secret or "\0")
    assert status == 0, f"leash serve exited with status {status} after SIGTERM\n{server.log_tail()}"
    assert not leaks, f"the server's output contains: {', '.join(sorted(set(leaks)))}"
    assert admin_prints == 1, f"the bootstrap admin secret appears {admin_prints} times in the output, expected once"


def seed(admin: Admin, keys: TestKeys, issuer: str, ledger: Ledger) -> dict[str, str]:
    """Creates the estate every test in the suite relies on; returns the client secrets by identity."""
    admin.create_api("billing", BILLING, sensitivity="confidential")
    admin.create_api("reports", REPORTS, max_token_ttl=120)

    secrets: dict[str, str] = {}
    for identity, kind in [
        ("svc-basic", "service"),
        ("agent-helper", "agent"),
        ("svc-suspended", "service"),
        ("integration-ro", "integration"),
    ]:
        admin.create_identity(identity, kind=kind)
        secrets[identity] = ledger.add(admin.create_secret(identity), f"client secret of {identity}")

    admin.create_identity("svc-rsa")
    admin.register_key("svc-rsa", keys.rsa.public_jwk)
    admin.create_identity("svc-ec", kind="pipeline")
    admin.register_key("svc-ec", keys.ec.public_jwk)
    admin.create_identity("wl-api", kind="service", purpose="SPIFFE workload mapped by federation")
    admin.create_identity("ci-deployer", kind="pipeline", purpose="CI pipeline mapped by federation")

    for identity, api, scope in [
        ("svc-basic", "billing", "invoices:read"),
        ("svc-basic", "billing", "invoices:write"),
        ("svc-basic", "reports", "reports:read"),
        ("agent-helper", "billing", "invoices:read"),
        ("agent-helper", "billing", "payments:read"),
        ("svc-suspended", "billing", "invoices:read"),
        ("integration-ro", "billing", "invoices:read"),
        ("svc-rsa", "billing", "invoices:read"),
        ("svc-ec", "billing", "invoices:read"),
        ("svc-ec", "billing", "invoices:write"),
        ("wl-api", "billing", "invoices:read"),
        ("wl-api", "billing", "invoices:write"),
        ("ci-deployer", "billing", "invoices:write"),
    ]:
        admin.grant(identity, api, scope)

    admin.create_trusted_issuer(
        SPIFFE_ISSUER, {"keys": [keys.spire.as_dict(private=False)]}, [issuer], "wl-api",
        {"sub": SPIFFE_ID}, max_scopes=["invoices:read"], max_ttl=600,
    )
    admin.create_trusted_issuer(
        CI_ISSUER, {"keys": [keys.ci.as_dict(private=False)]}, [issuer], "ci-deployer",
        {"sub": "repo:acme/payments:ref:refs/heads/main", "repository_id": "456789"}, max_ttl=300,
    )
    for identity in ("svc-basic", "agent-helper", "integration-ro"):
        wait_until_token_works(admin.base_url, identity, secrets[identity], BILLING)
    admin.transition("svc-suspended", "suspend")
    return secrets


def wait_until_token_works(base_url: str, identity: str, secret: str, resource: str, verify: str | bool = True,
                           timeout: float = 5.0) -> None:
    """Waits until the server's snapshot shows a newly created client (admin writes reach the
    token service asynchronously, through the store's change feed)."""
    deadline = time.monotonic() + timeout
    while True:
        answer = requests.post(base_url + "/oauth/token", auth=(identity, secret), verify=verify,
                               data={"grant_type": "client_credentials", "resource": resource}, timeout=10)
        if answer.status_code == 200:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{identity} still cannot get a token {timeout:.0f} s after it was created: {answer.text}")
        time.sleep(0.02)
