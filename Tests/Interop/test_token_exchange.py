"""Token exchange (RFC 8693) for delegation and for federation, and the jwt-bearer grant (RFC 7523 §2.1)."""

from __future__ import annotations

import base64
import time

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt as jose_jwt

from interop_estate import BILLING
from federation_tokens import mint_ci_token, mint_svid
from interop_http import (ACCESS_TOKEN_TYPE, JWT_BEARER, JWT_TOKEN_TYPE, TOKEN_EXCHANGE, assert_oauth_error,
                          post_form, scopes, verify_with_pyjwt)
from interop_keys import hs256_jwt, jwt_parts, unsigned_jwt


def client_token(estate, ledger, identity: str, scope: str) -> str:
    session = OAuth2Session(identity, estate.secrets[identity], scope=scope)
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    return ledger.add(tok["access_token"], f"access token of {identity}")


def exchange(estate, ledger, caller: str, subject_token: str, **params):
    data = {"grant_type": TOKEN_EXCHANGE, "subject_token": subject_token,
            "subject_token_type": ACCESS_TOKEN_TYPE, "audience": BILLING}
    data.update(params)
    return post_form(estate.token_url, data, ledger, auth=(caller, estate.secrets[caller]))


# --- delegation ------------------------------------------------------------------------------


def test_authlib_delegation_narrows_to_both_parties_and_adds_act(estate, ledger):
    subject = client_token(estate, ledger, "svc-basic", "invoices:read invoices:write")
    time.sleep(1.1)  # so a lifetime not bounded by the subject token's would show
    caller = OAuth2Session("agent-helper", estate.secrets["agent-helper"])
    result = caller.fetch_token(estate.token_url, grant_type=TOKEN_EXCHANGE, subject_token=subject,
                                subject_token_type=ACCESS_TOKEN_TYPE, audience=BILLING, scope="invoices:read")
    token = ledger.add(result["access_token"], "delegated token")
    assert result["issued_token_type"] == ACCESS_TOKEN_TYPE
    claims = verify_with_pyjwt(token, estate.jwks_url, estate.issuer, BILLING)
    subject_claims = jwt_parts(subject)[1]
    assert claims["sub"] == "svc-basic", "the delegated token still speaks for the subject"
    assert claims["act"]["sub"] == "agent-helper", "RFC 8693 §4.1: the actor is named in act"
    assert scopes(claims) == {"invoices:read"}
    assert scopes(claims) <= scopes(subject_claims)
    assert claims["exp"] <= subject_claims["exp"], "never outlives the subject token"


def test_delegation_without_scope_is_the_intersection(estate, ledger):
    subject = client_token(estate, ledger, "svc-basic", "invoices:read invoices:write")
    response = exchange(estate, ledger, "agent-helper", subject)
    assert response.status_code == 200, response.text
    claims = jwt_parts(response.json()["access_token"])[1]
    # svc-basic holds read+write; agent-helper holds invoices:read and payments:read.
    assert scopes(claims) == {"invoices:read"}


def test_delegation_never_widens_beyond_the_subject_token(estate, ledger):
    subject = client_token(estate, ledger, "svc-basic", "invoices:read")
    response = exchange(estate, ledger, "agent-helper", subject, scope="payments:read")
    assert_oauth_error(response, 400, "invalid_scope")


def test_delegation_never_widens_beyond_the_callers_grants(estate, ledger):
    subject = client_token(estate, ledger, "svc-basic", "invoices:read invoices:write")
    response = exchange(estate, ledger, "agent-helper", subject, scope="invoices:write")
    assert_oauth_error(response, 400, "invalid_scope")


def test_delegation_chains_nest_the_act_claim(estate, ledger):
    subject = client_token(estate, ledger, "svc-basic", "invoices:read")
    first = exchange(estate, ledger, "agent-helper", subject, scope="invoices:read")
    assert first.status_code == 200, first.text
    second = exchange(estate, ledger, "integration-ro", first.json()["access_token"], scope="invoices:read")
    assert second.status_code == 200, second.text
    claims = jwt_parts(second.json()["access_token"])[1]
    assert claims["sub"] == "svc-basic"
    assert claims["act"]["sub"] == "integration-ro"
    assert claims["act"]["act"]["sub"] == "agent-helper", "RFC 8693 §4.1: earlier actors nest"


@pytest.mark.parametrize("forgery", ["rogue key with the served kid", "alg none", "HS256 keyed with the public key"])
def test_a_forged_subject_token_is_refused(estate, ledger, keys, forgery):
    subject = client_token(estate, ledger, "svc-basic", "invoices:read")
    header, claims = jwt_parts(subject)
    claims["scope"] = "invoices:read invoices:write payments:read"
    if forgery == "alg none":
        forged = unsigned_jwt(claims, {"kid": header["kid"], "typ": "at+jwt"})
    elif forgery == "HS256 keyed with the public key":
        jwk = next(k for k in requests.get(estate.jwks_url, timeout=10).json()["keys"] if k["kid"] == header["kid"])
        forged = hs256_jwt(base64.urlsafe_b64decode(jwk["x"] + "=="), claims, {"kid": header["kid"], "typ": "at+jwt"})
    else:
        forged = jose_jwt.encode({"alg": "ES256", "kid": header["kid"], "typ": "at+jwt"}, claims, keys.rogue)
    assert_oauth_error(exchange(estate, ledger, "agent-helper", forged), 400, "invalid_grant")


# --- federation: a SPIFFE JWT-SVID minted by joserfc ----------------------------------------


def federate(estate, ledger, subject_token: str, **params):
    data = {"grant_type": TOKEN_EXCHANGE, "subject_token": subject_token,
            "subject_token_type": JWT_TOKEN_TYPE, "audience": BILLING, "scope": "invoices:read"}
    data.update(params)
    return post_form(estate.token_url, data, ledger)


def test_jwt_svid_is_exchanged_for_a_token_of_the_mapped_identity(estate, ledger, keys):
    response = federate(estate, ledger, mint_svid(estate, keys))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["issued_token_type"] == ACCESS_TOKEN_TYPE
    claims = verify_with_pyjwt(body["access_token"], estate.jwks_url, estate.issuer, BILLING)
    assert claims["sub"] == "wl-api" and claims["client_id"] == "wl-api"
    assert scopes(claims) == {"invoices:read"}


def test_federation_is_capped_by_the_issuers_max_scopes(estate, ledger, keys):
    # wl-api is granted invoices:write, but the trusted issuer allows at most invoices:read.
    response = federate(estate, ledger, mint_svid(estate, keys), scope="invoices:write")
    assert_oauth_error(response, 400, "invalid_scope")


def test_jwt_bearer_grant_with_a_ci_oidc_token(estate, ledger, keys):
    ci_token = mint_ci_token(estate, keys)
    response = post_form(estate.token_url, {"grant_type": JWT_BEARER, "assertion": ci_token,
                                            "scope": "invoices:write", "resource": BILLING}, ledger)
    assert response.status_code == 200, response.text
    claims = verify_with_pyjwt(response.json()["access_token"], estate.jwks_url, estate.issuer, BILLING)
    assert claims["sub"] == "ci-deployer" and scopes(claims) == {"invoices:write"}
    assert claims["exp"] - claims["iat"] <= 300
