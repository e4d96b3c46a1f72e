"""Differential testing of Leash's Cedar engine against cedarpy (Cedar's Rust engine).

Generates random cases (cedar_gen), asks cedarpy for the decision, the
determining policies and the erroring policies, writes the cases in the Cedar
integration-test format (no schema), and runs `leash cedar conformance` on them.

Command line (from the repository root):

    python3 Tests/Differential/cedar_diff.py --seed 42 --requests 10000
    python3 Tests/Differential/cedar_diff.py --seed 42 --case 17 --save regressions/my_case

Environment: LEASH_BIN (default .build/debug/leash).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cedarpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cedar_gen import Generator, PolicyCase, json_dumps  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
REQUESTS_PER_CASE = 20
_ERROR_RE = re.compile(r"^error while evaluating policy `([^`]+)`")
_SUMMARY_RE = re.compile(r"(\d+) passed, (\d+) failed")


def leash_bin() -> Path:
    path = Path(os.environ.get("LEASH_BIN", ".build/debug/leash"))
    return path if path.is_absolute() else REPO_ROOT / path


@dataclass
class Case:
    """One generated policy set with its entities, requests and cedarpy's answers."""
    seed: int
    index: int
    policies: PolicyCase
    entities: list
    requests: list  # request dicts with expected decision/reason/errors added

    @property
    def name(self) -> str:
        return f"s{self.seed}_c{self.index}"

    def describe(self, request_index: int) -> str:
        return f"seed {self.seed} case {self.index} request {request_index}"


class GeneratorRejected(Exception):
    """cedarpy refused the generated input (a generator bug, not an engine disagreement)."""


def cedarpy_policy_set(pc: PolicyCase) -> "cedarpy.PolicySet":
    ps = cedarpy.PolicySet.from_str(pc.text_with_templates())
    if pc.links:
        ps = ps.with_linked_batch([
            {
                "template_id": f"policy{ti}",
                "new_id": pc.link_id(j),
                "values": {slot: {"type": t, "id": i} for slot, (t, i) in values.items()},
            }
            for j, (ti, values) in enumerate(pc.links)
        ])
    return ps


def expected_answers(pc: PolicyCase, entities: list, requests: list) -> list:
    """cedarpy's decision, reasons and erroring policy ids for each request (one batch call)."""
    try:
        ps = cedarpy_policy_set(pc)
    except ValueError as e:
        raise GeneratorRejected(f"policy set rejected by cedarpy: {e}") from e
    results = cedarpy.is_authorized_batch(requests, ps, json.dumps(entities))
    answers = []
    for result in results:
        decision = result._authz_resp.get("decision")
        if decision not in ("Allow", "Deny"):
            raise GeneratorRejected(f"cedarpy gave {decision}: {result.diagnostics.errors}")
        errors = set()
        for message in result.diagnostics.errors:
            m = _ERROR_RE.match(message)
            if not m:
                raise GeneratorRejected(f"unexpected cedarpy error: {message}")
            errors.add(m.group(1))
        answers.append({
            "decision": decision.lower(),
            "reason": sorted(result.diagnostics.reasons),
            "errors": sorted(errors),
        })
    return answers


def generate_case(seed: int, index: int, n_requests: int = REQUESTS_PER_CASE, attempts: int = 20) -> Case:
    """Case `index` of run `seed`; deterministic in (seed, index, attempt)."""
    last = None
    for attempt in range(attempts):
        g = Generator(seed * 1_000_003 + index * 101 + attempt)
        g.make_universe(size=g.rng.randrange(6, 20))
        pc = g.policy_set(n_static=g.rng.randrange(1, 9), n_templates=g.rng.choice([0, 0, 1, 2]))
        requests = [g.request() for _ in range(n_requests)]
        try:
            answers = expected_answers(pc, g.universe.stored, requests)
        except GeneratorRejected as e:
            last = e
            continue
        for r, a in zip(requests, answers):
            r.update(a)
        return Case(seed, index, pc, g.universe.stored, requests)
    raise RuntimeError(f"generator failed {attempts} times for seed {seed} case {index}: {last}")


def write_case(case: Case, folder: Path, name: str | None = None) -> int:
    """Writes the case as a Cedar integration test (paths relative to `folder`); returns its request count."""
    name = name or case.name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.cedar").write_text(case.policies.linked_static_text(), encoding="utf-8")
    (folder / f"{name}.entities.json").write_text(json_dumps(case.entities), encoding="utf-8")
    requests = []
    for i, r in enumerate(case.requests):
        requests.append({
            "description": case.describe(i),
            "principal": r["principal"],
            "action": r["action"],
            "resource": r["resource"],
            "context": r["context"],
            "validateRequest": False,
            "decision": r["decision"],
            "reason": r["reason"],
            "errors": r["errors"],
        })
    test = {
        "policies": f"{name}.cedar",
        "entities": f"{name}.entities.json",
        "requests": requests,
    }
    (folder / f"{name}.json").write_text(json_dumps(test), encoding="utf-8")
    return len(requests)


