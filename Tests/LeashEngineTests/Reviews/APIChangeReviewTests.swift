import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

/// `api-changed` review items opened by `CatalogService.importOpenAPI`, over a real SQLite store.
private struct APIChangeFixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    let directory: URL
    let store: SQLiteStore
    let catalog: CatalogService
    let inventory: InventoryService
    let reviews: ReviewService

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-api-reviews-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        catalog = CatalogService(store: store, now: { Self.now })
        inventory = InventoryService(store: store)
        reviews = ReviewService(store: store)
    }

    func remove() {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func load(_ paths: String) async throws -> CatalogImport {
        try await catalog.importOpenAPI(
            api: "orders", document: Data(Self.document(paths).utf8), audience: "https://orders.example.com", owner: "team",
            actor: "adm_1")
    }

    func identity(_ id: String, status: IdentityStatus = .active) async throws {
        try await store.write { transaction in
            var identity = Identity(id: id, kind: .service, name: id, owner: "team", createdAt: Self.now, updatedAt: Self.now)
            identity.status = status
            try transaction.insert(identity)
        }
    }

    func openItems() async throws -> [ReviewItem] { try await reviews.items(status: .open) }

    static func document(_ paths: String) -> String {
        """
        openapi: 3.1.0
        info: {title: Orders, version: 1.0.0}
        paths:
        \(paths)
        """
    }

    static let v1 = """
          /orders:
            get: {operationId: listOrders, x-leash-scope: "orders:read"}
            post: {operationId: createOrder, x-leash-scope: "orders:write"}
          /orders/{id}:
            get: {operationId: getOrder, x-leash-scope: "orders:read"}
        """
    /// v1 plus `DELETE /orders/{id}` under `orders:write`.
    static let withDelete = v1 + """

            delete: {operationId: deleteOrder, x-leash-scope: "orders:write", x-leash-sensitivity: confidential}
        """
    /// v1 with `GET /orders/{id}` raised to restricted.
    static let raised = """
          /orders:
            get: {operationId: listOrders, x-leash-scope: "orders:read"}
            post: {operationId: createOrder, x-leash-scope: "orders:write"}
          /orders/{id}:
            get: {operationId: getOrder, x-leash-scope: "orders:read", x-leash-sensitivity: restricted}
        """
}

@Suite("Review items on an API re-import")
struct APIChangeReviewTests {
    @Test("a re-import with a new DELETE opens an item for the identity whose grant reaches it, in the import's transaction")
    func newDelete() async throws {
        let fixture = try APIChangeFixture()
        defer { fixture.remove() }
        try await fixture.load(APIChangeFixture.v1)
        try await fixture.identity("writer")
        try await fixture.identity("reader")
        let grant = try await fixture.inventory.grant(GrantDraft(identityID: "writer", api: "orders", scope: "orders:write"), actor: "adm_1")
        _ = try await fixture.inventory.grant(GrantDraft(identityID: "reader", api: "orders", scope: "orders:read"), actor: "adm_1")
        #expect(try await fixture.openItems().isEmpty)

        try await fixture.load(APIChangeFixture.withDelete)
        let items = try await fixture.openItems()
        let item = try #require(items.first)
        #expect(items.count == 1)
        #expect(item.trigger == .apiChanged && item.identityID == "writer" && item.api == "orders")
        #expect(item.operations == ["DELETE /orders/{id}"] && item.grantIDs == [grant.id])
        #expect(item.summary.contains("deleteOrder") && item.summary.contains("new write operation"))
        #expect(item.openedAt == APIChangeFixture.now)
        // Same transaction: the review.open event directly follows the import's own events.
        let actions = try await fixture.store.allAuditEvents().map(\.action)
        #expect(actions.suffix(2) == ["api.import", "review.open"])
    }

