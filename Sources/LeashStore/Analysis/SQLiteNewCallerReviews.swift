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

    /// Marks the pairs `records` allow as called and opens the items for the new sensitive ones, in a savepoint
    /// of the batch's transaction: a failure rolls back this step alone (the pairs stay unmarked, so the next
    /// batch with them tries again) and is logged; the decision records and usage are written regardless.
    static func open(for records: [DecisionRecord], in db: Database, hasher: AuditHasher) {
        var earliest: [Call: Date] = [:]
        for record in records where record.allowed {
            guard let identityID = record.identityID, let api = record.api, let operationID = record.operationID else { continue }
            let call = Call(identityID: identityID, api: api, operationID: operationID)
            if let seen = earliest[call], seen <= record.time { continue }
            earliest[call] = record.time
        }
        guard !earliest.isEmpty else { return }
        do {
            try db.inSavepoint {
                try mark(earliest, in: db, hasher: hasher)
                return .commit
            }
        } catch {
            Logger(label: "leash.reviews").error(
                "new-caller review items could not be opened; the decision records were written",
                metadata: ["error": "\(error)", "pairs": "\(earliest.count)"])
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
