import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

/// A real SQLite store with one API and identities of each trust tier.
private struct ReviewFixture {
    let directory: URL
    let store: SQLiteStore
    let inventory: InventoryService
    let reviews: ReviewService

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-reviews-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        inventory = InventoryService(store: store)
        reviews = ReviewService(store: store)
        let created = Date().addingTimeInterval(-86_400)
        try await store.write { transaction in
            try transaction.insert(API(name: "orders", audience: "https://orders.example.com", owner: "team", createdAt: created, updatedAt: created))
            for (id, tier, owner, status) in [
                ("vendor", TrustTier.thirdParty, "team-a", IdentityStatus.active), ("partner", .partner, "team-a", .active),
                ("inhouse", .internal, "team-a", .active), ("dormant", .internal, "team-a", .suspended), ("other", .internal, "team-b", .active),
            ] {
                var identity = Identity(id: id, kind: .service, name: id, owner: owner, trustTier: tier, createdAt: created, updatedAt: created)
                identity.status = status
                try transaction.insert(identity)
            }
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func actions(target: String) async throws -> [String] {
        try await store.allAuditEvents().filter { $0.targetID == target }.map(\.action)
    }
}

@Suite("Review items")
struct ReviewServiceTests {
    @Test("a grant to a partner or third-party identity opens a review item; a grant to an internal identity does not",
          arguments: [("vendor", true), ("partner", true), ("inhouse", false)])
    func partnerGrant(identity: String, opens: Bool) async throws {
        let fixture = try await ReviewFixture()
        defer { fixture.remove() }
        let grant = try await fixture.inventory.grant(GrantDraft(identityID: identity, api: "orders", scope: "orders:read"), actor: "adm_1")
        let items = try await fixture.reviews.items()
        #expect(items.count == (opens ? 1 : 0))
        if let item = items.first {
            #expect(item.trigger == .partnerGrant)
            #expect(item.grantID == grant.id)
            #expect(item.identityID == identity)
            #expect(item.status == .open)
            #expect(try await fixture.actions(target: item.id) == ["review.open"])
        }
    }

    @Test("an owner marked gone opens an item for each of its active identities, not its suspended ones nor others'; twice is refused")
    func ownerGone() async throws {
        let fixture = try await ReviewFixture()
        defer { fixture.remove() }
        let opened = try await fixture.reviews.markOwnerGone("team-a", actor: "adm_1")
        #expect(Set(opened.map(\.identityID)) == ["vendor", "partner", "inhouse"])
        #expect(opened.allSatisfy { $0.trigger == .ownerGone && $0.grantID == nil })
        #expect(try await fixture.reviews.items(status: .open).count == 3)
        #expect(try await fixture.actions(target: "team-a") == ["owner.gone"])
        await #expect(throws: InventoryError.conflict("")) { try await fixture.reviews.markOwnerGone("team-a", actor: "adm_1") }
        #expect(try await fixture.reviews.markOwnerGone("team-nobody", actor: "adm_1").isEmpty)
    }

    @Test("reduce removes the grant that raised the item; approve leaves it; both close the item once, audited")
    func reduceAndApprove() async throws {
        let fixture = try await ReviewFixture()
        defer { fixture.remove() }
        let grant = try await fixture.inventory.grant(GrantDraft(identityID: "vendor", api: "orders", scope: "orders:read"), actor: "adm_1")
        let other = try await fixture.inventory.grant(GrantDraft(identityID: "partner", api: "orders", scope: "orders:read"), actor: "adm_1")
        let items = try await fixture.reviews.items()
        let vendorItem = try #require(items.first { $0.identityID == "vendor" })
        let partnerItem = try #require(items.first { $0.identityID == "partner" })

        let reduced = try await fixture.reviews.reduce(id: vendorItem.id, actor: "adm_2")
        #expect(reduced.status == .reduced && reduced.closedBy == "adm_2" && reduced.closedAt != nil)
        #expect(try await fixture.inventory.grants(identityID: "vendor").isEmpty)
        #expect(try await fixture.actions(target: grant.id) == ["grant.create", "grant.revoke"])
        #expect(try await fixture.actions(target: vendorItem.id) == ["review.open", "review.reduce"])
        await #expect(throws: InventoryError.conflict("")) { try await fixture.reviews.approve(id: vendorItem.id, actor: "adm_2") }

        let approved = try await fixture.reviews.approve(id: partnerItem.id, actor: "adm_2")
        #expect(approved.status == .approved)
        #expect(try await fixture.inventory.grants(identityID: "partner").map(\.id) == [other.id])
        #expect(try await fixture.reviews.items(status: .open).isEmpty)
        await #expect(throws: InventoryError.notFound("")) { try await fixture.reviews.approve(id: "rev_missing", actor: "adm_2") }
    }

    @Test("revoke suspends the identity; an item no grant raised cannot be reduced")
    func revoke() async throws {
        let fixture = try await ReviewFixture()
        defer { fixture.remove() }
        let opened = try await fixture.reviews.markOwnerGone("team-b", actor: "adm_1")
        let item = try #require(opened.first)
        await #expect(throws: InventoryError.conflict("")) { try await fixture.reviews.reduce(id: item.id, actor: "adm_2") }
        #expect(try await fixture.reviews.item(id: item.id).status == .open)
        let revoked = try await fixture.reviews.revoke(id: item.id, actor: "adm_2")
        #expect(revoked.status == .revoked)
        #expect(try await fixture.store.identity(id: "other")?.status == .suspended)
        #expect(try await fixture.actions(target: "other").contains("identity.suspend"))
        #expect(try await fixture.actions(target: item.id) == ["review.open", "review.revoke"])
    }
}
