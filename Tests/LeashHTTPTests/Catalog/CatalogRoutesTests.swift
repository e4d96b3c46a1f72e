import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Testing

/// `/v1/apis/{name}/import`, `/operations`, `/imports`.
@Suite("admin catalog routes")
struct CatalogRoutesTests {
    static let document = """
        openapi: 3.1.0
        info: {title: Orders, version: 1.0.0}
        paths:
          /orders:
            get:
              operationId: listOrders
              security: [{oauth: [orders.read]}]
            post:
              x-leash-scope: orders.write
          /orders/{id}:
            delete: {}
        components:
          securitySchemes:
            oauth:
              type: oauth2
              flows: {clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {orders.read: r}}}
        """

    static func headers(_ secret: String, contentType: String? = "application/yaml") -> HTTPFields {
        var headers = Requests.admin(secret)
        if let contentType { headers[.contentType] = contentType }
        return headers
    }

    /// Checks a response against the served OpenAPI document.
    static func conforms(
        _ checker: OpenAPIChecker, _ method: String, _ path: String, _ response: TestResponse,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let problems = checker.problems(
            method: method, path: path.split(separator: "?").first.map(String.init) ?? path,
            status: Int(response.status.code), contentType: response.headers[.contentType],
            body: Data(response.body.readableBytesView))
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
    }

    @Test("a YAML document creates the API, lists its operations and history, and a re-import returns the diff")
    func importAndReimport() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let spec = try await client.execute(uri: "/openapi.json", method: .get)
            let checker = try OpenAPIChecker(documentData: Data(spec.body.readableBytesView))
            let path = "/v1/apis/orders/import?audience=https%3A%2F%2Forders.test&owner=team-orders"
            let created = try await client.execute(
                uri: path, method: .post, headers: Self.headers(server.adminSecret), body: ByteBuffer(string: Self.document))
            #expect(created.status == .created)
            Self.conforms(checker, "POST", "/v1/apis/orders/import", created)
            #expect(created.object["created"] as? Bool == true)
            #expect((created.object["api"] as? [String: Any])?["audience"] as? String == "https://orders.test")
            #expect(created.object["defaultedScopes"] as? [String] == ["DELETE /orders/{id}"])
            let operations = try #require(created.object["operations"] as? [[String: Any]])
            #expect(operations.map { $0["scope"] as? String } == ["orders.read", "orders.write", "orders:write"])
            #expect(operations.map { $0["scopeSource"] as? String } == ["security", "x-leash-scope", "default"])

            let changed = Self.document.replacingOccurrences(of: "    delete: {}", with: "    get: {}")
            let updated = try await client.execute(
                uri: "/v1/apis/orders/import", method: .post,
                headers: Self.headers(server.adminSecret, contentType: "application/openapi+yaml"),
                body: ByteBuffer(string: changed))
            #expect(updated.status == .ok)
            Self.conforms(checker, "POST", "/v1/apis/orders/import", updated)
            let diff = try #require((updated.object["record"] as? [String: Any])?["diff"] as? [String: Any])
            #expect((diff["added"] as? [[String: Any]])?.map { $0["method"] as? String } == ["GET"])
            #expect((diff["removed"] as? [[String: Any]])?.map { $0["method"] as? String } == ["DELETE"])

            let listed = try await client.execute(
                uri: "/v1/apis/orders/operations", method: .get, headers: Requests.admin(server.adminSecret))
            #expect(listed.status == .ok)
            Self.conforms(checker, "GET", "/v1/apis/orders/operations", listed)
            #expect((listed.object["items"] as? [Any])?.count == 3)

            let history = try await client.execute(
                uri: "/v1/apis/orders/imports?limit=1", method: .get, headers: Requests.admin(server.adminSecret))
            #expect(history.status == .ok)
            Self.conforms(checker, "GET", "/v1/apis/orders/imports", history)
            #expect((history.object["items"] as? [[String: Any]])?.map { $0["sequence"] as? Int } == [2])

