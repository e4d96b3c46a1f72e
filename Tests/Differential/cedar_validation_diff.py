"""Differential testing of Leash's strict Cedar validator against cedarpy's `validate_policies`.

Generates schemas and policies (cedar_validation_gen), asks cedarpy whether each policy
validates, and runs `leash cedar validate --schema S --json FILES…` once per schema on the same
files. A disagreement is a policy one side accepts and the other refuses (or a policy cedarpy
parses and Leash does not).

Command line (from the repository root):

    python3 Tests/Differential/cedar_validation_diff.py --seed 42 --cases 5000
    python3 Tests/Differential/cedar_validation_diff.py --seed 42 --cases 5000 --save pending/validation

`--save DIR` writes each disagreement as DIR/<name>.cedarschema (or .cedarschema.json) + DIR/<name>.cedar.
Environment: LEASH_BIN (default .build/debug/leash).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import cedarpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cedar_validation_gen  # noqa: E402
from cedar_diff import leash_bin  # noqa: E402

POLICIES_PER_SCHEMA = 50


@dataclass
class Disagreement:
    name: str
    schema: str
    policy: str
    cedarpy_valid: bool
    cedarpy_errors: list
    leash: dict

    def describe(self) -> str:
        leash_errors = self.leash.get("problem") or [
            f'{e["line"]}:{e["column"]}: {e["message"]}' for e in self.leash.get("errors", [])]
        return (f"--- {self.name}: cedarpy says {'valid' if self.cedarpy_valid else 'invalid'}, "
                f"leash says {'valid' if self.leash.get('valid') else 'invalid'}\n"
                f"schema:\n{self.schema}\npolicy:\n{self.policy}\n"
                f"cedarpy errors: {self.cedarpy_errors}\nleash errors: {leash_errors}\n")


@dataclass
class Run:
    compared: int = 0
    valid: int = 0
    invalid: int = 0
    disagreements: list = field(default_factory=list)


def validate_with_leash(schema_path: Path, files: list) -> dict:
    """`leash cedar validate --json` on `files`: the per-file results by path."""
    proc = subprocess.run(
        [str(leash_bin()), "cedar", "validate", "--schema", str(schema_path), "--json", *map(str, files)],
        capture_output=True, text=True, timeout=300)
    try:
        document = json.loads(proc.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(
            f"leash cedar validate printed no JSON (exit {proc.returncode}): {error}\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}") from error
    return {entry["file"]: entry for entry in document["files"]}


def compare(cases: list, folder: Path, run: Run) -> None:
    """Validates `cases` ([(name, schema_text, policy_text)] sharing one schema) both ways."""
    if not cases:
        return
    schema_text = cases[0][1]
    suffix = ".cedarschema.json" if schema_text.lstrip().startswith("{") else ".cedarschema"
    schema_path = folder / f"{cases[0][0]}{suffix}"
    schema_path.write_text(schema_text, encoding="utf-8")
    files = []
    for name, _, policy in cases:
        path = folder / f"{name}.cedar"
        path.write_text(policy, encoding="utf-8")
        files.append(path)
    leash = validate_with_leash(schema_path, files)
    for (name, schema, policy), path in zip(cases, files):
        answer = cedarpy.validate_policies(policy, schema)
        errors = [str(e) for e in answer.errors]
        mine = leash[str(path)]
        run.compared += 1
        if answer.validation_passed:
            run.valid += 1
        else:
            run.invalid += 1
        if bool(mine.get("valid")) != answer.validation_passed:
            run.disagreements.append(Disagreement(name, schema, policy, answer.validation_passed, errors, mine))


def differential(seed: int, wanted: int, folder: Path) -> Run:
    """At least `wanted` generated policies, compared."""
    schemas = -(-wanted // POLICIES_PER_SCHEMA)
    run = Run()
    for i, (schema, policies) in enumerate(cedar_validation_gen.generate(seed, schemas, POLICIES_PER_SCHEMA)):
        compare([(f"s{seed}_schema{i}_p{j}", schema, p) for j, p in enumerate(policies)], folder, run)
    return run


def saved_cases(folder: Path) -> list:
    """The saved cases in `folder`: each `<name>.cedar` with the schema `<name>.cedarschema`
    (or `<name>.cedarschema.json`)."""
    cases = []
    for p in sorted(folder.glob("*.cedar")):
        schema = p.with_suffix(".cedarschema")
        if not schema.exists():
            schema = p.with_suffix(".cedarschema.json")
        cases.append((p.stem, schema.read_text(encoding="utf-8"), p.read_text(encoding="utf-8")))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--save", type=Path, help="write disagreements here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cedar-validation-diff-") as tmp:
        run = differential(args.seed, args.cases, Path(tmp))
    print(f"seed {args.seed}: {run.compared} policies ({run.valid} valid, {run.invalid} invalid per cedarpy), "
          f"{len(run.disagreements)} disagreements")
    for d in run.disagreements[:10]:
        print(d.describe())
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for d in run.disagreements:
            suffix = ".cedarschema.json" if d.schema.lstrip().startswith("{") else ".cedarschema"
            (args.save / f"{d.name}{suffix}").write_text(d.schema, encoding="utf-8")
            (args.save / f"{d.name}.cedar").write_text(d.policy, encoding="utf-8")
    return 1 if run.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
