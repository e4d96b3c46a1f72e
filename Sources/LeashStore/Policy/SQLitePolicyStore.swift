import GRDB
import LeashCore

extension SQLiteTransaction {
    private static let policyVersionColumns = [
        "version", "mode", "files", "entities_json", "schema_text", "message", "created_by", "created_at", "digest",
        "restored_from", "validated",
    ]

    func policyVersion(_ version: Int) throws -> PolicyVersion? {
        try Row.fetchOne(db, sql: "SELECT * FROM policy_versions WHERE version = ?", arguments: [version])
            .map(PolicyRowMapping.version)
    }

    func policyVersions() throws -> [PolicyVersion] {
        try Row.fetchAll(db, sql: "SELECT * FROM policy_versions ORDER BY version").map(PolicyRowMapping.version)
    }

    func latestPolicyVersionNumber() throws -> Int {
        Int(try Int64.fetchOne(db, sql: "SELECT coalesce(max(version), 0) FROM policy_versions") ?? 0)
    }

    func currentPolicyVersion(mode: PolicyMode) throws -> PolicyVersion? {
        try Row.fetchOne(
            db,
            sql: "SELECT v.* FROM policy_current c JOIN policy_versions v ON v.version = c.version WHERE c.mode = ?",
            arguments: [mode.rawValue]
        ).map(PolicyRowMapping.version)
    }

    func insert(_ version: PolicyVersion) throws {
        let names = Self.policyVersionColumns.joined(separator: ", ")
        let placeholders = Self.policyVersionColumns.map { ":" + $0 }.joined(separator: ", ")
        do {
            try db.execute(
                sql: "INSERT INTO policy_versions (\(names)) VALUES (\(placeholders))",
                arguments: try PolicyRowMapping.arguments(version))
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "policy version \(version.version)")
        }
        touched.formUnion(.policies)
    }

    func setCurrentPolicyVersion(_ version: Int?, mode: PolicyMode) throws {
        do {
            if let version {
                try db.execute(
                    sql: "INSERT INTO policy_current (mode, version) VALUES (?, ?) ON CONFLICT(mode) DO UPDATE SET version = excluded.version",
                    arguments: [mode.rawValue, version])
            } else {
                try db.execute(sql: "DELETE FROM policy_current WHERE mode = ?", arguments: [mode.rawValue])
            }
        } catch let error as DatabaseError {
            if error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                throw StoreError.notFound("policy version \(version.map(String.init) ?? "") does not exist")
            }
            throw SQLiteErrors.map(error, record: "the \(mode.rawValue) policy pointer")
        }
        touched.formUnion(.policies)
    }
}

/// Row ↔ `PolicyVersion`.
enum PolicyRowMapping {
    static func version(_ row: Row) throws -> PolicyVersion {
        PolicyVersion(
            version: Int(try row.integer("version")),
            files: try row.json("files"),
            entitiesJSON: try row.optionalText("entities_json"),
            schemaText: try row.optionalText("schema_text"),
            mode: try row.enumeration("mode"),
            createdAt: try row.date("created_at"),
            createdBy: try row.text("created_by"),
            message: try row.optionalText("message"),
            digest: try row.text("digest"),
            restoredFrom: try row.optionalInteger("restored_from").map { Int($0) },
            validated: try row.integer("validated") != 0)
    }

    static func arguments(_ version: PolicyVersion) throws -> StatementArguments {
        [
            "version": version.version, "mode": version.mode.rawValue, "files": try ColumnCoding.json(version.files),
            "entities_json": version.entitiesJSON, "schema_text": version.schemaText, "message": version.message,
            "created_by": version.createdBy, "created_at": ColumnCoding.encode(version.createdAt),
            "digest": version.digest, "restored_from": version.restoredFrom,
            "validated": version.validated ? 1 : 0,
        ]
    }
}
