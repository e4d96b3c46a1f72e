/// Random, prefixed identifiers for inventory records (`cred_…`, `grant_…`, `issuer_…`, `admin_…`).
public enum ResourceID {
    /// Prefix of credential ids.
    public static let credentialPrefix = "cred"
    /// Prefix of grant ids.
    public static let grantPrefix = "grant"
    /// Prefix of trusted issuer ids.
    public static let trustedIssuerPrefix = "issuer"
    /// Prefix of admin credential ids.
    public static let adminCredentialPrefix = "admin"

    /// `<prefix>_<base62 of 16 random bytes>`.
    public static func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(prefix: prefix, using: &generator)
    }

    /// `<prefix>_<base62 of 16 random bytes>` drawn from `generator`.
    public static func make(prefix: String, using generator: inout some RandomNumberGenerator) -> String {
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "\(prefix)_\(Base62.encode(bytes, minimumLength: 22))"
    }
}
