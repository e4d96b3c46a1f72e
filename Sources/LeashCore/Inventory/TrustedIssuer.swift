import Foundation

/// An external token issuer (SPIFFE, Kubernetes, CI OIDC) whose tokens are exchanged for Leash tokens
/// of one mapped identity (workload identity federation, RFC 8693 / RFC 7523).
public struct TrustedIssuer: Codable, Hashable, Sendable {
    /// `issuer_<base62>`.
    public var id: String
    /// Exact match with the external token's `iss`.
    public var issuer: String
    /// Inline JWKS (RFC 7517 §5) as a JSON string; exactly one of `jwks` and `jwksURL` is set.
    public var jwks: String?
    /// HTTPS URL the JWKS is fetched from.
    public var jwksURL: String?
    /// The external token's `aud` must contain one of these.
    public var allowedAudiences: [String]
    /// Claim path → required exact value. Paths may reach into nested objects with dots
    /// (`kubernetes.io.namespace`); matching is the federation code's job.
    public var claimRules: [String: String]
    /// The identity a matching token is exchanged for.
    public var identityID: String
    /// The most the exchanged token may carry (`api:scope` or plain scope strings); nil means all granted.
    public var maxScopes: [String]?
    /// Upper bound on the exchanged token's lifetime, in seconds.
    public var maxTTL: Int
    public var createdAt: Date

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case id
        case issuer
        case jwks
        case jwksURL
        case allowedAudiences
        case claimRules
        case identityID = "identityId"
        case maxScopes
        case maxTTL
        case createdAt
    }

    /// Creates a trusted issuer record.
    public init(
        id: String,
        issuer: String,
        jwks: String? = nil,
        jwksURL: String? = nil,
        allowedAudiences: [String],
        claimRules: [String: String] = [:],
        identityID: String,
        maxScopes: [String]? = nil,
        maxTTL: Int,
        createdAt: Date
    ) {
        self.id = id
        self.issuer = issuer
        self.jwks = jwks
        self.jwksURL = jwksURL
        self.allowedAudiences = allowedAudiences
        self.claimRules = claimRules
        self.identityID = identityID
        self.maxScopes = maxScopes
        self.maxTTL = maxTTL
        self.createdAt = createdAt
    }
}
