import Foundation

/// Permission for one identity to hold one scope on one API, optionally until a deadline.
public struct Grant: Codable, Hashable, Sendable {
    /// `grant_<base62>`.
    public var id: String
    public var identityID: String
    /// Name of the API the scope is granted for.
    public var api: String
    /// One RFC 6749 §3.3 scope-token (no spaces).
    public var scope: String
    /// After this instant the grant is never effective.
    public var expiresAt: Date?
    public var justification: String?
    /// Admin credential id (or `system`) that created the grant.
    public var grantedBy: String
    public var createdAt: Date

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case id
        case identityID = "identityId"
        case api
        case scope
        case expiresAt
        case justification
        case grantedBy
        case createdAt
    }

    /// Creates a grant record.
    public init(
        id: String,
        identityID: String,
        api: String,
        scope: String,
        expiresAt: Date? = nil,
        justification: String? = nil,
        grantedBy: String,
        createdAt: Date
    ) {
        self.id = id
        self.identityID = identityID
        self.api = api
        self.scope = scope
        self.expiresAt = expiresAt
        self.justification = justification
        self.grantedBy = grantedBy
        self.createdAt = createdAt
    }

    /// Whether the grant confers its scope at `now`; an expired grant never does.
    public func isEffective(at now: Date) -> Bool {
        if let expiresAt, now >= expiresAt { return false }
        return true
    }
}
