"""The negative suite: every malformed, forged, stale or over-reaching request gets a clear 4xx
with its RFC 6749 §5.2 error code, and no token."""

from __future__ import annotations

import time

import pytest
import requests
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session as OAuthlibSession

from interop_estate import BILLING, SPIFFE_ID, UNREGISTERED
from federation_tokens import mint_ci_token, mint_svid, svid_claims
from interop_http import (CLIENT_ASSERTION_TYPE, JWT_BEARER, JWT_TOKEN_TYPE, TOKEN_EXCHANGE, assert_oauth_error,
                          post_form)
from interop_keys import assertion_claims, hs256_jwt, public_pem, sign, unsigned_jwt


def basic_request(estate, ledger, identity="svc-basic", secret=None, **params):
    data = {"grant_type": "client_credentials", "scope": "invoices:read", "resource": BILLING}
    data.update(params)
    data = {k: v for k, v in data.items() if v is not None}
    return post_form(estate.token_url, data, ledger, auth=(identity, secret or estate.secrets[identity]))


def assertion_request(estate, ledger, assertion: str, **params):
    data = {"grant_type": "client_credentials", "scope": "invoices:read", "resource": BILLING,
            "client_assertion_type": CLIENT_ASSERTION_TYPE, "client_assertion": assertion}
    data.update(params)
    return post_form(estate.token_url, data, ledger)


# --- client authentication ------------------------------------------------------------------


def test_wrong_secret_is_invalid_client_with_a_basic_challenge(estate, ledger):
    response = basic_request(estate, ledger, secret=estate.secrets["agent-helper"])
    assert_oauth_error(response, 401, "invalid_client")
    assert response.headers.get("WWW-Authenticate", "").lower().startswith("basic"), \
        "RFC 6749 §5.2: 401 with WWW-Authenticate when the client used the Authorization header"


def test_wrong_secret_in_the_body_is_invalid_client(estate, ledger):
    response = post_form(estate.token_url, {"grant_type": "client_credentials", "client_id": "svc-basic",
                                            "client_secret": estate.secrets["agent-helper"], "resource": BILLING},
                         ledger)
    assert_oauth_error(response, 401, "invalid_client")


def test_unknown_client_is_invalid_client(estate, ledger):
    response = post_form(estate.token_url, {"grant_type": "client_credentials", "resource": BILLING}, ledger,
                         auth=("no-such-client", estate.secrets["svc-basic"]))
    assert_oauth_error(response, 401, "invalid_client")


def test_no_client_authentication_is_invalid_client(estate, ledger):
    response = post_form(estate.token_url, {"grant_type": "client_credentials", "client_id": "svc-basic",
                                            "resource": BILLING}, ledger)
    assert_oauth_error(response, 401, "invalid_client")


def test_two_authentication_methods_at_once_are_refused(estate, ledger):
    """RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request."""
    response = post_form(estate.token_url, {"grant_type": "client_credentials", "resource": BILLING,
                                            "client_id": "svc-basic", "client_secret": estate.secrets["svc-basic"]},
                         ledger, auth=("svc-basic", estate.secrets["svc-basic"]))
    assert_oauth_error(response, 400, "invalid_request")


def test_requests_oauthlib_assertion_plus_empty_basic_is_refused(estate, ledger, keys):
    """Without include_client_id=True requests-oauthlib also sends `Basic base64("svc-rsa:")`."""
    assertion = sign(keys.rsa, assertion_claims("svc-rsa", estate.token_url))
    session = OAuthlibSession(client=BackendApplicationClient(client_id="svc-rsa"))
    with pytest.raises(Exception) as failure:
        session.fetch_token(estate.token_url, client_assertion=assertion, client_assertion_type=CLIENT_ASSERTION_TYPE,
                            scope=["invoices:read"], resource=BILLING)
    assert "invalid_request" in str(failure.value), "two client authentication methods: RFC 6749 §2.3"
    # With include_client_id=True the same client library succeeds.
    good = sign(keys.rsa, assertion_claims("svc-rsa", estate.token_url))
    tok = OAuthlibSession(client=BackendApplicationClient(client_id="svc-rsa")).fetch_token(
        estate.token_url, include_client_id=True, client_assertion=good,
        client_assertion_type=CLIENT_ASSERTION_TYPE, scope=["invoices:read"], resource=BILLING)
    ledger.add(tok["access_token"], "token from requests-oauthlib private_key_jwt")


def test_suspended_identity_gets_nothing(estate, ledger):
    assert_oauth_error(basic_request(estate, ledger, identity="svc-suspended"), 401, "invalid_client")


# --- forged, stale and misdirected client assertions (RFC 7523 §3) -----------------------------


