"""Plain-HTTP helpers for the interop suite: raw token requests and checks of OAuth answers."""

from __future__ import annotations

from urllib.parse import urlsplit

import jwt as pyjwt
import requests

from interop_keys import jwt_parts

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"
JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt"

# Claims every Leash access token carries (RFC 9068 §2.2 plus nbf and scope, DESIGN.md).
REQUIRED_CLAIMS = ["iss", "sub", "client_id", "aud", "scope", "jti", "iat", "nbf", "exp"]


# The served OpenAPI document, set by the `estate` fixture: every answer post_form receives from
# a documented route is checked against the route's response schema.
OPENAPI = None


def post_form(url: str, data, ledger=None, **kwargs) -> requests.Response:
    """POSTs a form; any access token in a 200 answer goes into the ledger."""
    response = requests.post(url, data=data, timeout=30, **kwargs)
    if OPENAPI is not None:
        path = urlsplit(url).path
        body = response.json() if "json" in response.headers.get("Content-Type", "") else None
        OPENAPI.check_response("POST", path, response.status_code, body)
    if ledger is not None and response.status_code == 200 and "json" in response.headers.get("Content-Type", ""):
        body = response.json()
        if isinstance(body, dict):
            ledger.add(body.get("access_token"), "an issued access token")
    return response


def assert_oauth_error(response: requests.Response, status: int, error: str) -> dict:
    """An RFC 6749 §5.2 refusal: the status, JSON body with the error code, and no token."""
    assert response.status_code == status, (
        f"expected {status} {error}, got {response.status_code}: {response.text[:300]}"
    )
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    body = response.json()
    assert body.get("error") == error, f"expected error {error!r}, got {body}"
    assert "access_token" not in body, "a refusal must not carry a token"
    if "error_description" in body:
        assert isinstance(body["error_description"], str)
    return body


def verify_with_pyjwt(token: str, jwks_url: str, issuer: str, audience: str) -> dict:
    """Verifies a Leash access token as a resource server using PyJWT would: keys from the JWKS URL."""
    client = pyjwt.PyJWKClient(jwks_url, cache_keys=False)
    signing_key = client.get_signing_key_from_jwt(token)
    header, _ = jwt_parts(token)
    assert header.get("typ") == "at+jwt", f"RFC 9068 §2.1 typ must be at+jwt, got {header.get('typ')!r}"
    assert header.get("kid"), "tokens must name their signing key"
    return pyjwt.decode(
        token,
        signing_key.key,
        algorithms=["EdDSA", "ES256"],
        audience=audience,
        issuer=issuer,
        options={"require": ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"]},
    )


def scopes(claims_or_body: dict) -> set[str]:
    return set(str(claims_or_body.get("scope", "")).split())
