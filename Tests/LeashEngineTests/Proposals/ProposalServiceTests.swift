import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

/// A proposal service over a real SQLite file: the ``ModelEstate`` catalog and identities, the baseline
/// policy, and `checkout` holding three grants of which it uses one.
private struct ProposalFixture {
    static let actor = "adm_proposals"
    static let start = ModelEstate.now

    let directory: URL
    let store: SQLiteStore
    let clock: ManualClock
    let service: ProposalService
    let window: AnalysisWindow

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-proposals-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        let clock = ManualClock(Self.start.addingTimeInterval(10 * 86_400))
        self.clock = clock
        service = ProposalService(store: store, now: { clock.now })
        window = AnalysisWindow(days: 30, endingAt: clock.now)
        try await store.write { transaction in
            for identity in ModelEstate.identities { try transaction.insert(identity) }
            for api in ModelEstate.apis {
                try transaction.insert(api)
                try transaction.replaceOperations(api: api.name, with: ModelEstate.operations.filter { $0.api == api.name })
            }
            for grant in [
                Self.grant("grant_read", "checkout", "orders", "orders:read"),
                Self.grant("grant_write", "checkout", "orders", "orders:write"),
                Self.grant("grant_bill", "checkout", "billing", "billing:read"),
                Self.grant("grant_crm", "crm-sync", "orders", "orders:read"),
            ] { try transaction.insert(grant) }
        }
        _ = try await PolicyService(store: store, now: { clock.now }).installBaselineIfNeeded()
        try await store.appendDecisions(
            [
                Self.record("checkout", "getOrder", day: 1), Self.record("checkout", "getOrder", day: 2),
                Self.record("checkout", "getOrder", day: 3), Self.record("checkout", "deleteOrder", allowed: false, day: 4),
                Self.record("crm-sync", "getOrder", day: 2),
            ], usage: [:])
    }

    static func grant(_ id: String, _ identity: String, _ api: String, _ scope: String) -> Grant {
        Grant(id: id, identityID: identity, api: api, scope: scope, grantedBy: "system", createdAt: start)
    }

    static func record(
        _ identity: String, _ operation: String, allowed: Bool = true, day: Double, shadow: ShadowOutcome? = nil
    ) -> DecisionRecord {
        DecisionRecord(
            time: start.addingTimeInterval(day * 86_400), identityID: identity, api: "orders", operationID: operation,
            method: "GET", path: "/tenants/acme/orders/1", allowed: allowed, reason: allowed ? "allowed" : "scope_missing",
            shadow: shadow)
    }

    static func with(_ body: (ProposalFixture) async throws -> Void) async throws {
        let fixture = try await ProposalFixture()
        defer {
            try? fixture.store.close()
            try? FileManager.default.removeItem(at: fixture.directory)
        }
        try await body(fixture)
    }

    func generate() async throws -> Proposal {
        let proposals = try await service.generate(window: window, actor: Self.actor)
        try #require(proposals.count == 1)
        return proposals[0]
    }

    func auditActions() async throws -> [String] { try await store.allAuditEvents().map(\.action) }
}

@Suite("Proposal service")
struct ProposalServiceTests {
    @Test("generating proposes only for over-granted identities, keeps the used grant, and proves no past call is refused")
    func generates() async throws {
        try await ProposalFixture.with { fixture in
            let proposal = try await fixture.generate()
            #expect(proposal.identityID == "checkout")
            #expect(proposal.proposedGrants.map(\.id) == ["grant_read"])
            #expect(proposal.removedGrants.map(\.id) == ["grant_bill", "grant_write"])
            #expect(proposal.replay == ReplayProof(recordsReplayed: 4, allowedBefore: 3, refusedAfter: 0, refusals: []))
            #expect(proposal.status == .proposed)
            #expect(try await fixture.service.list().map(\.id) == [proposal.id])
            #expect(try await fixture.service.list(identityID: "crm-sync").isEmpty)
            #expect(try await fixture.service.show(id: proposal.id).proposal == proposal)
            #expect(try await fixture.auditActions().last == "proposal.create")
        }
    }

