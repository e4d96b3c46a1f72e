import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Inventory: identities")
struct IdentityServiceTests {
    @Test("creating an identity stores it active, with the given id, and audits it")
    func create() async throws {
        try await InventoryFixture.with { fixture async throws in
            let created = try await fixture.service.createIdentity(
                IdentityDraft(
                    id: "deploy-bot", kind: "pipeline", name: "Deploy bot", owner: "team-ci", purpose: "ships",
                    trustTier: "third-party", environment: "prod", tenant: "acme", labels: ["repo": "acme/app"],
                    reviewBy: InventoryFixture.start.addingTimeInterval(86_400)),
                actor: InventoryFixture.actor)
            #expect(created.status == .active)
            #expect(created.kind == .pipeline)
            #expect(created.trustTier == .thirdParty)
            #expect(created.createdAt == InventoryFixture.start)
            #expect(try await fixture.service.identity(id: "deploy-bot") == created)
            let events = try await fixture.audit()
            #expect(events.count == 1)
            #expect(events[0].action == "identity.create")
            #expect(events[0].actor == InventoryFixture.actor)
            #expect(events[0].targetID == "deploy-bot")
            #expect(events[0].before == nil)
            #expect(events[0].after?.contains("\"owner\":\"team-ci\"") == true)
        }
    }

    @Test("without an id, a slug is generated from the name")
    func generatedID() async throws {
        try await InventoryFixture.with { fixture async throws in
            let created = try await fixture.service.createIdentity(
                IdentityDraft(kind: "agent", name: "Billing Agent (EU)!", owner: "team-billing"),
                actor: InventoryFixture.actor)
            #expect(created.id.hasPrefix("billing-agent-eu-"))
            #expect(InventoryRules.slugProblem(created.id) == nil)
        }
    }

