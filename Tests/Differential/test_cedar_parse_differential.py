"""Differential test of the parser: Leash must accept exactly the policy texts cedarpy accepts.

Two sources of texts: a fixed table of syntax corners (trailing commas, reserved words, too many
unary operators, chained relations, bad escapes, slots in conditions, …), and random mutations
(deleted, duplicated, swapped or replaced characters and tokens) of generated policy sets, which
are mostly invalid in interesting ways. Each text is parsed by cedarpy (`PolicySet.from_str`) and
by `leash cedar check`; the test fails when one accepts and the other rejects. The seed is printed;
CEDAR_DIFF_SEED reproduces a run.
"""

import os
import random
import subprocess
import tempfile
from pathlib import Path

import cedarpy
import pytest

import cedar_diff
from cedar_gen import Generator

CORNERS = {
    "trailing_comma_record": 'permit(principal, action, resource) when { {a: 1,}.a == 1 };',
    "trailing_comma_set": 'permit(principal, action, resource) when { [1, 2,].contains(1) };',
    "trailing_comma_actions": 'permit(principal, action in [Action::"a",], resource);',
    "comments": 'permit(principal, action, resource) // hi\n when { true }; // end',
    "min_long": 'permit(principal, action, resource) when { -9223372036854775808 < 0 };',
    "double_negated_min_long": 'permit(principal, action, resource) when { --9223372036854775808 < 0 };',
    "long_too_big": 'permit(principal, action, resource) when { 9223372036854775808 > 0 };',
    "five_nots": 'permit(principal, action, resource) when { !!!!!true };',
    "four_nots": 'permit(principal, action, resource) when { !!!!true };',
    "five_minuses": 'permit(principal, action, resource) when { -----1 < 0 };',
    "chained_relation": 'permit(principal, action, resource) when { 1 < 2 < 3 };',
    "chained_in": 'permit(principal, action, resource) when { principal in resource in action };',
    "has_reserved": 'permit(principal, action, resource) when { principal has if };',
    "has_path_reserved": 'permit(principal, action, resource) when { principal has a.if };',
    "has_true": 'permit(principal, action, resource) when { principal has true };',
    "duplicate_annotation": '@a("x") @a("y") permit(principal, action, resource);',
    "duplicate_record_key": 'permit(principal, action, resource) when { {a: 1, a: 2}.a == 1 };',
    "duplicate_record_key_quoted": 'permit(principal, action, resource) when { {a: 1, "a": 2}.a == 1 };',
    "unknown_function": 'permit(principal, action, resource) when { foo(1) };',
    "unknown_method": 'permit(principal, action, resource) when { [1].foo() };',
    "extension_wrong_arity": 'permit(principal, action, resource) when { ip("1.2.3.4", "x") };',
    "extension_non_literal": 'permit(principal, action, resource) when { decimal(context.s).lessThan(decimal("1.0")) };',
    "method_called_as_function": 'permit(principal, action, resource) when { isIpv4(ip("1.2.3.4")) };',
    "function_called_as_method": 'permit(principal, action, resource) when { "1.2.3.4".ip() };',
    "offset_as_function": 'permit(principal, action, resource) when { offset(datetime("2024-01-01"), duration("1h")) };',
    "slot_in_condition": 'permit(principal, action, resource) when { ?principal == principal };',
    "is_in_action_scope": 'permit(principal, action is Action, resource);',
    "set_in_principal_scope": 'permit(principal in [User::"a"], action, resource);',
    "non_action_in_action_scope": 'permit(principal, action == User::"a", resource);',
    "namespaced_action": 'permit(principal, action in [NS::Action::"a", Action::"b"], resource);',
    "empty": '',
    "only_comment": '// nothing',
    "bare_annotation": '@foo permit(principal, action, resource);',
    "namespaced_annotation": '@foo::bar("x") permit(principal, action, resource);',
    "unicode_identifier": 'permit(principal, action, resource) when { context.caf\u00e9 };',
    "reserved_attribute": 'permit(principal, action, resource) when { principal.if == 1 };',
    "reserved_record_key": 'permit(principal, action, resource) when { {if: 1}.if == 1 };',
    "reserved_namespace": 'permit(principal == if::User::"a", action, resource);',
    "bad_like_escape": 'permit(principal, action, resource) when { "a" like "\\a" };',
    "bad_string_escape": 'permit(principal, action, resource) when { "\\q" == "q" };',
    "escape_beyond_unicode": 'permit(principal, action, resource) when { "\\u{110000}" == "q" };',
    "escape_surrogate": 'permit(principal, action, resource) when { "\\u{d800}" == "q" };',
    "escape_too_long": 'permit(principal, action, resource) when { "\\u{0000041}" == "A" };',
    "escape_empty": 'permit(principal, action, resource) when { "\\u{}" == "A" };',
    "empty_condition": 'permit(principal, action, resource) when { };',
    "slot_mismatch": 'permit(principal == ?resource, action, resource);',
    "slot_in_action": 'permit(principal, action == ?principal, resource);',
    "missing_semicolon": 'permit(principal, action, resource)',
    "context_in_scope": 'permit(principal, action, resource, context);',
    "scope_out_of_order": 'permit(action, principal, resource);',
    "several_conditions": 'permit(principal, action, resource) when {true} unless {false} when {true};',
    "method_on_negative_literal": 'permit(principal, action, resource) when { -1.foo };',
    "numeric_attribute": 'permit(principal, action, resource) when { principal.1 };',
    "index_chain": 'permit(principal, action, resource) when { context["a"]["b"] == 1 };',
    "is_parenthesized_type": 'permit(principal, action, resource) when { principal is (User) };',
    "is_in_set": 'permit(principal, action, resource) when { principal is User in [Group::"a"] };',
    "deep_parentheses": 'permit(principal, action, resource) when { ' + '(' * 60 + 'true' + ')' * 60 + ' };',
    "long_sum": 'permit(principal, action, resource) when { ' + ' + '.join(['1'] * 500) + ' > 0 };',
    "nul_escape_in_id": 'permit(principal == User::"a\\u{0}b", action, resource);',
    "effect_typo": 'permits(principal, action, resource);',
    "uppercase_effect": 'Permit(principal, action, resource);',
    "entity_type_is_variable": 'permit(principal == principal::"a", action, resource);',
    "entity_in_record_key": 'permit(principal, action, resource) when { {User::"a": 1} };',
    "string_attribute_access": 'permit(principal, action, resource) when { principal."a" == 1 };',
    "like_non_literal": 'permit(principal, action, resource) when { "a" like context.p };',
    "has_non_name": 'permit(principal, action, resource) when { principal has 1 };',
    "if_without_else": 'permit(principal, action, resource) when { if true then true };',
    "nested_if": 'permit(principal, action, resource) when { if if true then true else false then 1 == 1 else false };',
    "relation_on_if": 'permit(principal, action, resource) when { 1 < if true then 2 else 3 };',
    "negative_in_set": 'permit(principal, action, resource) when { [-1, - 2, -(3)].contains(-2) };',
    "whitespace_in_name": 'permit(principal == User :: "a", action, resource);',
    "control_char_in_string": 'permit(principal, action, resource) when { "a\tb" == "x" };',
    "templated_is_in": 'permit(principal is User in ?principal, action, resource in ?resource);',
}


