import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Testing

/// Every response the scenario below provokes — successes and refusals on every route — has a
/// status and a body that the served OpenAPI document describes.
@Suite("OpenAPI conformance")
struct OpenAPIConformanceTests {
    /// Sends requests and keeps every response for checking.
    final class Recorder: @unchecked Sendable {
        // Only touched from the single test task, in sequence.
        var exchanges: [(method: String, path: String, status: Int, contentType: String?, body: Data?)] = []
        let client: any TestClientProtocol

        init(_ client: any TestClientProtocol) { self.client = client }

        @discardableResult
        func send(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
            let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
            exchanges.append((method.rawValue, path, Int(response.status.code), response.headers[.contentType], Data(response.body.readableBytesView)))
            return response
        }
    }

    @Test("the served document is OpenAPI 3.1 and every exercised response matches it")
    func conformance() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let recorder = Recorder(client)
            let documentResponse = try await recorder.send(.get, "/openapi.json")
            let checker = try OpenAPIChecker(documentData: Data(documentResponse.body.readableBytesView))
            #expect(checker.document["openapi"] as? String == "3.1.0")

            let admin = Requests.admin(server.adminSecret, json: true)
            try await recorder.send(.get, "/healthz")
            try await recorder.send(.get, "/readyz")
            try await recorder.send(.get, "/.well-known/oauth-authorization-server")
            try await recorder.send(.get, "/jwks.json")

            // APIs
            try await recorder.send(.post, "/v1/apis", headers: admin, body: Requests.json(["name": "orders", "audience": "https://orders.test", "owner": "t", "maxTokenTTL": 600]))
            try await recorder.send(.post, "/v1/apis", headers: admin, body: Requests.json(["name": "orders", "audience": "https://orders.test", "owner": "t"]))
            try await recorder.send(.post, "/v1/apis", headers: admin, body: Requests.json(["name": "spare", "audience": "https://spare.test", "owner": "t"]))
            try await recorder.send(.get, "/v1/apis", headers: admin)
            try await recorder.send(.get, "/v1/apis/orders", headers: admin)
            try await recorder.send(.get, "/v1/apis/missing", headers: admin)
            try await recorder.send(.delete, "/v1/apis/spare", headers: admin)

            // Identities
            try await recorder.send(.post, "/v1/identities", headers: admin, body: Requests.json([
                "id": "svc", "kind": "service", "name": "Svc", "owner": "t", "labels": ["a": "b"], "reviewBy": "2099-01-01T00:00:00Z",
            ]))
            try await recorder.send(.post, "/v1/identities", headers: admin, body: Requests.json(["kind": "agent", "name": "Generated id", "owner": "t"]))
            try await recorder.send(.post, "/v1/identities", headers: admin, body: Requests.json(["kind": "service", "name": "x", "owner": "t", "bogus": 1]))
            try await recorder.send(.post, "/v1/identities", headers: admin, body: ByteBuffer(string: "{not json"))
            try await recorder.send(.get, "/v1/identities", headers: admin)
            try await recorder.send(.get, "/v1/identities?kind=service&status=active", headers: admin)
            try await recorder.send(.get, "/v1/identities/svc", headers: admin)
            try await recorder.send(.get, "/v1/identities/nope", headers: admin)
            try await recorder.send(.patch, "/v1/identities/svc", headers: admin, body: Requests.json(["purpose": "testing", "reviewBy": NSNull()]))
            try await recorder.send(.get, "/v1/identities")

            // Credentials
            let secretResponse = try await recorder.send(.post, "/v1/identities/svc/credentials", headers: admin, body: Requests.json(["type": "client_secret"]))
            let secret = try #require(secretResponse.object["secret"] as? String)
            let credentialID = try #require((secretResponse.object["credential"] as? [String: Any])?["id"] as? String)
            try await recorder.send(.post, "/v1/identities/svc/credentials", headers: admin, body: Requests.json([
                "type": "public_key", "jwk": ["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": "k1"],
            ]))
            try await recorder.send(.get, "/v1/identities/svc/credentials", headers: admin)

