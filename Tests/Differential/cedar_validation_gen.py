"""Random Cedar schemas and policies for the validation differential test.

A schema has a few entity types (attributes of every kind, some optional, some with tags, an
enumerated type, `in` relations), actions with `appliesTo` and context records, and sometimes a
namespace. Policies are generated type-directed so that most are well typed, then a share of
them is broken on purpose: a type confused, a `has` guard dropped, an attribute misspelt, an empty
set, an extension constructor on a non-literal or a malformed literal, an undeclared name, an
impossible scope. Which policies are valid is never decided here: cedarpy is the oracle.
"""

import json
import random

PRIMS = ["Long", "String", "Bool"]
EXTS = ["ipaddr", "decimal", "datetime", "duration"]
ATTR_NAMES = ["age", "name", "level", "tags", "owner", "flag", "addr", "amount", "when", "span",
              "info", "team", "items", "score", "label", "nums"]
VALID_EXT = {
    "ipaddr": ['ip("10.0.0.1")', 'ip("192.168.0.0/16")', 'ip("::1")', 'ip("127.0.0.1")'],
    "decimal": ['decimal("1.5")', 'decimal("-0.25")', 'decimal("100.0")'],
    "datetime": ['datetime("2024-01-01")', 'datetime("2024-06-01T10:00:00Z")', 'datetime("2023-12-31T23:59:59.999+0100")'],
    "duration": ['duration("1h30m")', 'duration("-2d")', 'duration("15s")', 'duration("1ms")'],
}
INVALID_EXT = ['ip("1.2.3")', 'decimal("1.23456")', 'datetime("2024-13-01")', 'duration("1x")',
               'decimal("99999999999999.0")', 'ip("10.0.0.1/40")', 'datetime("2024-01-01T25:00:00Z")']
EXT_CTOR = {"ipaddr": "ip", "decimal": "decimal", "datetime": "datetime", "duration": "duration"}


def t_str(t):
    """A type in .cedarschema syntax."""
    k = t[0]
    if k in PRIMS or k in EXTS:
        return k if k in PRIMS else "__cedar::" + k
    if k == "Set":
        return f"Set<{t_str(t[1])}>"
    if k == "Entity":
        return t[1]
    if k == "Record":
        return "{ " + ", ".join(f'{a}{"" if req else "?"}: {t_str(ty)}' for a, (ty, req) in t[1].items()) + " }"
    if k == "Common":
        return t[1]
    raise ValueError(t)


def t_json(t):
    """A type in the JSON schema format."""
    k = t[0]
    if k in PRIMS:
        return {"type": "Boolean" if k == "Bool" else k}
    if k in EXTS:
        return {"type": "Extension", "name": k}
    if k == "Set":
        return {"type": "Set", "element": t_json(t[1])}
    if k == "Entity":
        return {"type": "Entity", "name": t[1]}
    if k == "Record":
        return {"type": "Record", "attributes": {a: dict(t_json(ty), required=req) for a, (ty, req) in t[1].items()}}
    if k == "Common":
        return {"type": t[1]}
    raise ValueError(t)


def resolve(t, commons):
    """`t` with common type names replaced by their definitions."""
    k = t[0]
    if k == "Common":
        return resolve(commons[t[1]], commons)
    if k == "Set":
        return ("Set", resolve(t[1], commons))
    if k == "Record":
        return ("Record", {a: (resolve(ty, commons), req) for a, (ty, req) in t[1].items()})
    return t


