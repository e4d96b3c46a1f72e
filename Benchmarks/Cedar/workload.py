"""Writes the Cedar benchmark workloads: policies, entities and requests.

A workload is a folder with
  policies.cedar   N policies (permits and forbids; scopes with ==, in, is; conditions)
  entities.json    ~1,000 entities in Cedar's JSON entity format (users in nested groups,
                   documents in nested folders, actions in action groups)
  requests.json    requests [{principal, action, resource, context}] (Cedar JSON)

The shape follows a multi-tenant application: most policies name a principal or a
group and an action, some a folder; a few are broad (any principal) with conditions.
Same seed, same files.

    python3 Benchmarks/Cedar/workload.py OUT_DIR --policies 1000 [--requests 1000] [--seed 7]
"""

import argparse
import json
import random
from pathlib import Path

N_USERS = 600
N_GROUPS = 60
N_FOLDERS = 60
N_DOCS = 280
ACTIONS = ["read", "list", "comment", "write", "delete", "share", "admin"]
ACTION_GROUPS = {"read": ["viewer"], "list": ["viewer"], "comment": ["viewer"],
                 "write": ["editor"], "delete": ["editor"], "share": ["editor"], "admin": []}


def uid(t, i):
    return {"type": t, "id": i}


def entities(rng):
    out = []
    # Groups form a forest: group k's parent is a lower-numbered group.
    for g in range(N_GROUPS):
        parents = [uid("Group", f"g{rng.randrange(g)}")] if g > 0 and rng.random() < 0.6 else []
        out.append({"uid": uid("Group", f"g{g}"), "attrs": {"tier": rng.randrange(3)}, "parents": parents})
    for u in range(N_USERS):
        groups = rng.sample(range(N_GROUPS), rng.randrange(1, 4))
        out.append({"uid": uid("User", f"u{u}"),
                    "attrs": {"level": rng.randrange(10), "department": f"dept{rng.randrange(8)}",
                              "active": rng.random() < 0.9},
                    "parents": [uid("Group", f"g{g}") for g in groups]})
    for f in range(N_FOLDERS):
        parents = [uid("Folder", f"f{rng.randrange(f)}")] if f > 0 and rng.random() < 0.7 else []
        out.append({"uid": uid("Folder", f"f{f}"), "attrs": {}, "parents": parents})
    for d in range(N_DOCS):
        out.append({"uid": uid("Document", f"d{d}"),
                    "attrs": {"owner": {"__entity": uid("User", f"u{rng.randrange(N_USERS)}")},
                              "classification": rng.randrange(10), "public": rng.random() < 0.1},
                    "parents": [uid("Folder", f"f{rng.randrange(N_FOLDERS)}")]})
    for a in ACTIONS:
        out.append({"uid": uid("Action", a), "attrs": {},
                    "parents": [uid("Action", p) for p in ACTION_GROUPS[a]]})
    for g in ("viewer", "editor"):
        out.append({"uid": uid("Action", g), "attrs": {}, "parents": []})
    return out


def policy(rng, i):
    effect = "forbid" if rng.random() < 0.1 else "permit"
    r = rng.random()
    if r < 0.5:
        principal = f'principal == User::"u{rng.randrange(N_USERS)}"'
    elif r < 0.96:
        principal = f'principal in Group::"g{rng.randrange(N_GROUPS)}"'
    elif r < 0.99:
        principal = "principal is User"
    else:
        principal = "principal"
    r = rng.random()
    if r < 0.5:
        action = f'action == Action::"{rng.choice(ACTIONS)}"'
    elif r < 0.8:
        action = f'action in Action::"{rng.choice(["viewer", "editor"])}"'
    else:
        action = "action in [" + ", ".join(f'Action::"{a}"' for a in rng.sample(ACTIONS, 2)) + "]"
    r = rng.random()
    if r < 0.3:
        resource = f'resource == Document::"d{rng.randrange(N_DOCS)}"'
    elif r < 0.8:
        resource = f'resource in Folder::"f{rng.randrange(N_FOLDERS)}"'
    else:
        resource = "resource is Document"
    conds = []
    r = rng.random()
    if r < 0.3:
        conds.append("when { principal.level >= resource.classification }")
    elif r < 0.45:
        conds.append("when { resource.owner == principal }")
    elif r < 0.55:
        conds.append('when { context.mfa && context.ip.isInRange(ip("10.0.0.0/8")) }')
    elif r < 0.6:
        conds.append("unless { principal.active }")
    return f'@id("bench{i}")\n{effect} ({principal}, {action}, {resource}){" " + " ".join(conds) if conds else ""};'


def request(rng):
    return {"principal": uid("User", f"u{rng.randrange(N_USERS)}"),
            "action": uid("Action", rng.choice(ACTIONS)),
            "resource": uid("Document", f"d{rng.randrange(N_DOCS)}"),
            "context": {"mfa": rng.random() < 0.7,
                        "ip": {"__extn": {"fn": "ip", "arg": f"10.0.{rng.randrange(256)}.{rng.randrange(256)}"
                                          if rng.random() < 0.8 else "192.168.1.1"}}}}


def write(out: Path, n_policies: int, n_requests: int, seed: int):
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    ents = entities(rng)
    (out / "entities.json").write_text(json.dumps(ents, indent=0))
    rng_p = random.Random(seed * 31 + n_policies)
    (out / "policies.cedar").write_text("\n".join(policy(rng_p, i) for i in range(n_policies)) + "\n")
    rng_r = random.Random(seed * 17 + 1)
    (out / "requests.json").write_text(json.dumps([request(rng_r) for _ in range(n_requests)], indent=0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--policies", type=int, required=True)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    write(a.out, a.policies, a.requests, a.seed)


if __name__ == "__main__":
    main()
