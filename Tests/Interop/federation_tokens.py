"""Tokens from the fake federation issuers the suite trusts: a SPIRE JWT-SVID authority and a CI OIDC issuer."""

from __future__ import annotations

import time
import uuid

from joserfc import jwt as jose_jwt

from interop_estate import CI_ISSUER, SPIFFE_ID, SPIFFE_ISSUER


def _mint(key, claims: dict, header: dict | None) -> str:
    claims = {k: v for k, v in claims.items() if v is not None}
    head = {"alg": "ES256", "kid": key.kid, "typ": "JWT"}
    head.update(header or {})
    return jose_jwt.encode(head, claims, key)


def svid_claims(estate, **overrides) -> dict:
    """JWT-SVID claims (SPIFFE JWT-SVID §3): sub = the SPIFFE ID, aud = Leash's issuer, exp."""
    now = int(time.time())
    claims = {"iss": SPIFFE_ISSUER, "sub": SPIFFE_ID, "aud": [estate.issuer], "iat": now, "exp": now + 300}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def mint_svid(estate, keys, key=None, header=None, **overrides) -> str:
    """A JWT-SVID signed by the trusted authority (or `key`); overrides replace claims, None drops one."""
    return _mint(key or keys.spire, svid_claims(estate, **overrides), header)


def mint_ci_token(estate, keys, **overrides) -> str:
    """A CI OIDC token in GitHub Actions' shape for the trusted CI issuer."""
    now = int(time.time())
    claims = {"iss": CI_ISSUER, "sub": "repo:acme/payments:ref:refs/heads/main", "aud": estate.issuer,
              "repository_id": "456789", "ref": "refs/heads/main", "iat": now, "nbf": now, "exp": now + 300,
              "jti": str(uuid.uuid4())}
    claims.update(overrides)
    return _mint(keys.ci, claims, None)
