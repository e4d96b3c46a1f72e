import Foundation
import LeashCore
import LeashStore

/// What a revocation takes away.
public enum RevocationKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// One access token, by `jti`: refused with `token_revoked`.
    case token
    /// A credential: every token issued with it is refused (`credential_revoked`), and it no longer authenticates.
    case credential
    /// An identity: suspended, so its tokens are refused (`identity_inactive`) and it gets no new ones.
    case identity
    /// An API: retired, so every call to it is refused (`api_revoked`) and no token is issued for it.
    case api
}

/// One revocation that was made.
public struct Revocation: Codable, Hashable, Sendable {
    /// What was revoked.
    public var kind: RevocationKind
    /// The `jti`, credential id, identity id or API name.
    public var id: String
    /// When it was revoked.
    public var revokedAt: Date
    /// For tokens: when the entry leaves the revocation list (the token's latest possible expiry).
    public var expiresAt: Date?

    /// Creates a revocation record.
    public init(kind: RevocationKind, id: String, revokedAt: Date, expiresAt: Date? = nil) {
        self.kind = kind
        self.id = id
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
    }
}

/// Everything currently revoked, as `GET /v1/revocations` lists it.
public struct RevocationList: Codable, Hashable, Sendable {
    /// Revoked token `jti`s still on the list, with the instant they leave it.
    public var tokens: [RevokedToken]
    /// Revoked credentials.
    public var credentials: [Credential]
    /// Identities that are not active (suspended or decommissioned).
    public var identities: [Identity]
    /// Retired APIs.
    public var apis: [API]

    /// Creates a list.
    public init(tokens: [RevokedToken], credentials: [Credential], identities: [Identity], apis: [API]) {
        self.tokens = tokens
        self.credentials = credentials
        self.identities = identities
        self.apis = apis
    }
}

/// Revokes tokens, credentials, identities and APIs so the very next decision refuses them: each
/// change is written with its audit event, then the decision snapshot of this node is rebuilt before
/// the call returns (other nodes follow the store's change feed). A token is refused on this node
/// from the start of the call, before its write commits.
public struct RevocationService: Sendable {
    let engine: DecisionEngine
    let inventory: InventoryService
    /// Also told of token revocations, so introspection on this node agrees at once.
    let tokenSnapshots: SnapshotHolder?
    let now: @Sendable () -> Date

    /// Creates the service.
    public init(
        engine: DecisionEngine, inventory: InventoryService, tokenSnapshots: SnapshotHolder? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.engine = engine
        self.inventory = inventory
        self.tokenSnapshots = tokenSnapshots
        self.now = now
    }

    /// Revokes `id` of `kind` on behalf of `actor`.
    ///
    /// A token is revoked by `jti` alone (the token itself is not needed), so its expiry is unknown:
    /// the entry stays for the longest token lifetime. Revoking what is already revoked is a conflict
    /// for credentials and identities; for tokens and APIs it changes nothing and succeeds.
    public func revoke(_ kind: RevocationKind, id: String, actor: String) async throws -> Revocation {
        let time = AuditChain.roundedToMilliseconds(now())
        let revocation: Revocation
        switch kind {
        case .token:
            guard !id.isEmpty, id.utf8.count <= 256, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw InventoryError.invalidField("id", "a token id (jti) is 1 to 256 printable ASCII characters")
            }
            let entry = RevokedToken(
                jti: id, expiresAt: time.addingTimeInterval(TimeInterval(engine.configuration.maxTokenTTL)))
            // This node refuses the token from now on, before the write: the write may wait behind a
            // batch of decision records for the store's one writer, and the token must not pass
            // meanwhile. If the write fails, the snapshot is rebuilt from the store, so the node
            // again agrees with what the caller is told (not revoked) and with every other node.
            engine.addRevocations([entry])
            do {
                try await inventory.write { transaction in
                    try transaction.insert(entry)
                    try transaction.appendAudit(
                        AuditDraft(
                            time: time, actor: actor, action: "token.revoke", targetType: "token", targetID: id,
                            after: AuditRecord.json(entry)))
                }
            } catch {
                try? await engine.refresh()
                throw error
            }
            tokenSnapshots?.addRevocations([entry])
            revocation = Revocation(kind: .token, id: id, revokedAt: time, expiresAt: entry.expiresAt)
        case .credential:
            let credential = try await inventory.revokeCredential(id: id, actor: actor)
            revocation = Revocation(kind: .credential, id: id, revokedAt: credential.revokedAt ?? time)
        case .identity:
            let identity = try await inventory.suspendIdentity(id: id, actor: actor)
            revocation = Revocation(kind: .identity, id: identity.id, revokedAt: identity.updatedAt)
        case .api:
            let api = try await inventory.updateAPI(name: id, APIChanges(status: APIStatus.retired.rawValue), actor: actor)
            revocation = Revocation(kind: .api, id: api.name, revokedAt: api.updatedAt)
        }
        try await engine.refresh()
        return revocation
    }

    /// Everything currently revoked.
    public func list() async throws -> RevocationList {
        try await inventory.read { reader in
            RevocationList(
                tokens: try reader.revokedTokens().sorted { $0.expiresAt < $1.expiresAt },
                credentials: try reader.allCredentials().filter { $0.revokedAt != nil },
                identities: try reader.identities(.all).filter { $0.status != .active },
                apis: try reader.apis().filter { $0.status != .active })
        }
    }
}
