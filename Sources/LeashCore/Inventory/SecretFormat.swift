/// The kind segment of a Leash secret (`leash_<kind>_…`).
public struct SecretKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Wraps a kind segment (lower-case letters).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Client secret of an identity (`leash_cs_…`).
    public static let clientSecret = SecretKind(rawValue: "cs")
    /// Admin API secret (`leash_adm_…`).
    public static let admin = SecretKind(rawValue: "adm")

    public var description: String { rawValue }
}

/// The static secret format of DESIGN.md:
/// `leash_<kind>_<base62 of ≥ 32 random bytes><6-char base62 CRC-32 of everything before it>`.
///
/// The fixed prefix and the checksum let scanners find leaked secrets without false positives.
public enum SecretFormat {
    /// Minimum random bytes in a secret.
    public static let minimumRandomBytes = 32
    /// Base62 digits that encode `minimumRandomBytes` (⌈256 / log2 62⌉).
    public static let minimumBodyLength = 43
    /// Length of the checksum suffix (62^6 > 2^32).
    public static let checksumLength = 6
    /// Characters of a secret kept as its recognisable hint, e.g. `leash_cs_AbC`.
    public static let hintLength = 12

    /// Builds a secret of `kind` from `randomBytes` (at least `minimumRandomBytes`, from a CSPRNG).
    public static func make(kind: SecretKind, randomBytes: [UInt8]) -> String {
        let body = Base62.encode(randomBytes, minimumLength: minimumBodyLength)
        let payload = "leash_\(kind.rawValue)_\(body)"
        return payload + checksum(of: payload)
    }

    /// The 6-character base62 CRC-32 of `payload`.
    public static func checksum(of payload: String) -> String {
        Base62.encode(CRC32.checksum(payload.utf8), minimumLength: checksumLength)
    }

    /// The kind of `candidate` if it is a well-formed Leash secret with a correct checksum, else nil.
    public static func kind(of candidate: String) -> SecretKind? {
        let bytes = Array(candidate.utf8)
        let prefix = Array("leash_".utf8)
        guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return nil }
        let rest = bytes[prefix.count...]
        guard let separator = rest.firstIndex(of: UInt8(ascii: "_")) else { return nil }
        let kind = bytes[prefix.count..<separator]
        guard !kind.isEmpty, kind.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else { return nil }
        let tail = bytes[(separator + 1)...]
        guard tail.count >= minimumBodyLength + checksumLength, tail.allSatisfy(Base62.isDigit) else { return nil }
        let payloadEnd = bytes.count - checksumLength
        let payload = String(decoding: bytes[..<payloadEnd], as: UTF8.self)
        let suffix = String(decoding: bytes[payloadEnd...], as: UTF8.self)
        guard checksum(of: payload) == suffix else { return nil }
        return SecretKind(rawValue: String(decoding: kind, as: UTF8.self))
    }

    /// Whether `candidate` is a well-formed secret of `kind` with a correct checksum.
    public static func isValid(_ candidate: String, kind expected: SecretKind) -> Bool {
        kind(of: candidate) == expected
    }

    /// The recognisable, non-secret start of a secret (first `hintLength` characters).
    public static func hint(of secret: String) -> String {
        String(secret.prefix(hintLength))
    }
}
