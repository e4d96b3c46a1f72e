import Foundation
import GRDB
import LeashCore

extension Schema {
    /// The reviews part's tables: declared downstream dependencies (blast radius).
    static func registerReviewMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-reviews") { db in
            try db.execute(sql: """
                CREATE TABLE declared_dependencies (
                    api TEXT NOT NULL REFERENCES apis(name) ON DELETE RESTRICT,
                    calls TEXT NOT NULL REFERENCES apis(name) ON DELETE RESTRICT,
                    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE RESTRICT,
                    declared_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (api, calls, identity_id)
                ) STRICT;
                """)
        }
        migrator.registerMigration("v3-reviews-items") { db in
            try db.execute(sql: """
                CREATE TABLE review_items (
                    id TEXT PRIMARY KEY NOT NULL,
                    status TEXT NOT NULL,
                    identity_id TEXT NOT NULL,
                    opened_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                ) STRICT;
                CREATE INDEX review_items_by_status ON review_items (status, opened_at);
                CREATE TABLE gone_owners (
                    owner TEXT PRIMARY KEY NOT NULL,
                    marked_by TEXT NOT NULL,
                    marked_at INTEGER NOT NULL
                ) STRICT;
                """)
        }
        migrator.registerMigration("v3-reviews-api") { db in
            // Items about an API alone (`api-changed` no identity reaches) have no identity: the table is rebuilt
            // with a nullable `identity_id` (SQLite cannot relax NOT NULL in place), plus the columns that find an
            // open item reporting the same event. `review_first_calls` holds every (identity, API, operation) ever
            // called with an allowed answer, seeded from the usage aggregates, so "first call ever" is one lookup.
            try db.execute(sql: """
                CREATE TABLE review_items_v3 (
                    id TEXT PRIMARY KEY NOT NULL,
                    status TEXT NOT NULL,
                    trigger TEXT NOT NULL,
                    identity_id TEXT,
                    api TEXT,
                    opened_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                ) STRICT;
                INSERT INTO review_items_v3 (id, status, trigger, identity_id, api, opened_at, body)
                    SELECT id, status, coalesce(json_extract(body, '$.trigger'), ''), identity_id, NULL, opened_at, body
                    FROM review_items;
                DROP TABLE review_items;
                ALTER TABLE review_items_v3 RENAME TO review_items;
                CREATE INDEX review_items_by_status ON review_items (status, opened_at);
                CREATE INDEX review_items_open_events ON review_items (trigger, identity_id, api) WHERE status = 'open';

                CREATE TABLE review_first_calls (
                    identity_id TEXT NOT NULL,
                    api TEXT NOT NULL,
                    operation_id TEXT NOT NULL,
                    first_seen INTEGER NOT NULL,
                    PRIMARY KEY (identity_id, api, operation_id)
                ) STRICT, WITHOUT ROWID;
                INSERT INTO review_first_calls (identity_id, api, operation_id, first_seen)
                    SELECT identity_id, api, operation_id, min(first_seen) FROM decision_usage WHERE allowed > 0
                    GROUP BY identity_id, api, operation_id;
                """)
        }
    }
}

extension SQLiteTransaction {
    func dependencies(api: String?) throws -> [DeclaredDependency] {
        let whereClause = api == nil ? "" : " WHERE api = ?"
        let arguments: StatementArguments = api.map { [$0] } ?? []
        return try Row.fetchAll(
            db, sql: "SELECT * FROM declared_dependencies\(whereClause) ORDER BY api, calls, identity_id", arguments: arguments
        ).map(Self.dependency)
    }

    func insert(_ dependency: DeclaredDependency) throws {
        do {
            try db.execute(
                sql: "INSERT INTO declared_dependencies (api, calls, identity_id, declared_by, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    dependency.api, dependency.calls, dependency.identityID, dependency.declaredBy,
                    ColumnCoding.encode(dependency.createdAt),
                ])
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "dependency \(dependency.api) → \(dependency.calls) as \(dependency.identityID)")
        }
    }

    func deleteDependency(api: String, calls: String, identityID: String) throws {
        try db.execute(
            sql: "DELETE FROM declared_dependencies WHERE api = ? AND calls = ? AND identity_id = ?",
            arguments: [api, calls, identityID])
        guard db.changesCount > 0 else {
            throw StoreError.notFound("no dependency \(api) → \(calls) as \(identityID)")
        }
    }

    private static func dependency(_ row: Row) throws -> DeclaredDependency {
        DeclaredDependency(
            api: try row.text("api"), calls: try row.text("calls"), identityID: try row.text("identity_id"),
            declaredBy: try row.text("declared_by"), createdAt: try row.date("created_at"))
    }
}

extension SQLiteTransaction {
    func reviewItem(id: String) throws -> ReviewItem? {
        try Row.fetchOne(db, sql: "SELECT body FROM review_items WHERE id = ?", arguments: [id]).map(Self.reviewItem)
    }

    func reviewItems(status: ReviewStatus?) throws -> [ReviewItem] {
        let whereClause = status == nil ? "" : " WHERE status = ?"
        let arguments: StatementArguments = status.map { [$0.rawValue] } ?? []
        return try Row.fetchAll(
            db, sql: "SELECT body FROM review_items\(whereClause) ORDER BY opened_at, id", arguments: arguments
        ).map(Self.reviewItem)
    }

    func openReviewItems(trigger: ReviewTrigger, identityID: String?, api: String?) throws -> [ReviewItem] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT body FROM review_items WHERE status = 'open' AND trigger = ? AND identity_id IS ? AND api IS ?
                ORDER BY opened_at, id
                """,
            arguments: [trigger.rawValue, identityID, api]
        ).map(Self.reviewItem)
    }

    func save(_ item: ReviewItem) throws {
        let body: String
        do {
            body = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
        } catch {
            throw StoreError.constraint("review item \(item.id) cannot be encoded")
        }
        do {
            try db.execute(
                sql: """
                    INSERT INTO review_items (id, status, trigger, identity_id, api, opened_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body
                    """,
                arguments: [
                    item.id, item.status.rawValue, item.trigger.rawValue, item.identityID, item.api,
                    ColumnCoding.encode(item.openedAt), body,
                ])
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "review item \(item.id)")
        }
    }

    func goneOwners() throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT owner FROM gone_owners"))
    }

    func markOwnerGone(_ owner: String, by actor: String, at time: Date) throws {
        do {
            try db.execute(
                sql: "INSERT INTO gone_owners (owner, marked_by, marked_at) VALUES (?, ?, ?)",
                arguments: [owner, actor, ColumnCoding.encode(time)])
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "gone owner \(owner)")
        }
    }

    private static func reviewItem(_ row: Row) throws -> ReviewItem {
        do {
            return try ColumnCoding.decodeStored(ReviewItem.self, from: try row.text("body"))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corrupt("a stored review item cannot be read")
        }
    }
}
