"""Introspection (RFC 7662) and revocation (RFC 7009) with authlib's client."""

from __future__ import annotations

import requests
from authlib.integrations.requests_client import OAuth2Session

from interop_estate import BILLING
from interop_keys import jwt_parts


def session_for(estate, identity: str, scope: str = "invoices:read") -> OAuth2Session:
    return OAuth2Session(identity, estate.secrets[identity], scope=scope)


def test_introspection_then_revocation_then_inactive(estate, ledger):
    client = session_for(estate, "svc-basic")
    token = ledger.add(client.fetch_token(estate.token_url, grant_type="client_credentials",
                                          resource=BILLING)["access_token"], "token to revoke")
    claims = jwt_parts(token)[1]

    active = client.introspect_token(estate.introspection_url, token=token)
    assert active.status_code == 200, active.text
    body = active.json()
    assert body["active"] is True
    assert body["sub"] == "svc-basic" and body["client_id"] == "svc-basic"
    assert body["scope"] == "invoices:read" and body["exp"] == claims["exp"]
    assert body.get("token_type", "Bearer").lower() == "bearer"

    revoked = client.revoke_token(estate.revocation_url, token=token, token_type_hint="access_token")
    assert revoked.status_code == 200, revoked.text

    after = client.introspect_token(estate.introspection_url, token=token)
    assert after.status_code == 200
    assert after.json() == {"active": False}, "RFC 7662 §2.2: an inactive token reveals nothing else"


def test_a_revoked_token_cannot_be_exchanged(estate, ledger):
    client = session_for(estate, "svc-basic")
    token = ledger.add(client.fetch_token(estate.token_url, grant_type="client_credentials",
                                          resource=BILLING)["access_token"], "token to revoke before exchange")
    assert client.revoke_token(estate.revocation_url, token=token).status_code == 200
    response = requests.post(estate.token_url, auth=("agent-helper", estate.secrets["agent-helper"]), data={
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": token,
        "subject_token_type": "urn:ietf:params:oauth:token-type:access_token", "audience": BILLING}, timeout=30)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant", response.text


def test_introspection_requires_client_authentication(estate, ledger):
    client = session_for(estate, "svc-basic")
    token = ledger.add(client.fetch_token(estate.token_url, grant_type="client_credentials",
                                          resource=BILLING)["access_token"], "token for unauthenticated introspection")
    response = requests.post(estate.introspection_url, data={"token": token}, timeout=30)
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert "active" not in response.json()


def test_garbage_and_unknown_tokens_introspect_as_inactive(estate):
    client = session_for(estate, "integration-ro")
    for token in ("not-a-token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."):
        response = client.introspect_token(estate.introspection_url, token=token)
        assert response.status_code == 200 and response.json() == {"active": False}


def test_revoking_an_unknown_token_is_still_200(estate):
    """RFC 7009 §2.2: invalid tokens do not cause an error response."""
    client = session_for(estate, "integration-ro")
    assert client.revoke_token(estate.revocation_url, token="not-a-token").status_code == 200
