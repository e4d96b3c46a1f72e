import Foundation

/// JWS algorithm (RFC 7518 / RFC 8037) a signing key uses.
public enum SigningAlgorithm: String, Codable, Hashable, Sendable, CaseIterable {
    /// Ed25519 (RFC 8037).
    case eddsa = "EdDSA"
    /// ECDSA P-256 with SHA-256 (RFC 7518 §3.4).
    case es256 = "ES256"
}

/// A key Leash signs access tokens with, kept in the JWKS until its last token has expired.
public struct SigningKey: Codable, Hashable, Sendable {
    public var kid: String
    public var algorithm: SigningAlgorithm
    /// Raw private key representation (Ed25519 32-byte seed, P-256 raw scalar).
    public var privateKey: Data
    /// The public half as a JWK JSON object string.
    public var publicJWK: String
    public var createdAt: Date
    /// When the key stopped signing new tokens (nil: it is the current key).
    public var retiredAt: Date?
    /// When the key leaves the JWKS: after the last token it signed has expired.
    public var removeAfter: Date?

    /// Creates a signing key record.
    public init(
        kid: String,
        algorithm: SigningAlgorithm,
        privateKey: Data,
        publicJWK: String,
        createdAt: Date,
        retiredAt: Date? = nil,
        removeAfter: Date? = nil
    ) {
        self.kid = kid
        self.algorithm = algorithm
        self.privateKey = privateKey
        self.publicJWK = publicJWK
        self.createdAt = createdAt
        self.retiredAt = retiredAt
        self.removeAfter = removeAfter
    }
}

/// An access token revoked before its expiry (RFC 7009); kept until `expiresAt`, then pruned.
public struct RevokedToken: Codable, Hashable, Sendable {
    public var jti: String
    /// The token's own `exp`; after it the entry is pointless and may be removed.
    public var expiresAt: Date

    /// Creates a revocation entry.
    public init(jti: String, expiresAt: Date) {
        self.jti = jti
        self.expiresAt = expiresAt
    }
}
