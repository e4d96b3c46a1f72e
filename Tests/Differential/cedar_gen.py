"""Seeded random generator of Cedar policy sets, entity graphs and requests.

Used by the differential test against cedarpy (Cedar's Rust engine) and by the
benchmark workload generator. Every case is a complete input for the
authorizer: policy text (static policies, templates, and template links written
out as static equivalents), an entity list in Cedar's JSON entity format, and
requests with contexts.

The generator aims at breadth, not realism: every construct of the Cedar 4
policy grammar appears, including expressions that fail at run time (missing
attributes, type errors, overflow, bad extension literals, missing entities).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

INT_MAX = 9223372036854775807
INT_MIN = -9223372036854775808

# ---------------------------------------------------------------------------
# The universe of entities
# ---------------------------------------------------------------------------

USER = "User"
GROUP = "Group"
PHOTO = "Photo"
ALBUM = "Album"
DOC = "Org::Doc"  # a namespaced type
ACTION = "Action"
NS_ACTION = "Org::Action"

PRINCIPAL_TYPES = [USER, GROUP]
RESOURCE_TYPES = [PHOTO, ALBUM, DOC]
ALL_TYPES = [USER, GROUP, PHOTO, ALBUM, DOC]

# Ids include the empty string, quotes and backslashes (escaped in policy text),
# and non-ASCII characters.
ODD_IDS = ["", 'q"uote', "o'id", "\u00fc\u00df", "back\\slash", "caf\u00e9", "tab\there", "\U0001F600", "new\nline"]

ACTION_IDS = ["view", "edit", "delete", "share", "readOnly", "writeOps", "all"]
# Action groups: child -> parents (acyclic by construction).
ACTION_PARENTS = {
    "view": ["readOnly"],
    "edit": ["writeOps"],
    "delete": ["writeOps"],
    "share": ["writeOps", "readOnly"],
    "readOnly": ["all"],
    "writeOps": ["all"],
    "all": [],
}

ATTR_NAMES = ["name", "age", "level", "flag", "tags", "owner", "addr", "score",
              "created", "ttl", "profile", "mixed", "email", "weird key"]
CONTEXT_NAMES = ["ip", "n", "s", "b", "set", "rec", "when", "dur", "who", "dec", "ids"]
TAG_NAMES = ["env", "tier", "team", "k"]

IPS_GOOD = ["127.0.0.1", "10.0.0.1", "192.168.1.7", "224.0.0.1", "::1", "ff02::1",
            "2001:db8::1", "10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "0.0.0.0",
            "255.255.255.255/32", "fe80::/10"]
IPS_BAD = ["::ffff:127.0.0.1", "1.2.3", "256.0.0.1", "10.0.0.0/33", "::g", "", "01.2.3.4", "1.2.3.4/", "localhost"]
DECIMALS_GOOD = ["0.0", "1.5", "-2.25", "922337203685477.5807", "-922337203685477.5808",
                 "3.1415", "100.01", "0.0001"]
DECIMALS_BAD = ["1.23456", "1", "abc", "922337203685477.5808", ".5", "1.", "1e3", ""]
DATETIMES_GOOD = ["2024-10-15", "2024-10-15T11:35:00Z", "2024-10-15T11:35:00.123Z",
                  "2024-10-15T11:35:00+0100", "2024-10-15T11:35:00.456-0230",
                  "1970-01-01", "1969-12-31T23:59:59Z", "2000-02-29T00:00:00Z", "9999-12-31"]
DATETIMES_BAD = ["2024-13-01", "2024-10-15T25:00:00Z", "2024-10-15 11:35:00", "24-10-15",
                 "2024-02-30", "2024-10-15T11:35:00", ""]
DURATIONS_GOOD = ["1h", "2d3h", "-1d", "1h30m", "10s", "500ms", "1d2h3m4s5ms", "0ms",
                  "-10ms", "9223372036854775807ms"]
DURATIONS_BAD = ["1x", "h", "1h1d", "", "1.5h", "9223372036854775808ms", "--1h"]
# Edge cases whose validity or equality is subtle; used only in policy literals (a bad literal
# there is a run-time error, while in entity or context JSON cedarpy would reject the whole input).
IPS_EDGE = ["10.0.0.1/8", "0:0::1", "::", "1.2.3.4/0", "::/0", "FE80::1", "2001:DB8::/32", "1.2.3.04",
            "[::1]", "10.0.0.1/32", "127.255.255.255", "::1/128", "ff00::/8", "224.0.0.0/4", "2001:db8::1/64",
            "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "::ffff:0:0", " 10.0.0.1", "10.0.0.1 ", "1.2.3.4/08"]
DECIMALS_EDGE = ["1.50", "-0.0", "0.00", "00.1", "1.5000", "+1.5", "-0.0001", "1.0", "01.0", "1.05", "1.5 "]
DATETIMES_EDGE = ["2024-10-15T00:00:00Z", "2024-10-15T00:00:00.000Z", "2024-10-15T01:00:00+0100",
                  "1969-12-31T23:59:59.999Z", "0000-01-01", "2024-10-15T11:35:00.1Z", "2024-10-15T23:59:60Z",
                  "2024-10-15T11:35:00+2400", "2024-10-15T11:35:00-0000", "+2024-10-15", "2024-10-15T11:35:00+01:00",
                  "2024-10-15t11:35:00z", "1900-02-29", "2000-02-29", "2023-02-29", "2024-1-05",
                  "2024-10-15T11:35:00.999-2359", "2024-10-15T11:35:00.000+9999"]
DURATIONS_EDGE = ["0d", "1d0h", "106751991167d", "-9223372036854775808ms", "1ms1s", "1d1d", "60m", "1h-1m",
                  "0s", "-0ms", "9223372036854775s", "1D", "1h 1m", "-1d2h", "2562047788015h"]

STRINGS = ["", "a", "it's", "alice", "Alice", "a*b", "x\\y", "\u00e9t\u00e9", "with space",
           "tab\t", "quote\"", "star*", "\U0001F600", "line\nbreak", "zero\u0000"]
LIKE_PATTERNS = ["*", "a*", "*e", "a*e", "al\\*ce", "*\\**", "", "alice", "A*", "**",
                 "\\\\*", "*\u00e9*", "with*space", "*\\\"*", "?", "*a*b*"]


def cedar_string(s: str) -> str:
    """Cedar string literal for `s` (escapes: \\n \\r \\t \\\\ \\0 \\' \\" \\u{..})."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\0":
            out.append("\\0")
        elif ch == "'":
            out.append("\\'")
        elif o < 0x20 or o == 0x7F or (o >= 0x80 and o % 2 == 0):
            # Control characters must be escaped; some non-ASCII ones are, to exercise \u{…}.
            out.append("\\u{%x}" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def like_literal(pattern: str) -> str:
    """A `like` pattern is written as a string literal where `\\*` is a literal star."""
    # The patterns above are already in source form (backslash escapes included).
    return '"' + pattern + '"'


def uid_text(etype: str, eid: str) -> str:
    return f"{etype}::{cedar_string(eid)}"


def uid_json(etype: str, eid: str) -> dict:
    return {"type": etype, "id": eid}


# ---------------------------------------------------------------------------
# Entity graphs
# ---------------------------------------------------------------------------

@dataclass
class Universe:
    """The entities a case may mention, and which of them are in the store."""
    uids: list = field(default_factory=list)  # (type, id)
    stored: list = field(default_factory=list)  # entity JSON objects

    def of_type(self, etype: str) -> list:
        return [u for u in self.uids if u[0] == etype]


class Generator:
    """Seeded generator. All randomness comes from `self.rng`."""

    def __init__(self, seed: int, max_depth: int = 4):
        self.rng = random.Random(seed)
        self.max_depth = max_depth
        self.universe = Universe()

    # -- small helpers ------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, xs):
        return self.rng.choice(xs)

    def some_id(self, prefix: str, n: int) -> str:
        if self.chance(0.06):
            return self.pick(ODD_IDS)
        return f"{prefix}{self.rng.randrange(n)}"

    # -- universe ------------------------------------------------------------
    def make_universe(self, size: int = 14) -> Universe:
        """Entities of every type, an acyclic parent graph, attributes and tags.

        Some mentioned entities are left out of the store (missing entities).
        Parents always point to entities earlier in a topological order, so the
        graph is acyclic (Cedar rejects cyclic entity data).
        """
        uids = set()
        for etype, prefix in [(USER, "u"), (GROUP, "g"), (PHOTO, "p"), (ALBUM, "a"), (DOC, "d")]:
            for _ in range(max(1, size // 5)):
                uids.add((etype, self.some_id(prefix, size)))
        uids = sorted(uids)
        self.rng.shuffle(uids)
        rank = {u: i for i, u in enumerate(uids)}
        stored = []
        for u in uids:
            if self.chance(0.12):
                continue  # missing from the store, but still used in policies and requests
            earlier = [v for v in uids if rank[v] < rank[u]]
            parents = []
            if earlier:
                for _ in range(self.rng.choice([0, 1, 1, 2, 3])):
                    cand = self.pick(earlier)
                    if cand not in parents:
                        parents.append(cand)
            entity = {
                "uid": uid_json(*u),
                "attrs": self.attrs_json(),
                "parents": [uid_json(*p) for p in parents],
            }
            if self.chance(0.5):
                entity["tags"] = {k: self.value_json(1) for k in self.rng.sample(TAG_NAMES, self.rng.randrange(0, 4))}
            stored.append(entity)
        for aid in ACTION_IDS:
            if self.chance(0.1):
                continue
            stored.append({
                "uid": uid_json(ACTION, aid),
                "attrs": {"risk": self.rng.randrange(0, 5)} if self.chance(0.3) else {},
                "parents": [uid_json(ACTION, p) for p in ACTION_PARENTS[aid]],
            })
        stored.append({"uid": uid_json(NS_ACTION, "view"), "attrs": {}, "parents": [uid_json(NS_ACTION, "all")]})
        self.universe = Universe(uids=uids, stored=stored)
        return self.universe

    def attrs_json(self) -> dict:
        attrs = {}
        for name in ATTR_NAMES:
            if self.chance(0.55):
                attrs[name] = self.attr_value_json(name)
        return attrs

    def attr_value_json(self, name: str):
        # Mostly the "intended" type for the name; sometimes anything (type errors).
        if self.chance(0.1):
            return self.value_json(2)
        if name in ("name", "email"):
            return self.pick(STRINGS + ["alice@example.com", "bob@example.org"])
        if name in ("age", "level"):
            return self.long_value()
        if name == "flag":
            return self.chance(0.5)
        if name == "tags":
            return [self.pick(STRINGS) for _ in range(self.rng.randrange(0, 4))]
        if name == "owner":
            return {"__entity": uid_json(*self.pick(self.universe.uids or [(USER, "u0")]))}
        if name == "addr":
            return {"__extn": {"fn": "ip", "arg": self.pick(IPS_GOOD)}}
        if name == "score":
            return {"__extn": {"fn": "decimal", "arg": self.pick(DECIMALS_GOOD)}}
        if name == "created":
            return {"__extn": {"fn": "datetime", "arg": self.pick(DATETIMES_GOOD)}}
        if name == "ttl":
            return {"__extn": {"fn": "duration", "arg": self.pick(DURATIONS_GOOD)}}
        if name == "profile":
            rec = {"name": self.pick(STRINGS), "age": self.long_value()}
            if self.chance(0.6):
                rec["nested"] = {"x": self.long_value(), "y": self.pick(STRINGS)}
            return rec
        if name == "mixed":
            return [self.value_json(1) for _ in range(self.rng.randrange(0, 4))]
        return self.value_json(1)

    def long_value(self) -> int:
        r = self.rng.random()
        if r < 0.7:
            return self.rng.randrange(-5, 100)
        if r < 0.85:
            return self.pick([INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1, 4611686018427387904])
        return self.rng.randrange(-10**6, 10**6)

    def value_json(self, depth: int):
        """Any Cedar value in JSON form."""
        choices = ["long", "string", "bool", "entity", "ip", "decimal", "datetime", "duration"]
        if depth > 0:
            choices += ["set", "record"]
        k = self.pick(choices)
        if k == "long":
            return self.long_value()
        if k == "string":
            return self.pick(STRINGS)
        if k == "bool":
            return self.chance(0.5)
        if k == "entity":
            u = self.pick(self.universe.uids or [(USER, "u0")])
            if self.chance(0.2):
                # Without a schema, {"type", "id"} is a record, not an entity.
                return {"type": u[0], "id": u[1]}
            return {"__entity": uid_json(*u)}
        if k == "ip":
            return {"__extn": {"fn": "ip", "arg": self.pick(IPS_GOOD)}}
        if k == "decimal":
            return {"__extn": {"fn": "decimal", "arg": self.pick(DECIMALS_GOOD)}}
        if k == "datetime":
            return {"__extn": {"fn": "datetime", "arg": self.pick(DATETIMES_GOOD)}}
        if k == "duration":
            return {"__extn": {"fn": "duration", "arg": self.pick(DURATIONS_GOOD)}}
        if k == "set":
            return [self.value_json(depth - 1) for _ in range(self.rng.randrange(0, 4))]
        return {self.pick(ATTR_NAMES): self.value_json(depth - 1) for _ in range(self.rng.randrange(0, 3))}

    def context_json(self) -> dict:
        ctx = {}
        for name in CONTEXT_NAMES:
            if not self.chance(0.7):
                continue
            if self.chance(0.1):
                ctx[name] = self.value_json(2)
                continue
            if name == "ip":
                v = {"__extn": {"fn": "ip", "arg": self.pick(IPS_GOOD)}}
            elif name == "n":
                v = self.long_value()
            elif name == "s":
                v = self.pick(STRINGS + IPS_GOOD + DECIMALS_GOOD + DATETIMES_GOOD + DURATIONS_GOOD + IPS_BAD)
            elif name == "b":
                v = self.chance(0.5)
            elif name == "set":
                v = [self.long_value() if self.chance(0.5) else self.pick(STRINGS) for _ in range(self.rng.randrange(0, 4))]
            elif name == "rec":
                v = {"a": self.long_value(), "b": {"c": self.pick(STRINGS)}} if self.chance(0.7) else {}
            elif name == "when":
                v = {"__extn": {"fn": "datetime", "arg": self.pick(DATETIMES_GOOD)}}
            elif name == "dur":
                v = {"__extn": {"fn": "duration", "arg": self.pick(DURATIONS_GOOD)}}
            elif name == "who":
                v = {"__entity": uid_json(*self.pick(self.universe.uids))}
            elif name == "dec":
                v = {"__extn": {"fn": "decimal", "arg": self.pick(DECIMALS_GOOD)}}
            else:  # ids: a set of entities
                v = [{"__entity": uid_json(*self.pick(self.universe.uids))} for _ in range(self.rng.randrange(0, 3))]
            ctx[name] = v
        return ctx

    # -- entity references in policy text --------------------------------------
    def uid_of(self, types) -> tuple:
        cands = [u for u in self.universe.uids if u[0] in types]
        if not cands or self.chance(0.05):
            return (self.pick(types), self.some_id("zz", 3))  # an entity nobody has
        return self.pick(cands)

    def any_uid_text(self) -> str:
        return uid_text(*self.uid_of(ALL_TYPES))

    def action_uid(self) -> tuple:
        if self.chance(0.05):
            return (NS_ACTION, self.pick(["view", "all"]))
        return (ACTION, self.pick(ACTION_IDS))

    # -- expressions -----------------------------------------------------------
    # Each gen_* returns Cedar source text for an expression meant to have that
    # type; compound results are parenthesized so any composition parses.

    def gen(self, kind: str, d: int) -> str:
        return getattr(self, "gen_" + kind)(d)

    def gen_any(self, d: int) -> str:
        return self.gen(self.pick(["bool", "long", "string", "entity", "set", "record",
                                   "ip", "decimal", "datetime", "duration"]), d)

    def var_attr(self, names) -> str:
        """`principal.name`, `resource["name"]`, `context.n`…: may be missing or ill-typed."""
        var = self.pick(["principal", "resource", "principal", "resource", "action", "context"])
        if var == "context":
            name = self.pick(CONTEXT_NAMES)
        else:
            name = self.pick(names)
            if name == "weird key" or self.chance(0.15):
                return f"{var}[{cedar_string(name)}]"
        return f"{var}.{name}"

    def gen_bool(self, d: int) -> str:
        if d <= 0:
            return self.pick(["true", "false", "context.b", "principal.flag", "resource.flag"])
        d1 = d - 1
        r = self.rng.randrange(26)
        if r == 0:
            return self.pick(["true", "false"])
        if r == 1:
            op = self.pick(["==", "!=", "<", "<=", ">", ">="])
            return f"({self.gen_long(d1)} {op} {self.gen_long(d1)})"
        if r == 2:
            op = self.pick(["==", "!="])
            return f"({self.gen_any(d1)} {op} {self.gen_any(d1)})"
        if r == 3:
            return f"({self.gen_bool(d1)} && {self.gen_bool(d1)})"
        if r == 4:
            return f"({self.gen_bool(d1)} || {self.gen_bool(d1)})"
        if r == 5:
            return f"(!{self.gen_bool(d1)})"
        if r == 6:
            return f"(if {self.gen_bool(d1)} then {self.gen_bool(d1)} else {self.gen_bool(d1)})"
        if r == 7:
            rhs = self.gen_entity(d1) if self.chance(0.6) else self.gen_entity_set(d1)
            return f"({self.gen_entity(d1)} in {rhs})"
        if r == 8:
            # has: identifier, string, nested path
            lhs = self.pick(["principal", "resource", "context", "principal.profile", "context.rec",
                             self.gen_record(d1)])
            form = self.rng.randrange(3)
            if form == 0:
                return f"({lhs} has {self.pick(ATTR_NAMES[:-1] + CONTEXT_NAMES + ['nested', 'a', 'x'])})"
            if form == 1:
                return f"({lhs} has {cedar_string(self.pick(ATTR_NAMES + ['a b', '']))})"
            path = ".".join(self.pick(["profile", "nested", "x", "rec", "b", "c", "a"]) for _ in range(self.rng.randrange(2, 4)))
            return f"({lhs} has {path})"
        if r == 9:
            return f"({self.gen_string(d1)} like {like_literal(self.pick(LIKE_PATTERNS))})"
        if r == 10:
            t = self.pick(ALL_TYPES + [ACTION])
            if self.chance(0.4):
                return f"({self.gen_entity(d1)} is {t} in {self.gen_entity(d1) if self.chance(0.7) else self.gen_entity_set(d1)})"
            return f"({self.gen_entity(d1)} is {t})"
        if r == 11:
            return f"({self.gen_set(d1)}.contains({self.gen_any(d1)}))"
        if r == 12:
            m = self.pick(["containsAll", "containsAny"])
            return f"({self.gen_set(d1)}.{m}({self.gen_set(d1)}))"
        if r == 13:
            return f"({self.gen_set(d1)}.isEmpty())"
        if r == 14:
            return f"({self.gen_entity(d1)}.hasTag({self.gen_tag_key(d1)}))"
        if r == 15:
            m = self.pick(["isIpv4", "isIpv6", "isLoopback", "isMulticast"])
            return f"({self.gen_ip(d1)}.{m}())"
        if r == 16:
            return f"({self.gen_ip(d1)}.isInRange({self.gen_ip(d1)}))"
        if r == 17:
            m = self.pick(["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"])
            return f"({self.gen_decimal(d1)}.{m}({self.gen_decimal(d1)}))"
        if r == 18:
            op = self.pick(["<", "<=", ">", ">=", "==", "!="])
            k = self.pick(["datetime", "duration", "decimal"])
            return f"({self.gen(k, d1)} {op} {self.gen(k, d1)})"
        if r == 19:
            return self.var_attr(["flag", "flag", "name"])
        if r == 20:
            return f"({self.gen_entity(d1)}.getTag({self.gen_tag_key(d1)}) == {self.gen_any(0)})"
        if r == 21:
            # Unparenthesized chain of atoms: exercises precedence and associativity.
            atoms = [self.pick(["true", "false", "context.b", "principal.flag", "(1 < 2)"]) for _ in range(self.rng.randrange(2, 5))]
            out = atoms[0]
            for a in atoms[1:]:
                out += self.pick([" && ", " || "]) + a
            return f"({self.pick(['', '!', '!!'])}{out})" if self.chance(0.3) else f"({out})"
        if r == 22:
            return f"({self.pick(['principal', 'resource', 'context.who'])} in {self.pick(['principal', 'resource', self.any_uid_text()])})"
        if r == 23:
            if self.chance(0.3):
                return f"({self.gen_string(d1)} {self.pick(['==', '<'])} {self.gen_string(d1)})"
            # Two extension literals of one kind, compared: equality of equivalent spellings, order.
            k = self.pick(["ip", "decimal", "datetime", "duration"])
            a, b = self.gen(k, 0), self.gen(k, 0)
            if k == "ip":
                return f"({a} {self.pick(['==', '!='])} {b})" if self.chance(0.6) else f"({a}.isInRange({b}))"
            if k == "decimal":
                return f"({a} {self.pick(['==', '!='])} {b})" if self.chance(0.5) else f"({a}.{self.pick(['lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual'])}({b}))"
            return f"({a} {self.pick(['==', '!=', '<', '<=', '>', '>='])} {b})"
        if r == 24:
            return f"({self.gen_record(d1)} == {self.gen_record(d1)})"
        return f"(action in {self.pick([uid_text(*self.action_uid()), '[' + ', '.join(uid_text(*self.action_uid()) for _ in range(2)) + ']'])})"

    def gen_long(self, d: int) -> str:
        if d <= 0:
            r = self.rng.randrange(6)
            if r == 0:
                return str(self.long_value()) if self.chance(0.8) else "(-9223372036854775808)"
            if r == 1:
                return self.var_attr(["age", "level"])
            return str(self.rng.randrange(-3, 20))
        d1 = d - 1
        r = self.rng.randrange(12)
        if r < 2:
            op = self.pick(["+", "-", "*"])
            return f"({self.gen_long(d1)} {op} {self.gen_long(d1)})"
        if r == 2:
            return f"(-{self.gen_long(d1)})"
        if r == 3:
            return f"(if {self.gen_bool(d1)} then {self.gen_long(d1)} else {self.gen_long(d1)})"
        if r == 4:
            m = self.pick(["toDays", "toHours", "toMinutes", "toSeconds", "toMilliseconds"])
            return f"({self.gen_duration(d1)}.{m}())"
        if r == 5:
            # Overflow-prone: big literals.
            big = self.pick([str(INT_MAX), "4611686018427387904", "(-9223372036854775808)", "3037000500"])
            return f"({big} {self.pick(['+', '-', '*'])} {self.gen_long(d1)})"
        if r == 6:
            return f"({self.gen_entity(d1)}.getTag({self.gen_tag_key(d1)}))"
        if r == 7:
            # Unparenthesized arithmetic chain: precedence of * over + and -.
            atoms = [str(self.rng.randrange(-3, 50)) for _ in range(self.rng.randrange(2, 5))]
            out = atoms[0]
            for a in atoms[1:]:
                out += self.pick([" + ", " - ", " * "]) + a
            return f"({out})"
        if r == 8:
            return f"({self.gen_record(d1)}.{self.pick(['a', 'age', 'x'])})"
        if r == 9:
            return self.pick(["principal.profile.age", "principal.profile.nested.x", "context.rec.a", "resource.age"])
        return self.gen_long(0)

    def gen_string(self, d: int) -> str:
        if d <= 0 or self.chance(0.4):
            if self.chance(0.5):
                return cedar_string(self.pick(STRINGS))
            return self.var_attr(["name", "email", "name"])
        d1 = d - 1
        r = self.rng.randrange(4)
        if r == 0:
            return f"(if {self.gen_bool(d1)} then {self.gen_string(d1)} else {self.gen_string(d1)})"
        if r == 1:
            return self.pick(["principal.profile.name", "context.s", "context.rec.b.c", "principal.profile.nested.y"])
        if r == 2:
            return f"({self.gen_entity(d1)}.getTag({self.gen_tag_key(d1)}))"
        return f"({self.gen_record(d1)}[{cedar_string(self.pick(['a', 'name', 'a b']))}])"

    def gen_tag_key(self, d: int) -> str:
        if self.chance(0.8):
            return cedar_string(self.pick(TAG_NAMES + ["missing"]))
        return self.gen_string(d)

    def gen_entity(self, d: int) -> str:
        r = self.rng.randrange(8)
        if r < 3:
            return self.any_uid_text()
        if r == 3:
            return self.pick(["principal", "resource", "action"])
        if r == 4:
            return self.pick(["principal.owner", "resource.owner", "context.who", "principal.owner.owner"])
        if r == 5 and d > 0:
            return f"(if {self.gen_bool(d - 1)} then {self.gen_entity(d - 1)} else {self.gen_entity(d - 1)})"
        if r == 6:
            return uid_text(*self.action_uid())
        return self.pick(["principal", "resource"])

    def gen_entity_set(self, d: int) -> str:
        if self.chance(0.3):
            return self.pick(["context.ids", "principal.tags"])
        return "[" + ", ".join(self.gen_entity(d) for _ in range(self.rng.randrange(0, 4))) + "]"

    def gen_set(self, d: int) -> str:
        r = self.rng.randrange(5)
        if r == 0:
            return self.pick(["principal.tags", "resource.tags", "context.set", "context.ids", "principal.mixed"])
        if r == 1:
            return self.gen_entity_set(max(d - 1, 0))
        if r == 2 and d > 0:
            return f"(if {self.gen_bool(d - 1)} then {self.gen_set(d - 1)} else {self.gen_set(d - 1)})"
        elem = self.pick(["long", "string", "any"])
        items = [self.gen(elem, max(d - 2, 0)) for _ in range(self.rng.randrange(0, 4))]
        return "[" + ", ".join(items) + "]"

    def gen_record(self, d: int) -> str:
        if d <= 0 or self.chance(0.3):
            return self.pick(["principal.profile", "context.rec", "resource.profile", "{}", '{a: 1, "a b": "x"}'])
        keys = self.rng.sample(["a", "name", "age", "x", '"a b"', '"if"', "nested"], self.rng.randrange(1, 4))
        fields = ", ".join(f"{k}: {self.gen_any(d - 1) if k != 'nested' else self.gen_record(d - 1)}" for k in keys)
        return "{" + fields + "}"

    def ext_literal(self, fn: str, good, bad) -> str:
        r = self.rng.random()
        if r < 0.7:
            return f'{fn}({cedar_string(self.pick(good))})'
        if r < 0.85:
            edge = {"ip": IPS_EDGE, "decimal": DECIMALS_EDGE, "datetime": DATETIMES_EDGE, "duration": DURATIONS_EDGE}[fn]
            return f'{fn}({cedar_string(self.pick(edge))})'
        return f'{fn}({cedar_string(self.pick(bad))})'  # fails at run time

    def gen_ip(self, d: int) -> str:
        r = self.rng.randrange(6)
        if r == 0:
            return self.pick(["context.ip", "principal.addr", "resource.addr"])
        if r == 1:
            return "ip(context.s)"
        return self.ext_literal("ip", IPS_GOOD, IPS_BAD)

    def gen_decimal(self, d: int) -> str:
        if self.chance(0.25):
            return self.pick(["context.dec", "principal.score", "resource.score"])
        return self.ext_literal("decimal", DECIMALS_GOOD, DECIMALS_BAD)

    def gen_datetime(self, d: int) -> str:
        r = self.rng.randrange(6)
        if r == 0:
            return self.pick(["context.when", "principal.created", "resource.created"])
        if r == 1 and d > 0:
            return f"({self.gen_datetime(d - 1)}.offset({self.gen_duration(d - 1)}))"
        if r == 2 and d > 0:
            return f"({self.gen_datetime(d - 1)}.toDate())"
        return self.ext_literal("datetime", DATETIMES_GOOD, DATETIMES_BAD)

    def gen_duration(self, d: int) -> str:
        r = self.rng.randrange(6)
        if r == 0:
            return self.pick(["context.dur", "principal.ttl", "resource.ttl"])
        if r == 1 and d > 0:
            return f"({self.gen_datetime(d - 1)}.durationSince({self.gen_datetime(d - 1)}))"
        if r == 2 and d > 0:
            return f"({self.gen_datetime(d - 1)}.toTime())"
        return self.ext_literal("duration", DURATIONS_GOOD, DURATIONS_BAD)

    # -- policies ----------------------------------------------------------------
    def scope_part(self, var: str, types, slot: str | None) -> str:
        """principal/resource scope: any, ==, in, is, is … in; `slot` gives a template slot."""
        target = slot if slot else uid_text(*self.uid_of(types if self.chance(0.8) else ALL_TYPES))
        if slot:
            form = self.pick(["==", "in", "isin"])
        else:
            form = self.pick(["any", "any", "any", "==", "in", "in", "is", "isin"])
        if form == "any":
            return var
        if form == "==":
            return f"{var} == {target}"
        if form == "in":
            return f"{var} in {target}"
        t = self.pick(types if self.chance(0.8) else ALL_TYPES)
        if form == "is":
            return f"{var} is {t}"
        return f"{var} is {t} in {target}"

    def action_scope(self) -> str:
        form = self.pick(["any", "any", "any", "==", "in", "inset"])
        if form == "any":
            return "action"
        if form == "==":
            return f"action == {uid_text(*self.action_uid())}"
        if form == "in":
            return f"action in {uid_text(*self.action_uid())}"
        items = [uid_text(*self.action_uid()) for _ in range(self.rng.randrange(0, 4))]
        return "action in [" + ", ".join(items) + "]"

    def annotations(self) -> str:
        out = []
        keys = self.rng.sample(["id", "advice", "bare", "reason"], self.rng.randrange(0, 3))
        for k in keys:
            if k == "bare":
                out.append("@bare")
            else:
                out.append(f"@{k}({cedar_string(self.pick(STRINGS))})")
        return "\n".join(out) + ("\n" if out else "")

    def conditions(self) -> str:
        out = []
        for _ in range(self.pick([0, 0, 1, 1, 1, 2, 3])):
            kind = self.pick(["when", "when", "unless"])
            out.append(f"{kind} {{ {self.gen_bool(self.rng.randrange(1, self.max_depth + 2))} }}")
        return (" " + " ".join(out)) if out else ""

    def policy_text(self, slots=None) -> str:
        """One policy; with `slots` a template: {'principal': bool, 'resource': bool}."""
        slots = slots or {}
        effect = "permit" if self.chance(0.6) else "forbid"
        p = self.scope_part("principal", PRINCIPAL_TYPES, "?principal" if slots.get("principal") else None)
        a = self.action_scope()
        r = self.scope_part("resource", RESOURCE_TYPES, "?resource" if slots.get("resource") else None)
        return f"{self.annotations()}{effect} ({p}, {a}, {r}){self.conditions()};"

    def policy_set(self, n_static: int, n_templates: int) -> "PolicyCase":
        statics = [self.policy_text() for _ in range(n_static)]
        templates = []
        for _ in range(n_templates):
            slots = self.pick([{"principal": True}, {"resource": True}, {"principal": True, "resource": True}])
            templates.append((self.policy_text(slots), slots))
        links = []
        for ti, (_, slots) in enumerate(templates):
            for _ in range(self.rng.randrange(0, 3)):
                values = {}
                if slots.get("principal"):
                    values["?principal"] = self.uid_of(PRINCIPAL_TYPES if self.chance(0.8) else ALL_TYPES)
                if slots.get("resource"):
                    values["?resource"] = self.uid_of(RESOURCE_TYPES if self.chance(0.8) else ALL_TYPES)
                links.append((n_static + ti, values))
        return PolicyCase(statics=statics, templates=[t for t, _ in templates], links=links)

    # -- requests ----------------------------------------------------------------
    def request(self) -> dict:
        pt = PRINCIPAL_TYPES if self.chance(0.85) else ALL_TYPES
        rt = RESOURCE_TYPES if self.chance(0.85) else ALL_TYPES
        return {
            "principal": uid_json(*self.uid_of(pt)),
            "action": uid_json(*self.action_uid()),
            "resource": uid_json(*self.uid_of(rt)),
            "context": self.context_json(),
        }


@dataclass
class PolicyCase:
    """A policy set: static policies, then templates, then links.

    Ids follow Cedar: the i-th policy in the text (static or template) is
    `policy{i}`. Link j gets the id `policy{len(statics)+len(templates)+j}`,
    which is also the positional id of its static equivalent when the links
    are written out as static policies after the templates.
    """
    statics: list
    templates: list
    links: list  # (template index in the text, {slot: (type, id)})

    def link_id(self, j: int) -> str:
        return f"policy{len(self.statics) + len(self.templates) + j}"

    def text_with_templates(self) -> str:
        """Static policies and templates (what cedarpy parses before linking)."""
        return "\n\n".join(self.statics + self.templates) + "\n"

    def linked_static_text(self) -> str:
        """Statics, templates, then each link as a static policy with its slots filled."""
        parts = list(self.statics) + list(self.templates)
        for ti, values in self.links:
            text = self.templates[ti - len(self.statics)]
            for slot, uid in values.items():
                text = text.replace(slot, uid_text(*uid))
            parts.append(text)
        return "\n\n".join(parts) + "\n"


def json_dumps(x) -> str:
    return json.dumps(x, ensure_ascii=False, indent=1)
