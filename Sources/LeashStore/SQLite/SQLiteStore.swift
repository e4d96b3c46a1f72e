import Foundation
import GRDB
import LeashCore

/// The single-node store: one SQLite file in WAL mode, opened through a GRDB `DatabasePool`
/// (concurrent readers, one writer), with foreign keys enforced and the schema migrated on open.
public final class SQLiteStore: LeashStore {
    /// File name of the database inside a data directory.
    public static let fileName = "leash.sqlite"

    let pool: DatabasePool
    let hasher: AuditHasher
    private let feed = ChangeFeed()

    /// Opens (creating if needed) `<dataDirectory>/leash.sqlite`, creating the directory too.
    public convenience init(dataDirectory: URL, hasher: AuditHasher = .sha256) throws {
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.unavailable("cannot create the data directory \(dataDirectory.path)")
        }
        try self.init(path: dataDirectory.appendingPathComponent(Self.fileName).path, hasher: hasher)
    }

    /// Opens (creating if needed) the database file at `path` and applies pending migrations.
    public init(path: String, hasher: AuditHasher = .sha256) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "leash"
        // SQL functions the store's statements use, on every connection (see SQLiteDecisionLog.swift).
        configuration.prepareDatabase { db in
            db.add(function: DecisionRecordColumns.mergeSourcesFunction())
            // The writer appends decision records into indexes spread over the whole file: a 64 MiB page
            // cache (SQLite's default is 2 MiB) keeps their hot pages in memory.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -65536") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.unavailable("cannot open the database at \(path): \(error.message ?? "SQLite error \(error.resultCode)")")
        }
        self.hasher = hasher
    }

    /// Names of every migration this version of Leash knows, in the order they apply.
    public static var knownMigrations: [String] { Schema.migrator.migrations }

    /// Names of the migrations applied to the file, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// Closes the database and ends every change stream. The store must not be used afterwards.
    public func close() throws {
        feed.finish()
        do {
            try pool.close()
        } catch let error as DatabaseError {
            throw StoreError.unavailable("cannot close the database: \(error.message ?? "SQLite error")")
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        let hasher = hasher
        return try await mappingErrors {
            try await pool.read { db in try body(SQLiteTransaction(db, hasher: hasher)) }
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        let hasher = hasher
        let (result, touched) = try await mappingErrors {
            try await pool.write { db in
                let transaction = SQLiteTransaction(db, hasher: hasher)
                let result = try body(transaction)
                return (result, transaction.touched)
            }
        }
        feed.publish(touched)
        return result
    }

    public func recordCredentialUse(_ uses: [String: Date]) async throws {
        guard !uses.isEmpty else { return }
        try await mappingErrors {
            try await pool.write { db in
                let statement = try db.makeStatement(
                    sql: "UPDATE credentials SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?")
                for (id, time) in uses {
                    try statement.execute(arguments: [ColumnCoding.encode(time), id])
                }
            }
        }
        // Last-use times do not change what a token service may issue: no change is announced.
    }

    public func revokeTokens(_ tokens: [RevokedToken]) async throws {
        guard !tokens.isEmpty else { return }
        let hasher = hasher
        try await mappingErrors {
            try await pool.write { db in
                let transaction = SQLiteTransaction(db, hasher: hasher)
                for token in tokens { try transaction.insert(token) }
            }
        }
        feed.publish(.revokedTokens)
    }

    @discardableResult
    public func pruneRevokedTokens(expiredBefore date: Date) async throws -> Int {
        let removed = try await mappingErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM revoked_tokens WHERE expires_at < ?", arguments: [ColumnCoding.encode(date)])
                return db.changesCount
            }
        }
        if removed > 0 { feed.publish(.revokedTokens) }
        return removed
    }

    @discardableResult
    public func appendAudit(_ drafts: [AuditDraft]) async throws -> [AuditEvent] {
        guard !drafts.isEmpty else { return [] }
        return try await write { transaction in try drafts.map { try transaction.appendAudit($0) } }
    }

    public func auditEvents(after sequence: Int64, limit: Int) async throws -> [AuditEvent] {
        try await read { try $0.auditEvents(after: sequence, limit: limit) }
    }

    public var changeVersion: UInt64 { feed.version }

    public func changes() -> AsyncStream<StoreChange> { feed.subscribe() }

    /// Runs `operation`, turning GRDB errors that escaped the transaction code into `StoreError`s.
    func mappingErrors<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "the record")
        }
    }
}
