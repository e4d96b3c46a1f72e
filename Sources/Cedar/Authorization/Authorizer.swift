/// Cedar's authorizer: answers allow or deny for a request under a policy set and entity store.
///
/// Cedar semantics: default deny; a policy is satisfied when its scope matches, every `when`
/// holds and every `unless` fails; a policy whose evaluation errors is skipped and reported;
/// any satisfied `forbid` denies (forbid overrides permit) with the satisfied forbids as reasons;
/// otherwise any satisfied `permit` allows with the satisfied permits as reasons; otherwise deny
/// with no reasons.
public struct Authorizer: Sendable {
    public init() {}

    /// Decides by evaluating every policy of the set (no index); for repeated decisions over the
    /// same policies, compile them once into a ``CompiledPolicySet`` and use the other overload.
    public func isAuthorized(_ request: Request, policies: PolicySet, entities: Entities) -> Response {
        let evaluator = Evaluator(request: request, entities: entities)
        var tally = Tally()
        for policy in policies.policies { tally.record(policy, evaluator) }
        return tally.response
    }

    /// Decides by evaluating only the policies whose scope can match the request, found through
    /// the compiled set's index. Gives exactly the response of the unindexed overload.
    public func isAuthorized(_ request: Request, policies: CompiledPolicySet, entities: Entities) -> Response {
        let evaluator = Evaluator(request: request, entities: entities)
        var tally = Tally()
        var memo = AttributeMemo(count: policies.attributeSlotCount)
        policies.forEachCandidate(for: evaluator) { candidate in
            tally.record(candidate, evaluator, memo: &memo)
        }
        return tally.response
    }
}

/// Accumulates policy outcomes in policy-set order and turns them into a response.
struct Tally {
    // Lists, made sets only for the response: appending hashes nothing, and the permits of a
    // decision a forbid settles are never hashed at all.
    private var permits: [PolicyID] = []
    private var forbids: [PolicyID] = []
    private var errors: [PolicyError] = []

    /// Records one policy's outcome, evaluated by the plain evaluator.
    mutating func record(_ policy: Policy, _ evaluator: Evaluator) {
        do {
            guard try evaluator.isSatisfied(policy) else { return }
            switch policy.effect {
            case .permit: permits.append(policy.id)
            case .forbid: forbids.append(policy.id)
            }
        } catch {
            errors.append(PolicyError(id: policy.id, error: error))
        }
    }

    /// Records one compiled policy's outcome.
    mutating func record(_ compiled: CompiledPolicy, _ evaluator: Evaluator, memo: inout AttributeMemo) {
        do {
            guard try compiled.isSatisfied(evaluator, memo: &memo) else { return }
            switch compiled.policy.effect {
            case .permit: permits.append(compiled.policy.id)
            case .forbid: forbids.append(compiled.policy.id)
            }
        } catch {
            errors.append(PolicyError(id: compiled.policy.id, error: error))
        }
    }

    var response: Response {
        // Cedar: forbid overrides permit; no satisfied policy means deny.
        if !forbids.isEmpty { return Response(decision: .deny, reasons: Set(forbids), errors: errors) }
        if !permits.isEmpty { return Response(decision: .allow, reasons: Set(permits), errors: errors) }
        return Response(decision: .deny, reasons: [], errors: errors)
    }
}
