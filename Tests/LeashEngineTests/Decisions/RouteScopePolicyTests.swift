import Foundation
import LeashCore
import Testing

@testable import LeashEngine

@Suite("decision point: route, scope and Cedar policy")
struct RouteScopePolicyTests {
    @Test(
        "paths that match no operation, or cannot be normalized safely, are no_route",
        arguments: [
            ("GET", "/orders"), ("GET", "/orders/42/items"), ("POST", "/orders/42"), ("GET", "/unknown"),
            ("GET", "/orders/a%2Fb"), ("GET", "/../orders/1"), ("GET", "/orders//1"), ("GET", ""), ("GET", "orders/1"),
        ])
    func noRoute(method: String, path: String) async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        let outcome = fixture.decide(token, method, path)
        #expect(outcome.reason == .noRoute)
        #expect(outcome.httpStatus == 403)
        #expect(outcome.operationID == nil)
    }

    @Test("a query, percent-encoding and a lower-case method still find the operation")
    func normalized() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        for (method, path) in [("GET", "/orders/42?expand=items"), ("get", "/orders/%34%32"), ("HEAD", "/orders/42")] {
            let outcome = fixture.decide(token, method, path)
            #expect(outcome.reason == .allowed)
            #expect(outcome.operationID == "getOrder")
        }
    }

    @Test("a dot-segment escape is decided as the path it resolves to, not the one it starts with")
    func dotSegmentEscape() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token(scope: "orders:read")
        for path in ["/orders/%2e%2e/admin", "/orders/../admin", "/orders/1/%2E%2E/%2E%2E/admin"] {
            let outcome = fixture.decide(token, "GET", path)
            #expect(outcome.operationID == "adminReport")
            #expect(outcome.reason == .scopeMissing)
        }
    }

    @Test("a token without the operation's scope is scope_missing")
    func scopeMissing() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token(scope: "orders:read")
        let outcome = fixture.decide(token, "DELETE", "/orders/42")
        #expect(outcome.reason == .scopeMissing)
        #expect(outcome.httpStatus == 403)
        #expect(outcome.operationID == "deleteOrder")
        #expect(outcome.policyIDs.isEmpty)
    }

    @Test("a forbid policy denies with its id; other calls stay allowed")
    func policyDenied() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        try await fixture.installPolicy(
            DecisionFixture.baseline + """

                @id("no-delete-from-outside")
                forbid(principal, action in Leash::Action::"orders:write", resource)
                unless { context has source_ip && context.source_ip.isInRange(ip("10.0.0.0/8")) };
                """, mode: .enforced)
        let token = try await fixture.token()
        let denied = fixture.decide(token, "DELETE", "/orders/42", source: "192.0.2.7")
        #expect(denied.reason == .policyDenied(["no-delete-from-outside"]))
        #expect(denied.reason.code == "policy_denied:no-delete-from-outside")
        #expect(denied.policyIDs == ["no-delete-from-outside"])
        #expect(denied.httpStatus == 403)
        #expect(fixture.decide(token, "DELETE", "/orders/42", source: "10.9.9.9").reason == .allowed)
        #expect(fixture.decide(token, "GET", "/orders/42", source: "192.0.2.7").reason == .allowed)
    }

    @Test("the context carries path parameters and the request's method and path")
    func context() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        try await fixture.installPolicy(
            """
            @id("only-order-7") permit(principal == Leash::Identity::"svc-a", action == Leash::Action::"orders/getOrder", resource)
            when { context.params.id == "7" && context.method == "GET" && context.path == "/orders/7" && context.scopes.contains("orders:read") };
            """, mode: .enforced)
        let token = try await fixture.token()
        #expect(fixture.decide(token, "GET", "/orders/7").reason == .allowed)
        #expect(fixture.decide(token, "GET", "/orders/8").reason == .policyDenied([]))
    }

    @Test("an inventory change rebuilds the entities while the compiled policies are reused")
    func inventoryChangeKeepsPolicies() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        try await fixture.installPolicy(
            #"@id("tenant-blue") permit(principal is Leash::Identity, action, resource) when { principal.tenant == "blue" };"#,
            mode: .enforced)
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .policyDenied([]))
        let version = fixture.engine.snapshot.enforced?.version
        _ = try await fixture.inventory.updateIdentity(id: "svc-a", IdentityChanges(tenant: "blue"), actor: "a")
        try await fixture.engine.refresh()
        #expect(fixture.engine.snapshot.enforced?.version == version)
        #expect(fixture.decide(token).reason == .allowed)
    }

    @Test("with no enforced policy installed nothing that reaches Cedar is allowed")
    func noPolicy() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        try await fixture.store.write { try $0.setCurrentPolicyVersion(nil, mode: .enforced) }
        try await fixture.engine.refresh()
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .policyDenied([]))
    }

    @Test("a shadow set's denial is reported beside the enforced answer, never enforced")
    func shadow() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        try await fixture.installPolicy(
            DecisionFixture.baseline + """

                @id("shadow-no-reads") forbid(principal, action in Leash::Action::"orders:read", resource);
                """, mode: .shadow)
        let token = try await fixture.token()
        let outcome = fixture.decide(token)
        #expect(outcome.allowed)
        #expect(outcome.reason == .allowed)
        #expect(outcome.shadow == ShadowOutcome(allowed: false, policyIDs: ["shadow-no-reads"]))
        let delete = fixture.decide(token, "DELETE", "/orders/1")
        #expect(delete.shadow == ShadowOutcome(allowed: true, policyIDs: ["baseline-permit"]))
        // The would-be denial is recorded beside the enforced answer.
        _ = await fixture.engine.decideAndRecord(
            DecisionInput(method: "GET", path: "/orders/5", bearerToken: token, time: fixture.clock.now))
        let record = try #require(fixture.records.all.last)
        #expect(record.allowed)
        #expect(record.reason == "allowed")
        #expect(record.shadow == ShadowOutcome(allowed: false, policyIDs: ["shadow-no-reads"]))
    }

    @Test("a recorded decision carries the outcome, the path without its query, and the source")
    func recorded() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token(scope: "orders:read")
        let input = DecisionInput(
            method: "DELETE", path: "/orders/42?force=1", bearerToken: token, sourceAddress: "10.0.0.1",
            time: fixture.clock.now)
        let outcome = await fixture.engine.decideAndRecord(input)
        let record = try #require(fixture.records.all.first)
        #expect(record.reason == "scope_missing")
        #expect(!record.allowed)
        #expect(record.identityID == "svc-a")
        #expect(record.credentialID == fixture.credentialID)
        #expect(record.jti == outcome.jti)
        #expect(record.api == "orders")
        #expect(record.operationID == "deleteOrder")
        #expect(record.method == "DELETE")
        #expect(record.path == "/orders/42")
        #expect(record.sourceAddress == "10.0.0.1")
        #expect(record.time == fixture.clock.now)
    }
}