def assertion_cases():
    """(name, builder(estate, keys) -> assertion) for assertions that must all be refused."""
    now = int(time.time())

    def claims(estate, **overrides):
        return assertion_claims("svc-ec", estate.token_url, **overrides)

    return [
        ("alg none", lambda e, k: unsigned_jwt(claims(e), {"kid": k.ec.kid})),
        ("HS256 with the public key as secret", lambda e, k: hs256_jwt(public_pem(k.ec), claims(e), {"kid": k.ec.kid})),
        ("unknown kid", lambda e, k: sign(k.ec, claims(e), {"kid": "no-such-kid"})),
        ("another key with the registered kid", lambda e, k: sign(k.stranger, claims(e))),
        ("wrong audience", lambda e, k: sign(k.ec, claims(e, aud="https://elsewhere.example.test/oauth/token"))),
        ("iss differs from sub", lambda e, k: sign(k.ec, claims(e, iss="svc-rsa"))),
        ("expired", lambda e, k: sign(k.ec, claims(e, iat=now - 600, exp=now - 300))),
        ("not yet valid", lambda e, k: sign(k.ec, claims(e, nbf=now + 600, exp=now + 900))),
        ("no exp", lambda e, k: sign(k.ec, claims(e, exp=None))),
        ("no jti", lambda e, k: sign(k.ec, claims(e, jti=None))),
        ("sub of another client", lambda e, k: sign(k.ec, assertion_claims("svc-rsa", e.token_url))),
        ("not a JWT", lambda e, k: "not-a-jwt"),
    ]


@pytest.mark.parametrize("name,build", assertion_cases(), ids=[c[0] for c in assertion_cases()])
def test_bad_client_assertion_is_invalid_client(estate, ledger, keys, name, build):
    response = assertion_request(estate, ledger, build(estate, keys))
    assert_oauth_error(response, 401, "invalid_client")


def test_assertion_audience_may_be_the_issuer_or_the_token_endpoint(estate, ledger, keys):
    for audience in (estate.issuer, estate.token_url):
        response = assertion_request(estate, ledger, sign(keys.ec, assertion_claims("svc-ec", audience)))
        assert response.status_code == 200, f"aud={audience}: {response.text}"


def test_replayed_assertion_jti_is_refused(estate, ledger, keys):
    assertion = sign(keys.ec, assertion_claims("svc-ec", estate.token_url))
    first = assertion_request(estate, ledger, assertion)
    assert first.status_code == 200, first.text
    assert_oauth_error(assertion_request(estate, ledger, assertion), 401, "invalid_client")


def test_wrong_assertion_type_is_refused(estate, ledger, keys):
    assertion = sign(keys.ec, assertion_claims("svc-ec", estate.token_url))
    response = assertion_request(estate, ledger, assertion, client_assertion_type="urn:example:unknown")
    assert_oauth_error(response, 401, "invalid_client")


# --- grant types, scopes and audiences --------------------------------------------------------


def test_unknown_grant_type(estate, ledger):
    assert_oauth_error(basic_request(estate, ledger, grant_type="urn:example:magic"), 400, "unsupported_grant_type")


def test_authorization_code_grant_is_not_offered(estate, ledger):
    assert_oauth_error(basic_request(estate, ledger, grant_type="password", username="a", password="b"),
                       400, "unsupported_grant_type")


def test_missing_grant_type(estate, ledger):
    assert_oauth_error(basic_request(estate, ledger, grant_type=None), 400, "invalid_request")


def test_scope_not_granted_is_invalid_scope_never_narrowed(estate, ledger):
    response = basic_request(estate, ledger, identity="agent-helper", scope="invoices:read invoices:write")
    assert_oauth_error(response, 400, "invalid_scope")


def test_scope_of_another_api_is_invalid_scope(estate, ledger):
    # svc-basic holds reports:read for the reports API, not for billing.
    assert_oauth_error(basic_request(estate, ledger, scope="reports:read"), 400, "invalid_scope")


def test_without_resource_a_client_with_grants_on_several_apis_must_say_which(estate, ledger):
    assert_oauth_error(basic_request(estate, ledger, resource=None), 400, "invalid_request")


def test_unregistered_audience_is_invalid_target(estate, ledger):
    assert_oauth_error(basic_request(estate, ledger, resource=UNREGISTERED), 400, "invalid_target")


# --- transport: sizes, encodings, methods -----------------------------------------------------


def test_oversized_body_is_413(estate, ledger):
    data = {"grant_type": "client_credentials", "resource": BILLING, "scope": "invoices:read " * 20000}
    response = post_form(estate.token_url, data, ledger, auth=("svc-basic", estate.secrets["svc-basic"]))
    assert_oauth_error(response, 413, "invalid_request")


def test_json_body_is_refused(estate, ledger):
    response = requests.post(estate.token_url, json={"grant_type": "client_credentials", "resource": BILLING},
                             auth=("svc-basic", estate.secrets["svc-basic"]), timeout=30)
    assert_oauth_error(response, 400, "invalid_request")


