import GRDB
import LeashCore

/// Reads of the versioned Cedar policy sets inside a transaction.
public protocol PolicyStoreReader {}

/// Writes of the versioned Cedar policy sets inside a write transaction.
public protocol PolicyStoreWriter: PolicyStoreReader {}

extension Schema {
    /// The policy store's migrations, registered after the catalog's.
    static func registerPolicyMigrations(_ migrator: inout DatabaseMigrator) {}
}
