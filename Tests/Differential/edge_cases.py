"""Writes regressions/edge_semantics.* : hand-picked policies at Cedar's semantic corners.

Each policy is one corner (equality of equivalent extension values, overflow, short-circuit
over errors, missing entities, tags, `like` escapes, datetime arithmetic before 1970, deep nesting…).
The expected answers are cedarpy's; rerun this script to regenerate them:

    python3 Tests/Differential/edge_cases.py
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cedar_diff  # noqa: E402
from cedar_gen import PolicyCase  # noqa: E402

CONDITIONS = [
    'ip("10.0.0.1") == ip("10.0.0.1/32")',
    'ip("10.0.0.1/8") == ip("10.0.0.0/8")',
    'ip("10.0.0.1/8").isInRange(ip("10.0.0.0/8"))',
    'ip("10.0.0.0/8").isInRange(ip("10.0.0.1/8"))',
    'ip("::1") == ip("0:0::1")',
    'ip("::1").isLoopback() && !ip("::").isLoopback()',
    'ip("127.255.255.255").isLoopback()',
    'ip("224.0.0.0/4").isMulticast() && ip("ff02::1").isMulticast()',
    'ip("10.0.0.1").isInRange(ip("::/0"))',
    'ip("1.2.3.4/24").isInRange(ip("1.2.3.0/24"))',
    'ip("::ffff:1.2.3.4").isIpv6()',
    'ip("1.2.3.04").isIpv4()',
    'decimal("1.5") == decimal("1.50")',
    'decimal("-0.0") == decimal("0.0")',
    'decimal("-922337203685477.5808").lessThan(decimal("922337203685477.5807"))',
    'decimal("922337203685477.5808") == decimal("0.0")',
    'decimal("1.0") < decimal("2.0")',
    'datetime("2024-10-15") == datetime("2024-10-15T00:00:00Z")',
    'datetime("2024-10-15T01:00:00+0100") == datetime("2024-10-15T00:00:00Z")',
    'datetime("1969-12-31T23:59:59.999Z").toDate() == datetime("1969-12-31")',
    'datetime("1969-12-31T23:59:59.999Z").toTime() == duration("23h59m59s999ms")',
    'datetime("2024-10-15T11:35:00.123Z").toTime() == duration("11h35m123ms")',
    'datetime("2024-10-15").offset(duration("106751991167d")) > datetime("2024-10-15")',
    'datetime("2024-10-16").durationSince(datetime("2024-10-15")) == duration("1d")',
    'datetime("2024-02-30") == datetime("2024-03-01")',
    'datetime("2024-10-15T23:59:60Z") > datetime("2024-10-15")',
    'duration("-1ms").toSeconds() == 0',
    'duration("-1d1ms").toDays() == -1',
    'duration("9223372036854775807ms").toDays() > 0',
    'duration("-9223372036854775808ms") < duration("0ms")',
    'duration("1ms1s") == duration("1001ms")',
    'duration("1h") < datetime("2024-10-15")',
    '[1, 1, 2] == [2, 1]',
    '{a: 1, b: 2} == {b: 2, a: 1}',
    '[decimal("1.5")].contains(decimal("1.50"))',
    '[ip("10.0.0.1")].contains(ip("10.0.0.1/32"))',
    'User::"a" == Group::"a"',
    'false && (1 + "a" == 2)',
    'true || (1 + "a" == 2)',
    'if 1 then true else false',
    'if true then true else (1 + "a" == 2)',
    'principal has name',
    'principal.name == "x"',
    'principal in Group::"nobody"',
    'principal in [1]',
    'principal in [principal, 1]',
    '"a" < "b"',
    '9223372036854775807 + 1 > 0',
    '-9223372036854775808 * -1 > 0',
    '-(-9223372036854775808) > 0',
    '-9223372036854775808 - 1 < 0',
    '(-9223372036854775807 - 1) == -9223372036854775808',
    '3037000500 * 3037000500 > 0',
    '"" like ""',
    '"" like "*"',
    '"a\\0b" like "a*b"',
    '"*" like "\\*"',
    '"a*" like "a\\**"',
    '"\\\\" like "\\\\"',
    '"caf\\u{e9}" like "caf*"',
    '"a\\nb" like "a?b"',
    'resource.getTag("x") == 1',
    'resource.hasTag("x")',
    'User::"alice".hasTag("env") && User::"alice".getTag("env") == "prod"',
    'User::"alice".getTag("missing") == 1',
    'context has "a b"',
    'context has a.b.c',
    'context.rec has b.c && context.rec.b has c',
    '{a: {b: 1}} has a.b',
    '{a: 1} has a.b',
    '1 has a',
    '[].isEmpty() && ![1].isEmpty()',
    '[].containsAll([]) && ![].containsAny([])',
    '[1, "a"].containsAny(["a"])',
    '[1].containsAll(1)',
    '"abc".contains("a")',
    'context.missing',
    'context.n + 1 > context.n',
    'User::"alice".tags.contains("a")',
    'User::"alice".owner.owner == User::"alice"',
    'User::"alice" in User::"alice"',
    'Group::"admins" in User::"alice"',
    'User::"alice" in Group::"all"',
    'User::"alice" is User in Group::"all"',
    'User::"alice" is Group in Group::"all"',
    'User::"alice" is User in [Group::"x", Group::"admins"]',
    'action in [Action::"read", Action::"edit"]',
    'action.risk > 1',
    'ip("1.2.3.4", "x") == ip("1.2.3.4")',
    'decimal(context.s).lessThan(decimal("1.0"))',
    '-1.foo == 1',
    'context["a"]["b"] == 1',
    'principal is User in [Group::"a"]',
    '{a: 1,}.a == 1 && [1, 2,].contains(2)',
    '--9223372036854775808 < 0',
    '(' * 60 + 'true' + ')' * 60,
    ' + '.join(['1'] * 300) + ' == 300',
    '!(' * 50 + 'true' + ')' * 50,
    'User::"a\\u{0}b" == User::"a\\0b"',
    # Cedar compares strings by their UTF-8 bytes; Swift's == calls canonically equivalent ones equal.
    '"caf\\u{e9}" == "cafe\\u{301}"',
    '"\\u{c5}" != "A\\u{30a}"',
    '["\\u{ac00}"].contains("\\u{1100}\\u{1161}")',
    '["\\u{3a9}"].containsAll(["\\u{2126}"])',
    'User::"K" == User::"\\u{212a}"',
    'User::"caf\\u{e9}" in [User::"cafe\\u{301}"]',
    '{k: "\\u{e9}"} == {k: "e\\u{301}"}',
    'context.nfd == "caf\\u{e9}"',
    'context.nfd == "cafe\\u{301}"',
    '"caf\\u{e9}" == "caf\\u{e9}" && [User::"\\u{ac00}"].contains(User::"\\u{ac00}")',
]

ENTITIES = [
    {"uid": {"type": "User", "id": "alice"},
     "attrs": {"name": "Alice", "tags": ["a", "b"], "owner": {"__entity": {"type": "User", "id": "bob"}}},
     "parents": [{"type": "Group", "id": "admins"}], "tags": {"env": "prod"}},
    {"uid": {"type": "User", "id": "bob"}, "attrs": {"owner": {"__entity": {"type": "User", "id": "alice"}}},
     "parents": []},
    {"uid": {"type": "Group", "id": "admins"}, "attrs": {}, "parents": [{"type": "Group", "id": "all"}]},
    {"uid": {"type": "Photo", "id": "p"}, "attrs": {}, "parents": [], "tags": {"x": 1}},
    {"uid": {"type": "Action", "id": "edit"}, "attrs": {"risk": 3}, "parents": [{"type": "Action", "id": "write"}]},
]

CONTEXTS = [
    {},
    {"n": 9223372036854775807, "s": "0.5", "a": {"b": 1}, "rec": {"b": {"c": 1}}, "a b": True, "nfd": "cafe\u0301"},
    {"n": 1, "s": "x", "a": {"b": 2}, "rec": {"b": {}}},
]


def main():
    statics = [f"@edge({json.dumps(str(i))})\npermit (principal, action, resource) when {{ {c} }};"
               for i, c in enumerate(CONDITIONS)]
    statics += ["forbid (principal == User::\"mallory\", action, resource) unless { context has n };"]
    pc = PolicyCase(statics=statics, templates=[], links=[])
    requests = []
    for principal in [{"type": "User", "id": "alice"}, {"type": "User", "id": "ghost"}, {"type": "User", "id": "mallory"}]:
        for resource in [{"type": "Photo", "id": "p"}, {"type": "Photo", "id": "none"}]:
            for action in [{"type": "Action", "id": "edit"}, {"type": "Action", "id": "read"}]:
                for context in CONTEXTS:
                    requests.append({"principal": principal, "action": action, "resource": resource, "context": context})
    answers = cedar_diff.expected_answers(pc, ENTITIES, requests)
    for r, a in zip(requests, answers):
        r.update(a)
    case = cedar_diff.Case(seed=0, index=0, policies=pc, entities=ENTITIES, requests=requests)
    out = Path(__file__).resolve().parent / "regressions"
    n = cedar_diff.write_case(case, out, "edge_semantics")
    print(f"wrote {n} requests, {len(statics)} policies to {out}/edge_semantics.json")


if __name__ == "__main__":
    main()
