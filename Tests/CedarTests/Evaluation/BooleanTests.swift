import Testing
@testable import Cedar

@Suite("Boolean operators and if-then-else: short-circuit, booleans required")
struct BooleanTests {
    static let boom = E.binary(.add, E.long(1), E.string("a")) // always a type error

    static let cases: [EvalCase] = [
        EvalCase("true && false", E.and(E.bool(true), E.bool(false)), .bool(false)),
        EvalCase("false && error short-circuits", E.and(E.bool(false), boom), .bool(false)),
        EvalCase("true && error errors", E.and(E.bool(true), boom), .error(.typeMismatch)),
        EvalCase("true && 1 is a type error", E.and(E.bool(true), E.long(1)), .error(.typeMismatch)),
        EvalCase("1 && false is a type error", E.and(E.long(1), E.bool(false)), .error(.typeMismatch)),
        EvalCase("false || true", E.or(E.bool(false), E.bool(true)), .bool(true)),
        EvalCase("true || error short-circuits", E.or(E.bool(true), boom), .bool(true)),
        EvalCase("false || error errors", E.or(E.bool(false), boom), .error(.typeMismatch)),
        EvalCase("false || \"x\" is a type error", E.or(E.bool(false), E.string("x")), .error(.typeMismatch)),
        EvalCase("\"x\" || true is a type error", E.or(E.string("x"), E.bool(true)), .error(.typeMismatch)),
        EvalCase("!true", E.not(E.bool(true)), .bool(false)),
        EvalCase("!1 is a type error", E.not(E.long(1)), .error(.typeMismatch)),
        EvalCase("if true then 1 else error", E.ite(E.bool(true), E.long(1), boom), .long(1)),
        EvalCase("if false then error else 2", E.ite(E.bool(false), boom, E.long(2)), .long(2)),
        EvalCase("if 1 then … is a type error", E.ite(E.long(1), E.long(1), E.long(2)), .error(.typeMismatch)),
        EvalCase("if error then … errors", E.ite(boom, E.long(1), E.long(2)), .error(.typeMismatch)),
        EvalCase("unlinked slot is an error", Expr(.slot(.principal)), .error(.unlinkedSlot)),
    ]

    @Test("boolean operators follow Cedar's rules", arguments: cases)
    func boolean(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }

    @Test("expressions nested beyond the limit stop with an error instead of trapping")
    func deepNesting() {
        var expr = E.long(0)
        for _ in 0..<(Evaluator.maximumDepth + 10) { expr = E.negate(E.negate(expr)) }
        #expect(Sample.outcome(of: expr) == .error(.tooDeep))
    }
}
