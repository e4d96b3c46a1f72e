import GRDB
import LeashCore

/// Reads of the stored rate limits inside a transaction.
public protocol RateLimitStoreReader {
    /// Every rate limit, ordered by identity then API (the all-API limit first).
    func rateLimits() throws -> [RateLimit]
    /// The rate limit for `key`, or nil.
    func rateLimit(_ key: RateLimitKey) throws -> RateLimit?
}

/// Writes of rate limits inside a write transaction; each announces `.rateLimits`.
public protocol RateLimitStoreWriter: RateLimitStoreReader {
    /// Adds or replaces the limit for its key (its identity must exist).
    func upsert(_ limit: RateLimit) throws
    /// Removes the limit for `key`; `StoreError.notFound` when there is none.
    func deleteRateLimit(_ key: RateLimitKey) throws
}

extension Schema {
    /// The rate-limit table: one row per identity and API, `api = ''` for the all-API limit
    /// (a primary key cannot hold NULL usefully).
    static func registerRateLimitMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-rate-limits") { db in
            try db.execute(sql: """
                CREATE TABLE rate_limits (
                    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
                    api TEXT NOT NULL,
                    requests_per_second REAL NOT NULL,
                    burst INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (identity_id, api)
                ) STRICT;
                """)
        }
    }
}

extension SQLiteTransaction: RateLimitStoreWriter {
    func rateLimits() throws -> [RateLimit] {
        try Row.fetchAll(db, sql: "SELECT * FROM rate_limits ORDER BY identity_id, api").map(Self.rateLimit)
    }

    func rateLimit(_ key: RateLimitKey) throws -> RateLimit? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM rate_limits WHERE identity_id = ? AND api = ?",
            arguments: [key.identityID, key.api ?? ""]
        ).map(Self.rateLimit)
    }

    func upsert(_ limit: RateLimit) throws {
        do {
            try db.execute(
                sql: """
                    INSERT INTO rate_limits (identity_id, api, requests_per_second, burst, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (identity_id, api) DO UPDATE SET
                        requests_per_second = excluded.requests_per_second, burst = excluded.burst,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    limit.identityID, limit.api ?? "", limit.requestsPerSecond, limit.burst,
                    ColumnCoding.encode(limit.updatedAt),
                ])
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "rate limit of \(limit.identityID)")
        }
        touched.formUnion(.rateLimits)
    }

    func deleteRateLimit(_ key: RateLimitKey) throws {
        do {
            try db.execute(
                sql: "DELETE FROM rate_limits WHERE identity_id = ? AND api = ?", arguments: [key.identityID, key.api ?? ""])
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "rate limit of \(key.identityID)")
        }
        guard db.changesCount > 0 else { throw StoreError.notFound("no rate limit for \(key.identityID)") }
        touched.formUnion(.rateLimits)
    }

    private static func rateLimit(_ row: Row) throws -> RateLimit {
        let api = try row.text("api")
        guard let rate = row["requests_per_second"] as Double? else {
            throw StoreError.corrupt("rate_limits.requests_per_second is not a number")
        }
        return RateLimit(
            identityID: try row.text("identity_id"), api: api.isEmpty ? nil : api, requestsPerSecond: rate,
            burst: Int(try row.integer("burst")), updatedAt: try row.date("updated_at"))
    }
}