class Schema:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ns = rng.choice(["", "", "", "App"])
        n = rng.randint(2, 4)
        self.types = [f"E{i}" for i in range(n)]
        self.enum = "Color" if rng.random() < 0.5 else None
        self.parents = {t: [p for p in self.types[i + 1:] if rng.random() < 0.4] for i, t in enumerate(self.types)}
        self.json_format = rng.random() < 0.25
        self.commons = {}
        if rng.random() < 0.3:
            self.commons["Shared"] = self.record_type(1)
        self.written_attrs = {}
        self.attrs = {}
        self.tags = {}
        for t in self.types:
            written = self.record_type(2)[1]
            if self.commons and rng.random() < 0.5:
                written[rng.choice(["shared", "common"])] = (("Common", "Shared"), rng.random() < 0.7)
            self.written_attrs[t] = written
            self.attrs[t] = resolve(("Record", written), self.commons)[1]
            if rng.random() < 0.35:
                self.tags[t] = self.rand_type(0)
        # Actions: each applies to some principal and resource types, with a context.
        self.actions = {}
        for i in range(rng.randint(1, 3)):
            ptypes = rng.sample(self.types, rng.randint(1, min(2, n)))
            rtypes = rng.sample(self.types + ([self.enum] if self.enum else []), rng.randint(1, 2))
            self.actions[f"act{i}"] = (ptypes, rtypes, self.record_type(1)[1])
        self.groups = {"grp": [a for a in self.actions if rng.random() < 0.6]} if rng.random() < 0.5 else {}

    def q(self, name):
        """`name` as a policy must write it (qualified by the namespace)."""
        return f"{self.ns}::{name}" if self.ns else name

    def rand_type(self, depth):
        r = self.rng.random()
        if r < 0.45 or depth <= 0:
            return (self.rng.choice(PRIMS + EXTS + PRIMS),)
        if r < 0.65:
            return ("Set", self.rand_type(depth - 1))
        if r < 0.85:
            return ("Entity", self.rng.choice(self.types + ([self.enum] if self.enum else [])))
        return self.record_type(depth - 1)

    def record_type(self, depth):
        names = self.rng.sample(ATTR_NAMES, self.rng.randint(0, 4))
        return ("Record", {a: (self.rand_type(depth), self.rng.random() < 0.7) for a in names})

    def descendants_of(self, t):
        """Types whose entities may be `in` an entity of type `t` (including `t`)."""
        out = {t}
        changed = True
        while changed:
            changed = False
            for c, ps in self.parents.items():
                if c not in out and any(p in out for p in ps):
                    out.add(c)
                    changed = True
        return out

    def json(self):
        entity_types = {}
        if self.enum:
            entity_types[self.enum] = {"enum": ["red", "green", "blue"]}
        for t in self.types:
            entry = {"memberOfTypes": self.parents[t], "shape": t_json(("Record", self.written_attrs[t]))}
            if t in self.tags:
                entry["tags"] = t_json(self.tags[t])
            entity_types[t] = entry
        actions = {g: {} for g in self.groups}
        for a, (ps, rs, ctx) in self.actions.items():
            entry = {"appliesTo": {"principalTypes": ps, "resourceTypes": rs, "context": t_json(("Record", ctx))}}
            if a in self.groups.get("grp", []):
                entry["memberOf"] = [{"id": "grp"}]
            actions[a] = entry
        namespace = {"entityTypes": entity_types, "actions": actions}
        if self.commons:
            namespace["commonTypes"] = {n: t_json(ty) for n, ty in self.commons.items()}
        return json.dumps({self.ns: namespace}, indent=1) + "\n"

    def text(self):
        """The schema in the format chosen for it (JSON for about a quarter of schemas)."""
        return self.json() if self.json_format else self.cedarschema()

    def cedarschema(self):
        lines = [f"type {n} = {t_str(ty)};" for n, ty in self.commons.items()]
        if self.enum:
            lines.append(f'entity {self.enum} enum ["red", "green", "blue"];')
        for t in self.types:
            parents = f" in [{', '.join(self.parents[t])}]" if self.parents[t] else ""
            tags = f" tags {t_str(self.tags[t])}" if t in self.tags else ""
            lines.append(f"entity {t}{parents} {t_str(('Record', self.written_attrs[t]))}{tags};")
        for g in self.groups:
            lines.append(f'action "{g}";')
        for a, (ps, rs, ctx) in self.actions.items():
            member = ' in ["grp"]' if a in self.groups.get("grp", []) else ""
            lines.append(f'action "{a}"{member} appliesTo {{ principal: [{", ".join(ps)}], '
                         f'resource: [{", ".join(rs)}], context: {t_str(("Record", ctx))} }};')
        body = "\n".join(lines)
        return f"namespace {self.ns} {{\n{body}\n}}\n" if self.ns else body + "\n"


