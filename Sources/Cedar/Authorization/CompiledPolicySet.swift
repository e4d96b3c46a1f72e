/// A policy set prepared for fast repeated authorization: policies indexed on their scope.
///
/// Each scope constraint (principal, action, resource) files a policy under the entity it names
/// (`==`, `in`, `is … in`, action `in [ … ]`), the type it names (`is`), or an "any" bucket
/// (unconstrained, or an unlinked slot, which must still be evaluated to report its error). A
/// request then only evaluates the policies found under its own principal, action and resource,
/// their ancestors in the entity store, and their types, in all three positions. A policy not
/// found cannot have a matching scope, so skipping it never changes the response.
///
/// Two more steps keep the work per request small without changing any response: the
/// ``ConditionIndex`` drops the candidates whose leading `VAR.attr == literal` is false for the
/// request, and each policy's conditions are compiled once (``ExpressionCompiler``) into nodes
/// that give exactly the evaluator's values and errors, reading each `VAR.attr` once per request.
public struct CompiledPolicySet: Sendable {
    /// The static and linked policies, in policy-set order (their index is their position).
    public let policies: [Policy]
    /// The same policies boxed, so a candidate is handed on by reference rather than copied.
    private let compiled: [CompiledPolicy]
    private let principalIndex: ScopeIndex
    private let actionIndex: ScopeIndex
    private let resourceIndex: ScopeIndex
    private let conditionIndex: ConditionIndex
    private let wordCount: Int
    /// How many distinct `principal.attr` / `context.attr` reads the compiled conditions make.
    let attributeSlotCount: Int

    /// Compiles `set`'s static and linked policies (templates themselves are never evaluated).
    public init(_ set: PolicySet) {
        self.init(policies: set.policies)
    }

    /// Compiles a list of policies; ids should be unique, as in a ``PolicySet``.
    public init(policies: [Policy]) {
        self.policies = policies
        var slots = AttributeSlots()
        self.compiled = policies.map { CompiledPolicy($0, slots: &slots) }
        self.attributeSlotCount = slots.count
        let words = (policies.count + 63) / 64
        self.wordCount = words
        var principal = ScopeIndex.Builder(), action = ScopeIndex.Builder(), resource = ScopeIndex.Builder()
        for (i, policy) in policies.enumerated() {
            // An unlinked slot makes the scope check throw before later positions are looked at,
            // so such a policy must be evaluated for every request to report its error faithfully.
            if policy.isTemplate {
                principal.always.append(i)
                action.always.append(i)
                resource.always.append(i)
                continue
            }
            principal.add(policy.principal, i)
            action.add(policy.action, i)
            resource.add(policy.resource, i)
        }
        principalIndex = principal.build(wordCount: words)
        actionIndex = action.build(wordCount: words)
        resourceIndex = resource.build(wordCount: words)
        conditionIndex = ConditionIndex(policies: policies)
    }

    /// Calls `body` with each policy that may be satisfied for the evaluator's request, in
    /// policy-set order: those whose scope may match, less those the condition index rules out.
    func forEachCandidate(for evaluator: Evaluator, _ body: (CompiledPolicy) -> Void) {
        guard wordCount > 0 else { return }
        let request = evaluator.request, entities = evaluator.entities
        // Two bitmaps on the stack: the candidates, and one position's matches to intersect with.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 &* wordCount) { buffer in
            let candidates = UnsafeMutableBufferPointer(rebasing: buffer[0..<wordCount])
            let scratch = UnsafeMutableBufferPointer(rebasing: buffer[wordCount...])
            principalIndex.fill(candidates, for: request.principal, entities: entities)
            actionIndex.fill(scratch, for: request.action, entities: entities)
            for w in 0..<wordCount { candidates[w] &= scratch[w] }
            resourceIndex.fill(scratch, for: request.resource, entities: entities)
            for w in 0..<wordCount { candidates[w] &= scratch[w] }
            conditionIndex.narrow(candidates, evaluator)
            for w in 0..<wordCount {
                var word = candidates[w]
                while word != 0 {
                    let bit = word.trailingZeroBitCount
                    body(compiled[w &* 64 &+ bit])
                    word &= word &- 1
                }
            }
        }
    }

    /// The number of policies a request would evaluate (for benchmarks and tests).
    public func candidateCount(for request: Request, entities: Entities) -> Int {
        var n = 0
        forEachCandidate(for: Evaluator(request: request, entities: entities)) { _ in n += 1 }
        return n
    }
}

/// One policy of a compiled set, with what the index already settles about it.
final class CompiledPolicy: Sendable {
    let policy: Policy
    /// True when being a candidate already means the scope matches: every constraint is filed
    /// under exactly the entity or type it tests (`==`, `in`, `is`, action `==`/`in`/`in [ … ]`,
    /// or unconstrained), so the index's lookup is the scope check itself. False for templates
    /// (their slot must raise its error) and for `is … in` (the index files it under the entity
    /// only, not the type).
    let scopeDecidedByIndex: Bool
    /// The policy's conditions, compiled, in order.
    let conditions: [CompiledCondition]

