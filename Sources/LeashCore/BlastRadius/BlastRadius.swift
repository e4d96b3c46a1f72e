import Foundation

/// What an identity can reach, directly through its grants and transitively through observed delegations
/// and declared dependencies, with every path that ends in a critical operation.
public struct BlastRadius: Codable, Hashable, Sendable {
    /// The identity the radius is of.
    public var identityID: String
    /// When it was computed (grants are judged effective at this instant).
    public var computedAt: Date
    /// The depth bound the transitive reach was followed to (hops beyond the identity's own grants).
    public var maxDepth: Int
    /// Every identity whose grants the root reaches, itself first (depth 0), then by depth.
    public var identities: [ReachedIdentity]
    /// Every operation reached, critical ones first, then by API and operation.
    public var operations: [ReachedOperation]
    /// Every path (no state repeated, within the depth bound) that ends in a critical operation.
    public var criticalPaths: [ReachPath]
    /// Whether `criticalPaths` was cut at the path limit.
    public var pathsTruncated: Bool

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case identityID = "identityId"
        case computedAt
        case maxDepth
        case identities
        case operations
        case criticalPaths
        case pathsTruncated
    }

    /// Creates a blast radius.
    public init(
        identityID: String, computedAt: Date, maxDepth: Int, identities: [ReachedIdentity],
        operations: [ReachedOperation], criticalPaths: [ReachPath], pathsTruncated: Bool
    ) {
        self.identityID = identityID
        self.computedAt = computedAt
        self.maxDepth = maxDepth
        self.identities = identities
        self.operations = operations
        self.criticalPaths = criticalPaths
        self.pathsTruncated = pathsTruncated
    }

    /// The operations reached through the identity's own grants.
    public var direct: [ReachedOperation] { operations.filter { $0.depth == 0 } }
    /// The operations reached only through other identities.
    public var transitive: [ReachedOperation] { operations.filter { $0.depth > 0 } }
}

/// One step from an identity to another whose grants it can use.
public struct ReachHop: Codable, Hashable, Sendable {
    /// Why the step is possible.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// `from` was seen acting for `to` (`act` chains in decision records).
        case delegation
        /// `from` can call an operation of `api`, which calls `calls` as `to` (a declared dependency).
        case dependency
    }

    /// Why the step is possible.
    public var kind: Kind
    /// The identity the step starts at.
    public var from: String
    /// The identity whose grants the step reaches.
    public var to: String
    /// For a dependency, the calling API.
    public var api: String?
    /// For a dependency, the called API: only `to`'s grants on it are reached.
    public var calls: String?

    /// Creates a hop.
    public init(kind: Kind, from: String, to: String, api: String? = nil, calls: String? = nil) {
        self.kind = kind
        self.from = from
        self.to = to
        self.api = api
        self.calls = calls
    }
}

/// An identity whose grants are within the radius.
public struct ReachedIdentity: Codable, Hashable, Sendable {
    /// The identity.
    public var identityID: String
    /// Hops from the root on the shortest way (0 for the root).
    public var depth: Int
    /// The APIs whose grants are reached; nil when all of them are (the root, or through delegation).
    public var apis: [String]?
    /// The hop that first reached it (nil for the root).
    public var via: ReachHop?

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case identityID = "identityId"
        case depth
        case apis
        case via
    }

    /// Creates a reached identity.
    public init(identityID: String, depth: Int, apis: [String]?, via: ReachHop?) {
        self.identityID = identityID
        self.depth = depth
        self.apis = apis
        self.via = via
    }
}

/// Why an operation counts as critical.
public enum CriticalReason: String, Codable, Hashable, Sendable {
    /// The operation's sensitivity is `restricted`.
    case restricted
    /// A write or delete on `confidential` data.
    case admin
}

/// An operation within the radius.
public struct ReachedOperation: Codable, Hashable, Sendable {
    /// The operation's API.
    public var api: String
    /// The operation id.
    public var operationID: String
    /// Its HTTP method.
    public var method: String
    /// Its path template.
    public var pathTemplate: String
    /// The scope that covers it.
    public var scope: String
    /// Its sensitivity.
    public var sensitivity: Sensitivity
    /// Why it is critical, when it is.
    public var critical: CriticalReason?
    /// Hops from the root on the shortest way (0: the root's own grants).
    public var depth: Int
    /// The identities whose grants reach it, ordered.
    public var through: [String]

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case api
        case operationID = "operationId"
        case method
        case pathTemplate
        case scope
        case sensitivity
        case critical
        case depth
        case through
    }

    /// Creates a reached operation.
    public init(
        api: String, operationID: String, method: String, pathTemplate: String, scope: String,
        sensitivity: Sensitivity, critical: CriticalReason?, depth: Int, through: [String]
    ) {
        self.api = api
        self.operationID = operationID
        self.method = method
        self.pathTemplate = pathTemplate
        self.scope = scope
        self.sensitivity = sensitivity
        self.critical = critical
        self.depth = depth
        self.through = through
    }
}

/// A way from the root to a critical operation: the hops, then the grant that covers the operation.
public struct ReachPath: Codable, Hashable, Sendable {
    /// The hops taken, in order (empty for the root's own grants).
    public var hops: [ReachHop]
    /// The identity whose grant covers the operation (the last hop's `to`, or the root).
    public var identityID: String
    /// The grant covering the operation.
    public var grantID: String
    /// The operation's API.
    public var api: String
    /// The operation id.
    public var operationID: String
    /// Why the operation is critical.
    public var critical: CriticalReason

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case hops
        case identityID = "identityId"
        case grantID = "grantId"
        case api
        case operationID = "operationId"
        case critical
    }

    /// Creates a path.
    public init(hops: [ReachHop], identityID: String, grantID: String, api: String, operationID: String, critical: CriticalReason) {
        self.hops = hops
        self.identityID = identityID
        self.grantID = grantID
        self.api = api
        self.operationID = operationID
        self.critical = critical
    }
}

extension Operation {
    /// Why the operation is critical for the blast radius: `restricted` data, or a write/delete
    /// (any method but GET, HEAD, OPTIONS) on `confidential` data; nil otherwise.
    public var criticalReason: CriticalReason? {
        if sensitivity == .restricted { return .restricted }
        let reads: Set<String> = ["GET", "HEAD", "OPTIONS"]
        if sensitivity == .confidential, !reads.contains(method.uppercased()) { return .admin }
        return nil
    }
}
