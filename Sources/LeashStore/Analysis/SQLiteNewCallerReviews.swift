import Foundation
import GRDB
import LeashCore
import Logging

/// `new-caller` review items (issue 5), opened in the decision batch write — never on the per-request path.
///
/// `review_first_calls` holds every (identity, API, operation) ever allowed; a pair whose `INSERT OR IGNORE`
/// adds a row is a first call ever, and opens an item when its operation is `confidential` or `restricted`.
/// Live decisions (the decision recorder) and imported usage (`leash usage import`) both reach this through
/// `appendDecisions`.
enum NewCallerReviews {
    private struct Call: Hashable {
        var identityID: String
        var api: String
        var operationID: String
    }

    /// Marks the pairs the batch allows as called and opens the items for the new sensitive ones, in a savepoint
    /// of the batch's transaction: a failure rolls back this step alone (the pairs stay unmarked, so the next
    /// batch with them tries again) and is logged; the decision records and usage are written regardless.
    ///
    /// The batch's pairs come from `usage`, its aggregate (a handful of keys, not one per record): each pair with
    /// an allowed call is looked up, and only a batch holding a pair never seen before walks its records, for that
    /// pair's earliest allowed call.
    static func open(for records: [DecisionRecord], usage: [UsageKey: UsageCounters], in db: Database, hasher: AuditHasher) {
        var candidates: [Call: Date] = [:]
        for (key, counters) in usage where counters.allowed > 0 {
            let call = Call(identityID: key.identityID, api: key.api, operationID: key.operationID)
            // The day's first call, of any outcome: a bound used only when the records do not say better.
            if let seen = candidates[call], seen <= counters.firstSeen { continue }
            candidates[call] = counters.firstSeen
        }
        guard !candidates.isEmpty else { return }
        do {
            try db.inSavepoint {
                let known = try db.cachedStatement(sql: """
                    SELECT 1 FROM review_first_calls WHERE identity_id = ? AND api = ? AND operation_id = ?
                    """)
                var fresh: [Call: Date] = [:]
                for (call, bound) in candidates
                where try Int.fetchOne(known, arguments: [call.identityID, call.api, call.operationID]) == nil {
                    fresh[call] = bound
                }
                guard !fresh.isEmpty else { return .commit }
                var earliest: [Call: Date] = [:]
                for record in records where record.allowed {
                    guard let identityID = record.identityID, let api = record.api, let operationID = record.operationID
                    else { continue }
                    let call = Call(identityID: identityID, api: api, operationID: operationID)
                    guard fresh[call] != nil else { continue }
                    if let seen = earliest[call], seen <= record.time { continue }
                    earliest[call] = record.time
                }
                for (call, bound) in fresh where earliest[call] == nil { earliest[call] = bound }
                try mark(earliest, in: db, hasher: hasher)
                return .commit
            }
        } catch {
            Logger(label: "leash.reviews").error(
                "new-caller review items could not be opened; the decision records were written",
                metadata: ["error": "\(error)", "pairs": "\(candidates.count)"])
        }
    }

    private static func mark(_ calls: [Call: Date], in db: Database, hasher: AuditHasher) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO review_first_calls (identity_id, api, operation_id, first_seen) VALUES (?, ?, ?, ?)
            """)
        let transaction = SQLiteTransaction(db, hasher: hasher)
        let now = AuditChain.roundedToMilliseconds(Date())
        let ordered = calls.sorted { ($0.value, $0.key.identityID, $0.key.api, $0.key.operationID) < ($1.value, $1.key.identityID, $1.key.api, $1.key.operationID) }
        for (call, time) in ordered {
            try insert.execute(arguments: [call.identityID, call.api, call.operationID, ColumnCoding.encode(time)])
            guard db.changesCount > 0 else { continue }
            guard
                let operation = try Row.fetchOne(
                    db, sql: "SELECT * FROM operations WHERE api = ? AND id = ?", arguments: [call.api, call.operationID]
                ).map(CatalogRowMapping.operation)
            else { continue }
            let grantIDs = try transaction.grants(identityID: call.identityID)
                .filter { $0.api == operation.api && $0.scope == operation.scope }.map(\.id)
            guard
                let item = ReviewItem.forNewCaller(
                    identityID: call.identityID, operation: operation, firstCall: time, grantIDs: grantIDs,
                    id: ResourceID.make(prefix: ReviewItem.idPrefix), at: now)
            else { continue }
            try transaction.save(item)
            _ = try transaction.appendAudit(AuditDraft(
                time: now, actor: AuditEvent.systemActor, action: "review.open", targetType: "review", targetID: item.id,
                after: try auditJSON(item)))
        }
    }

    /// The item as audit JSON, as the engine writes snapshots: sorted keys, ISO 8601 dates.
    private static func auditJSON(_ item: ReviewItem) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(item), as: UTF8.self)
    }
}