    @Test("the first import, a new read operation, and an unchanged re-import open nothing")
    func nearestNot() async throws {
        let fixture = try APIChangeFixture()
        defer { fixture.remove() }
        try await fixture.identity("reader")
        // A grant given before the API's first import: the first import widens nothing it did not already name.
        try await fixture.store.write { transaction in
            try transaction.insert(API(name: "orders", audience: "https://orders.example.com", owner: "team",
                                       createdAt: APIChangeFixture.now, updatedAt: APIChangeFixture.now))
        }
        _ = try await fixture.inventory.grant(GrantDraft(identityID: "reader", api: "orders", scope: "orders:write"), actor: "adm_1")
        try await fixture.load(APIChangeFixture.withDelete)
        try await fixture.load(APIChangeFixture.withDelete)
        #expect(try await fixture.openItems().isEmpty)
        _ = try await fixture.inventory.grant(GrantDraft(identityID: "reader", api: "orders", scope: "orders:read"), actor: "adm_1")
        let newRead = APIChangeFixture.withDelete + """

              /orders/{id}/items:
                get: {operationId: listItems, x-leash-scope: "orders:read", x-leash-sensitivity: restricted}
            """
        try await fixture.load(newRead)
        #expect(try await fixture.openItems().isEmpty)
    }

    @Test("the same change twice opens one item while it is open; after it is closed, the change again opens a new one")
    func idempotent() async throws {
        let fixture = try APIChangeFixture()
        defer { fixture.remove() }
        try await fixture.load(APIChangeFixture.v1)
        try await fixture.identity("writer")
        _ = try await fixture.inventory.grant(GrantDraft(identityID: "writer", api: "orders", scope: "orders:write"), actor: "adm_1")
        try await fixture.load(APIChangeFixture.withDelete)
        try await fixture.load(APIChangeFixture.v1)
        try await fixture.load(APIChangeFixture.withDelete)
        let items = try await fixture.reviews.items()
        #expect(items.count == 1)
        let first = try #require(items.first)
        _ = try await fixture.reviews.approve(id: first.id, actor: "adm_2")
        try await fixture.load(APIChangeFixture.v1)
        try await fixture.load(APIChangeFixture.withDelete)
        #expect(try await fixture.openItems().count == 1)
        #expect(try await fixture.reviews.items().count == 2)
    }

    @Test("raised sensitivity opens an item for readers; nobody reaching it opens one for the API alone, which only approve closes")
    func raisedAndAPIAlone() async throws {
        let fixture = try APIChangeFixture()
        defer { fixture.remove() }
        try await fixture.load(APIChangeFixture.v1)
        try await fixture.identity("reader")
        try await fixture.identity("asleep", status: .suspended)
        let grant = try await fixture.inventory.grant(GrantDraft(identityID: "reader", api: "orders", scope: "orders:read"), actor: "adm_1")
        try await fixture.load(APIChangeFixture.raised)
        let raised = try #require(try await fixture.openItems().first)
        #expect(raised.identityID == "reader" && raised.operations == ["GET /orders/{id}"])
        #expect(raised.summary.contains("raised from internal to restricted"))

        // reduce removes the grants concerned.
        let reduced = try await fixture.reviews.reduce(id: raised.id, actor: "adm_2")
        #expect(reduced.status == .reduced)
        #expect(try await fixture.store.grant(id: grant.id) == nil)

        // Nobody holds orders:write now: the new DELETE opens an item for the API alone.
        try await fixture.load(APIChangeFixture.raised + """

                delete: {operationId: deleteOrder, x-leash-scope: "orders:write"}
            """)
        let alone = try #require(try await fixture.openItems().first)
        #expect(alone.identityID == nil && alone.api == "orders" && alone.operations == ["DELETE /orders/{id}"])
        await #expect(throws: InventoryError.conflict("")) { try await fixture.reviews.reduce(id: alone.id, actor: "adm_2") }
        await #expect(throws: InventoryError.conflict("")) { try await fixture.reviews.revoke(id: alone.id, actor: "adm_2") }
        #expect(try await fixture.reviews.item(id: alone.id).status == .open)
        #expect(try await fixture.reviews.approve(id: alone.id, actor: "adm_2").status == .approved)
    }

    @Test("revoke of an api-changed item suspends the identity")
    func revoke() async throws {
        let fixture = try APIChangeFixture()
        defer { fixture.remove() }
        try await fixture.load(APIChangeFixture.v1)
        try await fixture.identity("writer")
        _ = try await fixture.inventory.grant(GrantDraft(identityID: "writer", api: "orders", scope: "orders:write"), actor: "adm_1")
        try await fixture.load(APIChangeFixture.withDelete)
        let item = try #require(try await fixture.openItems().first)
        #expect(try await fixture.reviews.revoke(id: item.id, actor: "adm_2").status == .revoked)
        #expect(try await fixture.store.identity(id: "writer")?.status == .suspended)
    }
}
