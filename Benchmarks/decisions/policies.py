#!/usr/bin/env python3
"""Writes N Cedar policies over the Leash model (docs/policy.md) into DIR/bench.cedar, shaped like a
large estate's set: one baseline permit, many policies about other identities and operations (the
index must skip them), and a few unconstrained ones with conditions every decision evaluates.
None of them refuses the benchmark's calls (run.sh checks every call is allowed).

    policies.py DIR --count 1000
"""

import argparse
from pathlib import Path

OPERATIONS = ["listItems", "createItem", "getItem", "updateItem", "getItemHistory", "getStock"]


def policies(count: int) -> list[str]:
    out = ['@id("baseline-permit")\npermit (principal is Leash::Identity, action, resource);']
    for n in range(1, count):
        shape = n % 10
        if shape < 5:
            # Another team's identity, restricted to a network (principal-scoped: indexed away).
            out.append(
                f'@id("net-{n}")\nforbid (principal == Leash::Identity::"svc-other-{n}", action, resource)\n'
                f'unless {{ context has source_ip && context.source_ip.isInRange(ip("10.{n % 250}.0.0/16")) }};')
        elif shape < 8:
            # Tenant isolation on one operation (action-scoped).
            op = OPERATIONS[n % len(OPERATIONS)]
            out.append(
                f'@id("tenant-{n}")\nforbid (principal is Leash::Identity, action == Leash::Action::"bench/{op}", resource)\n'
                f'when {{ principal.tenant == "tenant-{n}" }};')
        elif shape < 9 or n % 50 != 9:
            # Time windows for batch identities that do not exist in the benchmark estate.
            out.append(
                f'@id("window-{n}")\nforbid (principal == Leash::Identity::"batch-{n}", action in Leash::Action::"items:write", resource)\n'
                f'unless {{ context.hour >= {n % 12} && context.hour < {n % 12 + 8} }};')
        else:
            # Unconstrained: evaluated on every decision, false for the benchmark's callers.
            out.append(
                f'@id("guard-{n}")\nforbid (principal, action, resource)\n'
                f'when {{ context.method == "DELETE" && context.hour == {n % 24} }};')
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    text = "\n\n".join(policies(args.count)) + "\n"
    (args.dir / "bench.cedar").write_text(text)


if __name__ == "__main__":
    main()
