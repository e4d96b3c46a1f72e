import Foundation
import GRDB
import LeashCore
@testable import LeashStore
import Testing

/// `v3-reviews-api` on a file written by the previous schema: items stay readable, and calls already in the
/// usage aggregates are not "first calls".
@Suite("Review items migration")
struct ReviewMigrationTests {
    @Test("an upgraded file keeps its review items and seeds first calls from usage, so only truly new callers open items")
    func upgrade() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent(SQLiteStore.fileName).path
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v3-reviews-items")
        let legacy = #"{"id":"rev_old","trigger":"owner-gone","status":"open","identityID":"svc","summary":"the owner t of active identity svc is gone","openedAt":0}"#
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO apis (name, audience, owner, sensitivity, status, created_at, updated_at)
                    VALUES ('orders', 'https://orders.example.com', 'team', 'restricted', 'active', 0, 0);
                INSERT INTO operations (api, method, path_template, id, scope, sensitivity, scope_source)
                    VALUES ('orders', 'POST', '/refunds', 'refund', 'orders:pay', 'restricted', 'x-leash-scope');
                INSERT INTO decision_usage (identity_id, api, operation_id, day, allowed, denied, first_seen, last_seen, sources)
                    VALUES ('svc', 'orders', 'refund', 20000, 3, 0, 1, 2, x'00'),
                           ('denied-only', 'orders', 'refund', 20000, 0, 2, 1, 2, x'00');
                """)
            try db.execute(
                sql: "INSERT INTO review_items (id, status, identity_id, opened_at, body) VALUES ('rev_old', 'open', 'svc', 0, ?)",
                arguments: [legacy])
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        #expect(try await store.appliedMigrations() == SQLiteStore.knownMigrations)
        let items = try await store.read { try $0.reviewItems(status: nil) }
        #expect(items.map(\.id) == ["rev_old"])
        #expect(items.first?.identityID == "svc" && items.first?.trigger == .ownerGone)
        #expect(try await store.read { try $0.openReviewItems(trigger: .ownerGone, identityID: "svc", api: nil) }.count == 1)

        let calls = ["svc", "denied-only"].map { identity in
            DecisionRecord(
                time: Date(timeIntervalSince1970: 1_800_000_000), identityID: identity, api: "orders", operationID: "refund",
                method: "POST", path: "/refunds", allowed: true, reason: "allowed")
        }
        try await store.appendDecisions(calls, usage: .aggregating(calls))
        let opened = try await store.read { try $0.reviewItems(status: .open) }.filter { $0.trigger == .newCaller }
        #expect(opened.map(\.identityID) == ["denied-only"])
    }
}
