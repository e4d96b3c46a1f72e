/// Whether a single policy applies to the evaluator's request: its scope, then its conditions.
extension Evaluator {
    /// True when the policy's scope matches and every `when` holds and every `unless` fails.
    ///
    /// Conditions are checked in order and stop at the first that does not hold (Cedar joins
    /// them with `&&`), so a later condition's error does not count once an earlier one failed.
    /// A condition that is not a boolean is a type error.
    public func isSatisfied(_ policy: Policy) throws(EvaluationError) -> Bool {
        guard try scopeMatches(policy) else { return false }
        return try conditionsHold(policy)
    }

    /// True when every `when` holds and every `unless` fails, checked in order as in ``isSatisfied(_:)``;
    /// the scope is not looked at.
    func conditionsHold(_ policy: Policy) throws(EvaluationError) -> Bool {
        // By index: iterating by value would copy (retain and release) each condition.
        for i in policy.conditions.indices {
            let v = try evaluate(policy.conditions[i].body)
            let kind = policy.conditions[i].kind
            guard case .bool(let holds) = v else {
                throw .typeMismatch("\(kind.rawValue) condition", expected: "bool", got: v)
            }
            if holds != (kind == .when) { return false }
        }
        return true
    }

    /// Whether the request's principal, action and resource satisfy the policy's scope.
    /// An unlinked template slot in the scope is an error.
    public func scopeMatches(_ policy: Policy) throws(EvaluationError) -> Bool {
        guard try matches(policy.principal, request.principal) else { return false }
        guard matches(policy.action, request.action) else { return false }
        return try matches(policy.resource, request.resource)
    }

    private func matches(_ constraint: ScopeConstraint, _ uid: EntityUID) throws(EvaluationError) -> Bool {
        switch constraint {
        case .any: return true
        case .equal(let target): return try uid == entity(target)
        case .in(let target): return try entities.isDescendant(uid, of: entity(target))
        case .is(let type): return uid.type == type
        case .isIn(let type, let target):
            let ancestor = try entity(target)
            return uid.type == type && entities.isDescendant(uid, of: ancestor)
        }
    }

    private func matches(_ constraint: ActionConstraint, _ uid: EntityUID) -> Bool {
        switch constraint {
        case .any: return true
        case .equal(let target): return uid == target
        case .in(let target): return entities.isDescendant(uid, of: target)
        case .inSet(let targets): return targets.contains { entities.isDescendant(uid, of: $0) }
        }
    }

    private func entity(_ reference: EntityReference) throws(EvaluationError) -> EntityUID {
        switch reference {
        case .entity(let uid): return uid
        case .slot(let slot):
            throw EvaluationError(kind: .unlinkedSlot, message: "template slot \(slot.rawValue) is not linked to an entity")
        }
    }
}
