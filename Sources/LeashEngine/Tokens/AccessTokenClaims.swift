import Foundation
import JWTKit
import LeashCore

/// The claims of a Leash access token, the RFC 9068 §2.2 JWT profile plus RFC 8693 `act`.
public struct AccessTokenClaims: JWTPayload, Hashable {
    /// `iss`: Leash's issuer identifier.
    public var issuer: String
    /// `sub`: the identity the token is about (for delegation, still the original subject).
    public var subject: String
    /// `client_id`: the identity that requested the token (RFC 9068 §2.2, RFC 8693 §4.3).
    public var clientID: String
    /// `aud`: the one API (RFC 8707 resource) the token is for.
    public var audience: String
    /// `scope`: space-delimited scopes (RFC 9068 §2.2.3).
    public var scope: String
    /// `jti`: unique identifier, the handle for revocation.
    public var tokenID: String
    /// `iat`, seconds since the epoch.
    public var issuedAt: Int64
    /// `nbf`, seconds since the epoch.
    public var notBefore: Int64
    /// `exp`, seconds since the epoch.
    public var expiresAt: Int64
    /// `act`: the delegation chain (RFC 8693 §4.1), current actor outermost.
    public var actor: ActorClaim?
    /// `leash_cred` (a private claim, RFC 7519 §4.3): the credential the client authenticated
    /// with, so revoking that credential refuses its tokens at the decision point. Absent when
    /// no credential was used (federation without client authentication).
    public var credentialID: String?

    /// Creates a claim set.
    public init(
        issuer: String, subject: String, clientID: String, audience: String, scope: String,
        tokenID: String, issuedAt: Int64, notBefore: Int64, expiresAt: Int64, actor: ActorClaim? = nil,
        credentialID: String? = nil
    ) {
        self.issuer = issuer
        self.subject = subject
        self.clientID = clientID
        self.audience = audience
        self.scope = scope
        self.tokenID = tokenID
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.actor = actor
        self.credentialID = credentialID
    }

    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case subject = "sub"
        case clientID = "client_id"
        case audience = "aud"
        case scope
        case tokenID = "jti"
        case issuedAt = "iat"
        case notBefore = "nbf"
        case expiresAt = "exp"
        case actor = "act"
        case credentialID = "leash_cred"
    }

    /// The scopes as a set.
    public var scopes: ScopeSet { ScopeSet(parsing: scope) ?? .empty }

    /// The expiry as a date.
    public var expiry: Date { Date(timeIntervalSince1970: TimeInterval(expiresAt)) }

    /// Signature checks only; Leash checks expiry and revocation with its own clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
