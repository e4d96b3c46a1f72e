import LeashCore

/// A committed change in the store, published on `LeashStore.changes()` so in-memory snapshots refresh.
public struct StoreChange: Hashable, Sendable {
    /// The kinds of records a change touched.
    public struct Collections: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        /// Creates a set from its raw bits.
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        public static let identities = Collections(rawValue: 1 << 0)
        public static let credentials = Collections(rawValue: 1 << 1)
        public static let apis = Collections(rawValue: 1 << 2)
        public static let grants = Collections(rawValue: 1 << 3)
        public static let trustedIssuers = Collections(rawValue: 1 << 4)
        public static let adminCredentials = Collections(rawValue: 1 << 5)
        public static let signingKeys = Collections(rawValue: 1 << 6)
        public static let revokedTokens = Collections(rawValue: 1 << 7)
        /// API operations imported from OpenAPI documents (the route table).
        public static let operations = Collections(rawValue: 1 << 8)
        /// Cedar policy set versions (enforced and shadow) and their static entities.
        public static let policies = Collections(rawValue: 1 << 9)
        /// Per-identity and per-API rate limits.
        public static let rateLimits = Collections(rawValue: 1 << 10)
        /// Every collection that feeds the token service's snapshot.
        public static let all: Collections = [
            .identities, .credentials, .apis, .grants, .trustedIssuers, .adminCredentials, .signingKeys, .revokedTokens,
            .operations, .policies, .rateLimits,
        ]
    }

    /// Monotonic store version after this change (starts at the value seen when the store opened).
    public let version: UInt64
    /// What the change touched.
    public let collections: Collections

    /// Creates a change notice.
    public init(version: UInt64, collections: Collections) {
        self.version = version
        self.collections = collections
    }
}

/// Filters for listing identities; nil fields do not filter.
public struct IdentityFilter: Hashable, Sendable {
    public var status: IdentityStatus?
    public var kind: IdentityKind?
    public var owner: String?

    /// Creates a filter; with no arguments it matches every identity.
    public init(status: IdentityStatus? = nil, kind: IdentityKind? = nil, owner: String? = nil) {
        self.status = status
        self.kind = kind
        self.owner = owner
    }

    /// Matches every identity.
    public static var all: Self { .init() }
}