class PolicyGen:
    """Type-directed expressions over one schema; `bad` is the chance of a deliberate mistake."""

    def __init__(self, rng: random.Random, schema: Schema, bad: float):
        self.rng = rng
        self.s = schema
        self.bad = bad

    def coin(self, p):
        return self.rng.random() < p

    # Values of a type, as (text, guards): guards are `has`/`hasTag` tests the text needs.
    def literal_uid(self, t):
        if t == self.s.enum:
            ident = self.rng.choice(["red", "green", "blue"] + (["purple"] if self.coin(self.bad * 0.3) else []))
        else:
            ident = self.rng.choice(["a", "b", "alice"])
        return f'{self.s.q(t)}::"{ident}"'

    def value(self, t, depth):
        if self.coin(self.bad * 0.08):  # type confusion
            t = self.s.rand_type(1)
        k = t[0]
        if depth > 0 and self.coin(0.35):
            path = self.attribute_path(t)
            if path:
                return path
        if depth > 0 and self.coin(0.08):
            c = self.boolean(depth - 1)
            a, ga = self.value(t, depth - 1)
            b, gb = self.value(t, depth - 1)
            return f"(if {c} then {a} else {b})", ga + gb
        if k == "Long":
            if depth > 0 and self.coin(0.3):
                a, ga = self.value(("Long",), depth - 1)
                b, gb = self.value(("Long",), depth - 1)
                return f"({a} {self.rng.choice(['+', '-', '*'])} {b})", ga + gb
            if depth > 0 and self.coin(0.15):
                d, g = self.value(("duration",), depth - 1)
                return f"{d}.{self.rng.choice(['toSeconds', 'toDays', 'toMilliseconds'])}()", g
            return str(self.rng.choice([0, 1, 7, -3, 42, 1000])), []
        if k == "String":
            return self.rng.choice(['"x"', '"alice"', '""', '"a*b"']), []
        if k == "Bool":
            return self.boolean(depth), []
        if k in EXTS:
            if self.coin(self.bad * 0.1):
                return self.rng.choice(INVALID_EXT), []
            if self.coin(self.bad * 0.05):
                s, g = self.value(("String",), depth)
                return f"{EXT_CTOR[k]}({s})", g
            if k == "datetime" and depth > 0 and self.coin(0.2):
                d, g = self.value(("duration",), depth - 1)
                return f"{self.rng.choice(VALID_EXT['datetime'])}.offset({d})", g
            return self.rng.choice(VALID_EXT[k]), []
        if k == "Set":
            if self.coin(self.bad * 0.1):
                return "[]", []
            items = [self.value(t[1], max(depth - 1, 0)) for _ in range(self.rng.randint(1, 3))]
            return "[" + ", ".join(i for i, _ in items) + "]", [g for _, gs in items for g in gs]
        if k == "Entity":
            return self.literal_uid(t[1]), []
        if k == "Record":
            parts, guards = [], []
            for a, (ty, req) in t[1].items():
                if req or self.coin(0.5):
                    v, g = self.value(ty, max(depth - 1, 0))
                    parts.append(f"{a}: {v}")
                    guards += g
            return "{" + ", ".join(parts) + "}", guards
        raise ValueError(t)

    def roots(self):
        """Typed roots available in the current request: principal, resource, context."""
        out = [("context", ("Record", self.ctx))]
        if self.ptype:
            out.append(("principal", ("Entity", self.ptype)))
        if self.rtype:
            out.append(("resource", ("Entity", self.rtype)))
        return out

    def members(self, t):
        if t[0] == "Record":
            return t[1]
        if t[0] == "Entity" and t[1] in self.s.attrs:
            return self.s.attrs[t[1]]
        return {}

    def attribute_path(self, want):
        """An attribute chain from a root with type `want`, with the `has` guards it needs."""
        candidates = []

        def walk(text, t, guards, depth):
            if t == want and depth > 0:
                candidates.append((text, guards))
            if depth >= 3:
                return
            for a, (ty, req) in self.members(t).items():
                g = guards if req else guards + [f"({text} has {a})"]
                walk(f"{text}.{a}", ty, g, depth + 1)
            if t[0] == "Entity" and t[1] in self.s.tags and self.s.tags[t[1]] == want:
                key = self.rng.choice(['"k"', '"owner"'])
                candidates.append((f"{text}.getTag({key})", guards + [f"{text}.hasTag({key})"]))

        for text, t in self.roots():
            walk(text, t, [], 0)
        if not candidates:
            return None
        text, guards = self.rng.choice(candidates)
        if guards and self.coin(self.bad * 0.25):
            guards = guards[:-1]  # drop a guard: unsafe access
        if self.coin(self.bad * 0.05):
            text = text + "x" if not text.endswith(")") else text  # misspelt attribute
        return text, guards

    def guarded(self, text, guards):
        """`text` under its guards, in one of the forms Cedar's capability tracking accepts (or,
        now and then, one it does not: the guard under `||` or negated)."""
        if not guards:
            return text
        g = " && ".join(guards)
        forms = [f"({g} && {text})", f"({g} && {text})", f"(if {g} then {text} else false)",
                 f"(({g} || false) && {text})", f"((true && {g}) && {text})"]
        if self.coin(self.bad * 0.1):
            forms += [f"(!({g}) || {text})", f"({g} || {text})", f"(if {g} then false else {text})"]
        return self.rng.choice(forms)

    def boolean(self, depth):
        r = self.rng.random()
        if depth <= 0 or r < 0.1:
            if self.coin(0.5):
                path = self.attribute_path(("Bool",))
                if path:
                    return self.guarded(*path)
            return self.rng.choice(["true", "false", "true"])
        d = depth - 1
        choices = [
            self.b_compare, self.b_equal, self.b_logic, self.b_has, self.b_like, self.b_in, self.b_is,
            self.b_set, self.b_ext, self.b_not, self.b_tag, self.b_tricky,
        ]
        return self.rng.choice(choices)(d)

    def typed_pair(self, d, t=None):
        t = t or self.s.rand_type(1)
        a, ga = self.value(t, d)
        b, gb = self.value(t, d)
        return a, b, ga + gb

    def b_compare(self, d):
        t = self.rng.choice([("Long",), ("Long",), ("datetime",), ("duration",)])
        a, b, g = self.typed_pair(d, t)
        return self.guarded(f"({a} {self.rng.choice(['<', '<=', '>', '>='])} {b})", g)

    def b_equal(self, d):
        a, b, g = self.typed_pair(d)
        return self.guarded(f"({a} {self.rng.choice(['==', '!='])} {b})", g)

    def b_logic(self, d):
        op = self.rng.choice(["&&", "||"])
        return f"({self.boolean(d)} {op} {self.boolean(d)})"

    def b_not(self, d):
        return f"!{self.boolean(d)}"

    def b_has(self, d):
        roots = self.roots()
        text, t = self.rng.choice(roots)
        names = list(self.members(t)) or ATTR_NAMES
        return f"({text} has {self.rng.choice(names + ['nope'])})"

    def b_like(self, d):
        s, g = self.value(("String",), d)
        return self.guarded(f'({s} like "a*")', g)

    def b_in(self, d):
        lhs_t = self.rng.choice(self.s.types)
        lhs, g = self.value(("Entity", lhs_t), d)
        rhs_t = self.rng.choice(self.s.types)
        if self.coin(0.3):
            rhs, g2 = self.value(("Set", ("Entity", rhs_t)), d)
        else:
            rhs, g2 = self.value(("Entity", rhs_t), d)
        if self.coin(0.15):
            lhs, rhs = "action", self.rng.choice([f'{self.s.q("Action")}::"grp"', f'{self.s.q("Action")}::"act0"'])
        return self.guarded(f"({lhs} in {rhs})", g + g2)

    def b_is(self, d):
        text, _ = self.rng.choice(self.roots()[1:] or [("principal", None)])
        return f"({text} is {self.s.q(self.rng.choice(self.s.types))})"

    def b_set(self, d):
        elem = self.s.rand_type(0)
        st, g = self.value(("Set", elem), d)
        op = self.rng.choice(["contains", "containsAll", "containsAny", "isEmpty"])
        if op == "isEmpty":
            return self.guarded(f"{st}.isEmpty()", g)
        if op == "contains":
            v, g2 = self.value(elem, d)
        else:
            v, g2 = self.value(("Set", elem), d)
        return self.guarded(f"{st}.{op}({v})", g + g2)

    def b_ext(self, d):
        k = self.rng.choice(["ipaddr", "decimal", "datetime"])
        a, ga = self.value((k,), d)
        if k == "ipaddr":
            if self.coin(0.5):
                return self.guarded(f"{a}.{self.rng.choice(['isIpv4', 'isIpv6', 'isLoopback', 'isMulticast'])}()", ga)
            b, gb = self.value(("ipaddr",), d)
            return self.guarded(f"{a}.isInRange({b})", ga + gb)
        if k == "decimal":
            b, gb = self.value(("decimal",), d)
            return self.guarded(f"{a}.{self.rng.choice(['lessThan', 'greaterThanOrEqual'])}({b})", ga + gb)
        b, gb = self.value(("datetime",), d)
        return self.guarded(f"({a}.durationSince({b}) < duration(\"1d\"))", ga + gb)

    def b_tag(self, d):
        text, t = self.rng.choice(self.roots())
        key = self.rng.choice(['"k"', '"owner"'])
        if t[0] == "Entity" and self.coin(0.7):
            return f"{text}.hasTag({key})"
        return f"({text}.hasTag({key}) && {text}.getTag({key}) == \"x\")" if self.coin(0.5) else f"{text}.hasTag({key})"

    def b_tricky(self, d):
        """Singleton booleans that make Cedar skip a branch, and strict-mode least upper bounds."""
        t = self.s.rand_type(1)
        a, ga = self.value(t, d)
        b, gb = self.value(self.s.rand_type(1), d)  # often another type
        e0, e1 = self.rng.sample(self.s.types, 2) if len(self.s.types) > 1 else (self.s.types[0],) * 2
        const_false = self.rng.choice(["false", "(1 == 2)", '("a" == "b")',
                                       f"({self.literal_uid(e0)} == {self.literal_uid(e1)})",
                                       f"(principal in {self.literal_uid(e0)})", "!true"])
        const_true = self.rng.choice(["true", "(1 == 1)", '("a" == "a")', "!false"])
        forms = [
            f"({const_false} && ({a} == {b}))",
            f"({const_true} || ({a} == {b}))",
            f"(if {const_true} then true else ({a} == {b}))",
            f"(if {const_false} then ({a} == {b}) else true)",
            f"({a} == {b})",
            f"[{a}, {b}].contains({a})",
            f"((if {self.boolean(d)} then {a} else {b}) == {a})",
            f"({{k: {a}}} == {{k: {b}}})",
            f"({{k: {a}}} == {{j: {a}}})",
            f"(action == {self.s.q('Action')}::\"{self.rng.choice(list(self.s.actions))}\")",
            f"(principal is {self.s.q(self.rng.choice(self.s.types + ([self.s.enum] if self.s.enum else [])))})",
            f"[{self.literal_uid(e0)}, {self.literal_uid(e1)}].contains(principal)",
            f"({self.literal_uid(e0)} in [{self.literal_uid(e1)}, {self.literal_uid(e0)}])",
        ]
        return self.guarded(self.rng.choice(forms), ga + gb)

    # A whole policy.
    def policy(self):
        s = self.s
        action = self.rng.choice(list(s.actions))
        ptypes, rtypes, ctx = s.actions[action]
        self.ctx = ctx
        self.ptype = self.rng.choice(ptypes)
        self.rtype = self.rng.choice(rtypes)
        act_q = s.q("Action")
        # Action scope.
        r = self.rng.random()
        if r < 0.6:
            ascope = f'action == {act_q}::"{action}"'
        elif r < 0.75 and s.groups:
            ascope = f'action in {act_q}::"grp"'
            members = s.groups["grp"]
            if members:
                action = self.rng.choice(members)
                self.ptype = self.rng.choice(s.actions[action][0])
                self.rtype = self.rng.choice(s.actions[action][1])
                self.ctx = s.actions[action][2]
            else:
                self.ptype = self.rtype = None
                self.ctx = {}
        elif r < 0.85:
            ascope = f'action in [{act_q}::"{action}"]'
        else:
            ascope = "action"
            if len(s.actions) > 1:
                self.ptype = self.rtype = None
                self.ctx = {}
        if self.coin(self.bad * 0.05):
            ascope = f'action == {act_q}::"nope"'
        template = self.coin(0.1)
        pscope = self.scope("principal", self.ptype, template)
        rscope = self.scope("resource", self.rtype, template and self.coin(0.5))
        if self.coin(self.bad * 0.05):
            pscope = f"principal is {s.q('Nope')}"
        conditions = []
        for _ in range(self.rng.randint(0, 2)):
            kind = self.rng.choice(["when", "when", "unless"])
            conditions.append(f"{kind} {{ {self.boolean(self.rng.randint(1, 3))} }}")
        effect = self.rng.choice(["permit", "forbid"])
        return f"{effect}(\n  {pscope},\n  {ascope},\n  {rscope}\n)" + "".join("\n" + c for c in conditions) + ";\n"

    def scope(self, var, t, slot):
        s = self.s
        if slot:
            return self.rng.choice([f"{var} == ?{var}", f"{var} in ?{var}"] + ([f"{var} is {s.q(t)} in ?{var}"] if t else []))
        if t is None:
            return var
        r = self.rng.random()
        if r < 0.3:
            return var
        if r < 0.5:
            return f"{var} is {s.q(t)}"
        if r < 0.7:
            return f"{var} == {self.literal_uid(t)}"
        ancestors = [a for a in s.types if t in s.descendants_of(a)]
        if t == s.enum or not ancestors:
            return f"{var} == {self.literal_uid(t)}"
        anc = self.rng.choice(ancestors)
        if self.coin(0.3):
            return f"{var} is {s.q(t)} in {self.literal_uid(anc)}"
        return f"{var} in {self.literal_uid(anc)}"


def generate(seed: int, schemas: int, per_schema: int):
    """`schemas` schemas with `per_schema` policies each: [(schema_text, [policy_text])]."""
    rng = random.Random(seed)
    out = []
    for _ in range(schemas):
        schema = Schema(rng)
        gen = PolicyGen(rng, schema, bad=rng.choice([0.5, 1.5, 3.0]))
        out.append((schema.text(), [gen.policy() for _ in range(per_schema)]))
    return out
