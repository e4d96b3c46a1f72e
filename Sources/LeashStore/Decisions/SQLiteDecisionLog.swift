import Foundation
import GRDB
import LeashCore

/// `DecisionLogStore` for SQLite: batched appends in one transaction with prepared statements,
/// keyset-paginated reads so no query ever materialises more than one chunk.
extension SQLiteStore {
    public func appendDecisions(_ records: [DecisionRecord], usage: [UsageKey: UsageCounters]) async throws {
        guard !records.isEmpty || !usage.isEmpty else { return }
        try await append(records, usage: { usage })
    }

    public func appendDecisions(_ records: [DecisionRecord]) async throws {
        guard !records.isEmpty else { return }
        try await append(records, usage: { .aggregating(records) })
    }

    /// One transaction on GRDB's writer (a dispatch thread, not the caller's executor), where `usage`
    /// is also computed.
    private func append(
        _ records: [DecisionRecord], usage: @escaping @Sendable () -> [UsageKey: UsageCounters]
    ) async throws {
        let hasher = hasher
        try await mappingErrors {
            try await pool.write { db in
                let usage = usage()
                try SQLiteDecisionInsert.insert(records, into: db)
                try Self.mergeUsage(usage, into: db)
                // Issue 5: first calls of sensitive operations open review items; never fails this write.
                NewCallerReviews.open(for: records, usage: usage, in: db, hasher: hasher)
            }
        }
        // Records do not change what may be decided: no change is announced.
    }

