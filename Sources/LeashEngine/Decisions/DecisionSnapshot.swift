import Cedar
import Foundation
import LeashCore
import LeashStore

/// The Cedar side of a snapshot: one compiled policy set with the entities it is evaluated against.
public struct CompiledPolicies: Sendable {
    /// The policy version these came from.
    public let version: Int
    /// The version's content digest: with the number, what decides whether a rebuild may reuse the compilation.
    public let digest: String
    /// The policies, indexed on their scopes.
    public let policies: CompiledPolicySet
    /// The version's static entities (`entities.json`).
    public let staticEntities: Entities
    /// Inventory and catalog entities plus the version's static entities.
    public let entities: Entities

    /// Compiles a stored version against the inventory and catalog, reusing `previous`'s parsed and
    /// indexed policies when it is the same version (so an inventory change does not re-parse every
    /// policy). Throws `PolicyProblems` when the stored text no longer compiles (the snapshot then
    /// fails closed for that set).
    public init(
        _ version: PolicyVersion, reusing previous: CompiledPolicies? = nil, identities: [Identity], apis: [API],
        operations: [LeashCore.Operation]
    ) throws {
        self.version = version.version
        digest = version.digest
        if let previous, previous.version == version.version, previous.digest == version.digest {
            policies = previous.policies
            staticEntities = previous.staticEntities
        } else {
            let content = try CompiledPolicyContent(version.content)
            policies = CompiledPolicySet(content.policies)
            staticEntities = content.staticEntities
        }
        entities = LeashCedarModel.entities(
            identities: identities, apis: apis, operations: operations, static: staticEntities)
    }
}

/// An immutable, indexed copy of everything a decision reads, so `DecisionEngine.decide` never
/// touches the store. Built from one consistent read and swapped whole when the store changes.
/// A class so that taking the snapshot on every call costs one reference, not a copy of each index.
public final class DecisionSnapshot: Sendable {
    /// The store's change version the snapshot reflects.
    public let version: UInt64
    /// Checks signatures with Leash's published signing keys.
    public let verifier: AccessTokenVerifier
    /// Identities by id.
    public let identities: [String: Identity]
    /// Credentials by id.
    public let credentials: [String: Credential]
    /// APIs by audience URI.
    public let apisByAudience: [String: API]
    /// Revoked token `jti`s with the token's expiry.
    public let revokedTokens: [String: Date]
    /// One route table per API, by API name.
    public let routes: [String: RouteTable]
    /// Each operation's Cedar action and resource uids, by API name and operation id (built once here
    /// rather than on every call).
    public let operationUIDs: [String: [String: OperationUIDs]]
    /// The enforced policy set; nil when none is installed (every call that reaches Cedar is denied).
    public let enforced: CompiledPolicies?
    /// The shadow policy set, evaluated beside the enforced one and never enforced.
    public let shadow: CompiledPolicies?
    /// Rate limits by key.
    public let rateLimits: [RateLimitKey: RateLimit]
    /// Identities that have at least one rate limit (so unlimited callers skip the buckets entirely).
    public let limitedIdentities: Set<String>