    @Test("an id already in use is a conflict; an unknown id is notFound")
    func conflictAndNotFound() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            await #expect(throws: InventoryError.conflict) { try await fixture.identity() }
            await #expect(throws: InventoryError.notFound) { try await fixture.service.identity(id: "nobody") }
            await #expect(throws: InventoryError.notFound) {
                try await fixture.service.updateIdentity(id: "nobody", IdentityChanges(name: "x"), actor: "a")
            }
        }
    }

    static let invalidDrafts: [(IdentityDraft, String)] = [
        (IdentityDraft(id: "Bad ID", kind: "service", name: "n", owner: "o"), "id"),
        (IdentityDraft(id: "", kind: "service", name: "n", owner: "o"), "id"),
        (IdentityDraft(id: "x", kind: "robot", name: "n", owner: "o"), "kind"),
        (IdentityDraft(id: "x", kind: "service", name: " ", owner: "o"), "name"),
        (IdentityDraft(id: "x", kind: "service", name: String(repeating: "n", count: 201), owner: "o"), "name"),
        (IdentityDraft(id: "x", kind: "service", name: "n", owner: ""), "owner"),
        (IdentityDraft(id: "x", kind: "service", name: "n", owner: "o", purpose: String(repeating: "p", count: 2001)), "purpose"),
        (IdentityDraft(id: "x", kind: "service", name: "n", owner: "o", trustTier: "vendor"), "trustTier"),
        (IdentityDraft(id: "x", kind: "service", name: "n", owner: "o", environment: "pr\u{0}d"), "environment"),
        (IdentityDraft(id: "x", kind: "service", name: "n", owner: "o", tenant: String(repeating: "t", count: 101)), "tenant"),
        (IdentityDraft(id: "x", kind: "service", name: "n", owner: "o", labels: ["bad key": "v"]), "labels"),
        (IdentityDraft(id: "x", kind: "service", name: "n", owner: "o", labels: ["k": String(repeating: "v", count: 257)]), "labels"),
        (IdentityDraft(id: "x", kind: "service", name: "n", owner: "o", expiresAt: InventoryFixture.start), "expiresAt"),
    ]

    @Test("every field rule refuses with an error naming the field", arguments: invalidDrafts)
    func validation(draft: IdentityDraft, field: String) async throws {
        try await InventoryFixture.with { fixture async throws in
            await #expect(throws: InventoryError.invalidField(field)) {
                try await fixture.service.createIdentity(draft, actor: InventoryFixture.actor)
            }
            #expect(try await fixture.service.identities().isEmpty)
            #expect(try await fixture.audit().isEmpty)
        }
    }

    @Test("updates change only the given fields, can clear dates, and record before and after")
    func update() async throws {
        try await InventoryFixture.with { fixture async throws in
            _ = try await fixture.service.createIdentity(
                IdentityDraft(
                    id: "svc", kind: "service", name: "Svc", owner: "team-a",
                    reviewBy: InventoryFixture.start.addingTimeInterval(100)),
                actor: InventoryFixture.actor)
            fixture.clock.advance(by: 5)
            let updated = try await fixture.service.updateIdentity(
                id: "svc", IdentityChanges(owner: "team-b", labels: ["tier": "gold"], reviewBy: .some(nil)),
                actor: "admin_other")
            #expect(updated.owner == "team-b")
            #expect(updated.name == "Svc")
            #expect(updated.reviewBy == nil)
            #expect(updated.labels == ["tier": "gold"])
            #expect(updated.updatedAt == InventoryFixture.start.addingTimeInterval(5))
            let last = try #require(try await fixture.audit().last)
            #expect(last.action == "identity.update")
            #expect(last.actor == "admin_other")
            #expect(last.before?.contains("team-a") == true)
            #expect(last.after?.contains("team-b") == true)

            await #expect(throws: InventoryError.invalidField("owner")) {
                try await fixture.service.updateIdentity(id: "svc", IdentityChanges(owner: ""), actor: "a")
            }
            await #expect(throws: InventoryError.invalidField("kind")) {
                try await fixture.service.updateIdentity(id: "svc", IdentityChanges(kind: "human"), actor: "a")
            }
        }
    }

    @Test("a change set decoded from JSON tells null (clear) from absent (keep)")
    func changesDecoding() throws {
        let cleared = try JSONDecoder().decode(IdentityChanges.self, from: Data(#"{"reviewBy":null}"#.utf8))
        #expect(cleared.reviewBy == .some(nil))
        #expect(cleared.expiresAt == nil)
        let kept = try JSONDecoder().decode(IdentityChanges.self, from: Data(#"{"owner":"x"}"#.utf8))
        #expect(kept.reviewBy == nil)
        #expect(kept.owner == "x")
    }

    @Test("suspend, reactivate and decommission follow the lifecycle")
    func lifecycle() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity("svc")
            #expect(try await fixture.service.suspendIdentity(id: "svc", actor: "a").status == .suspended)
            await #expect(throws: InventoryError.conflict) { try await fixture.service.suspendIdentity(id: "svc", actor: "a") }
            #expect(try await fixture.service.reactivateIdentity(id: "svc", actor: "a").status == .active)
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.reactivateIdentity(id: "svc", actor: "a")
            }
            #expect(try await fixture.service.decommissionIdentity(id: "svc", actor: "a").status == .decommissioned)
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.reactivateIdentity(id: "svc", actor: "a")
            }
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.updateIdentity(id: "svc", IdentityChanges(name: "again"), actor: "a")
            }
            #expect(try await fixture.audit().map(\.action) == [
                "identity.create", "identity.suspend", "identity.reactivate", "identity.decommission",
            ])
        }
    }

    @Test("decommissioning revokes every credential the identity still has")
    func decommissionRevokes() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity("svc")
            let first = try await fixture.service.createClientSecret(identityID: "svc", actor: "a")
            let second = try await fixture.service.createClientSecret(identityID: "svc", actor: "a")
            _ = try await fixture.service.decommissionIdentity(id: "svc", actor: "a")
            let credentials = try await fixture.service.credentials(identityID: "svc")
            #expect(credentials.map(\.id).sorted() == [first.record.id, second.record.id].sorted())
            #expect(credentials.allSatisfy { $0.revokedAt != nil })
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.createClientSecret(identityID: "svc", actor: "a")
            }
        }
    }

    @Test("listing filters by status, kind and owner")
    func listing() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity("a-svc")
            try await fixture.identity("b-bot", kind: "agent")
            _ = try await fixture.service.suspendIdentity(id: "b-bot", actor: "a")
            #expect(try await fixture.service.identities(IdentityFilter(status: .active)).map(\.id) == ["a-svc"])
            #expect(try await fixture.service.identities(IdentityFilter(kind: .agent)).map(\.id) == ["b-bot"])
            #expect(try await fixture.service.identities(IdentityFilter(owner: "team-payments")).count == 2)
        }
    }
}
