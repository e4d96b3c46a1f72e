import Foundation

/// What an admin caller may do; each role includes the ones below it.
public enum AdminRole: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    /// Read everything, change nothing.
    case viewer
    /// Manage identities, credentials, grants, APIs and issuers.
    case `operator`
    /// Everything, including admin credentials and signing keys.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    /// Orders roles by privilege, so `role >= .operator` reads as "at least operator".
    public static func < (lhs: AdminRole, rhs: AdminRole) -> Bool { lhs.rank < rhs.rank }
}

/// A secret that authenticates a caller of the admin API, stored only as a SHA-256 hash.
public struct AdminCredential: Codable, Hashable, Sendable {
    /// `admin_<base62>`; this is the `actor` in audit events.
    public var id: String
    public var name: String
    public var role: AdminRole
    /// Lower-case hex SHA-256 of the full `leash_adm_…` secret.
    public var secretHash: String
    public var createdAt: Date
    public var revokedAt: Date?

    /// Creates an admin credential record.
    public init(id: String, name: String, role: AdminRole, secretHash: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
