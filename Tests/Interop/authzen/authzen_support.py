"""Support for the AuthZEN conformance suite: where the shared data lives, a TLS `leash serve`,
a PEP client that checks every answer against the OpenAPI document, and policy pushes."""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import time
from collections import Counter
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from leash_server import REPO_ROOT
from openapi_check import OpenAPIDocument

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Pass/fail counts per scenario, printed in pytest's terminal summary (see conftest.py).
RESULTS: dict[str, Counter] = {}


def record(scenario: str, passed: bool) -> None:
    RESULTS.setdefault(scenario, Counter())["passed" if passed else "failed"] += 1


def authzen_dir() -> Path:
    """The conformance data: AUTHZEN_DIR, else ../shared/authzen next to the repository root."""
    configured = os.environ.get("AUTHZEN_DIR")
    return Path(configured) if configured else (REPO_ROOT.parent / "shared" / "authzen")


def load_data(relative: str):
    path = authzen_dir() / relative
    if not path.is_file():
        raise FileNotFoundError(
            f"AuthZEN conformance data not found at {path}; set AUTHZEN_DIR to the folder holding "
            "certification/, todo/, api-gateway/, search/ and idp/")
    return json.loads(path.read_text())


def self_signed_loopback_certificate(directory: Path) -> tuple[str, str]:
    """A P-256 certificate for 127.0.0.1 (its own CA), written as PEM files in `directory`."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "leash authzen test")])
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + datetime.timedelta(hours=6))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "authzen-cert.pem", directory / "authzen-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(cert_path), str(key_path)


class PEP:
    """A policy enforcement point calling the PDP: bearer admin secret, TLS verified against the
    test CA, and every answer of an AuthZEN route checked against the served OpenAPI document."""

    def __init__(self, base_url: str, secret: str | None, verify: str | bool, openapi: OpenAPIDocument | None):
        self.base_url = base_url
        self.secret = secret
        self.verify = verify
        self.openapi = openapi

    def post(self, path: str, body=None, *, raw: bytes | None = None, content_type: str | None = "application/json",
             headers: dict[str, str] | None = None, authenticate: bool = True) -> requests.Response:
        sent = dict(headers or {})
        if content_type is not None:
            sent["Content-Type"] = content_type
        if authenticate and self.secret:
            sent.setdefault("Authorization", f"Bearer {self.secret}")
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        response = requests.post(self.base_url + path, data=data, headers=sent, verify=self.verify, timeout=30)
        self.check(path, "POST", response)
        return response

    def get(self, path: str, headers: dict[str, str] | None = None) -> requests.Response:
        response = requests.get(self.base_url + path, headers=headers or {}, verify=self.verify, timeout=30)
        self.check(path, "GET", response)
        return response

    def check(self, path: str, method: str, response: requests.Response) -> None:
        if self.openapi is None:
            return
        body = response.json() if "json" in response.headers.get("Content-Type", "") and response.content else None
        self.openapi.check_response(method, path, response.status_code, body)

    def evaluate(self, request: dict) -> bool:
        response = self.post("/access/v1/evaluation", request)
        assert response.status_code == 200, f"evaluation answered {response.status_code}: {response.text[:300]}"
        decision = response.json()["decision"]
        assert isinstance(decision, bool), f"decision is not a boolean: {response.text[:300]}"
        return decision


def push_fixture(base_url: str, secret: str, verify: str | bool, scenario: str, probe: dict, expected: bool,
                 timeout: float = 10.0) -> dict:
    """Pushes Tests/Interop/authzen/fixtures/<scenario> (every *.cedar, entities.json and
    schema.cedarschema) as the enforced policy set through `POST /v1/policies` (strictly validated
    against the Leash schema plus the scenario's), then waits until the PDP's snapshot shows it
    (the probe evaluation answers `expected`)."""
    folder = FIXTURES / scenario
    files = {path.name: path.read_text() for path in sorted(folder.glob("*.cedar"))}
    body = {"files": files, "message": f"AuthZEN conformance: {scenario}"}
    entities = folder / "entities.json"
    if entities.is_file():
        body["entities"] = entities.read_text()
    schema = folder / "schema.cedarschema"
    if schema.is_file():
        body["schema"] = schema.read_text()
    response = requests.post(base_url + "/v1/policies", json=body, verify=verify, timeout=30,
                             headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code in (200, 201), f"policy push of {scenario} answered {response.status_code}: {response.text[:500]}"
    pep = PEP(base_url, secret, verify, None)
    deadline = time.monotonic() + timeout
    while pep.evaluate(probe) != expected:
        assert time.monotonic() < deadline, f"the {scenario} policies were not in force {timeout:.0f} s after the push"
        time.sleep(0.05)
    return response.json()
