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
