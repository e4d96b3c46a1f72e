import GRDB
import LeashCore

/// Reads of least-privilege analysis state (proposals, review items, declared dependencies) inside a transaction.
public protocol AnalysisStoreReader {
    // MARK: Right-sizing proposals (SQLiteTransaction+Proposals.swift)

    /// The proposal with `id`, or nil.
    func proposal(id: String) throws -> Proposal?
    /// Proposals of `identityID` (all when nil) with `status` (any when nil), newest first.
    func proposals(identityID: String?, status: ProposalStatus?) throws -> [Proposal]
}

/// Writes of least-privilege analysis state inside a write transaction.
public protocol AnalysisStoreWriter: AnalysisStoreReader {
    // MARK: Right-sizing proposals (SQLiteTransaction+Proposals.swift)

    /// Stores a new proposal; `StoreError.duplicate` when its id exists.
    func insert(_ proposal: Proposal) throws
    /// Replaces a stored proposal (status, timestamps); `StoreError.notFound` when there is none.
    func update(_ proposal: Proposal) throws
}

extension Schema {
    /// The analysis part's migrations, registered after the decision point's.
    static func registerAnalysisMigrations(_ migrator: inout DatabaseMigrator) {
        registerProposalMigrations(&migrator)
    }
}
