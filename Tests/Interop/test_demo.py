"""`leash demo`, the README's first command, followed exactly as its printed guide says.

The demo is started as a user would start it (`leash demo --listen HOST:PORT`); the test reads the
guide it prints (admin secret, demo client, audience, scopes, data directory) and then makes every
call the guide suggests, checking each answer the guide promises: a token, the three gateway checks
(allowed with the identity headers, a missing scope, a path that climbs out of its route), the
recorded usage, the policy history, introspection before and after revocation, a refused scope, the
listing commands, `leash analyze` on the data directory, discovery and the JWKS. Ctrl-C (SIGINT) must
stop it cleanly and delete the throw-away data directory.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from leash_server import clean_environment, free_loopback_port, leash_binary


def read_guide(process: subprocess.Popen, deadline: float) -> str:
    """Standard output up to the guide's last line (it ends with the JWKS example)."""
    lines: list[str] = []
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        lines.append(line)
        if "/jwks.json" in line:
            return "".join(lines)
    raise AssertionError(f"leash demo printed no complete guide:\n{''.join(lines)}")


def field(guide: str, pattern: str) -> str:
    match = re.search(pattern, guide)
    assert match, f"the guide has no match for {pattern!r}:\n{guide}"
    return match.group(1)


@pytest.fixture(scope="module")
def demo():
    port = free_loopback_port()
    process = subprocess.Popen(
        [str(leash_binary()), "demo", "--listen", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_environment(),
    )
    try:
        guide = read_guide(process, time.monotonic() + 120)
        info = {
            "guide": guide,
            "process": process,
            "base": field(guide, r"Leash demo is running at (\S+)"),
            "data_dir": field(guide, r"\(data in (\S+), deleted on exit"),
            "admin": field(guide, r"export LEASH_ADMIN_TOKEN=(\S+)"),
            "client_id": field(guide, r"client_id\s+(\S+)"),
            "client_secret": field(guide, r"client_secret\s+(\S+)"),
            "audience": field(guide, r"-d resource=(\S+) -d scope="),
            "scope": field(guide, r"-d scope='([^']+)'"),
        }
        # The guide is printed once the server listens: its first command must work at once.
        assert requests.get(f"{info['base']}/readyz", timeout=5).status_code == 200
        yield info
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def cli(demo, *args: str) -> subprocess.CompletedProcess:
    environment = clean_environment() | {"LEASH_SERVER": demo["base"], "LEASH_ADMIN_TOKEN": demo["admin"]}
    return subprocess.run(
        [str(leash_binary()), *args], capture_output=True, text=True, env=environment, timeout=120,
    )


def token(demo, scope: str | None = None) -> requests.Response:
    return requests.post(
        f"{demo['base']}/oauth/token",
        auth=(demo["client_id"], demo["client_secret"]),
        data={"grant_type": "client_credentials", "resource": demo["audience"], "scope": scope or demo["scope"]},
        timeout=10,
    )


def check(demo, access_token: str, method: str, uri: str) -> requests.Response:
    return requests.get(
        f"{demo['base']}/gateway/check",
        headers={"Authorization": f"Bearer {access_token}", "X-Original-Method": method, "X-Original-URI": uri},
        timeout=10,
    )


def test_the_guide_end_to_end(demo):
    answer = token(demo)
    assert answer.status_code == 200, answer.text
    access_token = answer.json()["access_token"]

    # The three gateway checks the guide prints.
    allowed = check(demo, access_token, "GET", "/orders/42")
    assert allowed.status_code == 200, allowed.headers
    assert allowed.headers["X-Leash-Identity"] == demo["client_id"]
    assert "orders.read" in allowed.headers["X-Leash-Scopes"].split()
    missing = check(demo, access_token, "POST", "/deployments")
    assert missing.status_code == 403
    assert missing.headers["X-Leash-Reason"] == "scope_missing"
    climbing = check(demo, access_token, "GET", "/orders/%2e%2e/admin")
    assert climbing.status_code == 403
    assert climbing.headers["X-Leash-Reason"] == "no_route"
    assert climbing.json()["reason"] == "no_route"

    # What the identity really used: the recorder writes in batches, so wait for the allowed call.
    deadline = time.monotonic() + 10
    while True:
        usage = cli(demo, "usage", demo["client_id"], "--json")
        assert usage.returncode == 0, usage.stderr
        if "getOrder" in usage.stdout or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert "getOrder" in usage.stdout, usage.stdout
    history = cli(demo, "policy", "history")
    assert history.returncode == 0, history.stderr
    assert history.stdout.strip()

    # Introspect, revoke, introspect again (RFC 7662, RFC 7009).
    basic = (demo["client_id"], demo["client_secret"])
    before = requests.post(f"{demo['base']}/oauth/introspect", auth=basic, data={"token": access_token}, timeout=10)
    assert before.json()["active"] is True
    revoked = requests.post(f"{demo['base']}/oauth/revoke", auth=basic, data={"token": access_token}, timeout=10)
    assert revoked.status_code == 200
    after = requests.post(f"{demo['base']}/oauth/introspect", auth=basic, data={"token": access_token}, timeout=10)
    assert after.json() == {"active": False}
    # The revoked token no longer passes the gateway (the decision point learns it from the store's feed).
    deadline = time.monotonic() + 5
    while check(demo, access_token, "GET", "/orders/42").status_code != 401 and time.monotonic() < deadline:
        time.sleep(0.1)
    gone = check(demo, access_token, "GET", "/orders/42")
    assert gone.status_code == 401
    assert gone.headers["X-Leash-Reason"] == "token_revoked"

    # A scope that is not granted is refused, and names the problem.
    refused = token(demo, "orders.delete")
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_scope"


@pytest.mark.parametrize(
    "args",
    [
        ["identity", "list"],
        ["grant", "list", "--identity", "{client_id}"],
        ["api", "list"],
        ["issuer", "list"],
        ["audit", "verify"],
        ["api", "operations", "orders"],
        ["analyze", "--data-dir", "{data_dir}"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_the_guide_commands_answer(demo, args):
    filled = [a.format(client_id=demo["client_id"], data_dir=demo["data_dir"]) for a in args]
    result = cli(demo, *filled)
    assert result.returncode == 0, f"leash {' '.join(filled)}: {result.stderr}"
    assert result.stdout.strip(), f"leash {' '.join(filled)} printed nothing"


def test_discovery_and_keys(demo):
    metadata = requests.get(f"{demo['base']}/.well-known/oauth-authorization-server", timeout=10)
    assert metadata.status_code == 200
    assert metadata.json()["issuer"] == demo["base"]
    keys = requests.get(f"{demo['base']}/jwks.json", timeout=10)
    assert keys.status_code == 200
    assert keys.json()["keys"]


def test_ctrl_c_stops_it_and_deletes_the_data(demo):
    # Runs last in this module (pytest keeps file order): stop the demo as the guide says.
    process: subprocess.Popen = demo["process"]
    assert Path(demo["data_dir"]).exists()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert not Path(demo["data_dir"]).exists()
    stderr = process.stderr.read() if process.stderr else ""
    assert demo["admin"] not in stderr, "the admin secret leaked into the logs"
