"""Differential test: Leash's strict Cedar validator must agree with cedarpy's `validate_policies`.

Validates at least CEDAR_VALIDATION_CASES (default 5,000) generated policies against generated
schemas with cedarpy and with `leash cedar validate --json`, and fails on any policy one accepts
and the other refuses. The seed is CEDAR_DIFF_SEED (printed in pytest's summary by conftest.py);
set it to replay a run. The hand-picked cases in validation_cases/ run every time.

Needs the leash binary (LEASH_BIN, default .build/debug/leash) and
`pip install -r Tests/requirements.txt`.
"""

import os
import tempfile
from pathlib import Path

import pytest

import cedar_diff
import cedar_validation_diff

HERE = Path(__file__).resolve().parent
CASES = HERE / "validation_cases"


def _require_leash():
    binary = cedar_diff.leash_bin()
    if not binary.exists():
        pytest.fail(f"leash binary not found at {binary}: build it (swift build --product leash) or set LEASH_BIN")


def test_generated_policies_validate_as_in_cedarpy():
    _require_leash()
    seed = int(os.environ.get("CEDAR_DIFF_SEED") or int.from_bytes(os.urandom(4), "big"))
    wanted = int(os.environ.get("CEDAR_VALIDATION_CASES", "5000"))
    print(f"CEDAR_DIFF_SEED={seed} (set it to reproduce this run)")
    with tempfile.TemporaryDirectory(prefix="cedar-validation-diff-") as tmp:
        run = cedar_validation_diff.differential(seed, wanted, Path(tmp))
    assert run.compared >= wanted
    # A generator that stopped producing one side would make agreement meaningless.
    assert run.valid >= wanted // 5 and run.invalid >= wanted // 5, (
        f"CEDAR_DIFF_SEED={seed}: only {run.valid} valid and {run.invalid} invalid policies generated")
    if run.disagreements:
        shown = "\n".join(d.describe() for d in run.disagreements[:5])
        pytest.fail(f"CEDAR_DIFF_SEED={seed}: leash disagrees with cedarpy on {len(run.disagreements)} of "
                    f"{run.compared} policies\n{shown}")
    print(f"{run.compared} policies ({run.valid} valid, {run.invalid} invalid) validate as in cedarpy")


def test_saved_validation_cases_agree_with_cedarpy():
    _require_leash()
    cases = cedar_validation_diff.saved_cases(CASES)
    assert cases, f"no cases in {CASES}"
    run = cedar_validation_diff.Run()
    with tempfile.TemporaryDirectory(prefix="cedar-validation-cases-") as tmp:
        for case in cases:
            cedar_validation_diff.compare([case], Path(tmp), run)
    assert not run.disagreements, "\n".join(d.describe() for d in run.disagreements)
