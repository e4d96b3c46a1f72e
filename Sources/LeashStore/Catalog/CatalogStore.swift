import GRDB
import LeashCore

/// Reads of the API catalog (operations imported from OpenAPI documents) inside a transaction.
public protocol CatalogStoreReader {}

/// Writes of the API catalog inside a write transaction.
public protocol CatalogStoreWriter: CatalogStoreReader {}

extension Schema {
    /// The catalog's migrations, registered after the inventory's.
    static func registerCatalogMigrations(_ migrator: inout DatabaseMigrator) {}
}
