import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Inventory: audit trail")
struct AuditTrailTests {
    @Test("a realistic run of admin operations leaves a verifiable chain with no secrets in it")
    func chainAfterManyMutations() async throws {
        try await InventoryFixture.with { fixture async throws in
            let service = fixture.service
            let admin = try #require(try await service.bootstrapIfNeeded())
            var secrets = [admin]
            for index in 0..<10 {
                let id = "svc-\(index)"
                try await fixture.identity(id)
                try await fixture.api("api-\(index)", audience: "https://api-\(index).example.com")
                _ = try await service.grant(GrantDraft(identityID: id, api: "api-\(index)", scope: "read"), actor: "a")
                let secret = try await service.createClientSecret(identityID: id, actor: "a")
                let rotated = try await service.rotateClientSecret(id: secret.record.id, overlap: 60, actor: "a")
                secrets += [secret.secret, rotated.secret]
                fixture.clock.advance(by: 1.5)
                _ = try await service.updateIdentity(id: id, IdentityChanges(purpose: "step \(index)"), actor: "a")
            }
            let events = try await fixture.audit()
            #expect(events.count == 1 + 10 * 7)
            #expect(try AuditChain.verify(events, hasher: .sha256) == events.count)
            let hashes = secrets.map(SecretHashing.hash)
            for event in events {
                let text = (event.before ?? "") + (event.after ?? "")
                #expect(!secrets.contains { text.contains($0) })
                #expect(!hashes.contains { text.contains($0) })
            }
        }
    }

    @Test("a refused operation writes no audit event")
    func refusedWritesNothing() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let before = try await fixture.audit().count
            await #expect(throws: InventoryError.conflict) { try await fixture.identity() }
            await #expect(throws: InventoryError.notFound) {
                try await fixture.service.grant(GrantDraft(identityID: "payments-api", api: "none", scope: "r"), actor: "a")
            }
            #expect(try await fixture.audit().count == before)
        }
    }

    @Test("an update that changes nothing writes no audit event")
    func noOpUpdate() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            _ = try await fixture.service.updateIdentity(id: "payments-api", IdentityChanges(owner: "team-payments"), actor: "a")
            #expect(try await fixture.audit().count == 1)
        }
    }
}
