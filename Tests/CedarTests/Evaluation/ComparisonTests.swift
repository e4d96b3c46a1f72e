import Testing
@testable import Cedar

@Suite("Comparison: == on any values, < <= > >= on longs, datetimes and durations")
struct ComparisonTests {
    static let cases: [EvalCase] = [
        EvalCase("1 == 1", E.binary(.equal, E.long(1), E.long(1)), .bool(true)),
        EvalCase("1 == \"1\" is false, not an error", E.binary(.equal, E.long(1), E.string("1")), .bool(false)),
        EvalCase("1 != true", E.binary(.notEqual, E.long(1), E.bool(true)), .bool(true)),
        EvalCase("sets compare as sets", E.binary(.equal, E.set(E.long(1), E.long(2), E.long(1)), E.set(E.long(2), E.long(1))), .bool(true)),
        EvalCase("records compare by content", E.binary(.equal, E.record(("a", E.long(1)), ("b", E.bool(true))), E.record(("b", E.bool(true)), ("a", E.long(1)))), .bool(true)),
        EvalCase("entities compare by uid", E.binary(.equal, E.principal, E.entity("User", "alice")), .bool(true)),
        EvalCase("same id, other type", E.binary(.equal, E.entity("User", "alice"), E.entity("Admin", "alice")), .bool(false)),
        EvalCase("decimal 1.0 == 1.0000", E.binary(.equal, E.decimal("1.0"), E.decimal("1.0000")), .bool(true)),
        EvalCase("ip with other prefix differs", E.binary(.equal, E.ip("10.0.0.1/24"), E.ip("10.0.0.0/24")), .bool(false)),
        EvalCase("datetime equal across offsets", E.binary(.equal, E.datetime("2024-01-01T01:00:00+0100"), E.datetime("2024-01-01")), .bool(true)),
        EvalCase("== with an error operand errors", E.binary(.equal, E.get(E.context, "nope"), E.long(1)), .error(.attributeMissing)),
        EvalCase("1 < 2", E.binary(.less, E.long(1), E.long(2)), .bool(true)),
        EvalCase("2 <= 2", E.binary(.lessOrEqual, E.long(2), E.long(2)), .bool(true)),
        EvalCase("2 > 3", E.binary(.greater, E.long(2), E.long(3)), .bool(false)),
        EvalCase("3 >= 3", E.binary(.greaterOrEqual, E.long(3), E.long(3)), .bool(true)),
        EvalCase("\"a\" < \"b\" is a type error", E.binary(.less, E.string("a"), E.string("b")), .error(.typeMismatch)),
        EvalCase("1 < \"b\" is a type error", E.binary(.less, E.long(1), E.string("b")), .error(.typeMismatch)),
        EvalCase("true > false is a type error", E.binary(.greater, E.bool(true), E.bool(false)), .error(.typeMismatch)),
        EvalCase("datetime < datetime", E.binary(.less, E.datetime("2024-01-01"), E.datetime("2024-01-02")), .bool(true)),
        EvalCase("duration >= duration", E.binary(.greaterOrEqual, E.duration("1h"), E.duration("60m")), .bool(true)),
        EvalCase("datetime < duration is a type error", E.binary(.less, E.datetime("2024-01-01"), E.duration("1h")), .error(.typeMismatch)),
        EvalCase("duration < 1 is a type error", E.binary(.less, E.duration("1h"), E.long(1)), .error(.typeMismatch)),
        EvalCase("decimal < decimal is a type error (use lessThan)", E.binary(.less, E.decimal("1.0"), E.decimal("2.0")), .error(.typeMismatch)),
        EvalCase("ip < ip is a type error", E.binary(.less, E.ip("1.2.3.4"), E.ip("1.2.3.5")), .error(.typeMismatch)),
    ]

    @Test("comparison gives Cedar's result or a type error", arguments: cases)
    func comparison(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }
}
