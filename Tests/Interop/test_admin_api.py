"""The admin API as a client sees it: authentication, and responses that match the OpenAPI document."""

from __future__ import annotations

import json

import requests

from leash_server import REPO_ROOT


def former_identifier_keys(value):
    """Keys anywhere in a JSON value spelled the former way (`identityID`, `grantIDs`) rather than `…Id` / `…Ids`."""
    if isinstance(value, dict):
        own = [key for key in value if key.endswith("ID") or key.endswith("IDs")]
        return own + [key for child in value.values() for key in former_identifier_keys(child)]
    if isinstance(value, list):
        return [key for child in value for key in former_identifier_keys(child)]
    return []


def test_served_openapi_document_is_the_one_in_the_repository(estate):
    served = requests.get(estate.server.base_url + "/openapi.json", timeout=10).json()
    in_repo = json.loads((REPO_ROOT / "Sources/LeashHTTP/Resources/openapi.json").read_text())
    assert served == in_repo


def test_openapi_document_describes_the_oauth_endpoints(openapi):
    for method, path in [("post", "/oauth/token"), ("post", "/oauth/introspect"), ("post", "/oauth/revoke"),
                         ("get", "/.well-known/oauth-authorization-server"), ("get", "/jwks.json"),
                         ("get", "/healthz"), ("get", "/readyz")]:
        openapi.operation(method, path)


def test_seeding_responses_matched_the_openapi_document(estate):
    """Every admin call made while seeding was checked against its documented response schema."""
    problems = [problem for _, _, _, problem in estate.admin.checked if problem]
    assert not problems, "\n".join(problems)
    routes = {(method, template) for method, template, _, _ in estate.admin.checked}
    assert ("POST", "/v1/apis") in routes
    assert ("POST", "/v1/identities") in routes
    assert ("POST", "/v1/identities/{id}/credentials") in routes
    assert ("POST", "/v1/grants") in routes
    assert ("POST", "/v1/trusted-issuers") in routes
    assert ("POST", "/v1/identities/{id}/suspend") in routes


def test_reads_match_the_openapi_document(estate):
    before = len(estate.admin.checked)
    listing = estate.admin.list_identities()
    one = estate.admin.get_identity("svc-basic")
    problems = [problem for _, _, _, problem in estate.admin.checked[before:] if problem]
    assert not problems, "\n".join(problems)
    assert one["id"] == "svc-basic"
    text = json.dumps(listing) + json.dumps(one)
    for secret in estate.secrets.values():
        assert secret not in text, "a client secret is shown once, at creation, never again"


def test_oauth_responses_match_the_openapi_document(estate, openapi, ledger):
    metadata = requests.get(estate.server.base_url + "/.well-known/oauth-authorization-server", timeout=10)
    openapi.check_response("GET", "/.well-known/oauth-authorization-server", metadata.status_code, metadata.json())
    jwks = requests.get(estate.jwks_url, timeout=10)
    openapi.check_response("GET", "/jwks.json", jwks.status_code, jwks.json())
    good = requests.post(estate.token_url, auth=("svc-basic", estate.secrets["svc-basic"]), timeout=30,
                         data={"grant_type": "client_credentials", "scope": "invoices:read",
                               "resource": "https://billing.example.test"})
    ledger.add(good.json().get("access_token"), "token for the OpenAPI check")
    openapi.check_response("POST", "/oauth/token", good.status_code, good.json())
    bad = requests.post(estate.token_url, data={"grant_type": "nope"}, timeout=30)
    openapi.check_response("POST", "/oauth/token", bad.status_code, bad.json())


def test_admin_api_refuses_missing_and_wrong_credentials(estate):
    url = estate.server.base_url + "/v1/identities"
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer leash_adm_wrong"}, timeout=10).status_code == 401
    # A client secret is not an admin credential.
    as_client = requests.get(url, headers={"Authorization": f"Bearer {estate.secrets['svc-basic']}"}, timeout=10)
    assert as_client.status_code == 401
    assert "error" in as_client.json()


def test_admin_roles_limit_what_a_credential_may_do(estate, ledger):
    created = estate.admin.call("POST", "/v1/admin-credentials", json={"name": "interop-viewer", "role": "viewer"})
    viewer = ledger.add(created["secret"], "viewer admin secret")
    assert viewer.startswith("leash_adm_")
    headers = {"Authorization": f"Bearer {viewer}"}
    base = estate.server.base_url
    assert requests.get(base + "/v1/identities", headers=headers, timeout=10).status_code == 200
    refused = requests.post(base + "/v1/identities", headers=headers, timeout=10,
                            json={"id": "svc-by-viewer", "kind": "service", "name": "x", "owner": "y"})
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert requests.post(base + "/v1/keys/rotate", headers=headers, timeout=10).status_code == 403
    assert requests.get(base + "/v1/identities/svc-by-viewer", headers=estate.admin.session.headers,
                        timeout=10).status_code == 404, "a refused request changes nothing"


def test_findings_match_the_openapi_document(estate):
    """`GET /v1/findings` over the interop estate answers a report the document describes, and names no secret."""
    before = len(estate.admin.checked)
    report = estate.admin.call("GET", "/v1/findings?window=30d", expect=200, template="/v1/findings")
    one = estate.admin.call("GET", "/v1/findings?identity=svc-basic", expect=200, template="/v1/findings")
    estate.admin.call("GET", "/v1/findings?window=3m", expect=400, template="/v1/findings")
    estate.admin.call("GET", "/v1/findings?identity=nobody-at-all", expect=404, template="/v1/findings")
    problems = [problem for _, _, _, problem in estate.admin.checked[before:] if problem]
    assert not problems, "\n".join(problems)
    assert report["identities"] >= 1 and report["window"], "the report says what it analyzed"
    assert all(finding["identityId"] == "svc-basic" for finding in one["findings"])
    assert not former_identifier_keys(report) and not former_identifier_keys(one)
    radius = estate.admin.call(
        "GET", "/v1/identities/svc-basic/blast-radius", expect=200, template="/v1/identities/{id}/blast-radius")
    assert radius["identityId"] == "svc-basic" and radius["identities"][0]["identityId"] == "svc-basic"
    assert not former_identifier_keys(radius), "identifiers are spelled …Id / …Ids"
    problems = [problem for _, _, _, problem in estate.admin.checked[before:] if problem]
    assert not problems, "\n".join(problems)
    text = json.dumps(report)
    for secret in estate.secrets.values():
        assert secret not in text
