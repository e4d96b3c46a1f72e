import Foundation
import LeashCore
import LeashEngine
import Testing

@Suite("Catalog import rules")
struct ImportRulesTests {
    static let paths = """
          /orders:
            get:
              operationId: listOrders
              summary: List orders
              security:
                - oauth: [orders.read]
              x-leash-scope: orders.list
            post:
              security:
                - key: []
                - oauth: [orders.write, orders.admin]
          /orders/{id}:
            get:
              x-leash-scope: orders.view
              x-leash-sensitivity: confidential
            delete:
              security: []
            head:
              security:
                - oidc: [openid.orders]
          /health:
            get:
              security:
                - key: []
    """

    static func operation(_ result: CatalogImport, _ route: String) throws -> LeashCore.Operation {
        try #require(result.operations.first { $0.route == route })
    }

    @Test("scope comes from the OAuth/OIDC requirement, else x-leash-scope, else the method's default")
    func scopes() async throws {
        try await CatalogFixture.with { fixture in
            let result = try await fixture.load(yamlDocument(paths: Self.paths))
            let list = try Self.operation(result, "GET /orders")
            #expect(list.id == "listOrders")
            #expect(list.summary == "List orders")
            #expect((list.scope, list.scopeSource) == ("orders.read", .security))
            #expect(result.warnings.contains { $0.contains("paths./orders.get") && $0.contains("orders.list is ignored") })
            // API-key alternative skipped; the first of several scopes is required, with a warning.
            let create = try Self.operation(result, "POST /orders")
            #expect(create.id == "POST /orders")
            #expect((create.scope, create.scopeSource) == ("orders.write", .security))
            #expect(result.warnings.contains { $0.contains("paths./orders.post") && $0.contains("orders.write") })
            let view = try Self.operation(result, "GET /orders/{id}")
            #expect((view.scope, view.scopeSource) == ("orders.view", .leashExtension))
            // `security: []` names no scope: the default for a write method.
            let delete = try Self.operation(result, "DELETE /orders/{id}")
            #expect((delete.scope, delete.scopeSource) == ("orders:write", .default))
            let head = try Self.operation(result, "HEAD /orders/{id}")
            #expect((head.scope, head.scopeSource) == ("openid.orders", .security))
            // Only a non-OAuth scheme: the default for a read method.
            let health = try Self.operation(result, "GET /health")
            #expect((health.scope, health.scopeSource) == ("orders:read", .default))
            #expect(result.defaultedScopes == ["GET /health", "DELETE /orders/{id}"])
        }
    }

    @Test("the document-level security applies to operations without their own")
    func documentSecurity() async throws {
        try await CatalogFixture.with { fixture in
            let document = yamlDocument(
                root: "security:\n  - oauth: [orders.admin]",
                paths: "  /a:\n    get: {}\n  /b:\n    get:\n      security:\n        - oauth: [orders.read]")
            let result = try await fixture.load(document)
            #expect(result.operations.map(\.scope) == ["orders.admin", "orders.read"])
            #expect(result.operations.allSatisfy { $0.scopeSource == .security })
        }
    }

    @Test("sensitivity comes from the operation, else the document (root or info), else internal")
    func sensitivity() async throws {
        try await CatalogFixture.with { fixture in
            let plain = try await fixture.load(yamlDocument(paths: Self.paths))
            #expect(try Self.operation(plain, "GET /orders").sensitivity == .internal)
            #expect(try Self.operation(plain, "GET /orders/{id}").sensitivity == .confidential)
            #expect(plain.api.sensitivity == .confidential)  // the highest of its operations

            let rooted = try await fixture.load(
                yamlDocument(root: "x-leash-sensitivity: restricted", paths: Self.paths), api: "billing")
            #expect(try Self.operation(rooted, "GET /orders").sensitivity == .restricted)
            #expect(try Self.operation(rooted, "GET /orders/{id}").sensitivity == .confidential)
            #expect(rooted.api.sensitivity == .restricted)

            let info = yamlDocument(paths: "  /a:\n    get: {}").replacingOccurrences(
                of: "  version: 1.0.0", with: "  version: 1.0.0\n  x-leash-sensitivity: public")
            let publicAPI = try await fixture.load(info, api: "status")
            #expect(publicAPI.operations.map(\.sensitivity) == [.public])
            #expect(publicAPI.api.sensitivity == .public)
        }
    }

