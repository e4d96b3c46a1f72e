import Foundation
import GRDB
import LeashCore
import LeashStore
import Testing

@Suite("Decision records in SQLite")
struct DecisionRecordStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func record(
        _ second: Double, identity: String? = "orders-svc", operation: String? = "getOrder", allowed: Bool = true,
        source: String? = "10.0.0.1"
    ) -> DecisionRecord {
        DecisionRecord(
            time: start.addingTimeInterval(second), identityID: identity, credentialID: "cred_1", jti: "jti-\(second)",
            api: "orders", operationID: operation, method: "GET", path: "/orders/\(Int(second))", allowed: allowed,
            reason: allowed ? "allowed" : "policy_denied:no-deletes", policyIDs: allowed ? ["baseline-permit"] : ["no-deletes"],
            sourceAddress: source, latencyMicroseconds: 42)
    }

    @Test("every field round-trips, including empty, escaped and absent ones")
    func roundTrip() async throws {
        let full = DecisionRecord(
            time: Self.start.addingTimeInterval(0.125), identityID: "agent-7", credentialID: "cred_9", jti: "j1",
            api: "orders", operationID: "deleteOrder", method: "DELETE", path: "/orders/9", allowed: false,
            reason: "policy_denied:a,b", policyIDs: ["a", "b%1F\u{1F}c", ""], shadow: ShadowOutcome(allowed: true, policyIDs: []),
            sourceAddress: "2001:db8::1", latencyMicroseconds: 1_234, act: ["orchestrator", "human-bob"])
        let bare = DecisionRecord(
            time: Self.start, identityID: nil, api: nil, operationID: nil, method: "GET", path: "/", allowed: false,
            reason: "token_missing")
        let shadowed = DecisionRecord(
            time: Self.start.addingTimeInterval(1), identityID: "agent-7", api: "orders", operationID: "getOrder",
            method: "GET", path: "/orders/1", allowed: true, reason: "allowed", policyIDs: ["p1"],
            shadow: ShadowOutcome(allowed: false, policyIDs: ["shadow-forbid"]))
        try await withStore { store, _ in
            try await store.appendDecisions([full, bare, shadowed], usage: [:])
            let read = try await store.decisionRecords(identity: nil, since: nil, until: nil, limit: 10)
            #expect(read == [shadowed, full, bare])
        }
    }

    @Test("a batch longer than one multi-row statement keeps every field and the order of its records")
    func multiRowStatements() async throws {
        // Two full groups of rows per INSERT and a remainder written one by one; every third record
        // has absent fields, so a value bound to the wrong parameter of a group would show.
        let count = 2 * 32 + 5
        let records = (0..<count).map { n in
            n % 3 == 0
                ? DecisionRecord(
                    time: Self.start.addingTimeInterval(Double(n)), identityID: nil, api: nil, operationID: nil,
                    method: "GET", path: "/p/\(n)", allowed: false, reason: "token_missing")
                : DecisionRecord(
                    time: Self.start.addingTimeInterval(Double(n)), identityID: "svc-\(n % 4)", credentialID: "cred_\(n)",
                    jti: "jti-\(n)", api: "orders", operationID: "op\(n % 5)", method: n % 2 == 0 ? "GET" : "POST",
                    path: "/p/\(n)", allowed: true, reason: "allowed", policyIDs: ["p\(n)"],
                    shadow: n % 5 == 0 ? ShadowOutcome(allowed: false, policyIDs: ["s\(n)"]) : nil,
                    sourceAddress: "10.0.0.\(n)", latencyMicroseconds: n, act: n % 7 == 0 ? ["agent-\(n)"] : [])
        }
        try await withStore { store, _ in
            try await store.appendDecisions(records, usage: .aggregating(records))
            let read = try await store.decisionRecords(identity: nil, since: nil, until: nil, limit: 1_000)
            #expect(read == records.reversed())
            var streamed: [DecisionRecord] = []
            try await store.forEachDecision { streamed.append($0) }
            #expect(streamed == records)
        }
    }

    @Test("empty strings stay empty strings, not NULL, and non-ASCII text round-trips byte for byte")
    func emptyAndUnicodeText() async throws {
        let record = DecisionRecord(
            time: Self.start, identityID: "", credentialID: "", jti: "", api: "bücher", operationID: "überblick",
            method: "GET", path: "/bücher/ø/🙂", allowed: true, reason: "allowed", policyIDs: [""],
            shadow: ShadowOutcome(allowed: true, policyIDs: [""]), sourceAddress: "", latencyMicroseconds: 0, act: [""])
        try await withStore { store, _ in
            try await store.appendDecisions([record], usage: [:])
            let read = try await store.decisionRecords(identity: nil, since: nil, until: nil, limit: 10)
            #expect(read == [record])
            #expect(read.first?.identityID == "")
            #expect(read.first?.sourceAddress == "")
        }
    }

    @Test("a batch that SQLite refuses writes nothing (records and usage) and reports the store's error")
    func refusedBatchWritesNothing() async throws {
        try await withStore { store, directory in
            let database = try DatabaseQueue(path: directory.url.appendingPathComponent(SQLiteStore.fileName).path)
            try await database.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER refuse_third BEFORE INSERT ON decision_records WHEN NEW.path = '/orders/3'
                    BEGIN SELECT RAISE(ABORT, 'refused by test'); END
                    """)
            }
            let records = (1...4).map { Self.record(Double($0)) }
            await #expect(throws: (any Error).self) {
                try await store.appendDecisions(records, usage: .aggregating(records))
            }
            #expect(try await store.decisionRecords(identity: nil, since: nil, until: nil, limit: 10).isEmpty)
            // The same when the refused record is inside a multi-row statement: the 41st of 71 records
            // is in the second statement of 32 rows.
            let others = (1...70).map { Self.record(Double($0) + 100) }
            let grouped = Array(others[0..<40]) + [Self.record(3)] + Array(others[40...])
            await #expect(throws: (any Error).self) {
                try await store.appendDecisions(grouped, usage: .aggregating(grouped))
            }
            #expect(try await store.decisionRecords(identity: nil, since: nil, until: nil, limit: 100).isEmpty)
            #expect(try await store.usage(identity: "orders-svc").isEmpty)
            // Once SQLite accepts them again, the same batch is written whole.
            try await database.write { db in try db.execute(sql: "DROP TRIGGER refuse_third") }
            try database.close()
            try await store.appendDecisions(records, usage: .aggregating(records))
            #expect(try await store.decisionRecords(identity: nil, since: nil, until: nil, limit: 10).count == 4)
        }
    }

    @Test("records are listed newest first, by identity, in a half-open window, up to a limit")
    func listing() async throws {
        try await withStore { store, _ in
            let records = (0..<10).map { Self.record(Double($0), identity: $0 % 2 == 0 ? "even" : "odd") }
            try await store.appendDecisions(records.shuffled(), usage: [:])
            let even = try await store.decisionRecords(identity: "even", since: nil, until: nil, limit: 100)
            #expect(even.map(\.path) == ["/orders/8", "/orders/6", "/orders/4", "/orders/2", "/orders/0"])
            let window = try await store.decisionRecords(
                identity: nil, since: Self.start.addingTimeInterval(3), until: Self.start.addingTimeInterval(6), limit: 100)
            #expect(window.map(\.path) == ["/orders/5", "/orders/4", "/orders/3"])
            let limited = try await store.decisionRecords(identity: nil, since: nil, until: nil, limit: 2)
            #expect(limited.map(\.path) == ["/orders/9", "/orders/8"])
            #expect(try await store.decisionRecords(identity: "nobody", since: nil, until: nil, limit: 5).isEmpty)
        }
    }

    @Test("streaming visits every record once in time order across chunk boundaries", arguments: [1, 3, 7, 100])
    func streaming(chunkSize: Int) async throws {
        try await withStore { store, _ in
            // Ties on time are common (same millisecond); the walk must neither skip nor repeat them.
            let records = (0..<40).map { Self.record(Double($0 / 4), identity: $0 % 3 == 0 ? "a" : "b") }
            for slice in stride(from: 0, to: 40, by: 9) {
                try await store.appendDecisions(Array(records[slice..<min(40, slice + 9)].reversed()), usage: [:])
            }
            var seen: [DecisionRecord] = []
            try await store.forEachDecision(identity: nil, since: nil, until: nil, chunkSize: chunkSize) { seen.append($0) }
            #expect(seen.count == 40)
            #expect(seen.map(\.time) == seen.map(\.time).sorted())
            #expect(Set(seen.map(\.jti)).count == 10)
            #expect(seen.map(\.path).sorted() == records.map(\.path).sorted())

            var window: [DecisionRecord] = []
            try await store.forEachDecision(
                identity: "a", since: Self.start.addingTimeInterval(2), until: Self.start.addingTimeInterval(8),
                chunkSize: chunkSize
            ) { window.append($0) }
            let expected = records.filter { $0.identityID == "a" && $0.time >= Self.start.addingTimeInterval(2) && $0.time < Self.start.addingTimeInterval(8) }
            #expect(window.count == expected.count)
            #expect(window.allSatisfy { $0.identityID == "a" })
            #expect(window.map(\.time) == expected.map(\.time).sorted())
        }
    }

    @Test("usage merges into the stored aggregate across appends, keeping each day apart")
    func usageMerges() async throws {
        try await withStore { store, _ in
            let first = [Self.record(10, source: "10.0.0.1"), Self.record(20, allowed: false, source: "10.0.0.2")]
            let second = [Self.record(5, source: "10.0.0.2"), Self.record(30, source: "10.0.0.3"), Self.record(86_400)]
            try await store.appendDecisions(first, usage: .aggregating(first))
            try await store.appendDecisions(second, usage: .aggregating(second))
            let usage = try await store.usage(identity: "orders-svc")
            #expect(usage.map(\.key.day) == [20_833, 20_834])
            let day = try #require(usage.first?.counters)
            #expect(day.allowed == 3)
            #expect(day.denied == 1)
            #expect(day.firstSeen == Self.start.addingTimeInterval(5))
            #expect(day.lastSeen == Self.start.addingTimeInterval(30))
            #expect(day.distinctSources == 3)
            #expect(try await store.usage(identity: "orders-svc", sinceDay: 20_834).map(\.key.day) == [20_834])
            #expect(try await store.usage(identity: "someone-else").isEmpty)
        }
    }

    @Test("distinct sources stay bounded and merge as sketches past the exact limit")
    func manySources() async throws {
        try await withStore { store, _ in
            for round in 0..<5 {
                let batch = (0..<400).map { Self.record(Double(round), source: "10.\(round).\($0 / 256).\($0 % 256)") }
                try await store.appendDecisions(batch, usage: .aggregating(batch))
            }
            let counters = try #require(try await store.usage(identity: "orders-svc").first?.counters)
            #expect(counters.allowed == 2_000)
            #expect(abs(counters.distinctSources - 2_000) < 300, "estimated \(counters.distinctSources)")
        }
    }

    @Test("pruning removes only records older than the cutoff and keeps usage", arguments: [5, 25_000])
    func pruning(count: Int) async throws {
        try await withStore { store, _ in
            let records = (0..<count).map { Self.record(Double($0) / 1_000) }
            try await store.appendDecisions(records, usage: .aggregating(records))
            let cutoff = Self.start.addingTimeInterval(Double(count / 2) / 1_000)
            let removed = try await store.pruneDecisions(before: cutoff)
            #expect(removed == count / 2)
            var left = 0
            var earliest: Date?
            try await store.forEachDecision { record in
                left += 1
                earliest = earliest ?? record.time
            }
            #expect(left == count - count / 2)
            // Stored times are whole milliseconds.
            #expect(earliest.map { ($0.timeIntervalSince1970 * 1_000).rounded() } == (cutoff.timeIntervalSince1970 * 1_000).rounded())
            #expect(try await store.pruneDecisions(before: cutoff) == 0)
            #expect(try await store.usage(identity: "orders-svc").first?.counters.allowed == count)
        }
    }

    @Test("the v2-decisions migration is applied")
    func migration() async throws {
        try await withStore { store, _ in
            let applied = try await store.appliedMigrations()
            #expect(applied.contains("v2-decisions"))
        }
    }
}
