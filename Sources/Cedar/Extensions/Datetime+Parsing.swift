/// Cedar's `datetime("…")` constructor and the `datetime` methods.
///
/// Accepted forms (Cedar RFC 0080): `YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ssZ`,
/// `YYYY-MM-DDThh:mm:ss.SSSZ`, `YYYY-MM-DDThh:mm:ss(+|-)hhmm` and
/// `YYYY-MM-DDThh:mm:ss.SSS(+|-)hhmm`. The date must exist in the proleptic Gregorian calendar,
/// hours < 24, minutes < 60, seconds < 60 (no leap seconds), offset hours < 24 and minutes < 60.
/// The value is milliseconds since the Unix epoch, UTC.
extension CedarDatetime {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// Parses the argument of Cedar's `datetime` constructor.
    public init(parsing text: String) throws(EvaluationError) {
        func fail(_ why: String) -> EvaluationError {
            .extensionFailure("datetime", "\(CedarString.quoted(text)) is not a valid datetime: \(why)")
        }
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for i in from..<(from + count) {
                guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return n
        }
        func at(_ i: Int, _ c: Unicode.Scalar) -> Bool { i < b.count && b[i] == UInt8(ascii: c) }

        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2) else {
            throw fail("expected YYYY-MM-DD")
        }
        var hour = 0, minute = 0, second = 0, millisecond = 0, offsetSeconds = 0
        if b.count > 10 {
            guard at(10, "T"), let h = number(11, 2), at(13, ":"), let m = number(14, 2), at(16, ":"),
                  let s = number(17, 2)
            else { throw fail("expected Thh:mm:ss after the date") }
            (hour, minute, second) = (h, m, s)
            var i = 19
            if at(i, ".") {
                guard let ms = number(i + 1, 3) else { throw fail("expected three millisecond digits") }
                millisecond = ms
                i += 4
            }
            if at(i, "Z"), i + 1 == b.count {
                // UTC
            } else if at(i, "+") || at(i, "-"), i + 5 == b.count, let oh = number(i + 1, 2), let om = number(i + 3, 2) {
                guard oh < 24, om < 60 else { throw fail("offset out of range") }
                offsetSeconds = (oh * 3600 + om * 60) * (at(i, "-") ? -1 : 1)
            } else {
                throw fail("expected Z, .SSSZ, (+|-)hhmm or .SSS(+|-)hhmm after the time")
            }
        }
        guard (1...12).contains(month), day >= 1, day <= CedarDatetime.daysIn(month: month, year: year) else {
            throw fail("no such date")
        }
        guard hour < 24, minute < 60, second < 60 else { throw fail("no such time of day") }
        let days = Int64(CedarDatetime.daysSinceEpoch(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        self.init(millisecondsSinceEpoch: seconds * 1000 + Int64(millisecond))
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (negative before 1970).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        // Count in 400-year eras starting on 0000-03-01, so leap days fall at the end of each year.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `offset(d)`: this instant moved by a duration; overflow is an error.
    public func offset(by duration: CedarDuration) throws(EvaluationError) -> CedarDatetime {
        let (sum, overflow) = millisecondsSinceEpoch.addingReportingOverflow(duration.milliseconds)
        guard !overflow else { throw .overflow("datetime offset") }
        return CedarDatetime(millisecondsSinceEpoch: sum)
    }

    /// `durationSince(other)`: the signed time from `other` to this instant; overflow is an error.
    public func duration(since other: CedarDatetime) throws(EvaluationError) -> CedarDuration {
        let (difference, overflow) = millisecondsSinceEpoch.subtractingReportingOverflow(other.millisecondsSinceEpoch)
        guard !overflow else { throw .overflow("datetime durationSince") }
        return CedarDuration(milliseconds: difference)
    }

    /// `toDate()`: midnight UTC of this instant's day (rounding towards the past); overflow is an error.
    public func date() throws(EvaluationError) -> CedarDatetime {
        let (start, overflow) = millisecondsSinceEpoch.subtractingReportingOverflow(timeOfDay.milliseconds)
        guard !overflow else { throw .overflow("datetime toDate") }
        return CedarDatetime(millisecondsSinceEpoch: start)
    }

    /// `toTime()`: the time since midnight UTC, always in 0 ..< 1 day.
    public var timeOfDay: CedarDuration {
        let r = millisecondsSinceEpoch % CedarDatetime.millisecondsPerDay
        return CedarDuration(milliseconds: r < 0 ? r + CedarDatetime.millisecondsPerDay : r)
    }
}

/// Cedar's `duration("…")` constructor and the `duration` methods.
///
/// Accepted text: an optional `-`, then quantity–unit pairs in the order `d`, `h`, `m`, `s`, `ms`,
/// each unit at most once, at least one pair (`1d2h3m4s5ms`, `-90m`). The total must fit in a
/// signed 64-bit count of milliseconds.
extension CedarDuration {
    /// Parses the argument of Cedar's `duration` constructor.
    public init(parsing text: String) throws(EvaluationError) {
        func fail(_ why: String) -> EvaluationError {
            .extensionFailure("duration", "\(CedarString.quoted(text)) is not a valid duration: \(why)")
        }
        let b = Array(text.utf8)
        let negative = b.first == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        guard i < b.count else { throw fail("empty") }
        // Units in the order they must appear, with their size in milliseconds.
        let units: [(name: [UInt8], size: Int64)] = [
            (Array("d".utf8), 86_400_000), (Array("h".utf8), 3_600_000), (Array("m".utf8), 60_000),
            (Array("s".utf8), 1000), (Array("ms".utf8), 1),
        ]
        var next = 0
        var total: Int64 = 0
        while i < b.count {
            var quantity: UInt64 = 0
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
                let (times10, o1) = quantity.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(b[i] - UInt8(ascii: "0")))
                guard !o1, !o2 else { throw fail("quantity too large") }
                quantity = sum
                i += 1
            }
            guard i > start, i < b.count else { throw fail("expected a quantity followed by a unit d, h, m, s or ms") }
            // `m` followed by `s` is the unit `ms`, never minutes followed by a bare `s`.
            let unitName: [UInt8] = (b[i] == UInt8(ascii: "m") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "s"))
                ? Array("ms".utf8) : [b[i]]
            guard let u = units[next...].firstIndex(where: { $0.name == unitName }) else {
                throw fail("unknown or out-of-order unit")
            }
            i += unitName.count
            next = u + 1
            guard quantity <= UInt64(Int64.max) || (negative && quantity == UInt64(Int64.max) + 1 && units[u].size == 1) else {
                throw fail("out of range")
            }
            // Accumulate with the final sign, so -9223372036854775808ms is representable.
            let (part, o1) = negative
                ? (quantity == UInt64(Int64.max) + 1 ? (Int64.min, false) : (-Int64(quantity)).multipliedReportingOverflow(by: units[u].size))
                : Int64(quantity).multipliedReportingOverflow(by: units[u].size)
            let (sum, o2) = total.addingReportingOverflow(part)
            guard !o1, !o2 else { throw fail("out of range") }
            total = sum
        }
        self.init(milliseconds: total)
    }

    /// `toMilliseconds()`.
    public var totalMilliseconds: Int64 { milliseconds }
    /// `toSeconds()`, truncated towards zero.
    public var totalSeconds: Int64 { milliseconds / 1000 }
    /// `toMinutes()`, truncated towards zero.
    public var totalMinutes: Int64 { totalSeconds / 60 }
    /// `toHours()`, truncated towards zero.
    public var totalHours: Int64 { totalMinutes / 60 }
    /// `toDays()`, truncated towards zero.
    public var totalDays: Int64 { totalHours / 24 }
}
