"""client_credentials with real third-party clients: authlib and requests-oauthlib (RFC 6749 §4.4)."""

from __future__ import annotations

import time

import pytest
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session as OAuthlibSession

from interop_estate import BILLING, REPORTS
from interop_http import REQUIRED_CLAIMS, scopes, verify_with_pyjwt
from interop_keys import jwt_parts


def check_token_response(tok: dict, expected_scope: set[str]) -> None:
    """RFC 6749 §5.1 fields of a successful answer."""
    assert tok["token_type"].lower() == "bearer"
    assert isinstance(tok["expires_in"], int) and 0 < tok["expires_in"] <= 300
    assert scopes(tok) == expected_scope
    assert "refresh_token" not in tok, "client_credentials must not issue refresh tokens (RFC 6749 §4.4.3)"


def test_authlib_client_secret_basic(estate, ledger):
    session = OAuth2Session("svc-basic", estate.secrets["svc-basic"],
                            token_endpoint_auth_method="client_secret_basic", scope="invoices:read")
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    ledger.add(tok["access_token"], "token from authlib basic")
    check_token_response(tok, {"invoices:read"})
    claims = verify_with_pyjwt(tok["access_token"], estate.jwks_url, estate.issuer, BILLING)
    assert claims["sub"] == "svc-basic" and claims["client_id"] == "svc-basic"


def test_authlib_client_secret_post(estate, ledger):
    session = OAuth2Session("svc-basic", estate.secrets["svc-basic"],
                            token_endpoint_auth_method="client_secret_post", scope="invoices:read invoices:write")
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    ledger.add(tok["access_token"], "token from authlib post")
    check_token_response(tok, {"invoices:read", "invoices:write"})


def test_token_claims_follow_rfc9068(estate, ledger):
    session = OAuth2Session("svc-basic", estate.secrets["svc-basic"], scope="invoices:read")
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    token = ledger.add(tok["access_token"], "token for claims check")
    header, claims = jwt_parts(token)
    assert header["typ"] == "at+jwt"
    assert header["alg"] == "EdDSA", "EdDSA is the default signing algorithm"
    for claim in REQUIRED_CLAIMS:
        assert claim in claims, f"claim {claim} is missing"
    assert claims["iss"] == estate.issuer
    assert claims["aud"] in (BILLING, [BILLING])
    assert claims["exp"] - claims["iat"] <= 300, "tokens live at most 5 minutes by default"
    assert claims["nbf"] <= time.time() + 1 and claims["exp"] > time.time()
    # Two tokens never share a jti.
    again = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    ledger.add(again["access_token"], "second token for claims check")
    assert jwt_parts(again["access_token"])[1]["jti"] != claims["jti"]


@pytest.mark.parametrize("identity,key_attr", [("svc-rsa", "rsa"), ("svc-ec", "ec")])
def test_authlib_private_key_jwt(estate, keys, ledger, identity, key_attr):
    key = getattr(keys, key_attr)
    # authlib signs with a PEM string for RSA and a joserfc key object for EC (research notes §2).
    secret = key.private_pem if key.alg == "RS256" else key.joserfc_key
    session = OAuth2Session(identity, secret, token_endpoint_auth_method="private_key_jwt", scope="invoices:read")
    session.register_client_auth_method(PrivateKeyJWT(estate.token_url, alg=key.alg, headers={"kid": key.kid}))
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    ledger.add(tok["access_token"], f"token from authlib private_key_jwt {identity}")
    check_token_response(tok, {"invoices:read"})
    claims = verify_with_pyjwt(tok["access_token"], estate.jwks_url, estate.issuer, BILLING)
    assert claims["sub"] == identity and claims["client_id"] == identity


def test_authlib_private_key_jwt_without_kid(estate, keys, ledger):
    """authlib's default assertion has no kid; the client's registered key is found by iss/sub."""
    session = OAuth2Session("svc-rsa", keys.rsa.private_pem, token_endpoint_auth_method="private_key_jwt",
                            scope="invoices:read")
    session.register_client_auth_method(PrivateKeyJWT(estate.token_url))
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    ledger.add(tok["access_token"], "token from authlib private_key_jwt without kid")
    assert jwt_parts(tok["access_token"])[1]["sub"] == "svc-rsa"


def test_requests_oauthlib_backend_application_basic(estate, ledger):
    session = OAuthlibSession(client=BackendApplicationClient(client_id="svc-basic"))
    tok = session.fetch_token(estate.token_url, client_id="svc-basic", client_secret=estate.secrets["svc-basic"],
                              scope=["invoices:read"], resource=BILLING)
    ledger.add(tok["access_token"], "token from requests-oauthlib")
    check_token_response(dict(tok, scope=" ".join(tok["scope"]) if isinstance(tok["scope"], list) else tok["scope"]),
                         {"invoices:read"})
    verify_with_pyjwt(tok["access_token"], estate.jwks_url, estate.issuer, BILLING)


def test_without_scope_the_token_carries_what_is_granted_on_that_api(estate, ledger):
    session = OAuth2Session("svc-basic", estate.secrets["svc-basic"])
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    ledger.add(tok["access_token"], "token without scope parameter")
    # svc-basic also holds reports:read, on another API: it must not leak into a billing token.
    assert scopes(jwt_parts(tok["access_token"])[1]) == {"invoices:read", "invoices:write"}


def test_without_resource_the_only_granted_api_is_the_audience(estate, ledger):
    session = OAuth2Session("integration-ro", estate.secrets["integration-ro"], scope="invoices:read")
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials")
    claims = jwt_parts(ledger.add(tok["access_token"], "token without resource"))[1]
    assert claims["aud"] in (BILLING, [BILLING])


def test_lifetime_is_capped_by_the_apis_limit(estate, ledger):
    """The reports API allows at most 120 s; the server default of 300 s must not apply."""
    session = OAuth2Session("svc-basic", estate.secrets["svc-basic"], scope="reports:read")
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=REPORTS)
    claims = jwt_parts(ledger.add(tok["access_token"], "reports token"))[1]
    assert claims["exp"] - claims["iat"] <= 120 and tok["expires_in"] <= 120
