"""No secret and no full token ever appears in the server's output (its JSON logs included)."""

from __future__ import annotations

import requests
from authlib.integrations.requests_client import OAuth2Session

from interop_estate import BILLING, Ledger, start_server, wait_until_token_works
from interop_http import ACCESS_TOKEN_TYPE, CLIENT_ASSERTION_TYPE, TOKEN_EXCHANGE
from interop_keys import assertion_claims, sign
from leash_admin import Admin


def test_logs_hold_no_secret_and_no_token(tmp_path_factory, keys):
    server = start_server(tmp_path_factory, "leash-logs")
    sensitive = Ledger()
    try:
        admin = Admin(server.base_url, server.admin_secret)
        admin.create_api("billing", BILLING)
        admin.create_identity("svc-a")
        admin.create_identity("agent-b", kind="agent")
        admin.create_identity("svc-key")
        admin.register_key("svc-key", keys.ec.public_jwk)
        secret_a = sensitive.add(admin.create_secret("svc-a"), "client secret of svc-a")
        secret_b = sensitive.add(admin.create_secret("agent-b"), "client secret of agent-b")
        for identity in ("svc-a", "agent-b", "svc-key"):
            admin.grant(identity, "billing", "invoices:read")
        token_url = server.base_url + "/oauth/token"
        wait_until_token_works(server.base_url, "svc-a", secret_a, BILLING)
        wait_until_token_works(server.base_url, "agent-b", secret_b, BILLING)

        tokens = []
        for method in ("client_secret_basic", "client_secret_post"):
            session = OAuth2Session("svc-a", secret_a, token_endpoint_auth_method=method, scope="invoices:read")
            tokens.append(session.fetch_token(token_url, grant_type="client_credentials", resource=BILLING)["access_token"])
        assertion = sensitive.add(sign(keys.ec, assertion_claims("svc-key", token_url)), "a client assertion")
        answer = requests.post(token_url, timeout=30, data={
            "grant_type": "client_credentials", "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": assertion, "scope": "invoices:read", "resource": BILLING})
        assert answer.status_code == 200, answer.text
        tokens.append(answer.json()["access_token"])
        delegated = requests.post(token_url, auth=("agent-b", secret_b), timeout=30, data={
            "grant_type": TOKEN_EXCHANGE, "subject_token": tokens[0], "subject_token_type": ACCESS_TOKEN_TYPE,
            "audience": BILLING})
        assert delegated.status_code == 200, delegated.text
        tokens.append(delegated.json()["access_token"])
        for token in tokens:
            sensitive.add(token, "an issued access token")

        # Refused requests carry secrets too: a wrong secret, a replayed assertion, a bad admin secret.
        wrong = "leash_cs_" + "W" * 49
        sensitive.add(wrong, "a wrong client secret")
        assert requests.post(token_url, auth=("svc-a", wrong), data={"grant_type": "client_credentials"},
                             timeout=30).status_code == 401
        assert requests.post(token_url, timeout=30, data={
            "grant_type": "client_credentials", "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": assertion, "resource": BILLING}).status_code == 401
        bad_admin = "leash_adm_" + "Z" * 49
        sensitive.add(bad_admin, "a wrong admin secret")
        assert requests.get(server.base_url + "/v1/identities", timeout=10,
                            headers={"Authorization": f"Bearer {bad_admin}"}).status_code == 401
        introspection = requests.post(server.base_url + "/oauth/introspect", auth=("svc-a", secret_a),
                                      data={"token": tokens[1]}, timeout=30)
        assert introspection.json()["active"] is True
        assert requests.post(server.base_url + "/oauth/revoke", auth=("svc-a", secret_a),
                             data={"token": tokens[1]}, timeout=30).status_code == 200
    finally:
        status = server.stop()

    logs = server.logs()
    assert status == 0, f"leash serve exited with {status} after SIGTERM"
    assert "/oauth/token" in logs, "the server logged no requests, so this test would prove nothing"
    leaks = sensitive.leaks(logs)
    assert not leaks, f"the server's output contains: {', '.join(sorted(set(leaks)))}"
    assert logs.count(server.admin_secret) == 1, "the admin secret is printed once, at bootstrap, and never logged"
    # Not even the signature part of a token (a token minus its header is still a bearer secret).
    for token in tokens:
        assert token.split(".")[2] not in logs
