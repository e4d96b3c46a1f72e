/// Cedar's `decimal("…")` constructor and rendering.
///
/// Accepted text: an optional `-`, one or more ASCII digits, a `.`, and one to four ASCII digits.
/// The value, scaled by 10,000, must fit in a signed 64-bit integer. Comparison is by the methods
/// `lessThan`, `lessThanOrEqual`, `greaterThan`, `greaterThanOrEqual` (not `<`).
extension CedarDecimal {
    /// Digits kept after the decimal point.
    public static let fractionDigits = 4
    private static let scale: Int64 = 10_000

    /// Parses the argument of Cedar's `decimal` constructor.
    public init(parsing text: String) throws(EvaluationError) {
        func fail(_ why: String) -> EvaluationError {
            .extensionFailure("decimal", "\(CedarString.quoted(text)) is not a valid decimal: \(why)")
        }
        var bytes = Substring(text).utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { throw fail("no decimal point") }
        let whole = bytes[..<dot]
        let fraction = bytes[bytes.index(after: dot)...]
        func isDigits(_ s: Substring.UTF8View.SubSequence) -> Bool {
            !s.isEmpty && s.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        guard isDigits(whole), isDigits(fraction) else { throw fail("expected digits on both sides of the point") }
        guard fraction.count <= CedarDecimal.fractionDigits else {
            throw fail("more than \(CedarDecimal.fractionDigits) digits after the point")
        }
        var integer: Int64 = 0
        for b in whole {
            let (times10, o1) = integer.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(b - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw fail("out of range") }
            integer = sum
        }
        var fractional: Int64 = 0
        for b in fraction { fractional = fractional * 10 + Int64(b - UInt8(ascii: "0")) }
        for _ in fraction.count..<CedarDecimal.fractionDigits { fractional *= 10 }
        let (scaled, o3) = integer.multipliedReportingOverflow(by: CedarDecimal.scale)
        guard !o3 else { throw fail("out of range") }
        // The sign comes from the text, so `-0.5` is negative although its integer part is zero.
        let (value, o4) = negative ? (-scaled).subtractingReportingOverflow(fractional)
                                   : scaled.addingReportingOverflow(fractional)
        guard !o4 else { throw fail("out of range") }
        self.init(scaled: value)
    }

    /// The value in Cedar's text form, with four digits after the point (`-1.5000`).
    public var text: String {
        let magnitude = scaled.magnitude
        let whole = magnitude / UInt64(CedarDecimal.scale)
        let fraction = String(magnitude % UInt64(CedarDecimal.scale))
        let padded = String(repeating: "0", count: CedarDecimal.fractionDigits - fraction.count) + fraction
        return (scaled < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
