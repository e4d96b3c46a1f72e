import Foundation
import GRDB
import LeashCore

/// Reads of least-privilege analysis state (proposals, review items, declared dependencies) inside a transaction.
public protocol AnalysisStoreReader {
    // MARK: Right-sizing proposals (SQLiteTransaction+Proposals.swift)

    /// The proposal with `id`, or nil.
    func proposal(id: String) throws -> Proposal?
    /// Proposals of `identityID` (all when nil) with `status` (any when nil), newest first.
    func proposals(identityID: String?, status: ProposalStatus?) throws -> [Proposal]

    // MARK: Declared dependencies (SQLiteTransaction+Reviews.swift)

    /// Declared dependencies of `api` as the calling API (all when nil), ordered by API, called API, identity.
    func dependencies(api: String?) throws -> [DeclaredDependency]

    // MARK: Review items (SQLiteTransaction+Reviews.swift)

    /// The review item with `id`, or nil.
    func reviewItem(id: String) throws -> ReviewItem?
    /// Review items with `status` (all when nil), oldest first.
    func reviewItems(status: ReviewStatus?) throws -> [ReviewItem]
    /// Open review items with `trigger`, exactly this identity (nil: none) and API (nil: none), oldest first.
    func openReviewItems(trigger: ReviewTrigger, identityID: String?, api: String?) throws -> [ReviewItem]
    /// Owners marked gone.
    func goneOwners() throws -> Set<String>
}

/// Writes of least-privilege analysis state inside a write transaction.
public protocol AnalysisStoreWriter: AnalysisStoreReader {
    // MARK: Right-sizing proposals (SQLiteTransaction+Proposals.swift)

    /// Stores a new proposal; `StoreError.duplicate` when its id exists.
    func insert(_ proposal: Proposal) throws
    /// Replaces a stored proposal (status, timestamps); `StoreError.notFound` when there is none.
    func update(_ proposal: Proposal) throws

    // MARK: Declared dependencies (SQLiteTransaction+Reviews.swift)

    /// Stores a declared dependency; `StoreError.duplicate` when it exists, `StoreError.constraint` when an
    /// API or the identity does not.
    func insert(_ dependency: DeclaredDependency) throws
    /// Removes a declared dependency; `StoreError.notFound` when there is none.
    func deleteDependency(api: String, calls: String, identityID: String) throws

    // MARK: Review items (SQLiteTransaction+Reviews.swift)

    /// Stores a review item, or replaces the stored one with its id.
    func save(_ item: ReviewItem) throws
    /// Records that `owner` is gone; `StoreError.duplicate` when already marked.
    func markOwnerGone(_ owner: String, by actor: String, at time: Date) throws
}

extension Schema {
    /// The analysis part's migrations, registered after the decision point's.
    static func registerAnalysisMigrations(_ migrator: inout DatabaseMigrator) {
        registerProposalMigrations(&migrator)
        registerReviewMigrations(&migrator)
    }
}
