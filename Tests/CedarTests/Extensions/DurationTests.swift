import Testing
@testable import Cedar

@Suite("duration: the duration() constructor and its conversions")
struct DurationTests {
    static let valid: [(String, Int64)] = [
        ("0ms", 0), ("1ms", 1), ("1s", 1000), ("1m", 60_000), ("1h", 3_600_000), ("1d", 86_400_000),
        ("1d2h3m4s5ms", 93_784_005), ("-1d2h", -93_600_000), ("2h30m", 9_000_000), ("90m", 5_400_000),
        ("1m1ms", 60_001), ("-9223372036854775808ms", .min), ("9223372036854775807ms", .max),
        ("00010s", 10_000),
    ]

    @Test("valid durations parse to milliseconds", arguments: valid)
    func parses(_ text: String, _ ms: Int64) throws {
        #expect(try CedarDuration(parsing: text).milliseconds == ms)
    }

    static let invalid: [String] = [
        "", "-", "1", "d", "1x", "1h1d", "1s1m", "1d1d", "1ms1s", "1.5h", " 1h", "1h ", "+1h", "--1h", "1H",
        "1h-1m", "9223372036854775808ms", "-9223372036854775809ms", "106751991168d", "99999999999999999999999ms",
    ]

    @Test("malformed or out-of-range durations are extension errors", arguments: invalid)
    func rejects(_ text: String) {
        #expect(Sample.outcome(of: E.duration(text)) == .error(.extensionFailure))
    }

    static let conversions: [EvalCase] = [
        EvalCase("toMilliseconds", E.method(E.duration("1s5ms"), "toMilliseconds"), .long(1005)),
        EvalCase("toSeconds truncates", E.method(E.duration("1s999ms"), "toSeconds"), .long(1)),
        EvalCase("toSeconds truncates towards zero", E.method(E.duration("-1s999ms"), "toSeconds"), .long(-1)),
        EvalCase("toMinutes", E.method(E.duration("2h59s"), "toMinutes"), .long(120)),
        EvalCase("toHours", E.method(E.duration("1d23h59m"), "toHours"), .long(47)),
        EvalCase("toDays", E.method(E.duration("-47h"), "toDays"), .long(-1)),
        EvalCase("toDays on a datetime is a type error", E.method(E.datetime("2024-01-01"), "toDays"), .error(.typeMismatch)),
        EvalCase("duration needs a string", E.call("duration", E.bool(true)), .error(.typeMismatch)),
    ]

    @Test("duration conversions", arguments: conversions)
    func conversion(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }
}
