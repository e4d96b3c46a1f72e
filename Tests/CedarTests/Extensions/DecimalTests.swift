import Testing
@testable import Cedar

@Suite("decimal: the decimal() constructor and its comparison methods")
struct DecimalTests {
    static let valid: [(String, Int64)] = [
        ("0.0", 0), ("1.0", 10_000), ("1.5", 15_000), ("-1.5", -15_000), ("123.4567", 1_234_567),
        ("-0.5", -5_000), ("-0.0001", -1), ("007.10", 71_000), ("-0.0", 0),
        ("922337203685477.5807", .max), ("-922337203685477.5808", .min),
    ]

    @Test("valid decimals parse to their scaled value", arguments: valid)
    func parses(_ text: String, _ scaled: Int64) throws {
        #expect(try CedarDecimal(parsing: text).scaled == scaled)
    }

    static let invalid: [String] = [
        "", "1", "1.", ".5", "-.5", "-", "-1", "1.23456", "1.2.3", "+1.0", "1e3.0", " 1.0", "1.0 ", "1,0",
        "922337203685477.5808", "-922337203685477.5809", "9223372036854775807.0", "99999999999999999999.0", "١.٥",
    ]

    @Test("malformed or out-of-range text is an extension error", arguments: invalid)
    func rejects(_ text: String) {
        #expect(Sample.outcome(of: E.decimal(text)) == .error(.extensionFailure))
    }

    static let methods: [EvalCase] = [
        EvalCase("lessThan", E.method(E.decimal("1.0"), "lessThan", E.decimal("1.0001")), .bool(true)),
        EvalCase("lessThan equal", E.method(E.decimal("1.0"), "lessThan", E.decimal("1.0000")), .bool(false)),
        EvalCase("lessThanOrEqual", E.method(E.decimal("1.0"), "lessThanOrEqual", E.decimal("1.0000")), .bool(true)),
        EvalCase("greaterThan negative", E.method(E.decimal("-0.5"), "greaterThan", E.decimal("-1.0")), .bool(true)),
        EvalCase("greaterThanOrEqual", E.method(E.decimal("2.5"), "greaterThanOrEqual", E.decimal("2.51")), .bool(false)),
        EvalCase("needs a decimal argument", E.method(E.decimal("1.0"), "lessThan", E.long(1)), .error(.typeMismatch)),
        EvalCase("needs a decimal receiver", E.method(E.string("1.0"), "lessThan", E.decimal("1.0")), .error(.typeMismatch)),
        EvalCase("decimal needs a string", E.call("decimal", E.long(1)), .error(.typeMismatch)),
    ]

    @Test("decimal comparison methods", arguments: methods)
    func method(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }

    @Test("decimals render with four digits after the point")
    func text() throws {
        #expect(try CedarDecimal(parsing: "-0.5").text == "-0.5000")
        #expect(try CedarDecimal(parsing: "12.34").text == "12.3400")
    }
}
