import Foundation
import LeashCore
import Testing

/// Shared builders for the proposal tests.
enum ProposalFixture {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let window = AnalysisWindow(start: start, end: start.addingTimeInterval(90 * 86_400))
    static let now = window.end

    static func operation(_ api: String, _ id: String, scope: String) -> LeashCore.Operation {
        Operation(
            api: api, id: id, method: "GET", pathTemplate: "/\(id)", scope: scope, sensitivity: .internal,
            scopeSource: .security)
    }

    static func grant(_ id: String, _ api: String, _ scope: String, identity: String = "id_a", expiresAt: Date? = nil) -> Grant {
        Grant(
            id: id, identityID: identity, api: api, scope: scope, expiresAt: expiresAt, grantedBy: "system",
            createdAt: start)
    }

    static func record(
        _ api: String?, _ operation: String?, allowed: Bool = true, identity: String? = "id_a", day: Double = 1
    ) -> DecisionRecord {
        DecisionRecord(
            time: start.addingTimeInterval(day * 86_400), identityID: identity, api: api, operationID: operation,
            method: "GET", path: "/\(operation ?? "unknown")", allowed: allowed,
            reason: allowed ? "allowed" : "scope_missing")
    }

    static let catalog = [
        operation("orders", "listOrders", scope: "orders:read"),
        operation("orders", "getOrder", scope: "orders:read"),
        operation("orders", "createOrder", scope: "orders:write"),
        operation("orders", "deleteOrder", scope: "orders:admin"),
        operation("billing", "listInvoices", scope: "orders:read"),
    ]

    static func use(_ records: [DecisionRecord], identity: String = "id_a") -> AllowedUse {
        var use = AllowedUse(identityID: identity, window: window)
        for record in records { use.add(record) }
        return use
    }
}

@Suite("Minimum grants")
struct ProposalGrantCoverTests {
    typealias F = ProposalFixture

    @Test("only the grants whose scope an allowed call required are kept; unused ones are removed")
    func keepsUsedScopes() {
        let grants = [F.grant("g1", "orders", "orders:read"), F.grant("g2", "orders", "orders:write"),
                      F.grant("g3", "orders", "orders:admin")]
        let cover = GrantCover(use: F.use([F.record("orders", "listOrders"), F.record("orders", "getOrder", day: 2)]),
                               grants: grants, operations: F.catalog, now: F.now)
        #expect(cover.proposed.map(\.id) == ["g1"])
        #expect(cover.removed.map(\.id) == ["g3", "g2"])
        #expect(cover.uncovered.isEmpty)
        #expect(cover.uses.map(\.grantID) == ["g1", "g1"])
        #expect(cover.uses.first { $0.operationID == "getOrder" }?.allowedCalls == 1)
    }

    @Test("refused calls, other identities' calls and calls outside the window keep nothing")
    func ignoresWhatIsNotAllowedUse() {
        let grants = [F.grant("g1", "orders", "orders:read"), F.grant("g2", "orders", "orders:write")]
        let records = [
            F.record("orders", "createOrder", allowed: false),
            F.record("orders", "createOrder", identity: "id_b"),
            F.record("orders", "createOrder", day: -1),
            F.record("orders", "createOrder", day: 91),
        ]
        let cover = GrantCover(use: F.use(records), grants: grants, operations: F.catalog, now: F.now)
        #expect(cover.proposed.isEmpty)
        #expect(cover.removed.map(\.id) == ["g1", "g2"])
    }

    @Test("the same scope on another API is a different grant")
    func scopesArePerAPI() {
        let grants = [F.grant("g1", "orders", "orders:read"), F.grant("g2", "billing", "orders:read")]
        let cover = GrantCover(use: F.use([F.record("billing", "listInvoices")]), grants: grants,
                               operations: F.catalog, now: F.now)
        #expect(cover.proposed.map(\.id) == ["g2"])
        #expect(cover.removed.map(\.id) == ["g1"])
    }

    @Test("an allowed call no effective grant covers is listed as uncovered, with the reason")
    func listsUncoveredUse() {
        let expired = F.grant("g1", "orders", "orders:write", expiresAt: F.start.addingTimeInterval(86_400 * 10))
        let cover = GrantCover(
            use: F.use([F.record("orders", "createOrder"), F.record("orders", "retiredOp")]),
            grants: [expired], operations: F.catalog, now: F.now)
        #expect(cover.proposed.isEmpty)
        #expect(cover.removed.isEmpty, "an expired grant confers nothing, so it is not part of the current grants")
        #expect(cover.uncovered == [
            UncoveredUse(api: "orders", operationID: "createOrder", scope: "orders:write", reason: .notGranted, allowedCalls: 1),
            UncoveredUse(api: "orders", operationID: "retiredOp", scope: nil, reason: .notCatalogued, allowedCalls: 1),
        ])
    }

    @Test("a kept scope that also covers operations never called is reported as a narrowing gap")
    func reportsNarrowingGaps() {
        let cover = GrantCover(use: F.use([F.record("orders", "listOrders")]),
                               grants: [F.grant("g1", "orders", "orders:read")], operations: F.catalog, now: F.now)
        #expect(cover.narrowingGaps == [
            NarrowingGap(api: "orders", scope: "orders:read", usedOperations: ["listOrders"], unusedOperations: ["getOrder"])
        ])
        let full = GrantCover(use: F.use([F.record("orders", "createOrder")]),
                              grants: [F.grant("g2", "orders", "orders:write")], operations: F.catalog, now: F.now)
        #expect(full.narrowingGaps.isEmpty)
    }

    @Test("another identity's grants are never part of the proposal")
    func ignoresOtherIdentitiesGrants() {
        let cover = GrantCover(use: F.use([F.record("orders", "listOrders")]),
                               grants: [F.grant("g9", "orders", "orders:read", identity: "id_b")],
                               operations: F.catalog, now: F.now)
        #expect(cover.proposed.isEmpty && cover.removed.isEmpty)
        #expect(cover.uncovered.map(\.reason) == [.notGranted])
    }
}
