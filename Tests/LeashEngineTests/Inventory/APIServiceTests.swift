import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Inventory: APIs")
struct APIServiceTests {
    @Test("an API is registered with defaults and found by name")
    func create() async throws {
        try await InventoryFixture.with { fixture async throws in
            let api = try await fixture.service.createAPI(
                APIDraft(name: "orders", audience: "https://orders.example.com", owner: "team-orders",
                         sensitivity: "restricted", maxTokenTTL: 120),
                actor: "a")
            #expect(api.sensitivity == .restricted)
            #expect(api.maxTokenTTL == 120)
            #expect(api.status == .active)
            #expect(try await fixture.service.api(name: "orders") == api)
            #expect(try await fixture.service.apis() == [api])
            #expect(try await fixture.audit().map(\.action) == ["api.create"])
        }
    }

    @Test("a name or audience already in use is a conflict")
    func conflicts() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.api()
            await #expect(throws: InventoryError.conflict) { try await fixture.api("orders", audience: "urn:other") }
            await #expect(throws: InventoryError.conflict) {
                try await fixture.api("orders-v2", audience: "https://orders.example.com")
            }
            await #expect(throws: InventoryError.notFound) { try await fixture.service.api(name: "missing") }
        }
    }

    static let invalid: [(APIDraft, String)] = [
        (APIDraft(name: "Orders", audience: "https://o.example.com", owner: "o"), "name"),
        (APIDraft(name: "orders", audience: "orders", owner: "o"), "audience"),
        (APIDraft(name: "orders", audience: "https://o.example.com#x", owner: "o"), "audience"),
        (APIDraft(name: "orders", audience: "https://o.example.com", owner: ""), "owner"),
        (APIDraft(name: "orders", audience: "https://o.example.com", owner: "o", sensitivity: "secret"), "sensitivity"),
        (APIDraft(name: "orders", audience: "https://o.example.com", owner: "o", maxTokenTTL: 0), "maxTokenTTL"),
        (APIDraft(name: "orders", audience: "https://o.example.com", owner: "o", maxTokenTTL: 86_401), "maxTokenTTL"),
    ]

    @Test("every API field rule refuses with an error naming the field", arguments: invalid)
    func validation(draft: APIDraft, field: String) async throws {
        try await InventoryFixture.with { fixture async throws in
            await #expect(throws: InventoryError.invalidField(field)) {
                try await fixture.service.createAPI(draft, actor: "a")
            }
        }
    }

    @Test("updates apply, can remove the TTL limit, and refuse a taken audience")
    func update() async throws {
        try await InventoryFixture.with { fixture async throws in
            _ = try await fixture.service.createAPI(
                APIDraft(name: "orders", audience: "https://orders.example.com", owner: "o", maxTokenTTL: 60), actor: "a")
            try await fixture.api("billing", audience: "https://billing.example.com")
            let updated = try await fixture.service.updateAPI(
                name: "orders", APIChanges(owner: "team-new", maxTokenTTL: .some(nil), status: "retired"), actor: "a")
            #expect(updated.owner == "team-new")
            #expect(updated.maxTokenTTL == nil)
            #expect(updated.status == .retired)
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.updateAPI(
                    name: "orders", APIChanges(audience: "https://billing.example.com"), actor: "a")
            }
            await #expect(throws: InventoryError.invalidField("status")) {
                try await fixture.service.updateAPI(name: "orders", APIChanges(status: "gone"), actor: "a")
            }
            let decoded = try JSONDecoder().decode(APIChanges.self, from: Data(#"{"maxTokenTTL":null}"#.utf8))
            #expect(decoded.maxTokenTTL == .some(nil))
        }
    }

    @Test("an API with grants cannot be deleted until they are revoked")
    func delete() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            try await fixture.api()
            let grant = try await fixture.service.grant(
                GrantDraft(identityID: "payments-api", api: "orders", scope: "orders:read"), actor: "a")
            await #expect(throws: InventoryError.conflict) { try await fixture.service.deleteAPI(name: "orders", actor: "a") }
            try await fixture.service.revokeGrant(id: grant.id, actor: "a")
            try await fixture.service.deleteAPI(name: "orders", actor: "a")
            #expect(try await fixture.service.apis().isEmpty)
            await #expect(throws: InventoryError.notFound) { try await fixture.service.deleteAPI(name: "orders", actor: "a") }
            #expect(try await fixture.audit().last?.action == "api.delete")
        }
    }
}