    /// Adds each aggregate to its stored row in one upsert: counts add, first/last seen take the
    /// min/max, and distinct sources merge through `leash_merge_sources` (a Swift function registered on
    /// every connection when the store opens: sketches cannot be merged in plain SQL).
    private static func mergeUsage(_ usage: [UsageKey: UsageCounters], into db: Database) throws {
        guard !usage.isEmpty else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO decision_usage (identity_id, api, operation_id, day, allowed, denied, first_seen, last_seen, sources)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (identity_id, api, operation_id, day) DO UPDATE SET
                allowed = allowed + excluded.allowed, denied = denied + excluded.denied,
                first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
                sources = leash_merge_sources(sources, excluded.sources)
            """)
        for (key, counters) in usage {
            try upsert.execute(arguments: [
                key.identityID, key.api, key.operationID, key.day, counters.allowed, counters.denied,
                ColumnCoding.encode(counters.firstSeen), ColumnCoding.encode(counters.lastSeen), Data(counters.sources.encoded),
            ])
        }
    }

    public func decisionRecords(identity: String?, since: Date?, until: Date?, limit: Int) async throws -> [DecisionRecord] {
        let (conditions, arguments) = DecisionRecordColumns.filter(identity: identity, since: since, until: until)
        let sql = """
            SELECT \(DecisionRecordColumns.selectList) FROM decision_records\(conditions)
            ORDER BY time DESC, id DESC LIMIT ?
            """
        return try await mappingErrors {
            try await pool.read { db in
                var records: [DecisionRecord] = []
                let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments + [max(0, limit)])
                while let row = try rows.next() { records.append(try DecisionRecordColumns.record(row)) }
                return records
            }
        }
    }

    public func forEachDecision(
        identity: String?, since: Date?, until: Date?, chunkSize: Int, _ body: (DecisionRecord) async throws -> Void
    ) async throws {
        let (conditions, arguments) = DecisionRecordColumns.filter(identity: identity, since: since, until: until)
        let joiner = conditions.isEmpty ? " WHERE " : " AND "
        // Keyset pagination on (time, rowid): each chunk is one short read, so writers and WAL
        // checkpoints are never held up by a long scan, and the walk never revisits a row.
        let sql = """
            SELECT id, \(DecisionRecordColumns.selectList) FROM decision_records\(conditions)\(joiner)(time, id) > (?, ?)
            ORDER BY time, id LIMIT ?
            """
        let size = max(1, chunkSize)
        var position: (time: Int64, id: Int64) = (.min, .min)
        while true {
            let cursor = position
            let (chunk, last) = try await mappingErrors {
                try await pool.read { db -> ([DecisionRecord], (Int64, Int64)?) in
                    var records: [DecisionRecord] = []
                    records.reserveCapacity(size)
                    var last: (Int64, Int64)?
                    let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments + [cursor.time, cursor.id, size])
                    while let row = try rows.next() {
                        let record = try DecisionRecordColumns.record(row, offset: 1)
                        last = (ColumnCoding.encode(record.time), row[0])
                        records.append(record)
                    }
                    return (records, last)
                }
            }
            for record in chunk { try await body(record) }
            guard let last, chunk.count == size else { return }
            position = last
        }
    }

    public func usage(identity: String, sinceDay: Int?) async throws -> [UsageEntry] {
        var sql = "SELECT * FROM decision_usage WHERE identity_id = ?"
        var arguments: StatementArguments = [identity]
        if let sinceDay {
            sql += " AND day >= ?"
            arguments += [sinceDay]
        }
        sql += " ORDER BY api, operation_id, day"
        let query = sql
        let queryArguments = arguments
        return try await mappingErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: query, arguments: queryArguments).map { row in
                    UsageEntry(
                        key: UsageKey(
                            identityID: try row.text("identity_id"), api: try row.text("api"),
                            operationID: try row.text("operation_id"), day: Int(try row.integer("day"))),
                        counters: try DecisionRecordColumns.counters(row))
                }
            }
        }
    }

    @discardableResult
    public func pruneDecisions(before date: Date) async throws -> Int {
        let cutoff = ColumnCoding.encode(date)
        let chunk = 10_000
        var removed = 0
        // Small transactions, so recording never waits long behind a large prune.
        while true {
            let count = try await mappingErrors {
                try await pool.write { db in
                    try db.execute(
                        sql: """
                            DELETE FROM decision_records WHERE id IN
                            (SELECT id FROM decision_records WHERE time < ? ORDER BY time LIMIT ?)
                            """,
                        arguments: [cutoff, chunk])
                    return db.changesCount
                }
            }
            removed += count
            if count < chunk { return removed }
        }
    }
}

/// The column layout of `decision_records` and `decision_usage` and the record ↔ row mapping.
enum DecisionRecordColumns {
    static let names = [
        "time", "identity_id", "credential_id", "jti", "api", "operation_id", "method", "path", "allowed", "reason",
        "policy_ids", "shadow_allowed", "shadow_policy_ids", "source", "latency_us", "act",
    ]
    static let selectList = names.joined(separator: ", ")
    static let insertSQL = insertSQL(rows: 1)

    /// `INSERT … VALUES (…), (…), …` for `rows` records, their values in ``names`` order row after row.
    static func insertSQL(rows: Int) -> String {
        let row = "(" + names.map { _ in "?" }.joined(separator: ", ") + ")"
        return "INSERT INTO decision_records (\(selectList)) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// ` WHERE …` (or empty) and its arguments for an identity and a half-open time window.
    static func filter(identity: String?, since: Date?, until: Date?) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let identity {
            conditions.append("identity_id = ?")
            arguments += [identity]
        }
        if let since {
            conditions.append("time >= ?")
            arguments += [ColumnCoding.encode(since)]
        }
        if let until {
            conditions.append("time < ?")
            arguments += [ColumnCoding.encode(until)]
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// The record in `row`, whose columns are `names` in order starting at `offset`.
    static func record(_ row: Row, offset: Int = 0) throws -> DecisionRecord {
        guard let time: Int64 = row[offset], let method: String = row[offset + 6], let path: String = row[offset + 7],
            let allowed: Bool = row[offset + 8], let reason: String = row[offset + 9],
            let latency: Int64 = row[offset + 14]
        else { throw StoreError.corrupt("a decision record lacks a required column") }
        let shadowAllowed: Bool? = row[offset + 11]
        return DecisionRecord(
            time: ColumnCoding.date(time), identityID: row[offset + 1], credentialID: row[offset + 2], jti: row[offset + 3],
            api: row[offset + 4], operationID: row[offset + 5], method: method, path: path, allowed: allowed, reason: reason,
            policyIDs: split(row[offset + 10]),
            shadow: shadowAllowed.map { ShadowOutcome(allowed: $0, policyIDs: split(row[offset + 12])) },
            sourceAddress: row[offset + 13], latencyMicroseconds: Int(latency), act: split(row[offset + 15]))
    }

    /// `leash_merge_sources(stored, new)`: the union of two stored `DistinctSources`. A stored value
    /// that cannot be read (never written by Leash) is replaced by the new one rather than failing
    /// the whole batch of records.
    static func mergeSourcesFunction() -> DatabaseFunction {
        DatabaseFunction("leash_merge_sources", argumentCount: 2, pure: true) { values in
            guard let newBytes = Data.fromDatabaseValue(values[1]) else { return nil }
            guard let stored = Data.fromDatabaseValue(values[0]).flatMap(DistinctSources.init(encoded:)),
                let new = DistinctSources(encoded: newBytes)
            else { return newBytes }
            var merged = stored
            merged.merge(new)
            return Data(merged.encoded)
        }
    }

    static func counters(_ row: Row) throws -> UsageCounters {
        guard let bytes: Data = row["sources"], let sources = DistinctSources(encoded: bytes) else {
            throw StoreError.corrupt("a usage row holds an unreadable sources value")
        }
        return UsageCounters(
            allowed: Int(try row.integer("allowed")), denied: Int(try row.integer("denied")),
            firstSeen: try row.date("first_seen"), lastSeen: try row.date("last_seen"), sources: sources)
    }

    // Lists of ids are stored joined by U+001F; '%' and U+001F inside an id are percent-escaped
    // so any id round-trips (NULL is the empty list), and the common case (no escapes) splits without decoding.
    private static let separator: Character = "\u{1F}"

    static func joined(_ ids: [String]) -> String? {
        guard !ids.isEmpty else { return nil }
        if ids.count == 1, !needsEscape(ids[0].utf8) { return ids[0] }
        return ids.map { id in
            needsEscape(id.utf8)
                ? id.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\u{1F}", with: "%1F") : id
        }.joined(separator: String(separator))
    }

    /// Byte-level checks: `String.contains(String)` goes through Foundation and dominated profiles.
    private static func needsEscape(_ bytes: String.UTF8View) -> Bool {
        bytes.contains { $0 == 0x25 || $0 == 0x1F }
    }

    static func split(_ text: String?) -> [String] {
        guard let text else { return [] }
        if !needsEscape(text.utf8) { return [text] }
        return text.split(separator: separator, omittingEmptySubsequences: false).map { part in
            part.utf8.contains(0x25)
                ? part.replacingOccurrences(of: "%1F", with: "\u{1F}").replacingOccurrences(of: "%25", with: "%") : String(part)
        }
    }
}
