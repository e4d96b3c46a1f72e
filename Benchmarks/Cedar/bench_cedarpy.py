"""Times cedarpy (Cedar's Rust engine) on a workload folder written by workload.py.

Policies and entities are parsed once (PolicySet / Entities handles), outside the timing.
Prints one JSON object:
  engine_p50_us / engine_p99_us: cedarpy's own per-request `authz_duration_micros` metric
      (the Rust `is_authorized` call; excludes request/context building; whole microseconds),
  batch_mean_us: wall time of one is_authorized_batch call over all requests / n
      (includes building each request from JSON and Python result decoding),
  call_p50_us / call_p99_us: wall time of single is_authorized calls with the parsed handles
      (everything above plus the Python call overhead),
  allow, decisions: the Allow count and one letter (A/D) per request, to check both sides agree.

    python3 bench_cedarpy.py WORKLOAD_DIR [--rounds 3]
"""
import argparse
import json
import statistics
import time
from pathlib import Path

import cedarpy


def percentile(xs, p):
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return xs[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workload", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    policies = cedarpy.PolicySet.from_str((a.workload / "policies.cedar").read_text())
    entities = cedarpy.Entities.from_json_str((a.workload / "entities.json").read_text())
    requests = json.loads((a.workload / "requests.json").read_text())
    n = len(requests)

    engine, batch = [], []
    allow = None
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        results = cedarpy.is_authorized_batch(requests, policies, entities)
        batch.append((time.perf_counter() - t0) / n * 1e6)
        engine += [r.metrics["authz_duration_micros"] for r in results]
        allow = sum(r.allowed for r in results)
        decisions = "".join("A" if r.allowed else "D" for r in results)
    calls = []
    for req in requests:
        t0 = time.perf_counter()
        cedarpy.is_authorized(req, policies, entities)
        calls.append((time.perf_counter() - t0) * 1e6)
    print(json.dumps({
        "policies": len(policies), "requests": n, "allow": allow, "decisions": decisions,
        "engine_p50_us": percentile(engine, 50), "engine_p99_us": percentile(engine, 99),
        "batch_mean_us": round(statistics.median(batch), 2),
        "call_p50_us": round(percentile(calls, 50), 2), "call_p99_us": round(percentile(calls, 99), 2),
    }))


if __name__ == "__main__":
    main()
