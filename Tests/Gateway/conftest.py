"""Fixtures of the gateway suite: a real `leash serve`, a real upstream and a real nginx (Debian's)
with examples/nginx in front of it, on free loopback ports in a temporary directory.

The Leash process helpers live in Tests/Interop (leash_server.py, leash_admin.py, interop_estate.py)
and are imported from there, not copied. Nothing here builds anything: the binary comes from
LEASH_BIN (default `.build/debug/leash`, which scripts/test builds first).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Interop"))

from gateway_estate import CallLog, GatewayEstate, seed  # noqa: E402
from gateway_nginx import Nginx, nginx_binary  # noqa: E402
from gateway_upstream import Upstream  # noqa: E402
from interop_estate import Ledger, start_server, stop_and_check  # noqa: E402
from leash_admin import Admin  # noqa: E402
from leash_server import LeashServer, free_loopback_port  # noqa: E402


@pytest.fixture(scope="session")
def gateway_ledger() -> Ledger:
    """Secrets and tokens of this suite; none may appear in the server's output."""
    return Ledger()


@pytest.fixture(scope="session")
def leash(tmp_path_factory, gateway_ledger) -> LeashServer:
    nginx_binary()  # fail first, and plainly, when nginx is missing
    server = start_server(tmp_path_factory, "leash-gateway")
    yield server
    stop_and_check(server, gateway_ledger)


@pytest.fixture(scope="session")
def estate(leash, gateway_ledger) -> GatewayEstate:
    return seed(leash, Admin(leash.base_url, leash.admin_secret), gateway_ledger)


@pytest.fixture(scope="session")
def upstream() -> Upstream:
    server = Upstream().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def nginx(tmp_path_factory, leash, upstream) -> Nginx:
    prefix = tmp_path_factory.mktemp("nginx")
    server = Nginx.start(prefix, free_loopback_port(), f"127.0.0.1:{leash.port}", upstream.address)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def call_log() -> CallLog:
    """Every call made through nginx, for the final comparison with Leash's decision records."""
    return CallLog()