def _leash_accepts(texts: dict, folder: Path) -> dict:
    files = []
    for name, text in texts.items():
        path = folder / f"{name}.cedar"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    binary = cedar_diff.leash_bin()
    proc = subprocess.run([str(binary), "cedar", "check", *files], capture_output=True, text=True, timeout=600)
    ok = {line[: -len(": ok")] for line in proc.stdout.splitlines() if line.endswith(": ok")}
    return {name: str(folder / f"{name}.cedar") in ok for name in texts}


def _cedarpy_accepts(text: str) -> bool:
    try:
        cedarpy.PolicySet.from_str(text)
        return True
    except ValueError:
        return False


def _mutate(rng: random.Random, text: str) -> str:
    tokens = ["(", ")", "{", "}", "[", "]", ",", ";", ".", "::", "==", "!", "-", "&&", "||", "in", "has", "like",
              "is", "if", "then", "else", "when", "unless", "?principal", "?resource", '"', "\\", "@id(\"x\")",
              "principal", "action", "resource", "context", "true", "9223372036854775808", "*", "<", " "]
    for _ in range(rng.choice([1, 1, 1, 2])):
        if not text:
            break
        i = rng.randrange(len(text))
        j = min(len(text), i + rng.randrange(1, 8))
        op = rng.randrange(4)
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + text[i:j] + text[i:]
        elif op == 2:
            text = text[:i] + rng.choice(tokens) + text[i:]
        else:
            text = text[:i] + rng.choice(tokens) + text[j:]
    return text


def _require_leash():
    if not cedar_diff.leash_bin().exists():
        pytest.fail(f"leash binary not found at {cedar_diff.leash_bin()}: build it or set LEASH_BIN")


def test_syntax_corners_are_accepted_exactly_when_cedarpy_accepts_them():
    _require_leash()
    with tempfile.TemporaryDirectory(prefix="cedar-parse-") as tmp:
        leash = _leash_accepts(CORNERS, Path(tmp))
    wrong = {name: ("cedarpy accepts" if _cedarpy_accepts(t) else "cedarpy rejects") for name, t in CORNERS.items()
             if leash[name] != _cedarpy_accepts(t)}
    assert not wrong, f"parser disagrees with cedarpy: {wrong}"


def test_mutated_policies_are_accepted_exactly_when_cedarpy_accepts_them():
    _require_leash()
    env = os.environ.get("CEDAR_DIFF_SEED")
    seed = int(env) if env else int.from_bytes(os.urandom(4), "big")
    print(f"CEDAR_DIFF_SEED={seed}")
    rng = random.Random(seed)
    texts = {}
    for i in range(int(os.environ.get("CEDAR_PARSE_CASES", "1500"))):
        g = Generator(seed * 7919 + i)
        g.make_universe(size=8)
        text = g.policy_set(n_static=rng.randrange(1, 3), n_templates=rng.choice([0, 1])).text_with_templates()
        texts[f"m{i}"] = _mutate(rng, text)
    with tempfile.TemporaryDirectory(prefix="cedar-parse-") as tmp:
        leash = _leash_accepts(texts, Path(tmp))
    wrong = [(name, texts[name]) for name in texts if leash[name] != _cedarpy_accepts(texts[name])]
    accepted = sum(leash.values())
    print(f"{len(texts)} mutated texts, {accepted} accepted by both parsers")
    assert not wrong, (f"CEDAR_DIFF_SEED={seed}: {len(wrong)} texts where leash and cedarpy disagree on validity; first:\n"
                       + "\n----\n".join(f"[{n}] cedarpy {'accepts' if _cedarpy_accepts(t) else 'rejects'}:\n{t}" for n, t in wrong[:3]))
