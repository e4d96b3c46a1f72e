"""Differential test: Leash's Cedar authorizer must agree with cedarpy (Cedar's Rust engine).

Runs at least CEDAR_DIFF_REQUESTS (default 10,000) generated requests through
cedarpy and through `leash cedar conformance`, and fails on any disagreement in
decision, determining policies or erroring policies. The seed is printed; set
CEDAR_DIFF_SEED to reproduce a run. The fixed cases in regressions/ (earlier
disagreements) run every time.

Needs the leash binary (LEASH_BIN, default .build/debug/leash) and
`pip install -r Tests/requirements.txt`.
"""

import json
import os
import tempfile
from pathlib import Path

import pytest

import cedar_diff

HERE = Path(__file__).resolve().parent
REGRESSIONS = HERE / "regressions"


def _require_leash():
    binary = cedar_diff.leash_bin()
    if not binary.exists():
        pytest.fail(f"leash binary not found at {binary}: build it (swift build --product leash) or set LEASH_BIN")


def _seed() -> int:
    env = os.environ.get("CEDAR_DIFF_SEED")
    return int(env) if env else int.from_bytes(os.urandom(4), "big")


def test_generated_requests_agree_with_cedarpy():
    _require_leash()
    seed = _seed()
    total_wanted = int(os.environ.get("CEDAR_DIFF_REQUESTS", "10000"))
    print(f"CEDAR_DIFF_SEED={seed} (set it to reproduce this run)")
    with tempfile.TemporaryDirectory(prefix="cedar-diff-") as tmp:
        cases, total, run = cedar_diff.differential(seed, total_wanted, Path(tmp))
        assert total >= total_wanted
        if run.failed or run.passed != total:
            pytest.fail(
                f"CEDAR_DIFF_SEED={seed}: leash disagrees with cedarpy on {run.failed} of {total} requests "
                f"({run.passed} passed)\n{cedar_diff.failing_report(cases, run.output)}\n"
                f"--- leash output (tail) ---\n{run.output[-6000:]}"
            )
    print(f"{total} requests agree with cedarpy")


def test_regression_cases_agree_with_cedarpy():
    _require_leash()
    tests = sorted(p for p in REGRESSIONS.glob("*.json") if not p.name.endswith(".entities.json"))
    assert tests, f"no regression cases in {REGRESSIONS}"
    total = sum(len(json.loads(p.read_text(encoding="utf-8"))["requests"]) for p in tests)
    run = cedar_diff.run_conformance(REGRESSIONS)
    assert run.failed == 0 and run.passed == total, run.output[-6000:]


def test_regression_expectations_are_still_cedarpys_answers():
    """The stored expectations must be what cedarpy answers today (so they cannot rot)."""
    import cedarpy

    tests = sorted(p for p in REGRESSIONS.glob("*.json") if not p.name.endswith(".entities.json"))
    assert tests, f"no regression cases in {REGRESSIONS}"
    for path in tests:
        test = json.loads(path.read_text(encoding="utf-8"))
        policies = (REGRESSIONS / test["policies"]).read_text(encoding="utf-8")
        entities = (REGRESSIONS / test["entities"]).read_text(encoding="utf-8")
        requests = [{k: r[k] for k in ("principal", "action", "resource", "context")} for r in test["requests"]]
        results = cedarpy.is_authorized_batch(requests, cedarpy.PolicySet.from_str(policies), entities)
        for r, result in zip(test["requests"], results):
            errors = sorted({m.group(1) for m in map(cedar_diff._ERROR_RE.match, result.diagnostics.errors) if m})
            got = (result.decision.value.lower(), sorted(result.diagnostics.reasons), errors)
            assert got == (r["decision"], sorted(r["reason"]), sorted(r["errors"])), f"{path.name}: {r['description']}"


PENDING = HERE / "pending"


@pytest.mark.parametrize(
    "test_file",
    sorted(p.name for p in PENDING.glob("*.json") if not p.name.endswith(".entities.json")),
)
@pytest.mark.xfail(strict=True, reason="known disagreement with cedarpy, not fixed yet: when this passes, "
                                       "move the case from pending/ to regressions/")
def test_pending_disagreements_still_disagree(test_file):
    """Open disagreements (pending/): each must still fail; once Leash is fixed the strict xfail
    turns into a failure, telling whoever fixed it to move the case into regressions/."""
    _require_leash()
    test = json.loads((PENDING / test_file).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="cedar-pending-") as tmp:
        for key in ("policies", "entities"):
            (Path(tmp) / test[key]).write_bytes((PENDING / test[key]).read_bytes())
        (Path(tmp) / test_file).write_text(json.dumps(test), encoding="utf-8")
        run = cedar_diff.run_conformance(Path(tmp))
    assert run.failed == 0 and run.passed == len(test["requests"]), run.output[-2000:]
