import GRDB
import LeashCore

/// Reads of the versioned Cedar policy sets inside a transaction.
public protocol PolicyStoreReader {
    /// The stored version numbered `version`, or nil.
    func policyVersion(_ version: Int) throws -> PolicyVersion?
    /// Every stored version, oldest first.
    func policyVersions() throws -> [PolicyVersion]
    /// The highest version number stored, 0 when there is none.
    func latestPolicyVersionNumber() throws -> Int
    /// The version currently in force for `mode` (nil: no shadow set, or nothing installed yet).
    func currentPolicyVersion(mode: PolicyMode) throws -> PolicyVersion?
}

/// Writes of the versioned Cedar policy sets inside a write transaction.
public protocol PolicyStoreWriter: PolicyStoreReader {
    /// Stores a new version; its number must be unused (`StoreError.duplicate` otherwise).
    func insert(_ version: PolicyVersion) throws
    /// Makes `version` current for `mode`, or clears the pointer with nil; the version must exist.
    func setCurrentPolicyVersion(_ version: Int?, mode: PolicyMode) throws
}

extension LeashStore {
    /// The enforced and shadow versions in force, read together.
    public func currentPolicies() async throws -> CurrentPolicies {
        try await read { reader in
            CurrentPolicies(
                enforced: try reader.currentPolicyVersion(mode: .enforced),
                shadow: try reader.currentPolicyVersion(mode: .shadow))
        }
    }
}

extension Schema {
    /// The policy store's migrations, registered after the catalog's.
    static func registerPolicyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-policies") { db in
            // Versions are immutable rows; `policy_current` holds at most one pointer per mode.
            try db.execute(sql: """
                CREATE TABLE policy_versions (
                    version INTEGER PRIMARY KEY NOT NULL,
                    mode TEXT NOT NULL,
                    files TEXT NOT NULL,
                    entities_json TEXT,
                    schema_text TEXT,
                    message TEXT,
                    created_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    digest TEXT NOT NULL,
                    restored_from INTEGER REFERENCES policy_versions(version),
                    validated INTEGER NOT NULL
                ) STRICT;

                CREATE TABLE policy_current (
                    mode TEXT PRIMARY KEY NOT NULL,
                    version INTEGER NOT NULL REFERENCES policy_versions(version)
                ) STRICT;
                """)
        }
    }
}
