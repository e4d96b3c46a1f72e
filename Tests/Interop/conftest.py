"""Fixtures of the interop suite: a real `leash serve` on loopback, seeded through the admin API.

Nothing here builds anything: the binary comes from LEASH_BIN (default `.build/debug/leash`,
which scripts/test builds first). Every access token and secret a test sees is remembered in
the session's ledger; when the server stops, its whole output is searched for them.
"""

from __future__ import annotations

import os

import pytest
import requests
from joserfc.jwk import ECKey

import interop_http
from interop_estate import Estate, Ledger, TestKeys, seed, start_server, stop_and_check
from interop_keys import ec_client_key, rsa_client_key
from leash_admin import Admin
from leash_server import LeashServer
from openapi_check import OpenAPIDocument

os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # requests-oauthlib on http://127.0.0.1 only


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return Ledger()


@pytest.fixture(scope="session")
def server(tmp_path_factory, ledger) -> LeashServer:
    server = start_server(tmp_path_factory, "leash")
    yield server
    stop_and_check(server, ledger)


@pytest.fixture(scope="session")
def openapi(server) -> OpenAPIDocument:
    response = requests.get(server.base_url + "/openapi.json", timeout=10)
    assert response.status_code == 200, f"/openapi.json answered {response.status_code}"
    return OpenAPIDocument(response.json())


@pytest.fixture(scope="session")
def keys() -> TestKeys:
    return TestKeys(
        rsa=rsa_client_key("svc-rsa-key-1"),
        ec=ec_client_key("svc-ec-key-1"),
        stranger=ec_client_key("svc-ec-key-1"),
        spire=ECKey.generate_key("P-256", parameters={"kid": "jwt-authority-1"}),
        ci=ECKey.generate_key("P-256", parameters={"kid": "ci-key-1"}),
        rogue=ECKey.generate_key("P-256", parameters={"kid": "jwt-authority-1"}),
    )


@pytest.fixture(scope="session")
def estate(server, openapi, keys, ledger) -> Estate:
    admin = Admin(server.base_url, server.admin_secret, openapi)
    metadata = requests.get(server.base_url + "/.well-known/oauth-authorization-server", timeout=10).json()
    estate = Estate(server=server, admin=admin, issuer=metadata["issuer"], metadata=metadata)
    estate.secrets = seed(admin, keys, estate.issuer, ledger)
    interop_http.OPENAPI = openapi
    yield estate
    interop_http.OPENAPI = None