    @Test("unknown identities and proposals are refused as not found")
    func refusesUnknown() async throws {
        try await ProposalFixture.with { fixture in
            await #expect(throws: ProposalError.notFound("")) {
                try await fixture.service.generate(window: fixture.window, identityID: "nobody", actor: ProposalFixture.actor)
            }
            await #expect(throws: ProposalError.notFound("")) { try await fixture.service.show(id: "prop_none") }
            await #expect(throws: ProposalError.notFound("")) {
                try await fixture.service.applyShadow(id: "prop_none", actor: ProposalFixture.actor)
            }
        }
    }

    @Test("shadowing installs a forbid of the removed scopes and show counts the would-be denials since")
    func shadows() async throws {
        try await ProposalFixture.with { fixture in
            let proposal = try await fixture.generate()
            fixture.clock.advance(by: 60)
            let shadowed = try await fixture.service.applyShadow(id: proposal.id, actor: ProposalFixture.actor)
            #expect(shadowed.status == .shadowed)
            let current = try await PolicyService(store: fixture.store).current()
            let text = try #require(current.shadow?.files["leash-proposals.cedar"])
            #expect(text.contains("@id(\"proposal-\(proposal.id)/orders\")"))
            #expect(text.contains("principal == Leash::Identity::\"checkout\""))
            #expect(text.contains("action in [Leash::Action::\"orders:write\"]"))
            #expect(text.contains("resource in Leash::API::\"billing\""))
            #expect(!text.contains("orders:read"))
            #expect(current.shadow?.files["baseline.cedar"] == current.enforced?.files["baseline.cedar"])

            let now = fixture.clock.now.timeIntervalSince(ProposalFixture.start) / 86_400
            try await fixture.store.appendDecisions(
                [
                    ProposalFixture.record("checkout", "deleteOrder", day: now + 0.01,
                                           shadow: ShadowOutcome(allowed: false, policyIDs: ["proposal-\(proposal.id)/orders"])),
                    ProposalFixture.record("checkout", "getOrder", day: now + 0.02, shadow: ShadowOutcome(allowed: true)),
                    ProposalFixture.record("checkout", "deleteOrder", day: now + 0.03,
                                           shadow: ShadowOutcome(allowed: false, policyIDs: ["someone-else"])),
                ], usage: [:])
            fixture.clock.advance(by: 86_400)
            let report = try await fixture.service.show(id: proposal.id)
            #expect(report.shadow?.decisions == 3)
            #expect(report.shadow?.wouldBeDenied == 1)
            #expect(report.shadow?.examples.map(\.operationID) == ["deleteOrder"])
            #expect(try await fixture.auditActions().suffix(2) == ["policy.push", "proposal.shadow"])
        }
    }

    @Test("enforcing deletes exactly the removed grants, audited, and takes the proposal out of the shadow set")
    func enforces() async throws {
        try await ProposalFixture.with { fixture in
            let proposal = try await fixture.generate()
            try await fixture.service.applyShadow(id: proposal.id, actor: ProposalFixture.actor)
            let enforced = try await fixture.service.applyEnforce(id: proposal.id, actor: ProposalFixture.actor)
            #expect(enforced.status == .enforced)
            let grants = try await InventoryService(store: fixture.store).grants(identityID: "checkout")
            #expect(grants.map(\.id) == ["grant_read"])
            #expect(try await InventoryService(store: fixture.store).grants(identityID: "crm-sync").map(\.id) == ["grant_crm"])
            #expect(try await PolicyService(store: fixture.store).current().shadow == nil)
            let actions = try await fixture.auditActions()
            #expect(actions.filter { $0 == "grant.revoke" }.count == 2)
            #expect(actions.suffix(2) == ["policy.clear-shadow", "proposal.enforce"])
            await #expect(throws: ProposalError.notOpen("", status: "")) {
                try await fixture.service.applyEnforce(id: proposal.id, actor: ProposalFixture.actor)
            }
            await #expect(throws: ProposalError.notOpen("", status: "")) {
                try await fixture.service.reject(id: proposal.id, actor: ProposalFixture.actor)
            }
        }
    }

    @Test("rejecting changes no grant")
    func rejects() async throws {
        try await ProposalFixture.with { fixture in
            let proposal = try await fixture.generate()
            let rejected = try await fixture.service.reject(id: proposal.id, actor: ProposalFixture.actor)
            #expect(rejected.status == .rejected)
            #expect(try await InventoryService(store: fixture.store).grants(identityID: "checkout").count == 3)
            #expect(try await fixture.service.list(status: .rejected).map(\.id) == [proposal.id])
            #expect(try await fixture.auditActions().last == "proposal.reject")
            await #expect(throws: ProposalError.notOpen("", status: "")) {
                try await fixture.service.applyShadow(id: proposal.id, actor: ProposalFixture.actor)
            }
        }
    }

    @Test("a second generation after enforcement proposes nothing more")
    func convergesAfterEnforcement() async throws {
        try await ProposalFixture.with { fixture in
            let proposal = try await fixture.generate()
            try await fixture.service.applyEnforce(id: proposal.id, actor: ProposalFixture.actor)
            #expect(try await fixture.service.generate(window: fixture.window, actor: ProposalFixture.actor).isEmpty)
        }
    }
}