@dataclass
class ConformanceRun:
    passed: int
    failed: int
    output: str
    returncode: int


def run_conformance(folder: Path) -> ConformanceRun:
    binary = leash_bin()
    if not binary.exists():
        raise FileNotFoundError(f"leash binary not found at {binary} (build it, or set LEASH_BIN)")
    proc = subprocess.run([str(binary), "cedar", "conformance", str(folder)],
                          capture_output=True, text=True, timeout=1800)
    output = proc.stdout + proc.stderr
    m = None
    for m in _SUMMARY_RE.finditer(output):
        pass
    if m is None:
        raise AssertionError(f"no 'N passed, N failed' line in leash output (exit {proc.returncode}):\n{output[-4000:]}")
    return ConformanceRun(int(m.group(1)), int(m.group(2)), output, proc.returncode)


def failing_report(cases: list, output: str, limit: int = 5) -> str:
    """Shows, for up to `limit` failing requests named in leash's output, the full input."""
    lines = []
    shown = 0
    for case in cases:
        for i, r in enumerate(case.requests):
            tag = case.describe(i)
            if not re.search(re.escape(tag) + r"(?!\d)", output):
                continue
            shown += 1
            lines.append(f"==== {tag} ====")
            lines.append("-- policies (templates unlinked; links written as static policies after them):")
            lines.append(case.policies.linked_static_text())
            lines.append("-- entities: " + json.dumps(case.entities, ensure_ascii=False))
            lines.append("-- request: " + json.dumps({k: r[k] for k in ("principal", "action", "resource", "context")}, ensure_ascii=False))
            lines.append(f"-- cedarpy: decision={r['decision']} reason={r['reason']} errors={r['errors']}")
            lines.append(f"-- reproduce: python3 Tests/Differential/cedar_diff.py --seed {case.seed} --case {case.index} --save Tests/Differential/regressions/<name>")
            if shown >= limit:
                return "\n".join(lines)
    return "\n".join(lines)


def differential(seed: int, total_requests: int, workdir: Path) -> tuple[list, int, ConformanceRun]:
    n_cases = max(1, -(-total_requests // REQUESTS_PER_CASE))
    cases = [generate_case(seed, i) for i in range(n_cases)]
    total = sum(write_case(c, workdir) for c in cases)
    return cases, total, run_conformance(workdir)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--case", type=int, default=None, help="only this case of the run")
    ap.add_argument("--save", type=Path, default=None, help="with --case: write the case to this path stem (regression)")
    ap.add_argument("--generate-only", action="store_true", help="check the generator against cedarpy, without leash")
    ap.add_argument("--keep", type=Path, default=None, help="write the cases here instead of a temp folder")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
    print(f"CEDAR_DIFF_SEED={seed}")
    if args.case is not None:
        case = generate_case(seed, args.case)
        if args.save:
            n = write_case(case, args.save.parent, args.save.name)
            print(f"wrote {n} requests to {args.save}.json")
            return 0
        cases = [case]
    else:
        cases = None
    if args.generate_only:
        n_cases = max(1, -(-args.requests // REQUESTS_PER_CASE))
        cases = cases or [generate_case(seed, i) for i in range(n_cases)]
        stats = {"allow": 0, "deny": 0, "with_errors": 0, "with_reasons": 0}
        for c in cases:
            for r in c.requests:
                stats[r["decision"]] += 1
                stats["with_errors"] += bool(r["errors"])
                stats["with_reasons"] += bool(r["reason"])
        print(f"{len(cases)} cases, {sum(len(c.requests) for c in cases)} requests: {stats}")
        return 0
    with tempfile.TemporaryDirectory(prefix="cedar-diff-") as tmp:
        workdir = args.keep or Path(tmp)
        if cases is None:
            cases, total, run = differential(seed, args.requests, workdir)
        else:
            total = sum(write_case(c, workdir) for c in cases)
            run = run_conformance(workdir)
        print(f"leash: {run.passed} passed, {run.failed} failed of {total} requests")
        if run.failed or run.passed != total:
            print(failing_report(cases, run.output))
            print(run.output[-6000:])
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
