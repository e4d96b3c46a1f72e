import LeashCore

/// The authenticated caller of an admin route: which admin credential, and its role.
public struct AdminCaller: Sendable, Hashable {
    /// The admin credential id; recorded as the actor of audit events.
    public var id: String
    /// The credential's name, for logs.
    public var name: String
    /// What the caller may do.
    public var role: AdminRole

    /// Creates a caller.
    public init(id: String, name: String, role: AdminRole) {
        self.id = id
        self.name = name
        self.role = role
    }
}
