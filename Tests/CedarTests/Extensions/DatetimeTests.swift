import Testing
@testable import Cedar

@Suite("datetime: the datetime() constructor and its methods")
struct DatetimeTests {
    static let valid: [(String, Int64)] = [
        ("1970-01-01", 0),
        ("1970-01-02", 86_400_000),
        ("1969-12-31", -86_400_000),
        ("2024-10-15", 1_728_950_400_000),
        ("2024-10-15T11:38:02Z", 1_728_992_282_000),
        ("2024-10-15T11:38:02.101Z", 1_728_992_282_101),
        ("2024-10-15T11:38:02.101+1134", 1_728_950_642_101),
        ("2024-10-15T11:38:02-1134", 1_729_033_922_000),
        ("2024-02-29", 1_709_164_800_000),
        ("2000-02-29", 951_782_400_000),
        ("0000-01-01", -62_167_219_200_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
        ("1970-01-01T00:00:00+2359", -86_340_000),
    ]

    @Test("valid datetimes parse to milliseconds since the epoch", arguments: valid)
    func parses(_ text: String, _ ms: Int64) throws {
        #expect(try CedarDatetime(parsing: text).millisecondsSinceEpoch == ms)
    }

    static let invalid: [String] = [
        "", "a", "-", "-1", "11-12-13", "1111-1x-20", "2024-10-15Z", "2024-10-15T11:38:02ZZ", "10000-01-01",
        "2024-00-01", "2024-01-00", "2024-02-30", "2025-02-29", "1900-02-29", "2024-13-01", "2024-04-31",
        "2024-01-01T", "2024-01-01T01:02", "2024-01-01T01:02:03", "2024-01-01T24:00:00Z", "2024-01-01T01:60:03Z",
        "2016-12-31T23:59:60Z", "2024-01-01T00:00:00.1Z", "2024-01-01T00:00:00.1234Z", "2024-01-01T00:00:00+24",
        "2024-01-01T00:00:00+2400", "2024-01-01T00:00:00+0060", "2024-01-01T00:00:00+01:00", "2024-01-01 00:00:00Z",
        "2024-1-01", "+2024-01-01", "2024-01-01T00:00:00z",
    ]

    @Test("malformed or impossible datetimes are extension errors", arguments: invalid)
    func rejects(_ text: String) {
        #expect(Sample.outcome(of: E.datetime(text)) == .error(.extensionFailure))
    }

    static let methods: [EvalCase] = [
        EvalCase("offset", E.binary(.equal, E.method(E.datetime("2024-01-01"), "offset", E.duration("1d")), E.datetime("2024-01-02")), .bool(true)),
        EvalCase("offset negative", E.binary(.equal, E.method(E.datetime("2024-01-01"), "offset", E.duration("-1ms")), E.datetime("2023-12-31T23:59:59.999Z")), .bool(true)),
        EvalCase("offset overflow", E.method(E.datetime("9999-12-31"), "offset", E.duration("106751991167d")), .error(.overflow)),
        EvalCase("offset needs a duration", E.method(E.datetime("2024-01-01"), "offset", E.long(1)), .error(.typeMismatch)),
        EvalCase("durationSince", E.binary(.equal, E.method(E.datetime("2024-01-02"), "durationSince", E.datetime("2024-01-01")), E.duration("24h")), .bool(true)),
        EvalCase("durationSince needs a datetime", E.method(E.datetime("2024-01-02"), "durationSince", E.duration("1h")), .error(.typeMismatch)),
        EvalCase("toDate", E.binary(.equal, E.method(E.datetime("2024-10-15T11:38:02Z"), "toDate"), E.datetime("2024-10-15")), .bool(true)),
        EvalCase("toDate before the epoch rounds down", E.binary(.equal, E.method(E.datetime("1969-12-31T23:00:00Z"), "toDate"), E.datetime("1969-12-31")), .bool(true)),
        EvalCase("toTime", E.binary(.equal, E.method(E.datetime("2024-10-15T11:38:02Z"), "toTime"), E.duration("11h38m2s")), .bool(true)),
        EvalCase("toTime before the epoch is positive", E.binary(.equal, E.method(E.datetime("1969-12-31T23:00:00Z"), "toTime"), E.duration("23h")), .bool(true)),
        EvalCase("toTime on a duration is a type error", E.method(E.duration("1h"), "toTime"), .error(.typeMismatch)),
        EvalCase("datetime needs a string", E.call("datetime", E.long(0)), .error(.typeMismatch)),
    ]

    @Test("datetime methods", arguments: methods)
    func method(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }

    @Test("toDate of the earliest instant overflows instead of trapping")
    func toDateOverflow() {
        #expect(throws: EvaluationError.self) { try CedarDatetime(millisecondsSinceEpoch: .min).date() }
        #expect(CedarDatetime(millisecondsSinceEpoch: .min).timeOfDay.milliseconds >= 0)
    }
}
