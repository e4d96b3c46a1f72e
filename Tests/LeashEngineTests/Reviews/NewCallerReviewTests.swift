import Foundation
import GRDB
import LeashCore
import LeashEngine
import LeashStore
import Testing

/// A real SQLite store with an API whose operations span every sensitivity, and one identity holding its scopes.
private struct NewCallerFixture {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    let directory: URL
    let store: SQLiteStore
    let reviews: ReviewService

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-new-caller-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        reviews = ReviewService(store: store)
        let created = Self.start.addingTimeInterval(-86_400)
        let operations = [
            Self.operation("listOrders", "GET", "/orders", "orders:read", .internal),
            Self.operation("getPayment", "GET", "/payments/{id}", "orders:pay", .confidential),
            Self.operation("refund", "POST", "/refunds", "orders:pay", .restricted),
            Self.operation("health", "GET", "/health", "orders:read", .public),
        ]
        try await store.write { transaction in
            try transaction.insert(API(name: "orders", audience: "https://orders.example.com", owner: "team", createdAt: created, updatedAt: created))
            try transaction.replaceOperations(api: "orders", with: operations)
            try transaction.insert(Identity(id: "svc", kind: .service, name: "svc", owner: "team", createdAt: created, updatedAt: created))
            try transaction.insert(Grant(id: "grant_pay", identityID: "svc", api: "orders", scope: "orders:pay", grantedBy: "adm", createdAt: created))
            try transaction.insert(Grant(id: "grant_read", identityID: "svc", api: "orders", scope: "orders:read", grantedBy: "adm", createdAt: created))
        }
    }

    static func operation(_ id: String, _ method: String, _ path: String, _ scope: String, _ sensitivity: Sensitivity) -> LeashCore.Operation {
        LeashCore.Operation(
            api: "orders", id: id, method: method, pathTemplate: path, scope: scope, sensitivity: sensitivity, scopeSource: .leashExtension)
    }

    static func call(_ operation: String, identity: String = "svc", allowed: Bool = true, at offset: TimeInterval = 0) -> DecisionRecord {
        DecisionRecord(
            time: start.addingTimeInterval(offset), identityID: identity, api: "orders", operationID: operation, method: "GET",
            path: "/x", allowed: allowed, reason: allowed ? "allowed" : "scope_missing")
    }

    func append(_ records: [DecisionRecord]) async throws {
        try await store.appendDecisions(records, usage: .aggregating(records))
    }

    func items() async throws -> [ReviewItem] { try await reviews.items() }

    func remove() {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite("Review items for a new caller of a sensitive operation")
struct NewCallerReviewTests {
    @Test("the first allowed call to a confidential or restricted operation opens an item; public and internal ones do not",
          arguments: [("getPayment", true), ("refund", true), ("listOrders", false), ("health", false)])
    func sensitivity(operation: String, opens: Bool) async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        try await fixture.append([NewCallerFixture.call(operation)])
        let items = try await fixture.items()
        #expect(items.count == (opens ? 1 : 0))
        if let item = items.first {
            #expect(item.trigger == .newCaller && item.status == .open)
            #expect(item.identityID == "svc" && item.api == "orders" && item.grantIDs == ["grant_pay"])
            #expect(item.summary.contains(operation) && item.summary.contains("first time"))
            let audit = try await fixture.store.allAuditEvents().filter { $0.targetID == item.id }
            #expect(audit.map(\.action) == ["review.open"] && audit.first?.actor == AuditEvent.systemActor)
        }
    }

    @Test("a denied call, or a call with no identity or operation, opens nothing; the first allowed one after it does")
    func deniedFirst() async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        var anonymous = NewCallerFixture.call("refund")
        anonymous.identityID = nil
        var unrouted = NewCallerFixture.call("refund")
        unrouted.operationID = nil
        try await fixture.append([NewCallerFixture.call("refund", allowed: false), anonymous, unrouted])
        #expect(try await fixture.items().isEmpty)
        try await fixture.append([NewCallerFixture.call("refund", at: 60)])
        #expect(try await fixture.items().map(\.trigger) == [.newCaller])
    }

    @Test("the same first call twice — in one batch, in later batches, after the item is closed — opens one item ever")
    func idempotent() async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        try await fixture.append([NewCallerFixture.call("refund", at: 5), NewCallerFixture.call("refund", at: 1)])
        try await fixture.append([NewCallerFixture.call("refund", at: 10)])
        let items = try await fixture.items()
        #expect(items.count == 1)
        let item = try #require(items.first)
        #expect(item.summary.contains("2027-01-15T08:00:01Z"))
        _ = try await fixture.reviews.approve(id: item.id, actor: "adm_1")
        try await fixture.append([NewCallerFixture.call("refund", at: 20)])
        #expect(try await fixture.items().count == 1)
        // Another identity's first call is another event.
        try await fixture.append([NewCallerFixture.call("refund", identity: "other", at: 30)])
        #expect(try await fixture.items().map(\.identityID) == ["svc", "other"])
    }

    @Test("reduce removes the grant that covers the operation; the identity's other grants stay")
    func reduce() async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        try await fixture.append([NewCallerFixture.call("getPayment")])
        let item = try #require(try await fixture.items().first)
        _ = try await fixture.reviews.reduce(id: item.id, actor: "adm_1")
        #expect(try await fixture.store.grants(identityID: "svc").map(\.id) == ["grant_read"])
    }

    @Test("a failure to open an item never fails the decision write; the call is retried with the next batch")
    func failureIsolated() async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        let database = try DatabaseQueue(path: fixture.directory.appendingPathComponent(SQLiteStore.fileName).path)
        try await database.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_reviews BEFORE INSERT ON review_items BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        try await fixture.append([NewCallerFixture.call("refund")])
        #expect(try await fixture.store.decisionRecords(identity: "svc", since: nil, until: nil, limit: 10).count == 1)
        #expect(try await fixture.store.usage(identity: "svc").map(\.counters.allowed) == [1])
        #expect(try await fixture.items().isEmpty)

        try await database.write { db in try db.execute(sql: "DROP TRIGGER refuse_reviews") }
        try database.close()
        try await fixture.append([NewCallerFixture.call("refund", at: 60)])
        #expect(try await fixture.items().count == 1)
    }

    @Test("a call recorded by the decision recorder opens the item when its batch is written")
    func throughRecorder() async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        let recorder = DecisionRecorder(store: fixture.store)
        await recorder.record(NewCallerFixture.call("listOrders"))
        await recorder.record(NewCallerFixture.call("refund", at: 1))
        #expect(try await fixture.items().isEmpty)
        #expect(await recorder.flush())
        let items = try await fixture.items()
        #expect(items.map(\.operations) == [["POST /refunds"]])
    }

    @Test("imported usage opens items for first sensitive calls too, and not for denied or internal ones")
    func throughUsageImport() async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        let file = fixture.directory.appendingPathComponent("usage.jsonl")
        try Data([
            #"{"time":"2026-03-01T10:00:00Z","identity":"partner-x","operation":"refund","outcome":200}"#,
            #"{"time":"2026-03-01T10:00:01Z","identity":"partner-x","operation":"refund","outcome":201}"#,
            #"{"time":"2026-03-01T10:00:02Z","identity":"partner-y","operation":"getPayment","outcome":"denied"}"#,
            #"{"time":"2026-03-01T10:00:03Z","identity":"partner-y","operation":"listOrders","outcome":"allowed"}"#,
        ].joined(separator: "\n").utf8).write(to: file)
        let summary = try await UsageImporter.importFile(file, into: fixture.store)
        #expect(summary.imported == 4 && summary.problems.isEmpty)
        let items = try await fixture.items()
        #expect(items.map(\.identityID) == ["partner-x"])
        #expect(items.first?.summary.contains("2026-03-01T10:00:00Z") == true)
        #expect(items.first?.grantIDs == [])
    }

    @Test("the first call is the earliest ALLOWED one of the batch, even when a refused call came earlier that day")
    func earliestAllowedCall() async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        try await fixture.append([
            NewCallerFixture.call("refund", allowed: false, at: 0), NewCallerFixture.call("refund", at: 90),
            NewCallerFixture.call("refund", at: 30), NewCallerFixture.call("listOrders", at: 5),
        ])
        #expect(try firstSeen(fixture, "refund") == AuditChain.milliseconds(NewCallerFixture.start) + 30_000)
        #expect(try firstSeen(fixture, "listOrders") == AuditChain.milliseconds(NewCallerFixture.start) + 5_000)
        #expect(try await fixture.items().map(\.operations) == [["POST /refunds"]])
        // A later batch with the same pair finds it known: no second item, the first call unchanged.
        try await fixture.append([NewCallerFixture.call("refund", at: 10)])
        #expect(try await fixture.items().count == 1)
        #expect(try firstSeen(fixture, "refund") == AuditChain.milliseconds(NewCallerFixture.start) + 30_000)
    }

    @Test("usage without its records still marks the pair, at the day's first call")
    func usageWithoutRecords() async throws {
        let fixture = try await NewCallerFixture()
        defer { fixture.remove() }
        let records = [NewCallerFixture.call("getPayment", at: 42)]
        try await fixture.store.appendDecisions([], usage: .aggregating(records))
        #expect(try firstSeen(fixture, "getPayment") == AuditChain.milliseconds(NewCallerFixture.start) + 42_000)
        #expect(try await fixture.items().map(\.operations) == [["GET /payments/{id}"]])
        // Only refused calls: nothing is marked, nothing opened.
        try await fixture.append([NewCallerFixture.call("refund", allowed: false)])
        #expect(try firstSeen(fixture, "refund") == nil)
        #expect(try await fixture.items().count == 1)
    }

    /// `review_first_calls.first_seen` of svc × orders × `operation`, read from the SQLite file.
    private func firstSeen(_ fixture: NewCallerFixture, _ operation: String) throws -> Int64? {
        let database = try DatabaseQueue(path: fixture.directory.appendingPathComponent(SQLiteStore.fileName).path)
        defer { try? database.close() }
        return try database.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT first_seen FROM review_first_calls WHERE identity_id = 'svc' AND api = 'orders' AND operation_id = ?",
                arguments: [operation])
        }
    }
}