    /// Indexes what was read from the store. A policy version that no longer compiles is left out
    /// (nil), so its decisions fail closed.
    public init(version: UInt64, issuer: String, contents: Contents, now: Date, reusing previous: DecisionSnapshot? = nil) {
        let operations = contents.operations
        let policies = contents.policies
        let rateLimits = contents.rateLimits
        self.version = version
        verifier = AccessTokenVerifier(issuer: issuer, signingKeys: contents.signingKeys, now: now)
        identities = Dictionary(contents.identities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        credentials = Dictionary(contents.credentials.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        apisByAudience = Dictionary(contents.apis.map { ($0.audience, $0) }, uniquingKeysWith: { first, _ in first })
        revokedTokens = Dictionary(
            contents.revokedTokens.map { ($0.jti, $0.expiresAt) }, uniquingKeysWith: { first, _ in first })
        routes = Dictionary(grouping: operations, by: \.api).mapValues { RouteTable(operations: $0) }
        operationUIDs = Dictionary(grouping: operations, by: \.api).mapValues { operations in
            Dictionary(operations.map { ($0.id, OperationUIDs($0)) }, uniquingKeysWith: { first, _ in first })
        }
        enforced = policies.enforced.flatMap {
            try? CompiledPolicies(
                $0, reusing: previous?.compiled(matching: $0), identities: contents.identities, apis: contents.apis,
                operations: operations)
        }
        shadow = policies.shadow.flatMap {
            try? CompiledPolicies(
                $0, reusing: previous?.compiled(matching: $0), identities: contents.identities, apis: contents.apis,
                operations: operations)
        }
        self.rateLimits = Dictionary(rateLimits.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        limitedIdentities = Set(rateLimits.map(\.identityID))
    }

    private init(copying other: DecisionSnapshot, revokedTokens: [String: Date]) {
        version = other.version
        verifier = other.verifier
        identities = other.identities
        credentials = other.credentials
        apisByAudience = other.apisByAudience
        self.revokedTokens = revokedTokens
        routes = other.routes
        operationUIDs = other.operationUIDs
        enforced = other.enforced
        shadow = other.shadow
        rateLimits = other.rateLimits
        limitedIdentities = other.limitedIdentities
    }

    /// Reads the store once, consistently, and builds a snapshot, reusing `previous`'s compiled
    /// policy sets where the versions are unchanged.
    public static func load(
        from store: any LeashStore, issuer: String, now: Date, reusing previous: DecisionSnapshot? = nil
    ) async throws -> DecisionSnapshot {
        let version = store.changeVersion
        let contents = try await store.read { reader in
            Contents(
                identities: try reader.identities(.all), credentials: try reader.allCredentials(), apis: try reader.apis(),
                signingKeys: try reader.signingKeys(), revokedTokens: try reader.revokedTokens(),
                operations: try reader.allOperations(),
                policies: CurrentPolicies(
                    enforced: try reader.currentPolicyVersion(mode: .enforced),
                    shadow: try reader.currentPolicyVersion(mode: .shadow)),
                rateLimits: try reader.rateLimits())
        }
        return DecisionSnapshot(version: version, issuer: issuer, contents: contents, now: now, reusing: previous)
    }

    /// What a snapshot is built from, read in one transaction.
    public struct Contents: Sendable {
        public var identities: [Identity]
        public var credentials: [Credential]
        public var apis: [API]
        public var signingKeys: [SigningKey]
        public var revokedTokens: [RevokedToken]
        public var operations: [LeashCore.Operation]
        public var policies: CurrentPolicies
        public var rateLimits: [RateLimit]

        /// Gathers the parts.
        public init(
            identities: [Identity], credentials: [Credential], apis: [API], signingKeys: [SigningKey],
            revokedTokens: [RevokedToken], operations: [LeashCore.Operation], policies: CurrentPolicies,
            rateLimits: [RateLimit]
        ) {
            self.identities = identities
            self.credentials = credentials
            self.apis = apis
            self.signingKeys = signingKeys
            self.revokedTokens = revokedTokens
            self.operations = operations
            self.policies = policies
            self.rateLimits = rateLimits
        }
    }

    /// The Cedar uids of a call to one operation.
    public struct OperationUIDs: Sendable, Hashable {
        /// `Leash::Action::"<api>/<operation id>"`.
        public let action: EntityUID
        /// `Leash::Operation::"<api>/<operation id>"`.
        public let resource: EntityUID

        /// The uids of `operation`, as ``LeashCedarModel`` names them.
        public init(_ operation: LeashCore.Operation) {
            action = LeashCedarModel.actionUID(operation)
            resource = LeashCedarModel.operationUID(operation)
        }
    }

    /// This snapshot's compiled set (enforced or shadow) of the same version and content as `version`, if any.
    func compiled(matching version: PolicyVersion) -> CompiledPolicies? {
        [enforced, shadow].compactMap { $0 }.first { $0.version == version.version && $0.digest == version.digest }
    }

    /// A copy that also holds the given revocations (applied at once on this node, before the
    /// store's feed delivers them).
    public func addingRevocations(_ revoked: [RevokedToken]) -> DecisionSnapshot {
        var tokens = revokedTokens
        for entry in revoked { tokens[entry.jti] = entry.expiresAt }
        return DecisionSnapshot(copying: self, revokedTokens: tokens)
    }
}
