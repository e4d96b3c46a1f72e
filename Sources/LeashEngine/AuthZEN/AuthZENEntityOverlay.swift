import Cedar

/// The entity store of one request that carries properties, built without recomputing the
/// ancestor closure of the whole snapshot.
///
/// Replacing an entity in Cedar's `Entities` recomputes the closure over every entity (about
/// 12 ms at 10,000 entities). Evaluation can only reach entities from the request's principal,
/// action, resource and context, from entity literals in the policies, and from there through
/// parents, attributes and tags. So the store of such a request holds exactly that reachable set,
/// with the request's entities replaced. Every entity evaluation can touch is present with the
/// same attributes and the same ancestors, so the decision is the one the full store would give.
enum AuthZENEntityOverlay {
    /// The reachable part of `base` from `roots` (plus `literals`), with `overrides` replacing entities.
    static func entities(
        base: Entities, overrides: [Entity], roots: [EntityUID], context: [String: Value], literals: Set<EntityUID>
    ) -> Entities {
        let replaced = Dictionary(overrides.map { ($0.uid, $0) }, uniquingKeysWith: { _, last in last })
        var seen = Set<EntityUID>()
        var stack = roots + Array(literals)
        for value in context.values { collect(value, into: &stack) }
        var included: [Entity] = []
        while let uid = stack.popLast() {
            guard seen.insert(uid).inserted, let entity = replaced[uid] ?? base.entity(uid) else { continue }
            included.append(entity)
            stack.append(contentsOf: entity.parents)
            for value in entity.attributes.values { collect(value, into: &stack) }
            for value in entity.tags.values { collect(value, into: &stack) }
        }
        return Entities(included)
    }

    /// The entity uids a value holds, at any depth of sets and records.
    static func collect(_ value: Value, into uids: inout [EntityUID]) {
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .entity(let uid): uids.append(uid)
            case .set(let members): pending.append(contentsOf: members)
            case .record(let fields): pending.append(contentsOf: fields.values)
            case .bool, .long, .string, .ext: break
            }
        }
    }

    /// Every entity literal in the policies' conditions (`user::"alice".role` reads alice's data).
    /// Scope constraints need no entity data: `in` is answered from the request entities' ancestors.
    static func literals(in policies: [Policy]) -> Set<EntityUID> {
        var found = Set<EntityUID>()
        var pending = policies.flatMap { $0.conditions.map(\.body) }
        while let expr = pending.popLast() {
            switch expr.kind {
            case .literal(.entity(let uid)): found.insert(uid)
            case .literal, .variable, .slot: break
            case .ifThenElse(let a, let b, let c): pending += [a, b, c]
            case .and(let a, let b), .or(let a, let b), .binary(_, let a, let b): pending += [a, b]
            case .unary(_, let a), .getAttribute(let a, _), .hasAttribute(let a, _), .like(let a, _), .isType(let a, _):
                pending.append(a)
            case .set(let items): pending += items
            case .record(let entries): pending += entries.map(\.value)
            case .method(let receiver, _, let arguments): pending += [receiver] + arguments
            case .call(_, let arguments): pending += arguments
            }
        }
        return found
    }
}
