import Testing

@testable import LeashCore

@Suite("route table matching")
struct RouteTableTests {
    static func operation(_ method: String, _ template: String, id: String? = nil) -> Operation {
        Operation(
            api: "orders", id: id ?? "\(method) \(template)", method: method, pathTemplate: template,
            scope: method == "GET" ? "orders:read" : "orders:write", sensitivity: .internal, scopeSource: .default)
    }

    static let table = RouteTable(operations: [
        operation("GET", "/orders"),
        operation("POST", "/orders"),
        operation("GET", "/orders/{id}"),
        operation("DELETE", "/orders/{id}"),
        operation("GET", "/orders/new"),
        operation("GET", "/orders/{id}/items"),
        operation("GET", "/orders/{id}/items/{item}"),
        operation("GET", "/orders/new/preview"),
        operation("GET", "/admin/users"),
        operation("GET", "/reports/{name}.{format}"),
        operation("GET", "/reports/{name}.pdf"),
        operation("GET", "/files/"),
        operation("HEAD", "/health"),
        operation("GET", "/health"),
        operation("GET", "/"),
    ])

    @Test(
        "requests match the template OpenAPI means, with decoded parameters",
        arguments: [
            ("GET", "/orders", "GET /orders", [:]),
            ("POST", "/orders?dry-run=1", "POST /orders", [:]),
            ("GET", "/orders/42", "GET /orders/{id}", ["id": "42"]),
            ("GET", "/orders/%34%32", "GET /orders/{id}", ["id": "42"]),
            ("GET", "/orders/a%20b", "GET /orders/{id}", ["id": "a b"]),
            ("DELETE", "/orders/42", "DELETE /orders/{id}", ["id": "42"]),
            ("GET", "/orders/new", "GET /orders/new", [:]),  // literal beats parameter
            ("GET", "/orders/%6Eew", "GET /orders/new", [:]),
            ("GET", "/orders/new/items", "GET /orders/{id}/items", ["id": "new"]),  // backtracks to the parameter
            ("GET", "/orders/new/preview", "GET /orders/new/preview", [:]),
            ("GET", "/orders/42/items/7", "GET /orders/{id}/items/{item}", ["id": "42", "item": "7"]),
            ("GET", "/orders/42/items/../../7", "GET /orders/{id}", ["id": "7"]),
            ("GET", "/orders/42/./items", "GET /orders/{id}/items", ["id": "42"]),
            ("GET", "/reports/q3.pdf", "GET /reports/{name}.pdf", ["name": "q3"]),
            ("GET", "/reports/q3.csv", "GET /reports/{name}.{format}", ["name": "q3", "format": "csv"]),
            ("GET", "/reports/a.b.csv", "GET /reports/{name}.{format}", ["name": "a", "format": "b.csv"]),
            ("GET", "/files/", "GET /files/", [:]),
            ("HEAD", "/health", "HEAD /health", [:]),
            ("HEAD", "/orders/42", "GET /orders/{id}", ["id": "42"]),  // HEAD falls back to GET
            ("GET", "/", "GET /", [:]),
        ] as [(String, String, String, [String: String])])
    func matches(method: String, path: String, route: String, parameters: [String: String]) throws {
        let match = try #require(Self.table.match(method: method, path: path))
        #expect(match.operation.route == route)
        #expect(match.parameters == parameters)
    }

    @Test(
        "requests no operation covers match nothing",
        arguments: [
            ("GET", "/orders/42/items/7/extra"),
            ("GET", "/orders/"),  // a parameter is never empty, and the trailing slash counts
            ("GET", "/orders//items"),
            ("GET", "/orders/42/"),
            ("GET", "/orders/42/items/.."),  // RFC 3986 §5.2.4 gives /orders/42/, and the trailing slash counts
            ("GET", "/files"),
            ("PUT", "/orders/42"),  // no such method
            ("get", "/orders/42"),  // methods are case-sensitive
            ("Get", "/orders"),
            ("GET", "/orders/%2e%2e/admin"),  // resolves to /admin: not /orders/{id}/items or any orders route
            ("GET", "/orders/%2e%2e/%2e%2e/admin/users"),  // climbs above the root
            ("GET", "/orders/42%2Fitems"),  // an encoded slash is refused, not matched as {id}
            ("GET", "/reports/.pdf"),  // the parameter before the literal is never empty
            ("GET", "/reports/q3"),
            ("POST", "/health"),
            ("GET", "/unknown"),
        ])
    func noMatch(method: String, path: String) {
        #expect(Self.table.match(method: method, path: path) == nil)
    }

    @Test(
        "dot-segments resolve before matching, so the decision is about the operation the path really names",
        arguments: ["/orders/42/%2e%2e/%2e%2e/admin/users", "/orders/%2E%2E/admin/users", "/orders/./../admin/users"])
    func dotSegmentsResolveBeforeMatching(path: String) throws {
        let match = try #require(Self.table.match(method: "GET", path: path))
        #expect(match.operation.route == "GET /admin/users")
        #expect(match.path == "/admin/users")
    }

    @Test("the match reports the normalized path")
    func normalizedPath() throws {
        let match = try #require(Self.table.match(method: "GET", path: "/orders/x/../%34%32/./items?x=1"))
        #expect(match.path == "/orders/42/items")
        #expect(match.operation.route == "GET /orders/{id}/items")
    }

    @Test("a table built from unsound operations leaves the later duplicate and the unparseable template out")
    func unsoundInput() {
        let table = RouteTable(operations: [
            Self.operation("GET", "/orders/{id}", id: "a"),
            Self.operation("GET", "/orders/{orderId}", id: "b"),
            Self.operation("GET", "orders", id: "c"),
        ])
        #expect(table.operations.map(\.id) == ["a"])
        #expect(table.match(method: "GET", path: "/orders/1")?.parameters == ["id": "1"])
    }
}