            // Grants
            let grant = try await recorder.send(.post, "/v1/grants", headers: admin, body: Requests.json(["identityId": "svc", "api": "orders", "scope": "orders.read", "justification": "test"]))
            let grantID = try #require(grant.object["id"] as? String)
            try await recorder.send(.post, "/v1/grants", headers: admin, body: Requests.json(["identityId": "svc", "api": "orders", "scope": "orders.write"]))
            try await recorder.send(.get, "/v1/grants", headers: admin)
            try await recorder.send(.get, "/v1/grants/\(grantID)", headers: admin)

            // Analysis: findings, proposals, dependencies, blast radius, reviews, usage, decisions (identifiers spelled …Id)
            try await recorder.send(.get, "/v1/findings?window=30d", headers: admin)
            try await recorder.send(.post, "/v1/proposals", headers: admin, body: Requests.json(["identityId": "svc"]))
            try await recorder.send(.get, "/v1/proposals", headers: admin)
            try await recorder.send(.post, "/v1/dependencies", headers: admin, body: Requests.json(["api": "orders", "calls": "orders", "identityId": "svc"]))
            try await recorder.send(.get, "/v1/dependencies", headers: admin)
            try await recorder.send(.get, "/v1/identities/svc/blast-radius", headers: admin)
            try await recorder.send(.get, "/v1/reviews", headers: admin)
            try await recorder.send(.get, "/v1/usage/svc", headers: admin)
            try await recorder.send(.get, "/v1/decisions?limit=5", headers: admin)

            // OAuth
            let basic = Requests.formHeaders(basic: ("svc", secret))
            let token = try await recorder.send(.post, "/oauth/token", headers: basic, body: Requests.form([("grant_type", "client_credentials"), ("resource", "https://orders.test"), ("scope", "orders.read")]))
            let accessToken = try #require(token.object["access_token"] as? String)
            try await recorder.send(.post, "/oauth/token", headers: basic, body: Requests.form([("grant_type", "client_credentials"), ("resource", "https://orders.test"), ("scope", "orders.admin")]))
            try await recorder.send(.post, "/oauth/token", headers: Requests.formHeaders(basic: ("svc", "wrong")), body: Requests.form([("grant_type", "client_credentials")]))
            try await recorder.send(.post, "/oauth/token", headers: Requests.admin(server.adminSecret, json: true), body: Requests.json(["grant_type": "client_credentials"]))
            try await recorder.send(.post, "/oauth/introspect", headers: basic, body: Requests.form([("token", accessToken)]))
            try await recorder.send(.post, "/oauth/revoke", headers: basic, body: Requests.form([("token", accessToken)]))
            try await recorder.send(.post, "/oauth/introspect", headers: basic, body: Requests.form([("token", accessToken)]))

            // Rotation, revocation, lifecycle
            try await recorder.send(.post, "/v1/identities/svc/credentials/\(credentialID)/rotate", headers: admin, body: Requests.json(["overlapSeconds": 60]))
            try await recorder.send(.post, "/v1/identities/svc/credentials/\(credentialID)/revoke", headers: admin)
            try await recorder.send(.post, "/v1/identities/svc/credentials/\(credentialID)/revoke", headers: admin)
            try await recorder.send(.post, "/v1/identities/svc/suspend", headers: admin)
            try await recorder.send(.post, "/v1/identities/svc/resume", headers: admin)
            try await recorder.send(.delete, "/v1/grants/\(grantID)", headers: admin)

