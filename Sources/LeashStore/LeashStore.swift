import Foundation
import LeashCore

/// Persistence of the Leash inventory behind one protocol (SQLite now, PostgreSQL later).
///
/// Reads and writes run in transactions: `read` sees one consistent state, `write` commits all of its
/// changes — typically a mutation and its audit event — together or not at all. Committed changes are
/// announced on `changes()` so the token service can refresh its in-memory snapshot.
public protocol LeashStore: DecisionLogStore {
    /// Runs `body` against one consistent, read-only view of the store.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T

    /// Runs `body` in one write transaction: every change it makes commits together, or none does if it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T

    /// Records the last use of credentials in one transaction (the token path batches these).
    /// Unknown credential ids are ignored; a later time never goes backwards.
    func recordCredentialUse(_ uses: [String: Date]) async throws

    /// Adds revoked access tokens (RFC 7009) in one transaction; already-present `jti`s are ignored.
    func revokeTokens(_ tokens: [RevokedToken]) async throws

    /// Removes revocation entries whose token expired before `date`; returns how many were removed.
    @discardableResult
    func pruneRevokedTokens(expiredBefore date: Date) async throws -> Int

    /// Appends audit events in order, in one transaction (for batched events from the token path).
    @discardableResult
    func appendAudit(_ drafts: [AuditDraft]) async throws -> [AuditEvent]

    /// Audit events with `sequence > after`, in sequence order, at most `limit` of them.
    func auditEvents(after sequence: Int64, limit: Int) async throws -> [AuditEvent]

    /// The store's change counter: it grows with every committed change that `changes()` announces.
    var changeVersion: UInt64 { get }

    /// A new stream of committed changes, for one subscriber; it ends when the store is closed.
    /// A slow subscriber keeps only its newest unread changes: when `version` jumps by more than one,
    /// some were dropped and the subscriber should reload everything (`contents()`).
    func changes() -> AsyncStream<StoreChange>
}

/// Reads available inside a transaction. All lists are sorted for stable output.
public protocol StoreReader: CatalogStoreReader, PolicyStoreReader, DecisionStoreReader, AnalysisStoreReader {
    /// The identity with `id`, or nil.
    func identity(id: String) throws -> Identity?
    /// Identities matching `filter`, ordered by id.
    func identities(_ filter: IdentityFilter) throws -> [Identity]

    /// The credential with `id`, or nil.
    func credential(id: String) throws -> Credential?
    /// Credentials of one identity, oldest first.
    func credentials(identityID: String) throws -> [Credential]
    /// Every credential, oldest first.
    func allCredentials() throws -> [Credential]
    /// The client secret credential whose `secretHash` is `hash`, or nil.
    func credential(secretHash hash: String) throws -> Credential?

    /// The API named `name`, or nil.
    func api(name: String) throws -> API?
    /// The API whose audience URI is `audience`, or nil.
    func api(audience: String) throws -> API?
    /// Every API, ordered by name.
    func apis() throws -> [API]

    /// The grant with `id`, or nil.
    func grant(id: String) throws -> Grant?
    /// Grants of one identity, ordered by API then scope.
    func grants(identityID: String) throws -> [Grant]
    /// Grants for one API, ordered by identity then scope.
    func grants(api: String) throws -> [Grant]
    /// Every grant, ordered by identity, API, scope.
    func allGrants() throws -> [Grant]

    /// The trusted issuer with `id`, or nil.
    func trustedIssuer(id: String) throws -> TrustedIssuer?
    /// Every trusted issuer, oldest first.
    func trustedIssuers() throws -> [TrustedIssuer]

    /// The admin credential with `id`, or nil.
    func adminCredential(id: String) throws -> AdminCredential?
    /// The admin credential whose `secretHash` is `hash`, or nil.
    func adminCredential(secretHash hash: String) throws -> AdminCredential?
    /// Every admin credential, oldest first.
    func adminCredentials() throws -> [AdminCredential]

    /// Every signing key, oldest first.
    func signingKeys() throws -> [SigningKey]
    /// Every revoked token still on the list.
    func revokedTokens() throws -> [RevokedToken]

    /// The most recent audit event, or nil if there is none.
    func lastAuditEvent() throws -> AuditEvent?
    /// Audit events with `sequence > after`, in sequence order, at most `limit` of them.
    func auditEvents(after sequence: Int64, limit: Int) throws -> [AuditEvent]
}