    init(_ policy: Policy, slots: inout AttributeSlots) {
        self.policy = policy
        self.conditions = policy.conditions.map {
            CompiledCondition(kind: $0.kind, body: ExpressionCompiler.compile($0.body, slots: &slots))
        }
        func exact(_ constraint: ScopeConstraint) -> Bool {
            switch constraint {
            case .any, .equal(.entity), .in(.entity), .is: true
            case .isIn, .equal(.slot), .in(.slot): false
            }
        }
        scopeDecidedByIndex = !policy.isTemplate && exact(policy.principal) && exact(policy.resource)
    }
}

/// One `when` or `unless` of a compiled policy.
struct CompiledCondition: Sendable {
    let kind: Condition.Kind
    let body: any CompiledExpression
}

extension CompiledPolicy {
    /// Whether the policy applies to the evaluator's request; the compiled twin of
    /// ``Evaluator/isSatisfied(_:)``, with the scope check skipped when the index settled it.
    func isSatisfied(_ evaluator: Evaluator, memo: inout AttributeMemo) throws(EvaluationError) -> Bool {
        if !scopeDecidedByIndex { guard try evaluator.scopeMatches(policy) else { return false } }
        // As Evaluator.conditionsHold: in order, each from a fresh depth, stopping at the first that fails.
        for i in conditions.indices {
            let v = try conditions[i].body.value(in: evaluator, memo: &memo, depth: EvaluationDepth())
            let kind = conditions[i].kind
            guard case .bool(let holds) = v else {
                throw .typeMismatch("\(kind.rawValue) condition", expected: "bool", got: v)
            }
            if holds != (kind == .when) { return false }
        }
        return true
    }
}

/// The policies filed under one scope position.
private struct ScopeIndex: Sendable {
    /// Policies that may match any entity in this position.
    var always: [UInt64]
    /// Policies that match this entity itself: its constraint names it with `==` or as the
    /// ancestor-or-self of `in` (one lookup for the request's own entity instead of two).
    var own: [EntityUID: Bucket]
    /// Policies whose constraint names this entity as an ancestor-or-self (`in`, `is … in`, action `in`).
    var within: [EntityUID: Bucket]
    /// Policies whose constraint names this type (`is`).
    var typed: [EntityType: Bucket]

    /// A list of policy positions, with a bitmap copy when the list is long enough that OR-ing
    /// words is cheaper than setting bits one at a time.
    struct Bucket: Sendable {
        var members: [Int]
        var bitmap: [UInt64]?

        func add(to words: UnsafeMutableBufferPointer<UInt64>) {
            if let bitmap {
                for w in 0..<bitmap.count { words[w] |= bitmap[w] }
            } else {
                for i in members { words[i >> 6] |= 1 << UInt64(i & 63) }
            }
        }
    }

    struct Builder {
        var always: [Int] = []
        var equal: [EntityUID: [Int]] = [:]
        var within: [EntityUID: [Int]] = [:]
        var typed: [EntityType: [Int]] = [:]

        mutating func add(_ constraint: ScopeConstraint, _ i: Int) {
            switch constraint {
            case .equal(.entity(let uid)): equal[uid, default: []].append(i)
            case .in(.entity(let uid)), .isIn(_, .entity(let uid)): within[uid, default: []].append(i)
            case .is(let type): typed[type, default: []].append(i)
            case .any, .equal(.slot), .in(.slot), .isIn(_, .slot): always.append(i)
            }
        }

        mutating func add(_ constraint: ActionConstraint, _ i: Int) {
            switch constraint {
            case .any: always.append(i)
            case .equal(let uid): equal[uid, default: []].append(i)
            case .in(let uid): within[uid, default: []].append(i)
            case .inSet(let uids):
                for uid in Set(uids) { within[uid, default: []].append(i) }
            }
        }

        func build(wordCount: Int) -> ScopeIndex {
            func bucket(_ members: [Int]) -> Bucket {
                guard members.count > wordCount else { return Bucket(members: members, bitmap: nil) }
                var bitmap = [UInt64](repeating: 0, count: wordCount)
                for i in members { bitmap[i >> 6] |= 1 << UInt64(i & 63) }
                return Bucket(members: members, bitmap: bitmap)
            }
            var alwaysWords = [UInt64](repeating: 0, count: wordCount)
            for i in always { alwaysWords[i >> 6] |= 1 << UInt64(i & 63) }
            return ScopeIndex(
                always: alwaysWords,
                own: equal.merging(within) { $0 + $1 }.mapValues(bucket),
                within: within.mapValues(bucket),
                typed: typed.mapValues(bucket)
            )
        }
    }

    /// Sets `words` to the policies that may match `uid` in this position.
    func fill(_ words: UnsafeMutableBufferPointer<UInt64>, for uid: EntityUID, entities: Entities) {
        for w in 0..<words.count { words[w] = always[w] }
        own[uid]?.add(to: words)
        typed[uid.type]?.add(to: words)
        if !within.isEmpty {
            if let ancestors = entities.ancestors[uid] {
                if ancestors.count <= within.count {
                    for ancestor in ancestors { within[ancestor]?.add(to: words) }
                } else {
                    for (target, bucket) in within where ancestors.contains(target) { bucket.add(to: words) }
                }
            }
        }
    }
}
