import Testing

@testable import LeashCore

@Suite("catalog diff")
struct CatalogDiffTests {
    static func operation(
        _ method: String, _ template: String, scope: String = "orders:read", sensitivity: Sensitivity = .internal,
        id: String? = nil, summary: String? = nil
    ) -> Operation {
        Operation(
            api: "orders", id: id ?? "\(method) \(template)", method: method, pathTemplate: template, scope: scope,
            sensitivity: sensitivity, summary: summary, scopeSource: .security)
    }

    @Test("added, removed and changed operations are told apart by route")
    func diff() {
        let before = [
            Self.operation("GET", "/orders"),
            Self.operation("GET", "/orders/{id}"),
            Self.operation("DELETE", "/orders/{id}", scope: "orders:write"),
            Self.operation("GET", "/orders/{id}/items", summary: "old"),
        ]
        let after = [
            Self.operation("GET", "/orders", scope: "orders:list"),
            Self.operation("GET", "/orders/{id}", sensitivity: .confidential, id: "getOrder"),
            Self.operation("POST", "/orders", scope: "orders:write"),
            Self.operation("GET", "/orders/{id}/items", summary: "new"),
        ]
        let diff = CatalogDiff(before: before, after: after)
        #expect(diff.added.map(\.route) == ["POST /orders"])
        #expect(diff.removed.map(\.route) == ["DELETE /orders/{id}"])
        #expect(diff.changed.map(\.after.route) == ["GET /orders", "GET /orders/{id}"])
        #expect(diff.changed.map(\.fields) == [["scope"], ["sensitivity", "id"]])
        #expect(!diff.isEmpty)
        #expect(CatalogDiff(before: after, after: after).isEmpty)
    }

    @Test("sensitivities are ordered from public to restricted")
    func sensitivityOrder() {
        #expect([Sensitivity.restricted, .public, .confidential, .internal].sorted() == [.public, .internal, .confidential, .restricted])
        #expect([Sensitivity.internal, .restricted].max() == .restricted)
    }
}
