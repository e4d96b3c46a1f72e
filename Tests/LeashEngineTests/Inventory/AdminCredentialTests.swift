import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Inventory: admin credentials")
struct AdminCredentialTests {
    @Test("the bootstrap secret is returned on the first start only, also across re-opening the file")
    func bootstrapOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-bootstrap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try SQLiteStore(dataDirectory: directory)
        let service = InventoryService(store: first)
        let secret = try #require(try await service.bootstrapIfNeeded())
        #expect(SecretFormat.isValid(secret, kind: .admin))
        #expect(try await service.bootstrapIfNeeded() == nil)
        try first.close()

        let second = try SQLiteStore(dataDirectory: directory)
        let again = InventoryService(store: second)
        #expect(try await again.bootstrapIfNeeded() == nil)
        let admin = try await again.authenticateAdmin(secret: secret)
        #expect(admin.role == .admin)
        #expect(admin.name == InventoryService.bootstrapCredentialName)
        let events = try await second.allAuditEvents()
        #expect(events.map(\.action) == ["admin.bootstrap"])
        #expect(events[0].actor == AuditEvent.systemActor)
        #expect(!(events[0].after ?? "").contains(admin.secretHash))
        try second.close()
    }

    @Test("authentication refuses wrong, malformed, other-kind and revoked secrets")
    func authentication() async throws {
        try await InventoryFixture.with { fixture async throws in
            let bootstrap = try #require(try await fixture.service.bootstrapIfNeeded())
            let bootstrapID = try await fixture.service.authenticateAdmin(secret: bootstrap).id
            let viewer = try await fixture.service.createAdminCredential(name: "ci", role: "viewer", actor: bootstrapID)
            #expect(try await fixture.service.authenticateAdmin(secret: viewer.secret).role == .viewer)

            let wellFormedUnknown = SecretHashing.generate(kind: .admin)
            var flipped = Array(viewer.secret)
            flipped[20] = flipped[20] == "A" ? "B" : "A"
            try await fixture.identity()
            let clientSecret = try await fixture.service.createClientSecret(identityID: "payments-api", actor: "a").secret
            for candidate in ["", "Bearer x", wellFormedUnknown, String(flipped), clientSecret] {
                await #expect(throws: InventoryError.unauthenticated) {
                    try await fixture.service.authenticateAdmin(secret: candidate)
                }
            }
            _ = try await fixture.service.revokeAdminCredential(id: viewer.record.id, actor: bootstrapID)
            await #expect(throws: InventoryError.unauthenticated) {
                try await fixture.service.authenticateAdmin(secret: viewer.secret)
            }
        }
    }

    @Test("admin credential fields are validated")
    func validation() async throws {
        try await InventoryFixture.with { fixture async throws in
            await #expect(throws: InventoryError.invalidField("role")) {
                try await fixture.service.createAdminCredential(name: "x", role: "root", actor: "a")
            }
            await #expect(throws: InventoryError.invalidField("name")) {
                try await fixture.service.createAdminCredential(name: "", role: "viewer", actor: "a")
            }
        }
    }

    @Test("the last unrevoked admin cannot be revoked")
    func lastAdmin() async throws {
        try await InventoryFixture.with { fixture async throws in
            let bootstrap = try #require(try await fixture.service.bootstrapIfNeeded())
            let root = try await fixture.service.authenticateAdmin(secret: bootstrap)
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.revokeAdminCredential(id: root.id, actor: root.id)
            }
            let second = try await fixture.service.createAdminCredential(name: "second", role: "admin", actor: root.id)
            _ = try await fixture.service.revokeAdminCredential(id: root.id, actor: second.record.id)
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.revokeAdminCredential(id: root.id, actor: second.record.id)
            }
            await #expect(throws: InventoryError.notFound) {
                try await fixture.service.revokeAdminCredential(id: "admin_none", actor: second.record.id)
            }
        }
    }
}
