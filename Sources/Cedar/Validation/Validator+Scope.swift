// The checks Cedar's validator makes once per policy, before typechecking: the names a policy
// uses are declared, enumerated entities use listed ids, and the scope allows some action to
// apply (Cedar's `validator/rbac.rs`).

extension Validator {
    /// Cedar calls an entity type an action type when its last name component is `Action`.
    static func isActionType(_ type: EntityType) -> Bool { type.basename == "Action" }

    /// Whether the schema knows `type` (every `…::Action` type counts, as in Cedar; the action
    /// ids themselves are checked separately).
    func isKnownEntityType(_ type: EntityType) -> Bool {
        Self.isActionType(type) || schema.entityTypes[type] != nil
    }

    /// Errors in the names a static policy or template uses, and in its scope.
    func scopeErrors(_ policy: Policy) -> [ValidationError] {
        var errors: [ValidationError] = []
        var uses = NameUses()
        uses.collect(policy)
        var reportedTypes = Set<EntityType>()
        for (type, location) in uses.types where !isKnownEntityType(type) && reportedTypes.insert(type).inserted {
            errors.append(ValidationError(
                policyID: policy.id, location: location, kind: .unrecognizedEntityType,
                expected: "an entity type declared in the schema", found: type.description,
                message: "unrecognized entity type `\(type)`"))
        }
        var reportedUIDs = Set<EntityUID>()
        for (uid, location) in uses.uids where reportedUIDs.insert(uid).inserted {
            errors += literalErrors(uid, policyID: policy.id, location: location)
        }
        if let error = actionApplicationError(policy) { errors.append(error) }
        return errors
    }

    /// Errors of a template-linked policy: its slot values name declared types and enumerated
    /// ids, and its scope (with the values filled in) still allows some action to apply.
    func linkErrors(_ policy: Policy, values: [SlotID: EntityUID]) -> [ValidationError] {
        var errors: [ValidationError] = []
        for (_, uid) in values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if !isKnownEntityType(uid.type) {
                errors.append(ValidationError(
                    policyID: policy.id, location: nil, kind: .unrecognizedEntityType,
                    expected: "an entity type declared in the schema", found: uid.type.description,
                    message: "unrecognized entity type `\(uid.type)`"))
            } else {
                errors += literalErrors(uid, policyID: policy.id, location: nil)
            }
        }
        if let error = actionApplicationError(policy) { errors.append(error) }
        return errors
    }

    /// An undeclared action, or an enumerated entity with an unlisted id.
    private func literalErrors(_ uid: EntityUID, policyID: PolicyID, location: SourceLocation?) -> [ValidationError] {
        if Self.isActionType(uid.type) {
            guard schema.actions[uid] == nil else { return [] }
            return [ValidationError(
                policyID: policyID, location: location, kind: .unrecognizedAction,
                expected: "an action declared in the schema", found: uid.description,
                message: "unrecognized action `\(uid)`")]
        }
        guard let ids = schema.entityTypes[uid.type]?.enumeratedIDs, !ids.contains(where: { CedarString.equal($0, uid.id) }) else { return [] }
        let listed = ids.map(CedarString.quoted).joined(separator: ", ")
        return [ValidationError(
            policyID: policyID, location: location, kind: .invalidEnumEntity,
            expected: "one of \(listed)", found: uid.description,
            message: "entity `\(uid)` is of an enumerated type, but `\(CedarString.quoted(uid.id))` is not among its ids [\(listed)]")]
    }

    /// `invalidActionApplication` when no action the scope allows applies to a principal type and
    /// a resource type the scope allows.
    func actionApplicationError(_ policy: Policy) -> ValidationError? {
        let actions = actionsSatisfying(policy.action)
        let principals = entityTypesSatisfying(policy.principal)
        let resources = entityTypesSatisfying(policy.resource)
        let applies = actions.contains { uid in
            guard let appliesTo = schema.actions[uid]?.appliesTo else { return false }
            return !appliesTo.principalTypes.isDisjoint(with: principals) && !appliesTo.resourceTypes.isDisjoint(with: resources)
        }
        guard !applies else { return nil }
        return ValidationError(
            policyID: policy.id, location: policy.range.start, kind: .invalidActionApplication,
            expected: "an action that applies to the principal and resource of the scope",
            found: "none among [\(actions.map(\.description).sorted().joined(separator: ", "))]",
            message: "unable to find an applicable action given the policy scope constraints")
    }

    /// The declared actions an action scope allows.
    private func actionsSatisfying(_ constraint: ActionConstraint) -> [EntityUID] {
        switch constraint {
        case .any: return Array(schema.actions.keys)
        case .equal(let uid): return [uid]
        case .in(let uid): return actionsIn([uid]).map(Array.init) ?? []
        case .inSet(let uids): return actionsIn(uids).map(Array.init) ?? []
        }
    }

    /// Every declared action that is one of `groups` or a member of one of them (transitively);
    /// `nil` when one of `groups` is not declared.
    func actionsIn(_ groups: [EntityUID]) -> Set<EntityUID>? {
        guard groups.allSatisfy({ schema.actions[$0] != nil }) else { return nil }
        let wanted = Set(groups)
        return Set(schema.actions.keys.filter { uid in
            wanted.contains(uid) || !schema.actionAncestors(of: uid).isDisjoint(with: wanted)
        })
    }

    /// The declared entity types a principal or resource scope allows.
    private func entityTypesSatisfying(_ constraint: ScopeConstraint) -> Set<EntityType> {
        switch constraint {
        case .any, .equal(.slot), .in(.slot): return Set(schema.entityTypes.keys)
        case .equal(.entity(let uid)): return [uid.type]
        case .in(.entity(let uid)): return typesIn[uid.type] ?? []
        case .is(let type), .isIn(let type, .slot): return schema.entityTypes[type] != nil ? [type] : []
        case .isIn(let type, .entity(let uid)): return (typesIn[uid.type] ?? []).filter { $0 == type }
        }
    }
}

