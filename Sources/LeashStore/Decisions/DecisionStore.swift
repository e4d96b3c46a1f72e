import GRDB
import LeashCore

/// Reads of decision-point state (rate limits, revocations, decision records, usage) inside a transaction.
public protocol DecisionStoreReader {}

/// Writes of decision-point state inside a write transaction.
public protocol DecisionStoreWriter: DecisionStoreReader {}

/// Store operations of the decision path that run outside `write` (batched records and usage,
/// which never announce a change).
public protocol DecisionLogStore: Sendable {}

extension Schema {
    /// The decision point's migrations, registered after the policy store's.
    static func registerDecisionMigrations(_ migrator: inout DatabaseMigrator) {}
}