def test_malformed_form_encoding_is_refused(estate, ledger):
    response = requests.post(estate.token_url, data="grant_type=client_credentials&scope=%zz&resource=%",
                             headers={"Content-Type": "application/x-www-form-urlencoded"},
                             auth=("svc-basic", estate.secrets["svc-basic"]), timeout=30)
    assert_oauth_error(response, 400, "invalid_request")


def test_repeated_parameter_is_refused(estate, ledger):
    """RFC 6749 §3.2: parameters MUST NOT be included more than once."""
    response = requests.post(
        estate.token_url, data=[("grant_type", "client_credentials"), ("scope", "invoices:read"),
                                ("scope", "invoices:write"), ("resource", BILLING)],
        auth=("svc-basic", estate.secrets["svc-basic"]), timeout=30)
    assert_oauth_error(response, 400, "invalid_request")


def test_get_on_the_token_endpoint_is_not_allowed(estate):
    response = requests.get(estate.token_url, params={"grant_type": "client_credentials"}, timeout=30)
    assert response.status_code in (404, 405) and "access_token" not in response.text


# --- federated tokens: SVIDs and CI OIDC tokens that must not be exchanged ---------------------


def federated_cases():
    """(name, builder(estate, keys) -> subject token) for federated tokens that must be refused."""
    svid = mint_svid

    now = int(time.time())
    return [
        ("alg none", lambda e, k: unsigned_jwt(svid_claims(e), {"kid": k.spire.kid})),
        ("HS256 with the issuer's public key", lambda e, k: hs256_jwt(k.spire.as_pem(private=False), svid_claims(e), {"kid": k.spire.kid})),
        ("unknown kid", lambda e, k: svid(e, k, header={"kid": "no-such-kid"})),
        ("signed by a rogue key with the trusted kid", lambda e, k: svid(e, k, key=k.rogue)),
        ("untrusted issuer", lambda e, k: svid(e, k, iss="https://evil.example.test")),
        ("wrong audience", lambda e, k: svid(e, k, aud=["https://cp.other.example.test"])),
        ("no audience", lambda e, k: svid(e, k, aud=None)),
        ("expired", lambda e, k: svid(e, k, iat=now - 900, exp=now - 300)),
        ("not yet valid", lambda e, k: svid(e, k, nbf=now + 600, exp=now + 900)),
        ("no exp", lambda e, k: svid(e, k, exp=None)),
        ("sub prefix trick api-evil", lambda e, k: svid(e, k, sub=SPIFFE_ID + "-evil")),
        ("sub with an extra path segment", lambda e, k: svid(e, k, sub=SPIFFE_ID + "/extra")),
        ("sub with a trailing slash", lambda e, k: svid(e, k, sub=SPIFFE_ID + "/")),
        ("sub of another trust domain", lambda e, k: svid(e, k, sub="spiffe://evil.org/ns/prod/sa/api")),
        ("sub as a prefix only", lambda e, k: svid(e, k, sub="spiffe://example.org/ns/prod/sa/ap")),
        ("sub with different case", lambda e, k: svid(e, k, sub=SPIFFE_ID.upper())),
    ]


@pytest.mark.parametrize("name,build", federated_cases(), ids=[c[0] for c in federated_cases()])
def test_bad_federated_token_is_invalid_grant(estate, ledger, keys, name, build):
    data = {"grant_type": TOKEN_EXCHANGE, "subject_token": build(estate, keys), "subject_token_type": JWT_TOKEN_TYPE,
            "audience": BILLING, "scope": "invoices:read"}
    assert_oauth_error(post_form(estate.token_url, data, ledger), 400, "invalid_grant")


@pytest.mark.parametrize("name,overrides", [
    ("repository id of a fork", {"repository_id": "999999"}),
    ("repository id missing", {"repository_id": None}),
    ("sub of a look-alike repository", {"sub": "repo:acme/payments-evil:ref:refs/heads/main"}),
    ("sub of another branch", {"sub": "repo:acme/payments:ref:refs/heads/feature"}),
    ("the CI platform's default audience", {"aud": "https://github.com/acme"}),
    ("expired", {"iat": int(time.time()) - 900, "exp": int(time.time()) - 300}),
])
def test_bad_jwt_bearer_assertion_is_invalid_grant(estate, ledger, keys, name, overrides):
    data = {"grant_type": JWT_BEARER, "assertion": mint_ci_token(estate, keys, **overrides),
            "scope": "invoices:write", "resource": BILLING}
    assert_oauth_error(post_form(estate.token_url, data, ledger), 400, "invalid_grant")


def test_federation_scope_beyond_the_mapped_identitys_grants(estate, ledger, keys):
    data = {"grant_type": JWT_BEARER, "assertion": mint_ci_token(estate, keys), "scope": "invoices:read",
            "resource": BILLING}
    assert_oauth_error(post_form(estate.token_url, data, ledger), 400, "invalid_scope")
