/// A Cedar runtime value.
///
/// Sets compare as sets and records as maps; values of different types are never equal.
/// Strings (and entity ids) compare byte for byte over UTF-8, as Cedar's do, not as Swift's
/// canonically equivalent strings: `"\u{e9}" == "e\u{301}"` is false. Record keys alone keep
/// Swift's string equality (docs/cedar.md, "Where Leash's Cedar deliberately differs").
public enum Value: Hashable, Sendable {
    case bool(Bool)
    case long(Int64)
    case string(String)
    case entity(EntityUID)
    case set(Set<Value>)
    case record([String: Value])
    case ext(ExtensionValue)

    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.long(let a), .long(let b)): a == b
        case (.string(let a), .string(let b)): CedarString.equal(a, b)
        case (.entity(let a), .entity(let b)): a == b
        // Set and Dictionary equality use this `==` and `hash(into:)` for their elements.
        case (.set(let a), .set(let b)): a == b
        case (.record(let a), .record(let b)): a == b
        case (.ext(let a), .ext(let b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .bool(let b): hasher.combine(0 as UInt8); hasher.combine(b)
        case .long(let n): hasher.combine(1 as UInt8); hasher.combine(n)
        case .string(let s): hasher.combine(2 as UInt8); CedarString.hash(s, into: &hasher)
        case .entity(let uid): hasher.combine(3 as UInt8); hasher.combine(uid)
        case .set(let members): hasher.combine(4 as UInt8); hasher.combine(members)
        case .record(let entries): hasher.combine(5 as UInt8); hasher.combine(entries)
        case .ext(let e): hasher.combine(6 as UInt8); hasher.combine(e)
        }
    }
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