            // Trusted issuers, admin credentials, keys, audit
            let issuer = try await recorder.send(.post, "/v1/trusted-issuers", headers: admin, body: Requests.json([
                "issuer": "https://ci.example", "jwksUrl": "https://ci.example/jwks", "allowedAudiences": ["https://leash.test"],
                "claimRules": ["repository_id": "42"], "identityId": "svc", "maxTTL": 300,
            ]))
            let issuerID = try #require(issuer.object["id"] as? String, "\(issuer.text)")
            try await recorder.send(.get, "/v1/trusted-issuers", headers: admin)
            try await recorder.send(.get, "/v1/trusted-issuers/\(issuerID)", headers: admin)
            try await recorder.send(.delete, "/v1/trusted-issuers/\(issuerID)", headers: admin)
            let viewer = try await recorder.send(.post, "/v1/admin-credentials", headers: admin, body: Requests.json(["name": "reader", "role": "viewer"]))
            let viewerSecret = try #require(viewer.object["secret"] as? String)
            let viewerID = try #require((viewer.object["credential"] as? [String: Any])?["id"] as? String)
            try await recorder.send(.post, "/v1/keys/rotate", headers: Requests.admin(viewerSecret))
            try await recorder.send(.get, "/v1/admin-credentials", headers: admin)
            try await recorder.send(.post, "/v1/admin-credentials/\(viewerID)/revoke", headers: admin)
            try await recorder.send(.get, "/v1/keys", headers: admin)
            try await recorder.send(.post, "/v1/keys/rotate", headers: admin)
            try await recorder.send(.get, "/v1/audit?limit=5", headers: admin)
            try await recorder.send(.get, "/v1/audit/verify", headers: admin)
            try await recorder.send(.post, "/v1/identities/svc/decommission", headers: admin)
            try await recorder.send(.get, "/metrics")

            var problems: [String] = []
            for exchange in recorder.exchanges {
                problems += checker.problems(
                    method: exchange.method, path: exchange.path, status: exchange.status, contentType: exchange.contentType, body: exchange.body)
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            let statuses = Set(recorder.exchanges.map(\.status))
            #expect(statuses.isSuperset(of: [200, 201, 204, 400, 401, 403, 404, 409]))
        }
    }

    @Test("the checker refuses what the document does not describe")
    func checkerRefuses() throws {
        let checker = try OpenAPIChecker(documentData: Data(#"""
            {"openapi":"3.1.0","paths":{"/x/{id}":{"get":{"responses":{"200":{"description":"","content":{"application/json":
            {"schema":{"$ref":"#/components/schemas/X"}}}}}}}},"components":{"schemas":{"X":{"type":"object",
            "properties":{"n":{"type":"integer"},"k":{"type":"string","enum":["a","b"]},"l":{"type":"array","items":{"type":"string"}}},
            "required":["n"],"additionalProperties":false}}}}
            """#.utf8))
        let json = "application/json"
        #expect(checker.problems(method: "GET", path: "/x/1", status: 200, contentType: json, body: Data(#"{"n":1,"k":"a","l":["z"]}"#.utf8)).isEmpty)
        #expect(!checker.problems(method: "GET", path: "/x/1", status: 200, contentType: json, body: Data(#"{"k":"a"}"#.utf8)).isEmpty)
        #expect(!checker.problems(method: "GET", path: "/x/1", status: 200, contentType: json, body: Data(#"{"n":1,"extra":true}"#.utf8)).isEmpty)
        #expect(!checker.problems(method: "GET", path: "/x/1", status: 200, contentType: json, body: Data(#"{"n":1,"k":"c"}"#.utf8)).isEmpty)
        #expect(!checker.problems(method: "GET", path: "/x/1", status: 200, contentType: json, body: Data(#"{"n":1.5}"#.utf8)).isEmpty)
        #expect(!checker.problems(method: "GET", path: "/x/1", status: 200, contentType: json, body: Data(#"{"n":1,"l":[3]}"#.utf8)).isEmpty)
        #expect(!checker.problems(method: "GET", path: "/x/1", status: 404, contentType: json, body: Data("{}".utf8)).isEmpty)
        #expect(!checker.problems(method: "POST", path: "/x/1", status: 200, contentType: json, body: Data("{}".utf8)).isEmpty)
        #expect(!checker.problems(method: "GET", path: "/y", status: 200, contentType: json, body: Data("{}".utf8)).isEmpty)
    }
}
