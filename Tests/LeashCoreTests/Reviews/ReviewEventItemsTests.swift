import Foundation
import LeashCore
import Testing

/// The pure rules of the `api-changed` and `new-caller` triggers.
@Suite("Review items from catalog changes and first calls")
struct ReviewEventItemsTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func operation(_ method: String, _ path: String, _ id: String, scope: String, _ sensitivity: Sensitivity)
        -> LeashCore.Operation
    {
        LeashCore.Operation(
            api: "orders", id: id, method: method, pathTemplate: path, scope: scope, sensitivity: sensitivity,
            scopeSource: .leashExtension)
    }

    static let read = operation("GET", "/orders/{id}", "getOrder", scope: "orders:read", .internal)
    static let write = operation("POST", "/orders", "createOrder", scope: "orders:write", .internal)
    static let delete = operation("DELETE", "/orders/{id}", "deleteOrder", scope: "orders:write", .confidential)
    static let newRead = operation("GET", "/orders/{id}/items", "listItems", scope: "orders:read", .restricted)

    static func identity(_ id: String, status: IdentityStatus = .active) -> Identity {
        var identity = Identity(id: id, kind: .service, name: id, owner: "team", createdAt: now, updatedAt: now)
        identity.status = status
        return identity
    }

    static func grant(_ id: String, _ identity: String, _ scope: String, expires: Date? = nil) -> Grant {
        Grant(id: id, identityID: identity, api: "orders", scope: scope, expiresAt: expires, grantedBy: "adm", createdAt: now)
    }

    @Test("new write operations and raised sensitivities widen; new reads, lowered sensitivity and scope changes do not")
    func widenings() {
        var raised = Self.read
        raised.sensitivity = .restricted
        var lowered = Self.write
        lowered.sensitivity = .public
        var rescoped = Self.write
        rescoped.scope = "orders:admin"
        let diff = CatalogDiff(before: [Self.read, Self.write], after: [raised, Self.delete, Self.newRead])
        #expect(CatalogWidening.widenings(in: diff).map(\.operation.route) == ["DELETE /orders/{id}", "GET /orders/{id}"])
        #expect(CatalogWidening.widenings(in: diff).map(\.kind) == [.newWrite, .sensitivityRaised(from: .internal)])
        #expect(CatalogWidening.widenings(in: CatalogDiff(before: [Self.read, Self.write], after: [Self.read, lowered])).isEmpty)
        #expect(CatalogWidening.widenings(in: CatalogDiff(before: [Self.write], after: [rescoped])).isEmpty)
        #expect(CatalogWidening.widenings(in: CatalogDiff(before: [Self.read], after: [Self.read, Self.newRead])).isEmpty)
    }

    @Test("an identity whose grant covers a new write operation gets an item naming the API, operation, change and grant")
    func identityReaches() throws {
        let diff = CatalogDiff(before: [Self.read, Self.write], after: [Self.read, Self.write, Self.delete])
        let items = ReviewItem.forAPIChange(
            api: "orders", diff: diff, grants: [Self.grant("g1", "writer", "orders:write"), Self.grant("g2", "reader", "orders:read")],
            identities: ["writer": Self.identity("writer"), "reader": Self.identity("reader")], at: Self.now)
        let item = try #require(items.first)
        #expect(items.count == 1)
        #expect(item.trigger == .apiChanged && item.status == .open)
        #expect(item.identityID == "writer" && item.api == "orders")
        #expect(item.operations == ["DELETE /orders/{id}"])
        #expect(item.grantIDs == ["g1"] && item.grantsConcerned == ["g1"])
        #expect(item.summary.contains("orders") && item.summary.contains("DELETE /orders/{id}"))
        #expect(item.summary.contains("new write operation") && item.summary.contains("orders:write"))
    }

    @Test("with no active identity reaching a widening, one item is opened for the API alone",
          arguments: [
              ("suspended identity", [grant("g1", "writer", "orders:write")], IdentityStatus.suspended),
              ("expired grant", [grant("g1", "writer", "orders:write", expires: now.addingTimeInterval(-1))], .active),
              ("other scope only", [grant("g1", "writer", "orders:read")], .active),
              ("no grants", [], .active),
          ])
    func apiAlone(situation: String, grants: [Grant], status: IdentityStatus) throws {
        let diff = CatalogDiff(before: [Self.read], after: [Self.read, Self.delete])
        let items = ReviewItem.forAPIChange(
            api: "orders", diff: diff, grants: grants, identities: ["writer": Self.identity("writer", status: status)], at: Self.now)
        let item = try #require(items.first)
        #expect(items.count == 1)
        #expect(item.identityID == nil && item.api == "orders" && item.grantsConcerned.isEmpty)
        #expect(item.operations == ["DELETE /orders/{id}"])
        #expect(item.summary.contains("no active identity"))
    }

    @Test("a re-import that widens nothing opens nothing, even for identities holding every scope")
    func nothingWidened() {
        let diff = CatalogDiff(before: [Self.read, Self.write], after: [Self.read, Self.newRead])
        #expect(ReviewItem.forAPIChange(
            api: "orders", diff: diff, grants: [Self.grant("g1", "all", "orders:read"), Self.grant("g2", "all", "orders:write")],
            identities: ["all": Self.identity("all")], at: Self.now).isEmpty)
    }

    @Test("widenings reached by some identity go to its item; the rest to an item for the API alone")
    func split() {
        var raised = Self.read
        raised.sensitivity = .confidential
        let diff = CatalogDiff(before: [Self.read], after: [raised, Self.delete])
        let items = ReviewItem.forAPIChange(
            api: "orders", diff: diff, grants: [Self.grant("g1", "reader", "orders:read")],
            identities: ["reader": Self.identity("reader")], at: Self.now)
        #expect(items.map(\.identityID) == ["reader", nil])
        #expect(items.map(\.operations) == [["GET /orders/{id}"], ["DELETE /orders/{id}"]])
        #expect(items.first?.summary.contains("raised from internal to confidential") == true)
    }

    @Test("a first call opens an item only for a confidential or restricted operation",
          arguments: [(Sensitivity.public, false), (.internal, false), (.confidential, true), (.restricted, true)])
    func newCaller(sensitivity: Sensitivity, opens: Bool) throws {
        var operation = Self.read
        operation.sensitivity = sensitivity
        let item = ReviewItem.forNewCaller(
            identityID: "svc", operation: operation, firstCall: Self.now, grantIDs: ["g1"], id: "rev_1", at: Self.now)
        #expect((item != nil) == opens)
        if let item {
            #expect(item.trigger == .newCaller && item.identityID == "svc" && item.api == "orders")
            #expect(item.operations == ["GET /orders/{id}"] && item.grantsConcerned == ["g1"])
            #expect(item.summary.contains(sensitivity.rawValue) && item.summary.contains("first time"))
        }
    }

    @Test("an item stored before the new fields existed still decodes; its single grant is the one concerned")
    func legacyJSON() throws {
        let json = #"{"id":"rev_1","trigger":"partner-grant","status":"open","identityID":"vendor","grantID":"g9","summary":"s","openedAt":0}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .acceptingFormerIdentifierSpelling
        let item = try decoder.decode(ReviewItem.self, from: Data(json.utf8))
        #expect(item.identityID == "vendor" && item.api == nil && item.operations == nil)
        #expect(item.grantsConcerned == ["g9"])
    }

    @Test("the same event is recognised; a different grant, identity or summary is another event")
    func sameEvent() {
        let item = ReviewItem(id: "rev_1", trigger: .apiChanged, identityID: nil, api: "orders", operations: ["DELETE /x"], summary: "s", openedAt: Self.now)
        var twin = item
        twin.id = "rev_2"
        #expect(item.reportsSameEvent(as: twin))
        var other = twin
        other.summary = "t"
        #expect(!item.reportsSameEvent(as: other))
        other = twin
        other.identityID = "svc"
        #expect(!item.reportsSameEvent(as: other))
    }
}
