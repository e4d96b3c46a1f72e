#!/usr/bin/env python3
"""Time from `leash revoke token JTI` to the first refused call on that token.

One thread calls /gateway/check with the token in a tight loop on one keep-alive connection
(recording when each call was sent and answered); the main thread revokes the token — with the
CLI (`leash revoke token JTI`, a process start included) or with one `POST /v1/revocations` —
and the loop runs until the token is refused. Per trial it reports:
  - to refusal: from the start of the revoke command to the first refused answer;
  - after return: calls *sent* after the revoke command returned that were still allowed
    (must be 0: revocation holds on the very next call).

Run by run.sh against its benchmark server; by hand:
    LEASH_SERVER=… LEASH_ADMIN_TOKEN=… LEASH_BIN=… revocation.py --client ID --secret S \
        --audience URI --route 'GET /items/42' --trials 20
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import statistics
import subprocess
import threading
import time
import urllib.parse
import urllib.request


def fetch_token(base: str, client: str, secret: str, audience: str) -> str:
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "resource": audience}).encode()
    request = urllib.request.Request(base + "/oauth/token", data=form)
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{client}:{secret}".encode()).decode())
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)["access_token"]


def jti_of(token: str) -> str:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["jti"]


class Hammer(threading.Thread):
    """Calls /gateway/check with one token until it is refused (plus a few more calls)."""

    def __init__(self, base: str, token: str, method: str, uri: str):
        super().__init__(daemon=True)
        parsed = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
        self.headers = {"Authorization": f"Bearer {token}", "X-Original-Method": method, "X-Original-URI": uri}
        self.calls: list[tuple[float, float, int]] = []  # (sent, answered, status)
        self.stop = threading.Event()

    def run(self) -> None:
        refused_after = 0
        while not self.stop.is_set() and refused_after < 5:
            sent = time.perf_counter()
            self.connection.request("GET", "/gateway/check", headers=self.headers)
            answer = self.connection.getresponse()
            answer.read()
            self.calls.append((sent, time.perf_counter(), answer.status))
            if answer.status != 200:
                refused_after += 1
        self.connection.close()


def revoke_with_cli(binary: str, jti: str) -> None:
    subprocess.run([binary, "revoke", "token", "--", jti], check=True, capture_output=True, timeout=30)


def revoke_with_api(base: str, admin_token: str, jti: str) -> None:
    body = json.dumps({"kind": "token", "id": jti}).encode()
    request = urllib.request.Request(base + "/v1/revocations", data=body, method="POST")
    request.add_header("Authorization", f"Bearer {admin_token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def trial(args, how: str) -> dict:
    token = fetch_token(args.server, args.client, args.secret, args.audience)
    method, uri = args.route.split(" ", 1)
    hammer = Hammer(args.server, token, method, uri)
    hammer.start()
    time.sleep(args.settle)  # allowed calls first (the token is verified and cached); earlier trials settle
    assert hammer.calls and all(status == 200 for _, _, status in hammer.calls), hammer.calls[:3]
    jti = jti_of(token)
    started = time.perf_counter()
    if how == "cli":
        revoke_with_cli(args.leash, jti)
    else:
        revoke_with_api(args.server, args.admin_token, jti)
    returned = time.perf_counter()
    hammer.join(timeout=30)
    hammer.stop.set()
    refusals = [(sent, answered) for sent, answered, status in hammer.calls if status != 200]
    assert refusals, "the revoked token was never refused"
    first_refused = min(answered for _, answered in refusals)
    allowed_after_return = sum(1 for sent, _, status in hammer.calls if status == 200 and sent > returned)
    calls = [answered - sent for sent, answered, _ in hammer.calls]
    return {"to_refusal_ms": (first_refused - started) * 1000, "command_ms": (returned - started) * 1000,
            "allowed_after_return": allowed_after_return, "call_ms": statistics.median(calls) * 1000,
            "calls": len(hammer.calls)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--audience", required=True)
    parser.add_argument("--route", default="GET /items/42")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--settle", type=float, default=1.0, help="seconds of allowed calls before each revocation")
    parser.add_argument("--via", default="cli,api", help="how to revoke: cli (leash revoke token), api (POST /v1/revocations)")
    args = parser.parse_args()
    args.server = os.environ["LEASH_SERVER"]
    args.admin_token = os.environ["LEASH_ADMIN_TOKEN"]
    args.leash = os.environ.get("LEASH_BIN", ".build/release/leash")
    labels = {"cli": "leash revoke token (CLI)", "api": "POST /v1/revocations"}
    calls = 0
    for how in args.via.split(","):
        label = labels[how]
        results = [trial(args, how) for _ in range(args.trials)]
        calls += sum(r["calls"] for r in results)
        refusal = sorted(r["to_refusal_ms"] for r in results)
        command = sorted(r["command_ms"] for r in results)
        late = sum(r["allowed_after_return"] for r in results)
        print(f"revocation via {label}, {args.trials} trials: to first refused call p50 {statistics.median(refusal):.2f} ms, "
              f"max {refusal[-1]:.2f} ms (the command itself p50 {statistics.median(command):.2f} ms); "
              f"calls sent after the command returned and still allowed: {late}; "
              f"one check call p50 {statistics.median(r['call_ms'] for r in results):.3f} ms")
    print(f"REVOCATION_CALLS {calls}")


if __name__ == "__main__":
    main()
