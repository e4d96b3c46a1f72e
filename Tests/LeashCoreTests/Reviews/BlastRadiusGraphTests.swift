import Foundation
import LeashCore
import Testing

/// A hand-built estate for blast-radius tests: two APIs and identities added per test.
private struct ReachEstate {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let operations: [LeashCore.Operation] = [
        op("orders", "getOrder", "GET", "/orders/{id}", "orders:read", .internal),
        op("orders", "createOrder", "POST", "/orders", "orders:write", .confidential),
        op("orders", "exportOrders", "GET", "/orders/export", "orders:export", .restricted),
        op("billing", "getInvoice", "GET", "/invoices/{id}", "billing:read", .confidential),
        op("billing", "refund", "POST", "/refunds", "billing:refund", .restricted),
    ]

    var identities: [Identity] = []
    var grants: [Grant] = []
    var delegations: [ObservedDelegation] = []
    var dependencies: [DeclaredDependency] = []

    static func op(
        _ api: String, _ id: String, _ method: String, _ path: String, _ scope: String, _ sensitivity: Sensitivity
    ) -> LeashCore.Operation {
        LeashCore.Operation(api: api, id: id, method: method, pathTemplate: path, scope: scope, sensitivity: sensitivity, scopeSource: .leashExtension)
    }

    mutating func identity(_ id: String, status: IdentityStatus = .active) {
        var identity = Identity(id: id, kind: .service, name: id, owner: "team", createdAt: Self.now, updatedAt: Self.now)
        identity.status = status
        identities.append(identity)
    }

    mutating func grant(_ id: String, _ api: String, _ scope: String, expired: Bool = false) {
        grants.append(Grant(
            id: "grant_\(id)_\(scope)", identityID: id, api: api, scope: scope,
            expiresAt: expired ? Self.now.addingTimeInterval(-1) : nil, grantedBy: "admin", createdAt: Self.now))
    }

    mutating func actsFor(_ actor: String, _ subject: String) {
        delegations.append(ObservedDelegation(actor: actor, subject: subject, count: 1, lastSeen: Self.now))
    }

    mutating func depends(_ api: String, calls: String, as identityID: String) {
        dependencies.append(DeclaredDependency(api: api, calls: calls, identityID: identityID, declaredBy: "admin", createdAt: Self.now))
    }

    func radius(of id: String, maxDepth: Int = 6, maxPaths: Int = 1_000) -> BlastRadius {
        BlastRadiusGraph(
            identities: identities, grants: grants, operations: Self.operations, delegations: delegations,
            dependencies: dependencies, now: Self.now
        ).radius(of: id, now: Self.now, maxDepth: maxDepth, maxPaths: maxPaths)
    }
}

private func reached(_ radius: BlastRadius) -> Set<String> { Set(radius.operations.map(\.operationID)) }

@Suite("Blast radius")
struct BlastRadiusGraphTests {
    @Test("direct reach is the effective grants × the operations their scopes cover; an expired grant reaches nothing")
    func directReach() {
        var estate = ReachEstate()
        estate.identity("reader")
        estate.grant("reader", "orders", "orders:read")
        estate.grant("reader", "orders", "orders:export", expired: true)
        let radius = estate.radius(of: "reader")
        #expect(reached(radius) == ["getOrder"])
        #expect(radius.direct.map(\.depth) == [0])
        #expect(radius.criticalPaths.isEmpty)
    }

    @Test("restricted operations and writes on confidential data are critical; a confidential read is not")
    func criticalOperations() {
        var estate = ReachEstate()
        estate.identity("writer")
        estate.grant("writer", "orders", "orders:write")
        estate.grant("writer", "orders", "orders:export")
        estate.grant("writer", "billing", "billing:read")
        let radius = estate.radius(of: "writer")
        let critical = Dictionary(uniqueKeysWithValues: radius.operations.map { ($0.operationID, $0.critical) })
        #expect(critical == ["createOrder": .admin, "exportOrders": .restricted, "getInvoice": nil])
        #expect(Set(radius.criticalPaths.map(\.operationID)) == ["createOrder", "exportOrders"])
        #expect(radius.criticalPaths.allSatisfy { $0.hops.isEmpty && $0.identityID == "writer" })
        #expect(radius.operations.first?.critical != nil)
    }

