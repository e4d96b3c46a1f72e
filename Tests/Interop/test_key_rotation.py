"""`leash keys rotate`: old tokens stay verifiable through the JWKS, new tokens carry the new kid;
keys and the bootstrap secret survive a restart (and the secret is never printed again)."""

from __future__ import annotations

import subprocess

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session

from interop_estate import BILLING, start_server, stop_and_check, wait_until_token_works
from interop_http import verify_with_pyjwt
from interop_keys import jwt_parts
from leash_admin import Admin
from leash_server import SECRET_PATTERN, clean_environment


@pytest.fixture(scope="module")
def rotating(tmp_path_factory, ledger):
    server = start_server(tmp_path_factory, "leash-rotation")
    admin = Admin(server.base_url, server.admin_secret)
    admin.create_api("billing", BILLING)
    admin.create_identity("svc-rotation")
    secret = ledger.add(admin.create_secret("svc-rotation"), "client secret of svc-rotation")
    admin.grant("svc-rotation", "billing", "invoices:read")
    wait_until_token_works(server.base_url, "svc-rotation", secret, BILLING)
    yield server, secret
    stop_and_check(server, ledger)


def fetch(server, secret, ledger) -> str:
    session = OAuth2Session("svc-rotation", secret, scope="invoices:read")
    token_url = server.base_url + "/oauth/token"
    return ledger.add(session.fetch_token(token_url, grant_type="client_credentials", resource=BILLING)["access_token"],
                      "token of svc-rotation")


def leash_cli(server, *args: str) -> subprocess.CompletedProcess:
    env = clean_environment()
    env["LEASH_ADMIN_TOKEN"] = server.admin_secret
    return subprocess.run([str(server.binary), *args, "--server", server.base_url], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_rotation_keeps_old_tokens_verifiable_and_signs_new_ones_with_the_new_key(rotating, ledger):
    server, secret = rotating
    issuer = server.issuer
    jwks_url = server.base_url + "/jwks.json"
    old = fetch(server, secret, ledger)
    old_kid = jwt_parts(old)[0]["kid"]

    rotated = leash_cli(server, "keys", "rotate", "--json")
    assert rotated.returncode == 0, rotated.stderr
    assert server.admin_secret not in rotated.stdout + rotated.stderr

    new = fetch(server, secret, ledger)
    new_kid = jwt_parts(new)[0]["kid"]
    assert new_kid != old_kid, "tokens after rotation are signed with the new key"
    kids = {key["kid"] for key in requests.get(jwks_url, timeout=10).json()["keys"]}
    assert {old_kid, new_kid} <= kids, "the retired key stays in the JWKS while its tokens live"
    verify_with_pyjwt(old, jwks_url, issuer, BILLING)
    verify_with_pyjwt(new, jwks_url, issuer, BILLING)

    # A restart on the same data directory keeps both keys, signs with the new one, prints no secret.
    assert server.stop() == 0
    server.start()
    second_start_output = server.stdout_path().read_text() + server.stderr_path().read_text()
    assert not SECRET_PATTERN.search(second_start_output), "the bootstrap admin secret is printed only once"
    verify_with_pyjwt(old, jwks_url, issuer, BILLING)
    verify_with_pyjwt(new, jwks_url, issuer, BILLING)
    assert jwt_parts(fetch(server, secret, ledger))[0]["kid"] == new_kid
    assert Admin(server.base_url, server.admin_secret).list_identities() is not None, "the admin secret still works"
