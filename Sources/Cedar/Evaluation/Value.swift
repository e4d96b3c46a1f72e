/// A Cedar runtime value.
///
/// Sets compare as sets and records as maps; values of different types are never equal.
public enum Value: Hashable, Sendable {
    case bool(Bool)
    case long(Int64)
    case string(String)
    case entity(EntityUID)
    case set(Set<Value>)
    case record([String: Value])
    case ext(ExtensionValue)
}

/// A value of one of Cedar's extension types.
public enum ExtensionValue: Hashable, Sendable {
    case ipaddr(IPAddr)
    case decimal(CedarDecimal)
    case datetime(CedarDatetime)
    case duration(CedarDuration)
}

/// Cedar's `ipaddr`: an IPv4 or IPv6 address with a prefix length (a single address has the full length).
public struct IPAddr: Hashable, Sendable {
    public enum Family: Hashable, Sendable { case v4, v6 }

    public var family: Family
    /// The address bits; an IPv4 address occupies the low 32 bits.
    public var address: UInt128
    /// The prefix length: 0…32 for IPv4, 0…128 for IPv6.
    public var prefixLength: UInt8

    public init(family: Family, address: UInt128, prefixLength: UInt8) {
        self.family = family
        self.address = address
        self.prefixLength = prefixLength
    }
}

/// Cedar's `decimal`: a fixed-point number with four digits after the point, stored scaled by 10,000.
public struct CedarDecimal: Hashable, Sendable, Comparable {
    public var scaled: Int64

    public init(scaled: Int64) { self.scaled = scaled }

    public static func < (lhs: CedarDecimal, rhs: CedarDecimal) -> Bool { lhs.scaled < rhs.scaled }
}

/// Cedar's `datetime`: milliseconds since the Unix epoch, UTC.
public struct CedarDatetime: Hashable, Sendable, Comparable {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    public static func < (lhs: CedarDatetime, rhs: CedarDatetime) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}

/// Cedar's `duration`: a signed number of milliseconds.
public struct CedarDuration: Hashable, Sendable, Comparable {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func < (lhs: CedarDuration, rhs: CedarDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
