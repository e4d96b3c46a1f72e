import Testing
@testable import Cedar

@Suite("Arithmetic: checked 64-bit + - * and unary -")
struct ArithmeticTests {
    static let cases: [EvalCase] = [
        EvalCase("1 + 2", E.binary(.add, E.long(1), E.long(2)), .long(3)),
        EvalCase("5 - 7", E.binary(.subtract, E.long(5), E.long(7)), .long(-2)),
        EvalCase("6 * -7", E.binary(.multiply, E.long(6), E.long(-7)), .long(-42)),
        EvalCase("-(5)", E.negate(E.long(5)), .long(-5)),
        EvalCase("max + 1 overflows", E.binary(.add, E.long(.max), E.long(1)), .error(.overflow)),
        EvalCase("min - 1 overflows", E.binary(.subtract, E.long(.min), E.long(1)), .error(.overflow)),
        EvalCase("max * 2 overflows", E.binary(.multiply, E.long(.max), E.long(2)), .error(.overflow)),
        EvalCase("min * -1 overflows", E.binary(.multiply, E.long(.min), E.long(-1)), .error(.overflow)),
        EvalCase("-(min) overflows", E.negate(E.long(.min)), .error(.overflow)),
        EvalCase("max + min is fine", E.binary(.add, E.long(.max), E.long(.min)), .long(-1)),
        EvalCase("1 + \"a\" is a type error", E.binary(.add, E.long(1), E.string("a")), .error(.typeMismatch)),
        EvalCase("true - 1 is a type error", E.binary(.subtract, E.bool(true), E.long(1)), .error(.typeMismatch)),
        EvalCase("decimal * 2 is a type error", E.binary(.multiply, E.decimal("1.0"), E.long(2)), .error(.typeMismatch)),
        EvalCase("-\"a\" is a type error", E.negate(E.string("a")), .error(.typeMismatch)),
        EvalCase("context.n * 2", E.binary(.multiply, E.get(E.context, "n"), E.long(2)), .long(10)),
    ]

    @Test("arithmetic gives the checked result or the right error", arguments: cases)
    func arithmetic(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }

    @Test("an overflow error names the operation")
    func overflowMessage() throws {
        let evaluator = Evaluator(request: Sample.request, entities: Sample.entities)
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(E.binary(.add, E.long(.max), E.long(1))) }
        do {
            _ = try evaluator.evaluate(E.binary(.add, E.long(.max), E.long(1)))
        } catch {
            #expect(error.description.contains("overflow"))
            #expect(error.description.contains("9223372036854775807 + 1"))
        }
    }
}
