import Foundation
import GRDB
import LeashCore

/// What the analyzer needs from a store besides the record stream: how many records a scan will
/// read, for its progress bar.
public protocol AnalysisScanStore: DecisionLogStore {
    /// The number of records with `time < until` (of `identity` when given).
    func decisionCount(identity: String?, until: Date?) async throws -> Int
}

extension SQLiteStore: AnalysisScanStore {
    public func decisionCount(identity: String?, until: Date?) async throws -> Int {
        let (conditions, arguments) = DecisionRecordColumns.filter(identity: identity, since: nil, until: until)
        let sql = "SELECT count(*) FROM decision_records\(conditions)"
        return try await mappingErrors {
            try await pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
        }
    }
}