    static let refusals: [(String, String)] = [
        (yamlDocument(paths: "  /a:\n    get:\n      x-leash-sensitivity: secret"), "paths./a.get.x-leash-sensitivity"),
        (yamlDocument(root: "x-leash-sensitivity: 3", paths: "  /a:\n    get: {}"), "x-leash-sensitivity"),
        (yamlDocument(paths: "  /a:\n    get:\n      x-leash-scope: [a]"), "paths./a.get.x-leash-scope"),
        (yamlDocument(paths: "  /a:\n    get:\n      x-leash-scope: 'has space'"), "paths./a.get.x-leash-scope"),
        (yamlDocument(paths: "  /a:\n    get:\n      security:\n        - nope: [x]"), "paths./a.get.security"),  // OpenAPIKit itself checks scheme references
        (yamlDocument(paths: "  /a:\n    get:\n      operationId: same\n  /b:\n    get:\n      operationId: same"),
         "paths./b.get.operationId"),
        (yamlDocument(paths: "  /a/{id:\n    get: {}"), "paths./a/{id"),
        (yamlDocument(
            root: "x-leash-sensitivity: public",
            paths: "  /a:\n    get: {}").replacingOccurrences(of: "  version: 1.0.0", with: "  version: 1.0.0\n  x-leash-sensitivity: restricted"),
         "x-leash-sensitivity"),
    ]

    @Test("invalid extension values and broken references are refused, naming the JSON path", arguments: refusals)
    func refusal(document: String, place: String) async throws {
        try await CatalogFixture.with { fixture in
            do {
                try await fixture.load(document)
                Issue.record("the import was accepted")
            } catch let error as CatalogError {
                #expect(error == .invalidDocument)
                #expect(error.location?.hasPrefix(place) == true, "\(error)")
            }
            #expect(try await fixture.store.read { try $0.api(name: "orders") } == nil)
        }
    }

    @Test("templates that differ only in parameter names are refused as ambiguous")
    func ambiguous() async throws {
        try await CatalogFixture.with { fixture in
            let document = yamlDocument(paths: "  /orders/{id}:\n    get: {}\n  /orders/{orderId}:\n    get: {}")
            await #expect(throws: CatalogError.ambiguousRoutes) { try await fixture.load(document) }
        }
    }

    @Test("a base path prefixes every template; a base path that is not literal segments is refused")
    func basePath() async throws {
        try await CatalogFixture.with { fixture in
            let data = Data(yamlDocument(paths: "  /:\n    get: {}\n  /orders/{id}:\n    delete: {}").utf8)
            let result = try await fixture.catalog.importOpenAPI(
                api: "orders", document: data, audience: "https://o.example.com", owner: "o", basePath: "/api/v1",
                actor: "a")
            #expect(result.operations.map(\.route) == ["GET /api/v1/", "DELETE /api/v1/orders/{id}"])
            #expect(result.operations.map(\.id) == ["GET /api/v1/", "DELETE /api/v1/orders/{id}"])
            let table = RouteTable(operations: result.operations)
            #expect(table.match(method: "DELETE", path: "/api/v1/orders/7")?.parameters == ["id": "7"])
            #expect(table.match(method: "DELETE", path: "/orders/7") == nil)
            for bad in ["v1", "/v1/", "/{version}", "/a//b", "/a/../b"] {
                await #expect(throws: InventoryError.invalidField("basePath")) {
                    try await fixture.catalog.importOpenAPI(api: "orders", document: data, basePath: bad, actor: "a")
                }
            }
        }
    }

    @Test("creating an API needs an audience and an owner; a bad API name is refused")
    func creation() async throws {
        try await CatalogFixture.with { fixture in
            let data = Data(yamlDocument(paths: Self.paths).utf8)
            await #expect(throws: CatalogError.missingField) {
                try await fixture.catalog.importOpenAPI(api: "orders", document: data, owner: "o", actor: "a")
            }
            await #expect(throws: CatalogError.missingField) {
                try await fixture.catalog.importOpenAPI(api: "orders", document: data, audience: "https://o.example.com", actor: "a")
            }
            await #expect(throws: InventoryError.invalidField("name")) {
                try await fixture.catalog.importOpenAPI(api: "Orders!", document: data, actor: "a")
            }
            await #expect(throws: InventoryError.invalidField("audience")) {
                try await fixture.catalog.importOpenAPI(api: "orders", document: data, audience: "nope", owner: "o", actor: "a")
            }
        }
    }
}
