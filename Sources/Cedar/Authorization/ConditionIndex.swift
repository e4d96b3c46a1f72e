/// Policies filed by an equality their conditions test first, so that a request can skip the
/// ones that equality already rules out (the idea of OPA's rule indexing, kept exact).
///
/// A policy is filed under `(VAR, attr, L)` when the first thing its conditions evaluate is
/// `VAR.attr == L` (or `L == VAR.attr`) with `L` a literal: its first condition is a `when`
/// whose body is that equality or an `&&` chain starting with it, or with it after conjuncts
/// that cannot raise an error (`principal has attr`, `resource is T`, `true`). For a request in which
/// `VAR.attr` exists with a value other than `L`, that equality is `false` without error (Cedar's
/// `==` compares values of any two types), the `&&` chain short-circuits, the `when` fails and
/// the later conditions are never evaluated: the policy is not satisfied and raises no error, so
/// skipping it never changes the response. When `VAR.attr` is missing (its entity absent, no
/// such attribute) the policy is evaluated as usual and reports its error.
struct ConditionIndex: Sendable {
    /// One attribute that first conditions test, with the policies testing it.
    struct Group: Sendable {
        var variable: Variable
        var attribute: String
        /// Every policy filed in this group.
        var all: SparseBits
        /// The policies filed under each literal.
        var byValue: [Value: SparseBits]
    }

    private(set) var groups: [Group]

    /// Files each policy whose conditions start with an attribute-literal equality; `policies[i]`
    /// is policy position `i`.
    init(policies: [Policy]) {
        var positions: [GuardKey: [Value: [Int]]] = [:]
        var order: [GuardKey] = []
        for (i, policy) in policies.enumerated() {
            guard let found = ConditionIndex.leadingEquality(of: policy) else { continue }
            let key = GuardKey(variable: found.variable, attribute: found.attribute)
            if positions[key] == nil { order.append(key) }
            positions[key, default: [:]][found.value, default: []].append(i)
        }
        groups = order.map { key in
            let byValue = positions[key] ?? [:]
            return Group(
                variable: key.variable,
                attribute: key.attribute,
                all: SparseBits(byValue.values.flatMap { $0 }),
                byValue: byValue.mapValues(SparseBits.init)
            )
        }
    }

    /// Clears from `words` the filed policies whose equality is false for the evaluator's request.
    func narrow(_ words: UnsafeMutableBufferPointer<UInt64>, _ evaluator: Evaluator) {
        for group in groups where group.all.intersects(words) {
            guard let actual = evaluator.attributeIfPresent(group.attribute, of: group.variable) else { continue }
            group.all.clear(from: words, except: group.byValue[actual])
        }
    }

    private struct GuardKey: Hashable {
        var variable: Variable
        var attribute: String
    }

    /// `VAR.attr == literal` when `policy`'s conditions evaluate it first, or after conjuncts
    /// that cannot raise an error, and a `false` from it makes the policy unsatisfied; nil
    /// otherwise (templates included, whose scope must raise its unlinked-slot error).
    static func leadingEquality(of policy: Policy) -> (variable: Variable, attribute: String, value: Value)? {
        guard !policy.isTemplate, let first = policy.conditions.first, first.kind == .when else { return nil }
        // The evaluator walks an `&&` spine from its leftmost operand (Evaluator.logicalChain).
        var conjuncts: [Expr] = []
        var node = first.body
        while case .and(let lhs, let rhs) = node.kind {
            conjuncts.append(rhs)
            node = lhs
        }
        conjuncts.append(node)
        // Conjuncts before the equality may only be ones that give a boolean without error:
        // if one is false the chain is false anyway, so a false equality still decides.
        for conjunct in conjuncts.reversed() {
            if let found = attributeEquality(conjunct) { return found }
            guard isBooleanWithoutError(conjunct) else { return nil }
        }
        return nil
    }

    /// `VAR.attr == literal` or `literal == VAR.attr`.
    private static func attributeEquality(_ expr: Expr) -> (variable: Variable, attribute: String, value: Value)? {
        guard case .binary(.equal, let lhs, let rhs) = expr.kind else { return nil }
        switch (lhs.kind, rhs.kind) {
        case (.getAttribute(let operand, let name), .literal(let literal)),
             (.literal(let literal), .getAttribute(let operand, let name)):
            guard case .variable(let variable) = operand.kind else { return nil }
            return (variable, name, Value(literal))
        default:
            return nil
        }
    }

    /// Whether `expr` evaluates to a boolean, never an error, for every request: a boolean
    /// literal, `VAR has attr` (false for an entity missing from the store), `VAR is T`
    /// (`context` is a record, so only the three entity variables).
    private static func isBooleanWithoutError(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .literal(.bool): true
        case .hasAttribute(let operand, _): if case .variable = operand.kind { true } else { false }
        case .isType(let operand, _):
            if case .variable(let variable) = operand.kind { variable != .context } else { false }
        default: false
        }
    }
}

/// A set of policy positions as the non-zero 64-bit words of a bitmap, in word order.
struct SparseBits: Sendable {
    struct Word: Sendable {
        var index: Int
        var bits: UInt64
    }

    private(set) var words: [Word]

    init(_ positions: [Int]) {
        var dense: [Int: UInt64] = [:]
        for i in positions { dense[i >> 6, default: 0] |= 1 << UInt64(i & 63) }
        words = dense.keys.sorted().map { Word(index: $0, bits: dense[$0] ?? 0) }
    }

    /// Whether any of these positions is set in `dense`.
    func intersects(_ dense: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        for word in words where dense[word.index] & word.bits != 0 { return true }
        return false
    }

    /// Clears these positions from `dense`, except those also in `kept`.
    func clear(from dense: UnsafeMutableBufferPointer<UInt64>, except kept: SparseBits?) {
        let keep = kept?.words ?? []
        var k = 0
        for word in words {
            var clear = word.bits
            while k < keep.count, keep[k].index < word.index { k += 1 }
            if k < keep.count, keep[k].index == word.index { clear &= ~keep[k].bits }
            dense[word.index] &= ~clear
        }
    }
}

extension Value {
    /// The value a literal in policy text denotes.
    init(_ literal: Literal) {
        switch literal {
        case .bool(let b): self = .bool(b)
        case .long(let n): self = .long(n)
        case .string(let s): self = .string(s)
        case .entity(let uid): self = .entity(uid)
        }
    }
}
