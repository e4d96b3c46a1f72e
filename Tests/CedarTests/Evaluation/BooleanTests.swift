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

    @Test("long left-leaning chains (&&, ||, +, .attr) are walked without deep recursion")
    func longChains() {
        var conjunction = E.bool(true), disjunction = E.bool(false), sum = E.long(0)
        var access = E.record(("a", E.long(7)))
        for i in 0..<5_000 {
            conjunction = E.and(conjunction, E.binary(.less, E.long(Int64(i)), E.long(5_000)))
            disjunction = E.or(disjunction, E.binary(.equal, E.long(Int64(i)), E.long(4_999)))
            sum = E.binary(i % 2 == 0 ? .add : .subtract, sum, E.long(Int64(i)))
        }
        for _ in 0..<3_000 { access = E.record(("a", access)) }
        var path = access
        for _ in 0...3_000 { path = E.get(path, "a") }
        #expect(Sample.outcome(of: conjunction) == .bool(true))
        #expect(Sample.outcome(of: disjunction) == .bool(true))
        #expect(Sample.outcome(of: sum) == .long(-2_500))
        // The record literal itself is 3,000 levels deep, which is refused rather than trapping.
        #expect(Sample.outcome(of: path) == .error(.tooDeep))
        // Short-circuit still holds inside a chain: the erroring right operand is never reached.
        #expect(Sample.outcome(of: E.and(E.and(E.bool(false), Self.boom), Self.boom)) == .bool(false))
        #expect(Sample.outcome(of: E.or(E.and(E.bool(false), Self.boom), Self.boom)) == .error(.typeMismatch))
    }
}
