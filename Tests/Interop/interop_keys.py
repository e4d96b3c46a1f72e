"""Test keys and JWT minting for the interop suite (clients' keys, a federation issuer's keys)."""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey, RSAKey


@dataclass(frozen=True)
class ClientKey:
    """A client's signing key for private_key_jwt, with the public JWK Leash registers."""

    kid: str
    alg: str
    private_pem: str
    joserfc_key: ECKey | RSAKey

    @property
    def public_jwk(self) -> dict:
        jwk = self.joserfc_key.as_dict(private=False)
        jwk["kid"] = self.kid
        jwk["alg"] = self.alg
        jwk["use"] = "sig"
        return jwk


def rsa_client_key(kid: str) -> ClientKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return ClientKey(kid, "RS256", pem, RSAKey.import_key(pem, parameters={"kid": kid}))


def ec_client_key(kid: str) -> ClientKey:
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return ClientKey(kid, "ES256", pem, ECKey.import_key(pem, parameters={"kid": kid}))


def public_pem(key: ClientKey) -> bytes:
    """The SubjectPublicKeyInfo PEM of a key (what an HS256-confusion attacker would use as a secret)."""
    private = serialization.load_pem_private_key(key.private_pem.encode(), password=None)
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def sign(key: ClientKey, claims: dict, header: dict | None = None) -> str:
    """A compact JWS of `claims` signed with `key` (kid in the header unless overridden)."""
    head = {"alg": key.alg, "kid": key.kid, "typ": "JWT"}
    head.update(header or {})
    return jose_jwt.encode(head, claims, key.joserfc_key, algorithms=[head["alg"]])


def assertion_claims(client_id: str, audience: str, lifetime: int = 60, **overrides) -> dict:
    """RFC 7523 §3 client-assertion claims: iss = sub = client_id, aud, exp, iat, jti."""
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + lifetime,
        "jti": str(uuid.uuid4()),
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_jwt(claims: dict, header: dict | None = None) -> str:
    """An `alg: none` JWT (RFC 7519 §6): header.payload. with an empty signature."""
    head = {"alg": "none", "typ": "JWT"}
    head.update(header or {})
    return f"{b64url(json.dumps(head).encode())}.{b64url(json.dumps(claims).encode())}."


def hs256_jwt(secret: bytes, claims: dict, header: dict | None = None) -> str:
    """An HS256 JWT with an arbitrary secret (used with a public key as the 'secret')."""
    import hashlib
    import hmac

    head = {"alg": "HS256", "typ": "JWT"}
    head.update(header or {})
    signing_input = f"{b64url(json.dumps(head).encode())}.{b64url(json.dumps(claims).encode())}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


def jwt_parts(token: str) -> tuple[dict, dict]:
    """The unverified header and claims of a compact JWT."""
    head, payload, _ = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(head))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
    )
