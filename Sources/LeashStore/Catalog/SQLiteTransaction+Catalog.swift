import GRDB
import LeashCore

extension SQLiteTransaction {
    func operations(api: String) throws -> [LeashCore.Operation] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM operations WHERE api = ? ORDER BY path_template, method", arguments: [api]
        ).map(CatalogRowMapping.operation)
    }

    func allOperations() throws -> [LeashCore.Operation] {
        try Row.fetchAll(db, sql: "SELECT * FROM operations ORDER BY api, path_template, method")
            .map(CatalogRowMapping.operation)
    }

    func catalogImports(api: String, limit: Int) throws -> [CatalogImportRecord] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM catalog_imports WHERE api = ? ORDER BY sequence DESC LIMIT ?",
            arguments: [api, max(0, limit)]
        ).map(CatalogRowMapping.importRecord)
    }

    func replaceOperations(api: String, with operations: [LeashCore.Operation]) throws {
        if let stranger = operations.first(where: { $0.api != api }) {
            throw StoreError.constraint("operation \(stranger.route) belongs to API \(stranger.api), not \(api)")
        }
        do {
            try db.execute(sql: "DELETE FROM operations WHERE api = ?", arguments: [api])
            let statement = try db.makeStatement(sql: """
                INSERT INTO operations (api, method, path_template, id, scope, sensitivity, summary, scope_source)
                VALUES (:api, :method, :path_template, :id, :scope, :sensitivity, :summary, :scope_source)
                """)
            for operation in operations {
                do {
                    try statement.execute(arguments: CatalogRowMapping.arguments(operation))
                } catch let error as DatabaseError {
                    throw SQLiteErrors.map(error, record: "operation \(operation.route) (id \(operation.id)) of API \(api)")
                }
            }
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "the operations of API \(api)")
        }
        touched.formUnion(.operations)
    }

    @discardableResult
    func insert(_ record: CatalogImportRecord) throws -> CatalogImportRecord {
        var stored = record
        do {
            let last = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM catalog_imports") ?? 0
            stored.sequence = last + 1
            try db.execute(
                sql: """
                    INSERT INTO catalog_imports (sequence, api, time, actor, document_digest, title, document_version,
                        openapi_version, operation_count, diff)
                    VALUES (:sequence, :api, :time, :actor, :document_digest, :title, :document_version,
                        :openapi_version, :operation_count, :diff)
                    """,
                arguments: try CatalogRowMapping.arguments(stored))
        } catch let error as DatabaseError {
            throw SQLiteErrors.map(error, record: "import record of API \(record.api)")
        }
        touched.formUnion(.operations)
        return stored
    }
}

/// Row ↔ model mappings of the catalog tables.
enum CatalogRowMapping {
    static func operation(_ row: Row) throws -> LeashCore.Operation {
        LeashCore.Operation(
            api: try row.text("api"),
            id: try row.text("id"),
            method: try row.text("method"),
            pathTemplate: try row.text("path_template"),
            scope: try row.text("scope"),
            sensitivity: try row.enumeration("sensitivity"),
            summary: try row.optionalText("summary"),
            scopeSource: try row.enumeration("scope_source")
        )
    }

    static func arguments(_ operation: LeashCore.Operation) -> StatementArguments {
        [
            "api": operation.api, "method": operation.method, "path_template": operation.pathTemplate,
            "id": operation.id, "scope": operation.scope, "sensitivity": operation.sensitivity.rawValue,
            "summary": operation.summary, "scope_source": operation.scopeSource.rawValue,
        ]
    }

    static func importRecord(_ row: Row) throws -> CatalogImportRecord {
        CatalogImportRecord(
            sequence: try row.integer("sequence"),
            api: try row.text("api"),
            time: try row.date("time"),
            actor: try row.text("actor"),
            documentDigest: try row.text("document_digest"),
            title: try row.text("title"),
            documentVersion: try row.text("document_version"),
            openAPIVersion: try row.text("openapi_version"),
            operationCount: Int(try row.integer("operation_count")),
            diff: try row.json("diff")
        )
    }

    static func arguments(_ record: CatalogImportRecord) throws -> StatementArguments {
        [
            "sequence": record.sequence, "api": record.api, "time": ColumnCoding.encode(record.time),
            "actor": record.actor, "document_digest": record.documentDigest, "title": record.title,
            "document_version": record.documentVersion, "openapi_version": record.openAPIVersion,
            "operation_count": record.operationCount, "diff": try ColumnCoding.json(record.diff),
        ]
    }
}
