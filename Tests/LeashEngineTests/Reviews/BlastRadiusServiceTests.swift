import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

/// A real SQLite store holding two APIs with operations and three identities.
private struct ReachStoreFixture {
    let directory: URL
    let store: SQLiteStore
    let service: BlastRadiusService
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-reach-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        service = BlastRadiusService(store: store, now: { Self.now })
        let created = Self.now.addingTimeInterval(-86_400)
        try await store.write { transaction in
            for api in ["orders", "billing"] {
                try transaction.insert(API(name: api, audience: "https://\(api).example.com", owner: "team", createdAt: created, updatedAt: created))
            }
            try transaction.replaceOperations(api: "orders", with: [
                LeashCore.Operation(api: "orders", id: "getOrder", method: "GET", pathTemplate: "/orders/{id}", scope: "orders:read", sensitivity: .internal, scopeSource: .leashExtension),
            ])
            try transaction.replaceOperations(api: "billing", with: [
                LeashCore.Operation(api: "billing", id: "refund", method: "POST", pathTemplate: "/refunds", scope: "billing:refund", sensitivity: .restricted, scopeSource: .leashExtension),
            ])
            for id in ["frontend", "orders-svc", "agent"] {
                try transaction.insert(Identity(id: id, kind: .service, name: id, owner: "team", createdAt: created, updatedAt: created))
            }
            try transaction.insert(Grant(id: "grant_frontend", identityID: "frontend", api: "orders", scope: "orders:read", grantedBy: "system", createdAt: created))
            try transaction.insert(Grant(id: "grant_svc", identityID: "orders-svc", api: "billing", scope: "billing:refund", grantedBy: "system", createdAt: created))
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func call(_ subject: String, act: [String], daysAgo: Double) async throws {
        try await store.appendDecisions([DecisionRecord(
            time: Self.now.addingTimeInterval(-daysAgo * 86_400), identityID: subject, api: "billing", operationID: "refund",
            method: "POST", path: "/refunds", allowed: true, reason: "allowed", act: act)], usage: [:])
    }
}

@Suite("Blast radius service over a real SQLite store")
struct BlastRadiusServiceTests {
    @Test("a declared dependency is stored, listed, removed, and both changes are audited")
    func dependencyLifecycle() async throws {
        let fixture = try await ReachStoreFixture()
        defer { fixture.remove() }
        let declared = try await fixture.service.declare(api: "orders", calls: "billing", identityID: "orders-svc", actor: "adm_1")
        #expect(declared.declaredBy == "adm_1")
        #expect(try await fixture.service.dependencies() == [declared])
        #expect(try await fixture.service.dependencies(api: "billing").isEmpty)
        try await fixture.service.remove(api: "orders", calls: "billing", identityID: "orders-svc", actor: "adm_1")
        #expect(try await fixture.service.dependencies().isEmpty)
        let events = try await fixture.store.allAuditEvents().filter { $0.targetType == "dependency" }
        #expect(events.map(\.action) == ["dependency.create", "dependency.delete"])
        #expect(events.allSatisfy { $0.targetID == "orders->billing@orders-svc" && $0.actor == "adm_1" })
    }

    @Test("declaring is refused for an unknown API or identity, an API calling itself, and twice the same; removing what is not there is refused")
    func dependencyRefusals() async throws {
        let fixture = try await ReachStoreFixture()
        defer { fixture.remove() }
        await #expect(throws: InventoryError.notFound("API ledger")) {
            try await fixture.service.declare(api: "orders", calls: "ledger", identityID: "orders-svc", actor: "adm_1")
        }
        await #expect(throws: InventoryError.notFound("identity ghost")) {
            try await fixture.service.declare(api: "orders", calls: "billing", identityID: "ghost", actor: "adm_1")
        }
        await #expect(throws: InventoryError.invalidField("calls")) {
            try await fixture.service.declare(api: "orders", calls: "orders", identityID: "orders-svc", actor: "adm_1")
        }
        _ = try await fixture.service.declare(api: "orders", calls: "billing", identityID: "orders-svc", actor: "adm_1")
        await #expect(throws: InventoryError.conflict("")) {
            try await fixture.service.declare(api: "orders", calls: "billing", identityID: "orders-svc", actor: "adm_1")
        }
        await #expect(throws: InventoryError.notFound("")) {
            try await fixture.service.remove(api: "billing", calls: "orders", identityID: "orders-svc", actor: "adm_1")
        }
        #expect(try await fixture.store.allAuditEvents().filter { $0.targetType == "dependency" }.count == 1)
    }

    @Test("the radius follows declared dependencies and delegations seen in the window's records, not older ones")
    func radius() async throws {
        let fixture = try await ReachStoreFixture()
        defer { fixture.remove() }
        #expect(try await fixture.service.radius(of: "frontend").operations.map(\.operationID) == ["getOrder"])

        _ = try await fixture.service.declare(api: "orders", calls: "billing", identityID: "orders-svc", actor: "adm_1")
        let frontend = try await fixture.service.radius(of: "frontend")
        #expect(frontend.operations.map(\.operationID) == ["refund", "getOrder"])
        #expect(frontend.criticalPaths.map { $0.hops.map(\.kind) } == [[.dependency]])

        try await fixture.call("orders-svc", act: ["agent"], daysAgo: 200)
        #expect(try await fixture.service.radius(of: "agent").operations.isEmpty)
        try await fixture.call("orders-svc", act: ["agent"], daysAgo: 3)
        let agent = try await fixture.service.radius(of: "agent")
        #expect(agent.criticalPaths.map { $0.hops } == [[ReachHop(kind: .delegation, from: "agent", to: "orders-svc")]])
        #expect(try await fixture.service.radius(of: "agent", windowDays: 2).operations.isEmpty)
    }

    @Test("the radius of an unknown identity, or with an unusable window or depth, is refused")
    func radiusRefusals() async throws {
        let fixture = try await ReachStoreFixture()
        defer { fixture.remove() }
        await #expect(throws: InventoryError.notFound("identity ghost")) { try await fixture.service.radius(of: "ghost") }
        await #expect(throws: InventoryError.invalidField("window")) { try await fixture.service.radius(of: "agent", windowDays: 0) }
        await #expect(throws: InventoryError.invalidField("depth")) { try await fixture.service.radius(of: "agent", maxDepth: 21) }
    }
}