    @Test("an identity seen acting for another reaches that identity's grants; the subject does not reach the actor's")
    func delegation() {
        var estate = ReachEstate()
        estate.identity("agent")
        estate.identity("payments")
        estate.grant("agent", "orders", "orders:read")
        estate.grant("payments", "billing", "billing:refund")
        estate.actsFor("agent", "payments")
        let agent = estate.radius(of: "agent")
        #expect(reached(agent) == ["getOrder", "refund"])
        #expect(agent.criticalPaths == [ReachPath(
            hops: [ReachHop(kind: .delegation, from: "agent", to: "payments")], identityID: "payments",
            grantID: "grant_payments_billing:refund", api: "billing", operationID: "refund", critical: .restricted)])
        #expect(agent.transitive.map(\.depth) == [1])
        #expect(reached(estate.radius(of: "payments")) == ["refund"])
    }

    @Test("calling an API that calls another as a service identity reaches that identity's grants on the called API only")
    func dependency() {
        var estate = ReachEstate()
        estate.identity("frontend")
        estate.identity("orders-svc")
        estate.grant("frontend", "orders", "orders:read")
        estate.grant("orders-svc", "billing", "billing:refund")
        estate.grant("orders-svc", "orders", "orders:export")
        estate.depends("orders", calls: "billing", as: "orders-svc")
        let radius = estate.radius(of: "frontend")
        #expect(reached(radius) == ["getOrder", "refund"])
        #expect(radius.criticalPaths.map(\.hops) == [[ReachHop(kind: .dependency, from: "frontend", to: "orders-svc", api: "orders", calls: "billing")]])
        #expect(radius.identities.map(\.identityID) == ["frontend", "orders-svc"])
        #expect(radius.identities.last?.apis == ["billing"])
    }

    @Test("a dependency of an API the identity cannot call is not followed")
    func dependencyOfUnreachedAPI() {
        var estate = ReachEstate()
        estate.identity("frontend")
        estate.identity("billing-svc")
        estate.grant("frontend", "orders", "orders:read")
        estate.grant("billing-svc", "orders", "orders:export")
        estate.depends("billing", calls: "orders", as: "billing-svc")
        #expect(reached(estate.radius(of: "frontend")) == ["getOrder"])
    }

    @Test("a restricted hop (through a dependency) does not follow the reached identity's delegations")
    func restrictedHopStopsDelegation() {
        var estate = ReachEstate()
        estate.identity("frontend")
        estate.identity("orders-svc")
        estate.identity("admin-bot")
        estate.grant("frontend", "orders", "orders:read")
        estate.grant("orders-svc", "billing", "billing:read")
        estate.grant("admin-bot", "orders", "orders:export")
        estate.depends("orders", calls: "billing", as: "orders-svc")
        estate.actsFor("orders-svc", "admin-bot")
        #expect(reached(estate.radius(of: "frontend")) == ["getOrder", "getInvoice"])
        #expect(reached(estate.radius(of: "orders-svc")) == ["getInvoice", "exportOrders"])
    }

    @Test("cycles of delegations and dependencies end, and every path repeats no state")
    func cycles() {
        var estate = ReachEstate()
        for id in ["a", "b", "orders-svc", "billing-svc"] { estate.identity(id) }
        estate.grant("a", "orders", "orders:read")
        estate.grant("b", "orders", "orders:export")
        estate.grant("orders-svc", "billing", "billing:refund")
        estate.grant("billing-svc", "orders", "orders:read")
        estate.grant("billing-svc", "orders", "orders:export")
        estate.actsFor("a", "b")
        estate.actsFor("b", "a")
        estate.depends("orders", calls: "billing", as: "orders-svc")
        estate.depends("billing", calls: "orders", as: "billing-svc")
        let radius = estate.radius(of: "a")
        #expect(reached(radius) == ["getOrder", "exportOrders", "refund"])
        #expect(!radius.pathsTruncated)
        for path in radius.criticalPaths {
            let states = path.hops.map { "\($0.to)|\($0.calls ?? "*")" }
            #expect(Set(states).count == states.count)
            #expect(!states.contains("a|*"))
        }
        // a → b (export), a → orders-svc (refund), a → b → orders-svc (refund), a → orders-svc → billing-svc (export), …
        #expect(radius.criticalPaths.contains { $0.hops.map(\.to) == ["b"] && $0.operationID == "exportOrders" })
        #expect(radius.criticalPaths.contains { $0.hops.map(\.to) == ["orders-svc", "billing-svc"] && $0.operationID == "exportOrders" })
        #expect(radius.criticalPaths.contains { $0.hops.map(\.to) == ["b", "orders-svc"] && $0.operationID == "refund" })
    }

    @Test("the depth bound stops the transitive reach", arguments: [(1, Set(["getOrder", "getInvoice"])), (2, Set(["getOrder", "getInvoice", "refund"]))])
    func depthBound(maxDepth: Int, expected: Set<String>) {
        var estate = ReachEstate()
        for id in ["a", "b", "c"] { estate.identity(id) }
        estate.grant("a", "orders", "orders:read")
        estate.grant("b", "billing", "billing:read")
        estate.grant("c", "billing", "billing:refund")
        estate.actsFor("a", "b")
        estate.actsFor("b", "c")
        let radius = estate.radius(of: "a", maxDepth: maxDepth)
        #expect(reached(radius) == expected)
        #expect(radius.criticalPaths.allSatisfy { $0.hops.count <= maxDepth })
    }

    @Test("a suspended identity is not stepped into")
    func suspendedIdentity() {
        var estate = ReachEstate()
        estate.identity("agent")
        estate.identity("old", status: .suspended)
        estate.grant("old", "billing", "billing:refund")
        estate.actsFor("agent", "old")
        #expect(estate.radius(of: "agent").operations.isEmpty)
    }

    @Test("critical paths stop at the limit and say so")
    func pathLimit() {
        var estate = ReachEstate()
        estate.identity("writer")
        estate.grant("writer", "orders", "orders:write")
        estate.grant("writer", "orders", "orders:export")
        let radius = estate.radius(of: "writer", maxPaths: 1)
        #expect(radius.criticalPaths.count == 1)
        #expect(radius.pathsTruncated)
    }

    @Test("DOT output: identities as boxes, critical operations red, grant and hop edges labelled, names escaped")
    func dot() {
        var estate = ReachEstate()
        estate.identity("agent")
        estate.identity("pay\"ments")
        estate.grant("agent", "orders", "orders:read")
        estate.grant("pay\"ments", "billing", "billing:refund")
        estate.actsFor("agent", "pay\"ments")
        let dot = estate.radius(of: "agent").dot
        #expect(dot.hasPrefix("digraph \"blast-radius\" {\n"))
        #expect(dot.hasSuffix("}\n"))
        #expect(dot.contains("  \"identity:agent\" [shape=box, label=\"agent\", style=bold];"))
        #expect(dot.contains("  \"identity:pay\\\"ments\" [shape=box, label=\"pay\\\"ments\"];"))
        #expect(dot.contains("  \"operation:billing/refund\" [shape=ellipse, label=\"billing\\nPOST /refunds\\nrestricted\", color=red, fontcolor=red];"))
        #expect(dot.contains("  \"operation:orders/getOrder\" [shape=ellipse, label=\"orders\\nGET /orders/{id}\\ninternal\"];"))
        #expect(dot.contains("  \"identity:agent\" -> \"operation:orders/getOrder\" [label=\"orders:read\"];"))
        #expect(dot.contains("  \"identity:agent\" -> \"identity:pay\\\"ments\" [style=dashed, label=\"acts for\"];"))
    }

    @Test("every actor of a record's act chain acted for its subject; self and subject-less records show none")
    func delegationsFromRecords() {
        func record(_ subject: String?, act: [String]) -> DecisionRecord {
            DecisionRecord(time: ReachEstate.now, identityID: subject, api: "orders", operationID: "getOrder", method: "GET", path: "/orders/1", allowed: true, reason: "allowed", act: act)
        }
        var accumulator = DelegationAccumulator()
        accumulator.add(record("svc", act: ["agent", "gateway"]))
        accumulator.add(record("svc", act: ["agent"]))
        accumulator.add(record("svc", act: ["svc"]))
        accumulator.add(record(nil, act: ["agent"]))
        accumulator.add(record("svc", act: []))
        #expect(accumulator.delegations == [
            ObservedDelegation(actor: "agent", subject: "svc", count: 2, lastSeen: ReachEstate.now),
            ObservedDelegation(actor: "gateway", subject: "svc", count: 1, lastSeen: ReachEstate.now),
        ])
    }
}
