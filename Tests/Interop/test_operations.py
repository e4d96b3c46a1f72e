"""What an operator relies on: health and readiness probes and Prometheus metrics."""

from __future__ import annotations

import re

import requests

from interop_estate import BILLING
from interop_http import post_form


def metric_value(text: str, name: str, **labels: str) -> float:
    """The sum of a Prometheus counter's samples whose labels include `labels`."""
    total = 0.0
    for line in text.splitlines():
        match = re.match(rf"^{re.escape(name)}(\{{[^}}]*\}})?\s+([0-9.eE+-]+)$", line)
        if not match:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(match.group(2))
    return total


def test_health_and_readiness(estate):
    assert requests.get(estate.server.base_url + "/healthz", timeout=10).status_code == 200
    assert requests.get(estate.server.base_url + "/readyz", timeout=10).status_code == 200


def test_metrics_count_issued_and_refused_tokens(estate, ledger):
    url = estate.server.base_url + "/metrics"
    before = requests.get(url, timeout=10).text
    auth = ("svc-basic", estate.secrets["svc-basic"])
    for _ in range(3):
        ok = post_form(estate.token_url, {"grant_type": "client_credentials", "resource": BILLING,
                                          "scope": "invoices:read"}, ledger, auth=auth)
        assert ok.status_code == 200
    for _ in range(2):
        refused = post_form(estate.token_url, {"grant_type": "client_credentials", "resource": BILLING,
                                               "scope": "payments:read"}, ledger, auth=auth)
        assert refused.status_code == 400
    after = requests.get(url, timeout=10)
    assert after.status_code == 200 and after.headers["Content-Type"].startswith("text/plain")
    issued = (metric_value(after.text, "leash_tokens_issued_total", grant_type="client_credentials")
              - metric_value(before, "leash_tokens_issued_total", grant_type="client_credentials"))
    scope_refusals = (metric_value(after.text, "leash_tokens_refused_total", reason="invalid_scope")
                      - metric_value(before, "leash_tokens_refused_total", reason="invalid_scope"))
    # Other tests may run concurrently in the same server only if pytest-xdist is used; it is not.
    assert issued == 3, f"leash_tokens_issued_total grew by {issued}"
    assert scope_refusals == 2, f"leash_tokens_refused_total{{reason=invalid_scope}} grew by {scope_refusals}"
