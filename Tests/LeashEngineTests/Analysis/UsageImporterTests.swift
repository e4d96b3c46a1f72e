import Foundation
import GRDB
import LeashCore
import LeashEngine
import LeashStore
import Testing

/// A real SQLite data directory with two APIs and their operations, removed afterwards.
struct AnalysisStoreFixture {
    let directory: URL
    let store: SQLiteStore

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-analysis-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let operations = [
            LeashCore.Operation(api: "orders", id: "getOrder", method: "GET", pathTemplate: "/orders/{id}", scope: "orders:read", sensitivity: .internal, scopeSource: .leashExtension),
            LeashCore.Operation(api: "orders", id: "listOrders", method: "GET", pathTemplate: "/orders", scope: "orders:read", sensitivity: .internal, scopeSource: .leashExtension),
            LeashCore.Operation(api: "orders", id: "exportOrders", method: "GET", pathTemplate: "/orders/export", scope: "orders:export", sensitivity: .restricted, scopeSource: .leashExtension),
        ]
        try await store.write { transaction in
            try transaction.insert(API(name: "orders", audience: "https://orders.example.com", owner: "team", createdAt: created, updatedAt: created))
            try transaction.replaceOperations(api: "orders", with: operations)
        }
    }

    func file(_ lines: [String]) throws -> URL {
        let url = directory.appendingPathComponent("usage-\(UUID().uuidString).jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        return url
    }

    func allRecords() async throws -> [DecisionRecord] {
        var records: [DecisionRecord] = []
        try await store.forEachDecision { records.append($0) }
        return records
    }

    func remove() {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite("Usage import into a real SQLite store")
struct UsageImporterTests {
    static let good = [
        #"{"time":"2026-03-01T10:00:00Z","identity":"svc","method":"GET","path":"/orders/42","outcome":200,"source":"10.0.0.1"}"#,
        #"{"time":"2026-03-01T10:00:01Z","identity":"svc","method":"GET","path":"/orders/export","outcome":"denied"}"#,
        #"{"time":"2026-03-01T10:00:02Z","client_id":"svc","operation":"listOrders","outcome":"allowed","act":["agent"]}"#,
    ]

    @Test("good lines land as imported decision records with usage; bad lines are reported by number and skipped")
    func mixed() async throws {
        let fixture = try await AnalysisStoreFixture()
        defer { fixture.remove() }
        let lines = [Self.good[0], "{oops", Self.good[1], "", #"{"time":"2026-03-01T10:00:00Z","identity":"svc","method":"GET","path":"/orders"}"#, Self.good[2]]
        let summary = try await UsageImporter.importFile(try fixture.file(lines), into: fixture.store)
        #expect(summary.lines == 6)
        #expect(summary.imported == 3)
        #expect(summary.problems.map(\.line) == [2, 5])
        #expect(summary.problems[1].reason.contains("`outcome`"))
        #expect(!summary.aborted)
        let records = try await fixture.allRecords()
        #expect(records.map(\.operationID) == ["getOrder", "exportOrders", "listOrders"])
        #expect(records.allSatisfy { $0.reason == UsageImportParser.reason && $0.identityID == "svc" })
        #expect(records.map(\.allowed) == [true, false, true])
        let usage = try await fixture.store.usage(identity: "svc")
        #expect(usage.reduce(0) { $0 + $1.counters.allowed } == 2)
        #expect(usage.reduce(0) { $0 + $1.counters.denied } == 1)
    }

    @Test("--strict imports nothing when any line is bad")
    func strict() async throws {
        let fixture = try await AnalysisStoreFixture()
        defer { fixture.remove() }
        let summary = try await UsageImporter.importFile(try fixture.file(Self.good + ["nope"]), into: fixture.store, strict: true)
        #expect(summary.aborted)
        #expect(summary.imported == 0)
        #expect(summary.problems.map(\.line) == [4])
        #expect(try await fixture.allRecords().isEmpty)
        #expect(try await fixture.store.usage(identity: "svc").isEmpty)
    }

    @Test("an import lands in one transaction: a failing write leaves nothing behind")
    func atomic() async throws {
        let fixture = try await AnalysisStoreFixture()
        defer { fixture.remove() }
        let file = try fixture.file(Self.good)
        // Make the write fail midway through the batch: a trigger refuses the second record.
        let queue = try DatabaseQueue(path: fixture.directory.appendingPathComponent("leash.sqlite").path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_export BEFORE INSERT ON decision_records WHEN NEW.operation_id = 'exportOrders'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """)
        }
        try queue.close()
        await #expect(throws: (any Error).self) { try await UsageImporter.importFile(file, into: fixture.store) }
        #expect(try await fixture.allRecords().isEmpty)
        #expect(try await fixture.store.usage(identity: "svc").isEmpty)
    }

    @Test("CRLF line ends and a last line without a newline are read")
    func lineEnds() async throws {
        let fixture = try await AnalysisStoreFixture()
        defer { fixture.remove() }
        let url = fixture.directory.appendingPathComponent("crlf.jsonl")
        try Data((Self.good.joined(separator: "\r\n")).utf8).write(to: url)
        let summary = try await UsageImporter.importFile(url, into: fixture.store)
        #expect(summary.imported == 3 && summary.problems.isEmpty)
    }
}
