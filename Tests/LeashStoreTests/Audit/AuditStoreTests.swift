import Foundation
import GRDB
import LeashCore
import LeashStore
import Testing

@Suite("Audit chain in the store")
struct AuditStoreTests {
    /// Appends `count` events through ordinary write transactions and batches.
    func fill(_ store: SQLiteStore, count: Int) async throws {
        for index in 0..<count / 2 {
            _ = try await store.write { try $0.appendAudit(Sample.draft(target: "svc-\(index)")) }
        }
        try await store.appendAudit((count / 2..<count).map { Sample.draft(target: "svc-\($0)") })
    }

    @Test("events are numbered, chained, and verify with SHA-256 after many mutations")
    func validChain() async throws {
        try await withStore { store, _ in
            try await fill(store, count: 250)
            let events = try await store.allAuditEvents()
            #expect(events.map(\.sequence) == (1...250).map(Int64.init))
            #expect(events[0].previousHash == AuditChain.genesisHash)
            #expect(events[0].hash.count == 64)
            #expect(try AuditChain.verify(events, hasher: .sha256) == 250)
            #expect(try await store.lastAuditEvent() == events.last)
            #expect(try await store.auditEvents(after: 240, limit: 5).map(\.sequence) == [241, 242, 243, 244, 245])
        }
    }

    @Test("concurrent writers still produce one gapless, valid chain")
    func concurrentWriters() async throws {
        try await withStore { store, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask { () async throws -> Void in
                        _ = try await store.write { try $0.appendAudit(Sample.draft(target: "svc-\(index)")) }
                    }
                }
                try await group.waitForAll()
            }
            let events = try await store.allAuditEvents()
            #expect(events.count == 40)
            #expect(Set(events.map(\.targetID)).count == 40)
            #expect(try AuditChain.verify(events, hasher: .sha256) == 40)
        }
    }

    @Test("the chain continues across re-opening the file")
    func acrossReopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try SQLiteStore(dataDirectory: directory.url)
        try await fill(first, count: 4)
        try first.close()
        let second = try SQLiteStore(dataDirectory: directory.url)
        try await fill(second, count: 4)
        #expect(try AuditChain.verify(try await second.allAuditEvents(), hasher: .sha256) == 8)
        try second.close()
    }

    /// Runs `sql` directly on the database file, as an attacker with file access would.
    func tamper(_ directory: TemporaryDirectory, _ sql: String) throws {
        let queue = try DatabaseQueue(path: directory.url.appendingPathComponent(SQLiteStore.fileName).path)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
    }

    @Test(
        "verify detects events edited, removed or reordered in the file",
        arguments: [
            "UPDATE audit_events SET actor = 'intruder' WHERE sequence = 5",
            "UPDATE audit_events SET after = NULL WHERE sequence = 7",
            "UPDATE audit_events SET time = time + 1 WHERE sequence = 3",
            "DELETE FROM audit_events WHERE sequence = 6",
            // Swap the contents of two events while keeping the sequence numbers.
            """
            UPDATE audit_events SET sequence = -1 WHERE sequence = 4;
            UPDATE audit_events SET sequence = 4 WHERE sequence = 5;
            UPDATE audit_events SET sequence = 5 WHERE sequence = -1;
            """,
        ])
    func tampering(sql: String) async throws {
        try await withStore { store, directory in
            try await fill(store, count: 10)
            try tamper(directory, sql)
            let events = try await store.allAuditEvents()
            #expect(throws: AuditChain.Failure.self) { try AuditChain.verify(events, hasher: .sha256) }
        }
    }
}
