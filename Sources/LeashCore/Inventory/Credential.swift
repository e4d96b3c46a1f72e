import Foundation

/// How a credential proves possession: a shared secret or a registered public key.
public enum CredentialKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// `client_secret_basic` / `client_secret_post` (RFC 6749 §2.3.1).
    case clientSecret = "client_secret"
    /// `private_key_jwt` (RFC 7523 §2.2, OpenID Connect Core §9).
    case publicKey = "public_key"
}

/// A credential of an identity. Secrets are stored only as a SHA-256 hash; keys as a public JWK.
public struct Credential: Codable, Hashable, Sendable {
    /// `cred_<base62>`.
    public var id: String
    public var identityID: String
    public var kind: CredentialKind
    /// Lower-case hex SHA-256 of the full secret (client secrets only). Never the secret itself.
    public var secretHash: String?
    /// The first characters of the secret (e.g. `leash_cs_AbC`), to recognise it; client secrets only.
    public var hint: String?
    /// The registered public key as a JWK JSON object string (public keys only).
    public var publicJWK: String?
    /// Key id the client puts in its assertion header (public keys only).
    public var kid: String?
    public var createdAt: Date
    public var lastUsedAt: Date?
    /// After this instant the credential no longer authenticates (set by rotation for the old secret).
    public var expiresAt: Date?
    public var revokedAt: Date?
    /// The credential that replaced this one in a rotation.
    public var replacedBy: String?
    /// The credential this one replaced in a rotation.
    public var rotatedFrom: String?

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case id
        case identityID = "identityId"
        case kind
        case secretHash
        case hint
        case publicJWK
        case kid
        case createdAt
        case lastUsedAt
        case expiresAt
        case revokedAt
        case replacedBy
        case rotatedFrom
    }

    /// Creates a credential record.
    public init(
        id: String,
        identityID: String,
        kind: CredentialKind,
        secretHash: String? = nil,
        hint: String? = nil,
        publicJWK: String? = nil,
        kid: String? = nil,
        createdAt: Date,
        lastUsedAt: Date? = nil,
        expiresAt: Date? = nil,
        revokedAt: Date? = nil,
        replacedBy: String? = nil,
        rotatedFrom: String? = nil
    ) {
        self.id = id
        self.identityID = identityID
        self.kind = kind
        self.secretHash = secretHash
        self.hint = hint
        self.publicJWK = publicJWK
        self.kid = kid
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.replacedBy = replacedBy
        self.rotatedFrom = rotatedFrom
    }

    /// Whether the credential may authenticate at `now`: not revoked and not past its expiry.
    public func isUsable(at now: Date) -> Bool {
        if revokedAt != nil { return false }
        if let expiresAt, now >= expiresAt { return false }
        return true
    }
}
