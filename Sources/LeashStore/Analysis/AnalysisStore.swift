import GRDB
import LeashCore

/// Reads of least-privilege analysis state (proposals, review items, declared dependencies) inside a transaction.
public protocol AnalysisStoreReader {}

/// Writes of least-privilege analysis state inside a write transaction.
public protocol AnalysisStoreWriter: AnalysisStoreReader {}

extension Schema {
    /// The analysis part's migrations, registered after the decision point's.
    static func registerAnalysisMigrations(_ migrator: inout DatabaseMigrator) {}
}
