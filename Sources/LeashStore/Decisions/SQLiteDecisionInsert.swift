import GRDB
import GRDBSQLite
import LeashCore

/// Appends decision records through SQLite's C API on GRDB's own connection, inside GRDB's write
/// transaction. Every decision the decision point makes is appended, so this is the store's hottest
/// write: binding each column directly costs a fraction of building GRDB `StatementArguments`
/// (which converts every value through `DatabaseValueConvertible`), and one statement inserts
/// ``rowsPerStatement`` records, so SQLite runs its per-statement work (step, reset, opening the
/// table's and the indexes' cursors) once per group rather than once per record. The statements are
/// prepared once per batch and finalized after it, so GRDB's statement cache never sees them.
enum SQLiteDecisionInsert {
    /// SQLite copies bound text before `bind` returns (`SQLITE_TRANSIENT`, a C macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Records per multi-row statement: 32 × 16 values stays far below SQLite's limit on bound
    /// parameters (32,766 since SQLite 3.32; 999 before).
    static let rowsPerStatement = 32
    private static let groupSQL = DecisionRecordColumns.insertSQL(rows: rowsPerStatement)

    /// Inserts `records` in order; throws the SQLite error of the first that fails (GRDB then rolls
    /// the whole transaction back).
    static func insert(_ records: [DecisionRecord], into db: Database) throws {
        guard !records.isEmpty else { return }
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "the database connection is closed", sql: DecisionRecordColumns.insertSQL)
        }
        // Groups of `rowsPerStatement` first, then the rest one statement per record.
        var next = records.startIndex
        for (sql, rows) in [(groupSQL, rowsPerStatement), (DecisionRecordColumns.insertSQL, 1)] {
            let statements = (records.endIndex - next) / rows
            guard statements > 0 else { continue }
            try withStatement(sql, on: connection) { statement in
                for _ in 0..<statements {
                    var position: Int32 = 0
                    for record in records[next..<next + rows] { bind(record, to: statement, after: &position) }
                    try step(statement, on: connection, sql: sql)
                    next += rows
                }
            }
        }
    }

    private static func withStatement(
        _ sql: String, on connection: OpaquePointer, _ body: (OpaquePointer) throws -> Void
    ) throws {
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &prepared, nil)
        guard code == SQLITE_OK, let statement = prepared else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message(connection), sql: sql)
        }
        defer { sqlite3_finalize(statement) }
        try body(statement)
    }

    private static func step(_ statement: OpaquePointer, on connection: OpaquePointer, sql: String) throws {
        let step = sqlite3_step(statement)
        guard step == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: step), message: message(connection), sql: sql)
        }
        sqlite3_reset(statement)
    }

    /// Binds the record's values in ``DecisionRecordColumns/names`` order (the order of `insertSQL`)
    /// to the parameters after `position`, and advances it past them.
    private static func bind(_ record: DecisionRecord, to statement: OpaquePointer, after position: inout Int32) {
        var index = position
        defer { position = index }
        func next() -> Int32 {
            index += 1
            return index
        }
        func text(_ value: String?) {
            let position = next()
            guard var value else {
                sqlite3_bind_null(statement, position)
                return
            }
            value.withUTF8 { bytes in
                guard let start = bytes.baseAddress else {
                    // A non-nil pointer even for "", so SQLite stores an empty string rather than NULL.
                    _ = sqlite3_bind_text(statement, position, "", 0, transient)
                    return
                }
                start.withMemoryRebound(to: CChar.self, capacity: bytes.count) { characters in
                    _ = sqlite3_bind_text(statement, position, characters, Int32(bytes.count), transient)
                }
            }
        }
        func integer(_ value: Int64?) {
            let position = next()
            if let value { sqlite3_bind_int64(statement, position, value) } else { sqlite3_bind_null(statement, position) }
        }
        integer(ColumnCoding.encode(record.time))
        text(record.identityID)
        text(record.credentialID)
        text(record.jti)
        text(record.api)
        text(record.operationID)
        text(record.method)
        text(record.path)
        integer(record.allowed ? 1 : 0)
        text(record.reason)
        text(DecisionRecordColumns.joined(record.policyIDs))
        integer(record.shadow.map { $0.allowed ? 1 : 0 })
        text(record.shadow.flatMap { DecisionRecordColumns.joined($0.policyIDs) })
        text(record.sourceAddress)
        integer(Int64(record.latencyMicroseconds))
        text(DecisionRecordColumns.joined(record.act))
    }

    private static func message(_ connection: OpaquePointer) -> String {
        sqlite3_errmsg(connection).map { String(cString: $0) } ?? "unknown SQLite error"
    }
}