/// Reads and writes inside one write transaction.
///
/// `insert` throws `StoreError.duplicate` on an existing key; `update`/`delete` throw `StoreError.notFound`
/// for a missing record; references to missing records throw `StoreError.constraint`.
public protocol StoreTransaction: StoreReader, CatalogStoreWriter, PolicyStoreWriter, DecisionStoreWriter,
    AnalysisStoreWriter
{
    /// Adds an identity.
    func insert(_ identity: Identity) throws
    /// Replaces the identity with the same id.
    func update(_ identity: Identity) throws

    /// Adds a credential (its identity must exist).
    func insert(_ credential: Credential) throws
    /// Replaces the credential with the same id.
    func update(_ credential: Credential) throws

    /// Adds an API.
    func insert(_ api: API) throws
    /// Replaces the API with the same name.
    func update(_ api: API) throws
    /// Removes an API; refused with `.constraint` while grants still name it.
    func deleteAPI(name: String) throws

    /// Adds a grant (identity and API must exist; one grant per identity, API and scope).
    func insert(_ grant: Grant) throws
    /// Removes a grant.
    func deleteGrant(id: String) throws

    /// Adds a trusted issuer (its identity must exist).
    func insert(_ issuer: TrustedIssuer) throws
    /// Replaces the trusted issuer with the same id.
    func update(_ issuer: TrustedIssuer) throws
    /// Removes a trusted issuer.
    func deleteTrustedIssuer(id: String) throws

    /// Adds an admin credential.
    func insert(_ credential: AdminCredential) throws
    /// Replaces the admin credential with the same id.
    func update(_ credential: AdminCredential) throws

    /// Adds a signing key.
    func insert(_ key: SigningKey) throws
    /// Replaces the signing key with the same kid.
    func update(_ key: SigningKey) throws
    /// Removes a signing key (after it has left the JWKS).
    func deleteSigningKey(kid: String) throws

    /// Adds a revoked token; an existing `jti` is left as it is.
    func insert(_ revoked: RevokedToken) throws

    /// Seals `draft` as the next event of the audit hash chain and appends it.
    @discardableResult
    func appendAudit(_ draft: AuditDraft) throws -> AuditEvent
}

/// Everything the token service keeps in memory, read in one consistent transaction.
public struct StoreContents: Sendable {
    /// `changeVersion` read before the contents; a change after it triggers another refresh.
    public var version: UInt64
    public var identities: [Identity]
    public var credentials: [Credential]
    public var apis: [API]
    public var grants: [Grant]
    public var trustedIssuers: [TrustedIssuer]
    public var signingKeys: [SigningKey]
    public var revokedTokens: [RevokedToken]
}

extension LeashStore {
    /// Reads everything the token service's snapshot needs in one consistent read.
    public func contents() async throws -> StoreContents {
        let version = changeVersion
        return try await read { reader in
            StoreContents(
                version: version,
                identities: try reader.identities(.all),
                credentials: try reader.allCredentials(),
                apis: try reader.apis(),
                grants: try reader.allGrants(),
                trustedIssuers: try reader.trustedIssuers(),
                signingKeys: try reader.signingKeys(),
                revokedTokens: try reader.revokedTokens()
            )
        }
    }

    /// The identity with `id`, or nil.
    public func identity(id: String) async throws -> Identity? { try await read { try $0.identity(id: id) } }
    /// Identities matching `filter`, ordered by id.
    public func identities(_ filter: IdentityFilter = .all) async throws -> [Identity] {
        try await read { try $0.identities(filter) }
    }
    /// The credential with `id`, or nil.
    public func credential(id: String) async throws -> Credential? { try await read { try $0.credential(id: id) } }
    /// Credentials of one identity, oldest first.
    public func credentials(identityID: String) async throws -> [Credential] {
        try await read { try $0.credentials(identityID: identityID) }
    }
    /// The API named `name`, or nil.
    public func api(name: String) async throws -> API? { try await read { try $0.api(name: name) } }
    /// Every API, ordered by name.
    public func apis() async throws -> [API] { try await read { try $0.apis() } }
    /// The grant with `id`, or nil.
    public func grant(id: String) async throws -> Grant? { try await read { try $0.grant(id: id) } }
    /// Grants of one identity.
    public func grants(identityID: String) async throws -> [Grant] {
        try await read { try $0.grants(identityID: identityID) }
    }
    /// The trusted issuer with `id`, or nil.
    public func trustedIssuer(id: String) async throws -> TrustedIssuer? {
        try await read { try $0.trustedIssuer(id: id) }
    }
    /// Every trusted issuer.
    public func trustedIssuers() async throws -> [TrustedIssuer] { try await read { try $0.trustedIssuers() } }
    /// Every admin credential.
    public func adminCredentials() async throws -> [AdminCredential] { try await read { try $0.adminCredentials() } }
    /// Every signing key, oldest first.
    public func signingKeys() async throws -> [SigningKey] { try await read { try $0.signingKeys() } }
    /// Every revoked token still on the list.
    public func revokedTokens() async throws -> [RevokedToken] { try await read { try $0.revokedTokens() } }
    /// The most recent audit event, or nil.
    public func lastAuditEvent() async throws -> AuditEvent? { try await read { try $0.lastAuditEvent() } }
    /// Every audit event, in order (for `leash audit verify`).
    public func allAuditEvents() async throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        while true {
            let page = try await auditEvents(after: events.last?.sequence ?? 0, limit: 1000)
            if page.isEmpty { return events }
            events.append(contentsOf: page)
        }
    }
}