/// The entity types and entity literals a policy mentions, each with where (first) seen.
private struct NameUses {
    var types: [(EntityType, SourceLocation?)] = []
    var uids: [(EntityUID, SourceLocation?)] = []

    mutating func collect(_ policy: Policy) {
        let at = policy.range.start
        for constraint in [policy.principal, policy.resource] {
            switch constraint {
            case .any: break
            case .equal(let r), .in(let r): reference(r, at: at)
            case .is(let type): types.append((type, at))
            case .isIn(let type, let r):
                types.append((type, at))
                reference(r, at: at)
            }
        }
        switch policy.action {
        case .any: break
        case .equal(let uid), .in(let uid): entity(uid, at: at)
        case .inSet(let list): for uid in list { entity(uid, at: at) }
        }
        for condition in policy.conditions { walk(condition.body) }
    }

    private mutating func reference(_ r: EntityReference, at location: SourceLocation) {
        if case .entity(let uid) = r { entity(uid, at: location) }
    }

    private mutating func entity(_ uid: EntityUID, at location: SourceLocation?) {
        types.append((uid.type, location))
        uids.append((uid, location))
    }

    private mutating func walk(_ root: Expr) {
        var stack = [root]
        while let e = stack.popLast() {
            let at = e.range.start
            switch e.kind {
            case .literal(.entity(let uid)): entity(uid, at: at)
            case .literal, .variable, .slot: break
            case .ifThenElse(let c, let a, let b): stack += [b, a, c]
            case .and(let a, let b), .or(let a, let b), .binary(_, let a, let b): stack += [b, a]
            case .unary(_, let a), .getAttribute(let a, _), .hasAttribute(let a, _), .like(let a, _): stack.append(a)
            case .isType(let a, let type):
                types.append((type, at))
                stack.append(a)
            case .set(let items): stack += items.reversed()
            case .record(let entries): stack += entries.map(\.value).reversed()
            case .method(let receiver, _, let arguments): stack += arguments.reversed() + [receiver]
            case .call(_, let arguments): stack += arguments.reversed()
            }
        }
    }
}
