"""Fixtures of the AuthZEN conformance suite: one `leash serve` over TLS (the certification
scenario's discovery case expects https endpoints), a PEP client, and the shared data.

The data is read where it lies: AUTHZEN_DIR, else ../shared/authzen next to the repository root.
If it is missing, every test that needs it fails saying so (it is never silently skipped).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from authzen_support import PEP, RESULTS, authzen_dir, self_signed_loopback_certificate  # noqa: E402
from interop_estate import Ledger, start_server, stop_and_check  # noqa: E402
from openapi_check import OpenAPIDocument  # noqa: E402


@pytest.fixture(scope="session")
def authzen_data() -> Path:
    folder = authzen_dir()
    if not (folder / "certification").is_dir():
        pytest.fail(f"AuthZEN conformance data not found at {folder}; set AUTHZEN_DIR to the folder holding "
                    "certification/, todo/, api-gateway/, search/ and idp/", pytrace=False)
    return folder


@pytest.fixture(scope="session")
def pdp(tmp_path_factory):
    """`leash serve` over TLS with a self-signed loopback certificate."""
    cert, key = self_signed_loopback_certificate(tmp_path_factory.mktemp("authzen-tls"))
    server = start_server(tmp_path_factory, "leash-authzen", "--tls-cert", cert, "--tls-key", key, ca_file=cert)
    yield server
    stop_and_check(server, Ledger())


@pytest.fixture(scope="session")
def pdp_openapi(pdp) -> OpenAPIDocument:
    response = requests.get(pdp.base_url + "/openapi.json", verify=pdp.verify, timeout=10)
    assert response.status_code == 200, f"/openapi.json answered {response.status_code}"
    return OpenAPIDocument(response.json())


@pytest.fixture(scope="session")
def pep(pdp, pdp_openapi) -> PEP:
    return PEP(pdp.base_url, pdp.admin_secret, pdp.verify, pdp_openapi)


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    terminalreporter.section("AuthZEN conformance")
    for scenario, counts in RESULTS.items():
        total = counts["passed"] + counts["failed"]
        terminalreporter.write_line(f"{scenario}: {counts['passed']}/{total} cases passed")