            let json = try JSONSerialization.data(withJSONObject: [
                "openapi": "3.0.3", "info": ["title": "Billing", "version": "1"],
                "paths": ["/invoices": ["get": ["responses": ["200": ["description": "ok"]]]]],
            ])
            let billing = try await client.execute(
                uri: "/v1/apis/billing/import?audience=https://billing.test&owner=team-finance&basePath=/v2", method: .post,
                headers: Self.headers(server.adminSecret, contentType: "application/json"), body: ByteBuffer(bytes: json))
            #expect(billing.status == .created)
            #expect((billing.object["operations"] as? [[String: Any]])?.first?["scope"] as? String == "billing:read")
            #expect((billing.object["operations"] as? [[String: Any]])?.first?["pathTemplate"] as? String == "/v2/invoices")
        }
    }

    @Test(
        "bad documents are refused with a 4xx JSON error naming the place",
        arguments: [
            ("openapi: 3.1.0\ninfo:\n  title: [x\n", "application/yaml", 422, "line"),
            ("{\"openapi\": \"3.1.0\" \"info\": 1}", "application/json", 422, "line"),
            ("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      x-leash-sensitivity: secret\n",
             "application/yaml", 422, "paths./a.get.x-leash-sensitivity"),
            ("swagger: '2.0'\n", "application/yaml", 422, "Swagger"),
            ("openapi: 3.1.0\n", "text/plain", 400, "Content-Type"),
        ])
    func badDocuments(document: String, contentType: String, status: Int, mention: String) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let spec = try await client.execute(uri: "/openapi.json", method: .get)
            let checker = try OpenAPIChecker(documentData: Data(spec.body.readableBytesView))
            let response = try await client.execute(
                uri: "/v1/apis/orders/import?audience=https://orders.test&owner=o", method: .post,
                headers: Self.headers(server.adminSecret, contentType: contentType), body: ByteBuffer(string: document))
            #expect(Int(response.status.code) == status)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let description = response.object["error_description"] as? String ?? ""
            #expect(description.contains(mention), "\(description)")
            Self.conforms(checker, "POST", "/v1/apis/orders/import", response)
        }
    }

    @Test("creating an API without an audience is a 400; an unknown API's operations are a 404")
    func missing() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let noAudience = try await client.execute(
                uri: "/v1/apis/orders/import?owner=o", method: .post, headers: Self.headers(server.adminSecret),
                body: ByteBuffer(string: Self.document))
            #expect(noAudience.status == .badRequest)
            #expect((noAudience.object["error_description"] as? String)?.contains("audience") == true)
            for path in ["/v1/apis/nope/operations", "/v1/apis/nope/imports"] {
                let response = try await client.execute(uri: path, method: .get, headers: Requests.admin(server.adminSecret))
                #expect(response.status == .notFound)
                #expect(response.object["error"] as? String == "not_found")
            }
            let badLimit = try await client.execute(
                uri: "/v1/apis/nope/imports?limit=0", method: .get, headers: Requests.admin(server.adminSecret))
            #expect(badLimit.status == .badRequest)
        }
    }

    @Test("a document over 4 MiB is refused with 413 before it is parsed")
    func oversized() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let body = ByteBuffer(repeating: UInt8(ascii: "#"), count: 4 * 1024 * 1024 + 1)
            let response = try await client.execute(
                uri: "/v1/apis/orders/import?audience=https://orders.test&owner=o", method: .post,
                headers: Self.headers(server.adminSecret), body: body)
            #expect(response.status == .contentTooLarge)
            #expect(response.object["error"] as? String == "invalid_request")
        }
    }

    @Test("importing needs the operator role; a viewer may read; no secret is a 401")
    func roles() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let viewer = try await client.execute(
                uri: "/v1/admin-credentials", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["name": "auditor", "role": "viewer"]))
            let viewerSecret = try #require(viewer.object["secret"] as? String)
            let refused = try await client.execute(
                uri: "/v1/apis/orders/import?audience=https://orders.test&owner=o", method: .post,
                headers: Self.headers(viewerSecret), body: ByteBuffer(string: Self.document))
            #expect(refused.status == .forbidden)
            #expect(refused.object["error"] as? String == "forbidden")
            let anonymous = try await client.execute(
                uri: "/v1/apis/orders/import", method: .post, headers: [.contentType: "application/yaml"],
                body: ByteBuffer(string: Self.document))
            #expect(anonymous.status == .unauthorized)

            let imported = try await client.execute(
                uri: "/v1/apis/orders/import?audience=https://orders.test&owner=o", method: .post,
                headers: Self.headers(server.adminSecret), body: ByteBuffer(string: Self.document))
            #expect(imported.status == .created)
            let read = try await client.execute(uri: "/v1/apis/orders/operations", method: .get, headers: Requests.admin(viewerSecret))
            #expect(read.status == .ok)
        }
    }
}
