"""`leash cedar validate`: its human output, JSON output and exit status, on real files."""

import json
import subprocess
from pathlib import Path

import pytest

import cedar_diff

SCHEMA = """
entity User { age: Long, nick?: String };
entity Doc;
action view appliesTo { principal: [User], resource: [Doc] };
"""
GOOD = 'permit(principal, action == Action::"view", resource) when { principal has nick && principal.age > 1 };\n'
BAD = ('permit(principal, action == Action::"view", resource)\n'
       'when { principal.nick == "x" && principal.age > "1" };\n')


def run(*args):
    binary = cedar_diff.leash_bin()
    if not binary.exists():
        pytest.fail(f"leash binary not found at {binary}: build it (swift build --product leash) or set LEASH_BIN")
    return subprocess.run([str(binary), "cedar", "validate", *map(str, args)], capture_output=True, text=True, timeout=60)


@pytest.fixture()
def files(tmp_path: Path):
    (tmp_path / "s.cedarschema").write_text(SCHEMA)
    (tmp_path / "good.cedar").write_text(GOOD)
    (tmp_path / "bad.cedar").write_text(BAD)
    return tmp_path


def test_valid_file_prints_ok_and_exits_zero(files):
    proc = run("--schema", files / "s.cedarschema", files / "good.cedar")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == f"{files / 'good.cedar'}: ok"


def test_errors_are_file_line_column_policy_message_and_exit_one(files):
    bad = files / "bad.cedar"
    proc = run("--schema", files / "s.cedarschema", files / "good.cedar", bad)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"{bad}:2:8: policy policy0: unable to guarantee safety of access to optional attribute `nick`" in proc.stdout
    assert any(line.startswith(f"{bad}:2:49: policy policy0: unexpected type: expected Long but found String") for line in lines)
    assert lines[-1] == f"{bad}: 2 errors"


def test_json_output(files):
    proc = run("--schema", files / "s.cedarschema", "--json", files / "good.cedar", files / "bad.cedar")
    assert proc.returncode == 1
    document = json.loads(proc.stdout)
    assert document["valid"] is False
    good, bad = document["files"]
    assert good["valid"] is True and good["errors"] == []
    assert [(e["line"], e["column"], e["kind"]) for e in bad["errors"]] == [
        (2, 8, "unsafeOptionalAttributeAccess"), (2, 49, "unexpectedType")]
    assert bad["errors"][1]["expected"] == "Long" and bad["errors"][1]["found"] == "String"


def test_json_schema_file_is_read_as_json(files):
    schema = {"": {"entityTypes": {"User": {"shape": {"type": "Record", "attributes": {
        "age": {"type": "Long"}, "nick": {"type": "String", "required": False}}}}, "Doc": {}},
        "actions": {"view": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Doc"]}}}}}
    (files / "s.cedarschema.json").write_text(json.dumps(schema))
    assert run("--schema", files / "s.cedarschema.json", files / "good.cedar").returncode == 0
    assert run("--schema", files / "s.cedarschema.json", files / "bad.cedar").returncode == 1


def test_unparsable_policy_unreadable_file_and_bad_schema_exit_one(files):
    (files / "broken.cedar").write_text("permit(principal, action, resource) when { 1 + };")
    proc = run("--schema", files / "s.cedarschema", files / "broken.cedar")
    assert proc.returncode == 1 and "broken.cedar:1:" in proc.stdout
    proc = run("--schema", files / "s.cedarschema", files / "missing.cedar")
    assert proc.returncode == 1 and "cannot read" in proc.stdout
    (files / "bad.cedarschema").write_text("entity User in [Nope];")
    proc = run("--schema", files / "bad.cedarschema", files / "good.cedar")
    assert proc.returncode == 1 and "bad.cedarschema" in proc.stderr
