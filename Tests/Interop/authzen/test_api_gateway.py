"""The AuthZEN API-gateway interop scenario ($AUTHZEN_DIR/api-gateway/decisions.json): 25 route
decisions (5 routes × 5 users), against `leash serve` with fixtures/api-gateway pushed."""

from __future__ import annotations

import pytest

from authzen_support import load_data, push_fixture, record

BETH = "CiRmZDM2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs"


def cases():
    try:
        return load_data("api-gateway/decisions.json")["evaluation"]
    except FileNotFoundError:
        return [pytest.param(None, id="data-missing")]


@pytest.fixture(scope="module", autouse=True)
def gateway_policies(pdp, authzen_data):
    push_fixture(pdp.base_url, pdp.admin_secret, pdp.verify, "api-gateway",
                 probe={"subject": {"type": "identity", "id": BETH}, "action": {"name": "GET"},
                        "resource": {"type": "route", "id": "/todos"}}, expected=True)


@pytest.mark.parametrize("case", cases())
def test_gateway_decision(case, pep):
    passed = False
    try:
        decision = pep.evaluate(case["request"])
        assert decision is case["expected"], f"{case['request']}: decision {decision}, expected {case['expected']}"
        passed = True
    finally:
        record("api-gateway", passed)
