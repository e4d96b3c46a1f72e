import Foundation

/// What sort of non-human caller an identity stands for.
public enum IdentityKind: String, Codable, Hashable, Sendable, CaseIterable {
    case service
    case agent
    case pipeline
    case integration
    case delegatedHuman = "delegated-human"
}

/// How far an identity's operator is trusted, from our own teams to outside vendors.
public enum TrustTier: String, Codable, Hashable, Sendable, CaseIterable {
    case `internal`
    case partner
    case thirdParty = "third-party"
}

/// Lifecycle state of an identity; only `active` identities may obtain tokens.
public enum IdentityStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case active
    case suspended
    case decommissioned
}

/// A machine identity in the inventory; its `id` is the OAuth `client_id`.
public struct Identity: Codable, Hashable, Sendable {
    /// Slug (`[a-z0-9][a-z0-9._-]{0,62}`), given at creation or generated; also the OAuth `client_id`.
    public var id: String
    public var kind: IdentityKind
    public var name: String
    /// Team or person accountable for this identity.
    public var owner: String
    public var purpose: String
    public var trustTier: TrustTier
    public var environment: String
    public var tenant: String
    public var labels: [String: String]
    /// When the owner must next confirm the identity is still needed.
    public var reviewBy: Date?
    /// After this instant the identity gets nothing, whatever its status.
    public var expiresAt: Date?
    public var status: IdentityStatus
    public var createdAt: Date
    public var updatedAt: Date

    /// Creates an identity record.
    public init(
        id: String,
        kind: IdentityKind,
        name: String,
        owner: String,
        purpose: String = "",
        trustTier: TrustTier = .internal,
        environment: String = "",
        tenant: String = "",
        labels: [String: String] = [:],
        reviewBy: Date? = nil,
        expiresAt: Date? = nil,
        status: IdentityStatus = .active,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.owner = owner
        self.purpose = purpose
        self.trustTier = trustTier
        self.environment = environment
        self.tenant = tenant
        self.labels = labels
        self.reviewBy = reviewBy
        self.expiresAt = expiresAt
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the identity may be issued tokens at `now`: active and not past its expiry.
    public func isUsable(at now: Date) -> Bool {
        guard status == .active else { return false }
        if let expiresAt, now >= expiresAt { return false }
        return true
    }
}
