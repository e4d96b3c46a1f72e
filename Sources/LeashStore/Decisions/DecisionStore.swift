import Foundation
import GRDB
import LeashCore

/// Reads of decision-point state (rate limits, revocations, decision records, usage) inside a transaction.
public protocol DecisionStoreReader: RateLimitStoreReader {}

/// Writes of decision-point state inside a write transaction.
public protocol DecisionStoreWriter: DecisionStoreReader, RateLimitStoreWriter {}

/// Store operations of the decision path that run outside `write` (batched records and usage,
/// which never announce a change).
public protocol DecisionLogStore: Sendable {
    /// Appends decision records and merges usage aggregates into the stored ones, in one transaction:
    /// both land or neither does. Announces no change (records do not alter what may be decided).
    /// `usage` is the records' own aggregate (`.aggregating(records)`): first calls of sensitive
    /// operations (`new-caller` review items) are found from its keys.
    func appendDecisions(_ records: [DecisionRecord], usage: [UsageKey: UsageCounters]) async throws

    /// Appends decision records and merges their own usage aggregate, as
    /// `appendDecisions(records, usage: .aggregating(records))` does. A store may aggregate where it
    /// writes: SQLite does it on its writer's thread, so a large batch does not hold one of the few
    /// threads that run requests (the decision recorder writes through this).
    func appendDecisions(_ records: [DecisionRecord]) async throws

    /// Records of `identity` (every identity when nil) with `since <= time < until`, newest first, at most `limit`.
    func decisionRecords(identity: String?, since: Date?, until: Date?, limit: Int) async throws -> [DecisionRecord]

    /// Streams every record with `since <= time < until` (of `identity` when given) to `body` in time
    /// order, reading `chunkSize` records at a time: memory stays bounded however many are stored.
    func forEachDecision(
        identity: String?, since: Date?, until: Date?, chunkSize: Int,
        _ body: (DecisionRecord) async throws -> Void
    ) async throws

    /// Usage aggregates of `identity` for UTC days from `sinceDay` on (every day when nil), ordered by
    /// API, operation, day.
    func usage(identity: String, sinceDay: Int?) async throws -> [UsageEntry]

    /// Deletes the raw records older than `date` (usage aggregates are kept); returns how many.
    @discardableResult
    func pruneDecisions(before date: Date) async throws -> Int
}

extension DecisionLogStore {
    public func appendDecisions(_ records: [DecisionRecord]) async throws {
        try await appendDecisions(records, usage: .aggregating(records))
    }

    /// Streams every record with `since <= time < until` to `body` in time order, 10,000 at a time.
    public func forEachDecision(
        since: Date? = nil, until: Date? = nil, _ body: (DecisionRecord) async throws -> Void
    ) async throws {
        try await forEachDecision(identity: nil, since: since, until: until, chunkSize: 10_000, body)
    }

    /// Usage aggregates of `identity` over every stored day.
    public func usage(identity: String) async throws -> [UsageEntry] {
        try await usage(identity: identity, sinceDay: nil)
    }
}

extension Schema {
    /// The decision point's migrations, registered after the policy store's.
    static func registerDecisionMigrations(_ migrator: inout DatabaseMigrator) {
        registerDecisionRecordMigrations(&migrator)
        registerRateLimitMigrations(&migrator)
    }
}
