/// Cedar's infix operators: equality, ordering, checked arithmetic and hierarchy membership (`in`).
extension Evaluator {
    func binary(_ op: BinaryOp, _ l: Value, _ r: Value) throws(EvaluationError) -> Value {
        switch op {
        case .equal: return .bool(l == r)
        case .notEqual: return .bool(l != r)
        case .less: return .bool(try compare(op, l, r) < 0)
        case .lessOrEqual: return .bool(try compare(op, l, r) <= 0)
        case .greater: return .bool(try compare(op, l, r) > 0)
        case .greaterOrEqual: return .bool(try compare(op, l, r) >= 0)
        case .add, .subtract, .multiply:
            guard case .long(let a) = l else { throw .typeMismatch(op.rawValue, expected: "long", got: l) }
            guard case .long(let b) = r else { throw .typeMismatch(op.rawValue, expected: "long", got: r) }
            let (result, overflow) = switch op {
            case .add: a.addingReportingOverflow(b)
            case .subtract: a.subtractingReportingOverflow(b)
            default: a.multipliedReportingOverflow(by: b)
            }
            guard !overflow else { throw .overflow("\(a) \(op.rawValue) \(b)") }
            return .long(result)
        case .in:
            return .bool(try isIn(l, r))
        }
    }

    /// Orders two longs, two datetimes or two durations (Cedar 4 allows `<` on exactly these);
    /// anything else is a type error. Returns -1, 0 or 1.
    private func compare(_ op: BinaryOp, _ l: Value, _ r: Value) throws(EvaluationError) -> Int {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (l, r) {
        case (.long(let a), .long(let b)): return order(a, b)
        case (.ext(.datetime(let a)), .ext(.datetime(let b))): return order(a, b)
        case (.ext(.duration(let a)), .ext(.duration(let b))): return order(a, b)
        case (.long, _): throw .typeMismatch(op.rawValue, expected: "long", got: r)
        case (.ext(.datetime), _): throw .typeMismatch(op.rawValue, expected: "datetime", got: r)
        case (.ext(.duration), _): throw .typeMismatch(op.rawValue, expected: "duration", got: r)
        default: throw .typeMismatch(op.rawValue, expected: "long, datetime or duration", got: l)
        }
    }

    /// `l in r`: `l` is an entity; `r` is an entity or a set of entities. True when `l` equals or
    /// descends (transitively, through the store's parents) from `r` or some member of `r`.
    private func isIn(_ l: Value, _ r: Value) throws(EvaluationError) -> Bool {
        guard case .entity(let descendant) = l else { throw .typeMismatch("in", expected: "entity", got: l) }
        switch r {
        case .entity(let ancestor):
            return entities.isDescendant(descendant, of: ancestor)
        case .set(let members):
            // Every member must be an entity, even after a match is found (Cedar checks them all).
            var found = false
            for member in members {
                guard case .entity(let ancestor) = member else {
                    throw .typeMismatch("in", expected: "set of entities", got: .set(members))
                }
                if !found, entities.isDescendant(descendant, of: ancestor) { found = true }
            }
            return found
        default:
            throw .typeMismatch("in", expected: "entity or set of entities", got: r)
        }
    }
}

extension Pattern {
    /// Whether `text` matches this `like` pattern: `*` matches any run of characters (including
    /// none); everything else matches one Unicode scalar exactly.
    public func matches(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        var p = 0
        var t = scalars.startIndex
        // Where the last `*` was, and the text position it currently stands in for; backtracking
        // to it is enough for single-wildcard patterns (no exponential search).
        var star: Int? = nil
        var starText = t
        while t < scalars.endIndex {
            if p < elements.count, case .literal(let c) = elements[p], c == scalars[t] {
                p += 1
                t = scalars.index(after: t)
            } else if p < elements.count, case .wildcard = elements[p] {
                star = p
                p += 1
                starText = t
            } else if let s = star {
                p = s + 1
                starText = scalars.index(after: starText)
                t = starText
            } else {
                return false
            }
        }
        while p < elements.count, case .wildcard = elements[p] { p += 1 }
        return p == elements.count
    }
}
