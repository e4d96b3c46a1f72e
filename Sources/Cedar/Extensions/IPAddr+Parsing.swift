/// Cedar's `ip("…")` constructor and the `ipaddr` methods.
///
/// The accepted text is what Cedar 4 accepts: a dotted-quad IPv4 address (no leading zeros) or an
/// IPv6 address in colon-hex form (at most one `::`, no embedded IPv4), optionally followed by
/// `/prefix` (decimal, no leading zeros, ≤ 32 or ≤ 128). Equality is structural: `10.0.0.1/24`
/// and `10.0.0.0/24` are different values.
extension IPAddr {
    /// The longest text Cedar accepts (`ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/128`).
    private static let maximumTextLength = 43

    /// Parses the argument of Cedar's `ip` constructor.
    public init(parsing text: String) throws(EvaluationError) {
        func fail(_ why: String) -> EvaluationError {
            .extensionFailure("ip", "\(CedarString.quoted(text)) is not a valid IP address or range: \(why)")
        }
        let bytes = Array(text.utf8)
        guard bytes.count <= IPAddr.maximumTextLength else { throw fail("too long") }
        // Cedar refuses IPv4 embedded in IPv6 (`::ffff:1.2.3.4`): at least two colons and two dots.
        if bytes.count(where: { $0 == UInt8(ascii: ":") }) >= 2, bytes.count(where: { $0 == UInt8(ascii: ".") }) >= 2 {
            throw fail("IPv4 embedded in IPv6 is not accepted")
        }
        let slash = bytes.firstIndex(of: UInt8(ascii: "/"))
        let addressBytes = bytes[..<(slash ?? bytes.endIndex)]
        let family: Family
        let address: UInt128
        if let v4 = IPAddr.parseV4(addressBytes) {
            family = .v4
            address = UInt128(v4)
        } else if let v6 = IPAddr.parseV6(addressBytes) {
            family = .v6
            address = v6
        } else {
            throw fail("malformed address")
        }
        let maximum: Int = family == .v4 ? 32 : 128
        var prefix = maximum
        if let slash {
            let digits = bytes[(slash + 1)...]
            guard !digits.isEmpty, digits.count <= (family == .v4 ? 2 : 3),
                  digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { throw fail("malformed prefix length") }
            guard digits.first != UInt8(ascii: "0") || digits.count == 1 else { throw fail("prefix length has a leading zero") }
            prefix = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard prefix <= maximum else { throw fail("prefix length \(prefix) is larger than \(maximum)") }
        }
        self.init(family: family, address: address, prefixLength: UInt8(prefix))
    }

    /// Four decimal octets, 1–3 digits each, no leading zeros, each ≤ 255.
    private static func parseV4(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        var result: UInt32 = 0
        var octets = 0
        for part in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 3, part.first != UInt8(ascii: "0") || part.count == 1 else { return nil }
            var value: UInt32 = 0
            for b in part {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + UInt32(b - UInt8(ascii: "0"))
            }
            guard value <= 255 else { return nil }
            result = result << 8 | value
            octets += 1
        }
        return octets == 4 ? result : nil
    }

    /// Eight groups of 1–4 hex digits, or fewer around one `::` that stands for at least one zero group.
    private static func parseV6(_ bytes: ArraySlice<UInt8>) -> UInt128? {
        func groups(_ part: ArraySlice<UInt8>) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
                guard !group.isEmpty, group.count <= 4 else { return nil }
                var value: UInt16 = 0
                for b in group {
                    guard let digit = hexValue(b) else { return nil }
                    value = value << 4 | UInt16(digit)
                }
                result.append(value)
            }
            return result
        }
        var all: [UInt16]
        if let gap = doubleColon(in: bytes) {
            guard doubleColon(in: bytes[(gap + 2)...]) == nil,
                  let head = groups(bytes[..<gap]), let tail = groups(bytes[(gap + 2)...]),
                  head.count + tail.count < 8
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(bytes), only.count == 8 else { return nil }
            all = only
        }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    private static func doubleColon(in bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            if bytes[i] == UInt8(ascii: ":"), bytes[i + 1] == UInt8(ascii: ":") { return i }
            i += 1
        }
        return nil
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The number of address bits: 32 or 128.
    private var width: Int { family == .v4 ? 32 : 128 }

    /// The lowest and highest address of the range this value denotes.
    private var bounds: (low: UInt128, high: UInt128) {
        let hostBits = width - Int(prefixLength)
        let hostMask: UInt128 = hostBits >= 128 ? ~0 : (UInt128(1) << hostBits) - 1
        return (address & ~hostMask, address | hostMask)
    }

    /// `isIpv4()`.
    public var isIPv4: Bool { family == .v4 }
    /// `isIpv6()`.
    public var isIPv6: Bool { family == .v6 }

    /// `isLoopback()`: within 127.0.0.0/8 or equal to ::1/128.
    public var isLoopback: Bool {
        isInRange(family == .v4 ? IPAddr(family: .v4, address: 0x7F00_0000, prefixLength: 8)
                                : IPAddr(family: .v6, address: 1, prefixLength: 128))
    }

    /// `isMulticast()`: within 224.0.0.0/4 or ff00::/8.
    public var isMulticast: Bool {
        isInRange(family == .v4 ? IPAddr(family: .v4, address: 0xE000_0000, prefixLength: 4)
                                : IPAddr(family: .v6, address: UInt128(0xFF00) << 112, prefixLength: 8))
    }

    /// `isInRange(other)`: every address of this range lies in `other`; false across families.
    public func isInRange(_ other: IPAddr) -> Bool {
        guard family == other.family else { return false }
        let mine = bounds, theirs = other.bounds
        return theirs.low <= mine.low && mine.high <= theirs.high
    }

    /// The address in Cedar's text form (IPv6 uncompressed), with its prefix length.
    public var text: String {
        switch family {
        case .v4:
            let octets = (0..<4).reversed().map { String((address >> ($0 * 8)) & 0xFF) }
            return octets.joined(separator: ".") + "/\(prefixLength)"
        case .v6:
            let groups = (0..<8).reversed().map { String((address >> ($0 * 16)) & 0xFFFF, radix: 16) }
            return groups.joined(separator: ":") + "/\(prefixLength)"
        }
    }
}
