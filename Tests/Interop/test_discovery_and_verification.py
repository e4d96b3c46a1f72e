"""RFC 8414 metadata, the JWKS, and verification of issued tokens by independent libraries.

Over plain HTTP authlib's metadata validator refuses the `http` issuer (RFC 8414 §2 wants https),
and authlib's RFC 9068 validator only accepts RS256/ES256/HS256 by default (joserfc's registry
marks EdDSA "not recommended"). So the full authlib checks run against a second server that
serves TLS with a self-signed certificate and signs with ES256; the default server (EdDSA) is
verified with PyJWT and joserfc.
"""

from __future__ import annotations

import datetime
import ipaddress

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
from authlib.oauth2.rfc9068 import JWTBearerTokenValidator
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from interop_estate import BILLING, start_server, stop_and_check, wait_until_token_works
from interop_http import REQUIRED_CLAIMS, scopes, verify_with_pyjwt
from interop_keys import jwt_parts
from leash_admin import Admin

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"


def validate_metadata_except_issuer_scheme(document: dict) -> None:
    metadata = AuthorizationServerMetadata(document)
    for name in dir(metadata):
        if name.startswith("validate_") and name != "validate_issuer":
            getattr(metadata, name)()


def test_metadata_document_is_valid_rfc8414(estate):
    document = requests.get(estate.server.base_url + "/.well-known/oauth-authorization-server", timeout=10).json()
    validate_metadata_except_issuer_scheme(document)
    assert document["issuer"] == estate.issuer
    assert document["token_endpoint"].startswith(estate.issuer)
    assert "client_credentials" in document["grant_types_supported"]
    assert TOKEN_EXCHANGE in document["grant_types_supported"]
    assert {"client_secret_basic", "client_secret_post", "private_key_jwt"} <= set(
        document["token_endpoint_auth_methods_supported"]
    )
    assert "none" not in document.get("token_endpoint_auth_signing_alg_values_supported", [])


def test_jwks_holds_only_public_signing_keys(estate):
    jwks = requests.get(estate.jwks_url, timeout=10).json()
    assert jwks["keys"], "the JWKS is empty"
    for key in jwks["keys"]:
        assert key.get("kid"), "every key has a kid"
        assert not {"d", "p", "q", "dp", "dq", "qi", "k"} & key.keys(), "private key material in the JWKS"
        assert key["kty"] in ("OKP", "EC")


def test_pyjwt_pyjwkclient_verifies_from_the_jwks_url(estate, ledger):
    session = OAuth2Session("svc-basic", estate.secrets["svc-basic"], scope="invoices:read")
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    token = ledger.add(tok["access_token"], "token for PyJWT")
    claims = verify_with_pyjwt(token, estate.jwks_url, estate.issuer, BILLING)
    for claim in REQUIRED_CLAIMS:
        assert claim in claims
    assert claims["exp"] - claims["iat"] <= 300


def test_joserfc_verifies_from_the_jwks_url(estate, ledger):
    session = OAuth2Session("svc-basic", estate.secrets["svc-basic"], scope="invoices:read")
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    token = ledger.add(tok["access_token"], "token for joserfc")
    key_set = KeySet.import_key_set(requests.get(estate.jwks_url, timeout=10).json())
    decoded = jose_jwt.decode(token, key_set, algorithms=["EdDSA", "ES256"])
    assert decoded.header["typ"] == "at+jwt"
    registry = jose_jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": estate.issuer},
        aud={"essential": True, "value": BILLING},
        sub={"essential": True, "value": "svc-basic"},
        client_id={"essential": True, "value": "svc-basic"},
        jti={"essential": True}, iat={"essential": True}, nbf={"essential": True}, exp={"essential": True},
    )
    registry.validate(decoded.claims)


def test_a_token_signed_by_another_key_does_not_verify_against_the_jwks(estate, ledger, keys):
    """Sanity check of the verifiers themselves: a forged token with a served kid fails."""
    session = OAuth2Session("svc-basic", estate.secrets["svc-basic"], scope="invoices:read")
    tok = session.fetch_token(estate.token_url, grant_type="client_credentials", resource=BILLING)
    header, claims = jwt_parts(ledger.add(tok["access_token"], "token for forgery check"))
    forged = jose_jwt.encode({"alg": "ES256", "kid": header["kid"], "typ": "at+jwt"}, claims, keys.rogue)
    key_set = KeySet.import_key_set(requests.get(estate.jwks_url, timeout=10).json())
    with pytest.raises(Exception):
        jose_jwt.decode(forged, key_set, algorithms=["EdDSA", "ES256"])


# --- a TLS server signing with ES256, for authlib's strict validators -------------------------


def self_signed_certificate(directory) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory, ledger):
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    # TLS from flags, the signing algorithm from the environment (there is no flag for it).
    server = start_server(tmp_path_factory, "leash-tls", "--tls-cert", cert, "--tls-key", key, ca_file=cert,
                          environment={"LEASH_SIGNING_ALGORITHM": "ES256"})
    yield server
    stop_and_check(server, ledger)


class LeashTokenValidator(JWTBearerTokenValidator):
    def __init__(self, jwks_url: str, ca_file: str, **kwargs):
        super().__init__(**kwargs)
        self.jwks_url, self.ca_file = jwks_url, ca_file

    def get_jwks(self):
        return requests.get(self.jwks_url, verify=self.ca_file, timeout=10).json()


def test_authlib_validates_metadata_and_rfc9068_tokens_over_tls(tls_server, ledger):
    base, ca = tls_server.base_url, tls_server.ca_file
    document = requests.get(base + "/.well-known/oauth-authorization-server", verify=ca, timeout=10).json()
    AuthorizationServerMetadata(document).validate()
    assert document["issuer"] == base

    admin = Admin(base, tls_server.admin_secret, verify=ca)
    admin.create_api("billing", BILLING)
    admin.create_identity("svc-tls")
    secret = ledger.add(admin.create_secret("svc-tls"), "client secret of svc-tls")
    admin.grant("svc-tls", "billing", "invoices:read")
    wait_until_token_works(base, "svc-tls", secret, BILLING, verify=ca)

    session = OAuth2Session("svc-tls", secret, scope="invoices:read")
    session.trust_env = False  # else REQUESTS_CA_BUNDLE from the environment wins over session.verify
    session.verify = ca
    tok = session.fetch_token(document["token_endpoint"], grant_type="client_credentials", resource=BILLING)
    token = ledger.add(tok["access_token"], "token from the TLS server")
    assert jwt_parts(token)[0]["alg"] == "ES256"

    validator = LeashTokenValidator(document["jwks_uri"], ca, issuer=document["issuer"], resource_server=BILLING)
    claims = validator.authenticate_token(token)
    validator.validate_token(claims, scopes=["invoices:read"], request=None)
    assert claims["client_id"] == "svc-tls" and scopes(claims) == {"invoices:read"}

    from authlib.oauth2.rfc6750 import InsufficientScopeError, InvalidTokenError
    with pytest.raises(InsufficientScopeError):
        validator.validate_token(claims, scopes=["invoices:write"], request=None)
    wrong_audience = LeashTokenValidator(document["jwks_uri"], ca, issuer=document["issuer"],
                                         resource_server="https://elsewhere.example.test")
    with pytest.raises(InvalidTokenError):
        wrong_audience.validate_token(wrong_audience.authenticate_token(token), scopes=[], request=None)


def test_authlib_rfc9068_validator_cannot_check_eddsa_tokens():
    """Documents why the default server's tokens are verified with PyJWT/joserfc, not authlib."""
    assert JWSRegistry.algorithms["EdDSA"].recommended is False
