import GRDB
import LeashCore

/// Reads of the API catalog (operations imported from OpenAPI documents) inside a transaction.
public protocol CatalogStoreReader {
    /// The operations of one API, ordered by path template, then method.
    func operations(api: String) throws -> [LeashCore.Operation]
    /// Every operation of every API, ordered by API, path template, method.
    func allOperations() throws -> [LeashCore.Operation]
    /// The import history of one API, newest first, at most `limit` records.
    func catalogImports(api: String, limit: Int) throws -> [CatalogImportRecord]
}

/// Writes of the API catalog inside a write transaction.
public protocol CatalogStoreWriter: CatalogStoreReader {
    /// Replaces every operation of `api` (which must exist) with `operations`, which must all name `api` and
    /// have distinct routes and ids.
    func replaceOperations(api: String, with operations: [LeashCore.Operation]) throws
    /// Appends an import record; its `sequence` is assigned by the store and returned with it.
    @discardableResult
    func insert(_ record: CatalogImportRecord) throws -> CatalogImportRecord
}

extension Schema {
    /// The catalog's migrations, registered after the inventory's.
    static func registerCatalogMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-catalog") { db in
            // Deleting an API deletes its operations; the import history stays (it names the API by text).
            try db.execute(sql: """
                CREATE TABLE operations (
                    api TEXT NOT NULL REFERENCES apis(name) ON DELETE CASCADE,
                    method TEXT NOT NULL,
                    path_template TEXT NOT NULL,
                    id TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    sensitivity TEXT NOT NULL,
                    summary TEXT,
                    scope_source TEXT NOT NULL,
                    PRIMARY KEY (api, method, path_template),
                    UNIQUE (api, id)
                ) STRICT;

                CREATE TABLE catalog_imports (
                    sequence INTEGER PRIMARY KEY NOT NULL,
                    api TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    document_digest TEXT NOT NULL,
                    title TEXT NOT NULL,
                    document_version TEXT NOT NULL,
                    openapi_version TEXT NOT NULL,
                    operation_count INTEGER NOT NULL,
                    diff TEXT NOT NULL
                ) STRICT;
                CREATE INDEX catalog_imports_api ON catalog_imports(api, sequence);
                """)
        }
    }
}
