"""A small client of Leash's admin API (`/v1/…`, `Authorization: Bearer <admin secret>`).

Each method calls one route and returns the decoded JSON body, raising with the server's
answer when the status is not the expected one. Every response is also checked against the
OpenAPI document's schema for that route (see openapi_check.py); mismatches are collected in
`checked` for test_admin_api.py to report, so one undocumented route does not stop the seeding.
"""

from __future__ import annotations

import requests

from openapi_check import OpenAPIDocument, OpenAPIMismatch


class AdminError(AssertionError):
    """The admin API answered with an unexpected status."""


class Admin:
    """Admin API calls used to seed and change the estate under test."""

    def __init__(self, base_url: str, secret: str, openapi: OpenAPIDocument | None = None, verify: str | bool = True):
        self.base_url = base_url
        self.verify = verify
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {secret}"
        self.openapi = openapi
        self.checked: list[tuple[str, str, int, str | None]] = []

    def call(self, method: str, path: str, expect: int | tuple[int, ...] = (200, 201), json=None, template=None):
        # verify is passed per request: a session's verify loses to REQUESTS_CA_BUNDLE in the environment.
        response = self.session.request(method, self.base_url + path, json=json, timeout=30, verify=self.verify)
        expected = (expect,) if isinstance(expect, int) else expect
        if response.status_code not in expected:
            raise AdminError(f"{method} {path} answered {response.status_code}, expected {expected}: {response.text[:500]}")
        body = response.json() if response.content else None
        if self.openapi is not None:
            try:
                self.openapi.check_response(method, template or path, response.status_code, body)
                problem = None
            except OpenAPIMismatch as mismatch:
                problem = str(mismatch)
            self.checked.append((method, template or path, response.status_code, problem))
        return body

    # -- APIs (audiences) --------------------------------------------------------------------

    def create_api(self, name: str, audience: str, owner: str = "platform-team",
                   sensitivity: str = "internal", max_token_ttl: int | None = None) -> dict:
        body = {"name": name, "audience": audience, "owner": owner, "sensitivity": sensitivity}
        if max_token_ttl is not None:
            body["maxTokenTTL"] = max_token_ttl
        return self.call("POST", "/v1/apis", json=body)

    # -- identities --------------------------------------------------------------------------

    def create_identity(self, id: str, kind: str = "service", owner: str = "payments-team", **fields) -> dict:
        body = {"id": id, "kind": kind, "name": fields.pop("name", id), "owner": owner,
                "purpose": fields.pop("purpose", f"interop test identity {id}"),
                "trustTier": fields.pop("trust_tier", "internal"),
                "environment": fields.pop("environment", "test")}
        body.update(fields)
        return self.call("POST", "/v1/identities", json=body)

    def get_identity(self, id: str) -> dict:
        return self.call("GET", f"/v1/identities/{id}", expect=200, template="/v1/identities/{id}")

    def list_identities(self) -> dict:
        return self.call("GET", "/v1/identities", expect=200)

    def transition(self, id: str, action: str) -> dict:
        """A lifecycle transition: `suspend`, `resume` or `decommission`."""
        return self.call("POST", f"/v1/identities/{id}/{action}", expect=200,
                         template=f"/v1/identities/{{id}}/{action}")

    # -- credentials -------------------------------------------------------------------------

    def create_secret(self, identity: str) -> str:
        """Creates a client secret and returns it (shown once)."""
        body = self.call("POST", f"/v1/identities/{identity}/credentials", json={"type": "client_secret"},
                         template="/v1/identities/{id}/credentials")
        return body["secret"]

    def register_key(self, identity: str, jwk: dict) -> dict:
        return self.call("POST", f"/v1/identities/{identity}/credentials",
                         json={"type": "public_key", "jwk": jwk},
                         template="/v1/identities/{id}/credentials")

    # -- grants ------------------------------------------------------------------------------

    def grant(self, identity: str, api: str, scope: str, justification: str = "interop test") -> dict:
        return self.call("POST", "/v1/grants", json={"identityId": identity, "api": api, "scope": scope,
                                                      "justification": justification})

    # -- trusted issuers ---------------------------------------------------------------------

    def create_trusted_issuer(self, issuer: str, jwks: dict, audiences: list[str], identity: str,
                              claim_rules: dict[str, str], max_scopes: list[str] | None = None,
                              max_ttl: int = 600) -> dict:
        body = {"issuer": issuer, "jwks": jwks, "allowedAudiences": audiences, "claimRules": claim_rules,
                "identityId": identity, "maxTTL": max_ttl}
        if max_scopes is not None:
            body["maxScopes"] = max_scopes
        return self.call("POST", "/v1/trusted-issuers", json=body)

    # -- signing keys ------------------------------------------------------------------------

    def rotate_signing_key(self) -> dict:
        return self.call("POST", "/v1/keys/rotate")
