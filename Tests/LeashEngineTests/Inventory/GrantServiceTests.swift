import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Inventory: grants")
struct GrantServiceTests {
    @Test("a grant records scope, API, expiry, justification and who granted it")
    func grant() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            try await fixture.api()
            let expiry = InventoryFixture.start.addingTimeInterval(3600)
            let grant = try await fixture.service.grant(
                GrantDraft(identityID: "payments-api", api: "orders", scope: "orders:read", expiresAt: expiry,
                           justification: "JIRA-1"),
                actor: "admin_alice")
            #expect(grant.id.hasPrefix("grant_"))
            #expect(grant.grantedBy == "admin_alice")
            #expect(grant.expiresAt == expiry)
            #expect(try await fixture.service.grant(id: grant.id) == grant)
            #expect(try await fixture.service.grants(identityID: "payments-api") == [grant])
            #expect(grant.isEffective(at: expiry.addingTimeInterval(-1)))
            #expect(!grant.isEffective(at: expiry))
        }
    }

    @Test("grants need an active identity and a registered, active API")
    func refusals() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            await #expect(throws: InventoryError.notFound) {
                try await fixture.service.grant(GrantDraft(identityID: "payments-api", api: "orders", scope: "r"), actor: "a")
            }
            try await fixture.api()
            await #expect(throws: InventoryError.notFound) {
                try await fixture.service.grant(GrantDraft(identityID: "nobody", api: "orders", scope: "r"), actor: "a")
            }
            try await fixture.api("legacy", audience: "https://legacy.example.com")
            _ = try await fixture.service.updateAPI(name: "legacy", APIChanges(status: "retired"), actor: "a")
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.grant(GrantDraft(identityID: "payments-api", api: "legacy", scope: "r"), actor: "a")
            }
            _ = try await fixture.service.suspendIdentity(id: "payments-api", actor: "a")
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.grant(GrantDraft(identityID: "payments-api", api: "orders", scope: "r"), actor: "a")
            }
        }
    }

    @Test("the same scope twice is a conflict")
    func duplicate() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            try await fixture.api()
            let draft = GrantDraft(identityID: "payments-api", api: "orders", scope: "orders:read")
            _ = try await fixture.service.grant(draft, actor: "a")
            await #expect(throws: InventoryError.conflict) { try await fixture.service.grant(draft, actor: "a") }
        }
    }

    static let invalid: [(GrantDraft, String)] = [
        (GrantDraft(identityID: "payments-api", api: "orders", scope: ""), "scope"),
        (GrantDraft(identityID: "payments-api", api: "orders", scope: "read write"), "scope"),
        (GrantDraft(identityID: "payments-api", api: "orders", scope: "say\"hi"), "scope"),
        (GrantDraft(identityID: "payments-api", api: "orders", scope: "r", expiresAt: InventoryFixture.start), "expiresAt"),
        (GrantDraft(identityID: "payments-api", api: "orders", scope: "r", justification: String(repeating: "j", count: 1001)),
         "justification"),
    ]

    @Test("every grant field rule refuses with an error naming the field", arguments: invalid)
    func validation(draft: GrantDraft, field: String) async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            try await fixture.api()
            await #expect(throws: InventoryError.invalidField(field)) { try await fixture.service.grant(draft, actor: "a") }
        }
    }

    @Test("revoking removes the grant and records what it was")
    func revoke() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            try await fixture.api()
            let grant = try await fixture.service.grant(
                GrantDraft(identityID: "payments-api", api: "orders", scope: "orders:read"), actor: "a")
            try await fixture.service.revokeGrant(id: grant.id, actor: "b")
            #expect(try await fixture.service.grants(identityID: "payments-api").isEmpty)
            let last = try #require(try await fixture.audit().last)
            #expect(last.action == "grant.revoke")
            #expect(last.actor == "b")
            #expect(last.before?.contains("orders:read") == true)
            #expect(last.after == nil)
            await #expect(throws: InventoryError.notFound) { try await fixture.service.revokeGrant(id: grant.id, actor: "b") }
        }
    }
}
