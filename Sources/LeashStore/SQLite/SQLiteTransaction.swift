import Foundation
import GRDB
import LeashCore

/// `StoreReader` and `StoreTransaction` over one GRDB database connection inside a transaction.
///
/// Remembers which collections it changed, so the store can announce them after the commit.
final class SQLiteTransaction: StoreTransaction {
    let db: Database
    private let hasher: AuditHasher
    var touched: StoreChange.Collections = []

    init(_ db: Database, hasher: AuditHasher) {
        self.db = db
        self.hasher = hasher
    }

    // MARK: Reading

    private func fetchAll<T>(_ sql: String, _ arguments: StatementArguments = [], _ map: (Row) throws -> T) throws -> [T] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map(map)
    }

    private func fetchOne<T>(_ sql: String, _ arguments: StatementArguments, _ map: (Row) throws -> T) throws -> T? {
        try Row.fetchOne(db, sql: sql, arguments: arguments).map(map)
    }

    func identity(id: String) throws -> Identity? {
        try fetchOne("SELECT * FROM identities WHERE id = ?", [id], RowMapping.identity)
    }

    func identities(_ filter: IdentityFilter) throws -> [Identity] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let kind = filter.kind {
            conditions.append("kind = ?")
            arguments += [kind.rawValue]
        }
        if let owner = filter.owner {
            conditions.append("owner = ?")
            arguments += [owner]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try fetchAll("SELECT * FROM identities\(whereClause) ORDER BY id", arguments, RowMapping.identity)
    }

    func credential(id: String) throws -> Credential? {
        try fetchOne("SELECT * FROM credentials WHERE id = ?", [id], RowMapping.credential)
    }

    func credentials(identityID: String) throws -> [Credential] {
        try fetchAll(
            "SELECT * FROM credentials WHERE identity_id = ? ORDER BY created_at, rowid", [identityID], RowMapping.credential)
    }

    func allCredentials() throws -> [Credential] {
        try fetchAll("SELECT * FROM credentials ORDER BY created_at, rowid", [], RowMapping.credential)
    }

    func credential(secretHash hash: String) throws -> Credential? {
        try fetchOne("SELECT * FROM credentials WHERE secret_hash = ?", [hash], RowMapping.credential)
    }

    func api(name: String) throws -> API? {
        try fetchOne("SELECT * FROM apis WHERE name = ?", [name], RowMapping.api)
    }

    func api(audience: String) throws -> API? {
        try fetchOne("SELECT * FROM apis WHERE audience = ?", [audience], RowMapping.api)
    }

    func apis() throws -> [API] {
        try fetchAll("SELECT * FROM apis ORDER BY name", [], RowMapping.api)
    }

    func grant(id: String) throws -> Grant? {
        try fetchOne("SELECT * FROM grants WHERE id = ?", [id], RowMapping.grant)
    }

    func grants(identityID: String) throws -> [Grant] {
        try fetchAll("SELECT * FROM grants WHERE identity_id = ? ORDER BY api, scope", [identityID], RowMapping.grant)
    }

    func grants(api: String) throws -> [Grant] {
        try fetchAll("SELECT * FROM grants WHERE api = ? ORDER BY identity_id, scope", [api], RowMapping.grant)
    }

    func allGrants() throws -> [Grant] {
        try fetchAll("SELECT * FROM grants ORDER BY identity_id, api, scope", [], RowMapping.grant)
    }

    func trustedIssuer(id: String) throws -> TrustedIssuer? {
        try fetchOne("SELECT * FROM trusted_issuers WHERE id = ?", [id], RowMapping.trustedIssuer)
    }

    func trustedIssuers() throws -> [TrustedIssuer] {
        try fetchAll("SELECT * FROM trusted_issuers ORDER BY created_at, rowid", [], RowMapping.trustedIssuer)
    }

    func adminCredential(id: String) throws -> AdminCredential? {
        try fetchOne("SELECT * FROM admin_credentials WHERE id = ?", [id], RowMapping.adminCredential)
    }

    func adminCredential(secretHash hash: String) throws -> AdminCredential? {
        try fetchOne("SELECT * FROM admin_credentials WHERE secret_hash = ?", [hash], RowMapping.adminCredential)
    }

    func adminCredentials() throws -> [AdminCredential] {
        try fetchAll("SELECT * FROM admin_credentials ORDER BY created_at, rowid", [], RowMapping.adminCredential)
    }

    func signingKeys() throws -> [SigningKey] {
        try fetchAll("SELECT * FROM signing_keys ORDER BY created_at, rowid", [], RowMapping.signingKey)
    }

    func revokedTokens() throws -> [RevokedToken] {
        try fetchAll("SELECT * FROM revoked_tokens ORDER BY jti", [], RowMapping.revokedToken)
    }

    func lastAuditEvent() throws -> AuditEvent? {
        try fetchOne("SELECT * FROM audit_events ORDER BY sequence DESC LIMIT 1", [], RowMapping.auditEvent)
    }

    func auditEvents(after sequence: Int64, limit: Int) throws -> [AuditEvent] {
        try fetchAll(
            "SELECT * FROM audit_events WHERE sequence > ? ORDER BY sequence LIMIT ?", [sequence, max(0, limit)],
            RowMapping.auditEvent)
    }

    // MARK: Writing

    /// Runs one statement, translating SQLite constraint failures into `StoreError`s that name `record`.
    private func execute(_ sql: String, _ arguments: StatementArguments, record: String) throws {
        do {
            try db.execute(sql: sql, arguments: arguments)
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: record)
        }
    }

    /// Runs an UPDATE or DELETE that must hit exactly one existing row.
    private func executeExisting(
        _ sql: String, _ arguments: StatementArguments, record: String, touching collection: StoreChange.Collections
    ) throws {
        try execute(sql, arguments, record: record)
        guard db.changesCount > 0 else { throw StoreError.notFound("\(record) does not exist") }
        touched.formUnion(collection)
    }

    private func insert(
        into table: String, columns: [String], _ arguments: StatementArguments, record: String,
        touching collection: StoreChange.Collections, orIgnore: Bool = false
    ) throws {
        let names = columns.joined(separator: ", ")
        let placeholders = columns.map { ":" + $0 }.joined(separator: ", ")
        let verb = orIgnore ? "INSERT OR IGNORE" : "INSERT"
        try execute("\(verb) INTO \(table) (\(names)) VALUES (\(placeholders))", arguments, record: record)
        touched.formUnion(collection)
    }

    private func update(
        _ table: String, key: String, columns: [String], _ arguments: StatementArguments, record: String,
        touching collection: StoreChange.Collections
    ) throws {
        let assignments = columns.filter { $0 != key }.map { "\($0) = :\($0)" }.joined(separator: ", ")
        try executeExisting(
            "UPDATE \(table) SET \(assignments) WHERE \(key) = :\(key)", arguments, record: record, touching: collection)
    }

    private static let identityColumns = [
        "id", "kind", "name", "owner", "purpose", "trust_tier", "environment", "tenant", "labels", "review_by",
        "expires_at", "status", "created_at", "updated_at",
    ]
    private static let credentialColumns = [
        "id", "identity_id", "kind", "secret_hash", "hint", "public_jwk", "kid", "created_at", "last_used_at",
        "expires_at", "revoked_at", "replaced_by", "rotated_from",
    ]
    private static let apiColumns = [
        "name", "audience", "owner", "sensitivity", "max_token_ttl", "status", "created_at", "updated_at",
    ]
    private static let grantColumns = [
        "id", "identity_id", "api", "scope", "expires_at", "justification", "granted_by", "created_at",
    ]
    private static let trustedIssuerColumns = [
        "id", "issuer", "jwks", "jwks_url", "allowed_audiences", "claim_rules", "identity_id", "max_scopes", "max_ttl",
        "created_at",
    ]
    private static let adminCredentialColumns = ["id", "name", "role", "secret_hash", "created_at", "revoked_at"]
    private static let signingKeyColumns = [
        "kid", "algorithm", "private_key", "public_jwk", "created_at", "retired_at", "remove_after",
    ]
    private static let auditColumns = [
        "sequence", "time", "actor", "action", "target_type", "target_id", "before", "after", "previous_hash", "hash",
    ]

    func insert(_ identity: Identity) throws {
        try insert(
            into: "identities", columns: Self.identityColumns, try RowMapping.arguments(identity),
            record: "identity \(identity.id)", touching: .identities)
    }

    func update(_ identity: Identity) throws {
        try update(
            "identities", key: "id", columns: Self.identityColumns, try RowMapping.arguments(identity),
            record: "identity \(identity.id)", touching: .identities)
    }

    func insert(_ credential: Credential) throws {
        try insert(
            into: "credentials", columns: Self.credentialColumns, RowMapping.arguments(credential),
            record: "credential \(credential.id)", touching: .credentials)
    }

    func update(_ credential: Credential) throws {
        try update(
            "credentials", key: "id", columns: Self.credentialColumns, RowMapping.arguments(credential),
            record: "credential \(credential.id)", touching: .credentials)
    }

    func insert(_ api: API) throws {
        try insert(
            into: "apis", columns: Self.apiColumns, RowMapping.arguments(api), record: "API \(api.name)",
            touching: .apis)
    }

    func update(_ api: API) throws {
        try update(
            "apis", key: "name", columns: Self.apiColumns, RowMapping.arguments(api), record: "API \(api.name)",
            touching: .apis)
    }

    func deleteAPI(name: String) throws {
        try executeExisting("DELETE FROM apis WHERE name = ?", [name], record: "API \(name)", touching: .apis)
    }

    func insert(_ grant: Grant) throws {
        try insert(
            into: "grants", columns: Self.grantColumns, RowMapping.arguments(grant),
            record: "grant of \(grant.api) \(grant.scope) to \(grant.identityID)", touching: .grants)
    }

    func deleteGrant(id: String) throws {
        try executeExisting("DELETE FROM grants WHERE id = ?", [id], record: "grant \(id)", touching: .grants)
    }

    func insert(_ issuer: TrustedIssuer) throws {
        try insert(
            into: "trusted_issuers", columns: Self.trustedIssuerColumns, try RowMapping.arguments(issuer),
            record: "trusted issuer \(issuer.id)", touching: .trustedIssuers)
    }

    func update(_ issuer: TrustedIssuer) throws {
        try update(
            "trusted_issuers", key: "id", columns: Self.trustedIssuerColumns, try RowMapping.arguments(issuer),
            record: "trusted issuer \(issuer.id)", touching: .trustedIssuers)
    }

    func deleteTrustedIssuer(id: String) throws {
        try executeExisting(
            "DELETE FROM trusted_issuers WHERE id = ?", [id], record: "trusted issuer \(id)", touching: .trustedIssuers)
    }

    func insert(_ credential: AdminCredential) throws {
        try insert(
            into: "admin_credentials", columns: Self.adminCredentialColumns, RowMapping.arguments(credential),
            record: "admin credential \(credential.id)", touching: .adminCredentials)
    }

    func update(_ credential: AdminCredential) throws {
        try update(
            "admin_credentials", key: "id", columns: Self.adminCredentialColumns, RowMapping.arguments(credential),
            record: "admin credential \(credential.id)", touching: .adminCredentials)
    }

    func insert(_ key: SigningKey) throws {
        try insert(
            into: "signing_keys", columns: Self.signingKeyColumns, RowMapping.arguments(key),
            record: "signing key \(key.kid)", touching: .signingKeys)
    }

    func update(_ key: SigningKey) throws {
        try update(
            "signing_keys", key: "kid", columns: Self.signingKeyColumns, RowMapping.arguments(key),
            record: "signing key \(key.kid)", touching: .signingKeys)
    }

    func deleteSigningKey(kid: String) throws {
        try executeExisting(
            "DELETE FROM signing_keys WHERE kid = ?", [kid], record: "signing key \(kid)", touching: .signingKeys)
    }

    func insert(_ revoked: RevokedToken) throws {
        try insert(
            into: "revoked_tokens", columns: ["jti", "expires_at"],
            ["jti": revoked.jti, "expires_at": ColumnCoding.encode(revoked.expiresAt)],
            record: "revoked token", touching: .revokedTokens, orIgnore: true)
    }

    @discardableResult
    func appendAudit(_ draft: AuditDraft) throws -> AuditEvent {
        let event = AuditChain.seal(draft, after: try lastAuditEvent(), hasher: hasher)
        try execute(
            "INSERT INTO audit_events (\(Self.auditColumns.joined(separator: ", "))) VALUES (\(Self.auditColumns.map { ":" + $0 }.joined(separator: ", ")))",
            RowMapping.arguments(event), record: "audit event \(event.sequence)")
        return event
    }
}

/// Translation of SQLite failures into `StoreError`s.
enum SQLiteErrors {
    /// Maps a GRDB error to a store error naming `record`.
    static func map(_ error: DatabaseError, record: String) -> StoreError {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
            return .duplicate("\(record) already exists")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return .constraint("\(record) refers to a record that does not exist, or is still referred to")
        default:
            if error.resultCode == .SQLITE_CONSTRAINT {
                return .constraint("\(record) breaks a rule of the schema")
            }
            return .unavailable("the database refused the change to \(record)")
        }
    }
}
