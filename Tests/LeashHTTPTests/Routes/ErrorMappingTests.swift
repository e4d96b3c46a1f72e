import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Testing

/// Bad input never becomes a 500: each refusal has its status and a JSON body naming the problem.
@Suite("error mapping")
struct ErrorMappingTests {
    struct BodyCase: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let expectedDescription: String
        var testDescription: String { name }
    }

    static let badBodies: [BodyCase] = [
        BodyCase(name: "malformed JSON", body: #"{"kind": "service", "name": "#, expectedDescription: "not valid JSON"),
        BodyCase(name: "not an object", body: #"["service"]"#, expectedDescription: "must be a JSON object"),
        BodyCase(
            name: "unknown field",
            body: #"{"kind": "service", "name": "a", "owner": "b", "colour": "red"}"#, expectedDescription: "unknown field 'colour'"),
        BodyCase(name: "missing field", body: #"{"kind": "service", "name": "a"}"#, expectedDescription: "missing field 'owner'"),
        BodyCase(name: "wrong type", body: #"{"kind": "service", "name": 7, "owner": "b"}"#, expectedDescription: "field 'name' must be a string"),
        BodyCase(
            name: "bad enum value", body: #"{"kind": "robot", "name": "a", "owner": "b"}"#, expectedDescription: "kind must be one of"),
        BodyCase(
            name: "bad date", body: #"{"kind": "service", "name": "a", "owner": "b", "expiresAt": "tomorrow"}"#,
            expectedDescription: "field 'expiresAt' is invalid"),
    ]

    @Test("a bad JSON body is a 400 invalid_request naming the problem", arguments: badBodies)
    func badBody(_ testCase: BodyCase) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let response = try await client.execute(
                uri: "/v1/identities", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: ByteBuffer(string: testCase.body))
            #expect(response.status == .badRequest)
            #expect(response.object["error"] as? String == "invalid_request")
            let description = response.object["error_description"] as? String ?? ""
            #expect(description.contains(testCase.expectedDescription), "got: \(description)")
        }
    }

    @Test("a body over the configured limit is a 413 with a JSON error")
    func oversizedBody() async throws {
        let server = try await TestServer.make { $0.http.maxBodySize = 2048 }
        try await server.test { client in
            let purpose = String(repeating: "x", count: 4096)
            let admin = try await client.execute(
                uri: "/v1/identities", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["kind": "service", "name": "a", "owner": "b", "purpose": purpose]))
            #expect(admin.status == .contentTooLarge)
            #expect(admin.object["error"] as? String == "invalid_request")
            let token = try await client.execute(
                uri: "/oauth/token", method: .post, headers: Requests.formHeaders(),
                body: Requests.form([("grant_type", "client_credentials"), ("scope", purpose)]))
            #expect(token.status == .contentTooLarge)
            #expect(token.object["error"] as? String == "invalid_request")
        }
    }

    @Test("a JSON route refuses another content type, and an OAuth route refuses JSON")
    func wrongContentType() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            var headers = Requests.admin(server.adminSecret)
            headers[.contentType] = "text/plain"
            let admin = try await client.execute(
                uri: "/v1/identities", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"kind":"service","name":"a","owner":"b"}"#))
            #expect(admin.status == .badRequest)
            #expect((admin.object["error_description"] as? String ?? "").contains("Content-Type"))

            var json = HTTPFields()
            json[.contentType] = "application/json"
            let token = try await client.execute(
                uri: "/oauth/token", method: .post, headers: json, body: ByteBuffer(string: #"{"grant_type":"client_credentials"}"#))
            #expect(token.status == .badRequest)
            #expect(token.object["error"] as? String == "invalid_request")
            #expect(token.headers[.cacheControl] == "no-store")
        }
    }

    @Test("no admin secret, a malformed one and an unknown one are each a 401 with a challenge")
    func unauthenticated() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let cases: [String?] = [nil, "Basic Zm9vOmJhcg==", "Bearer not-a-secret", "Bearer leash_adm_" + String(repeating: "A", count: 49)]
            for authorization in cases {
                var headers = HTTPFields()
                if let authorization { headers[.authorization] = authorization }
                let response = try await client.execute(uri: "/v1/identities", method: .get, headers: headers)
                #expect(response.status == .unauthorized, "\(authorization ?? "none")")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(response.object["error"] as? String == "unauthorized")
            }
        }
    }

    @Test("an unknown identity is a 404 and a duplicate one a 409, both JSON")
    func notFoundAndConflict() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let missing = try await client.execute(uri: "/v1/identities/nobody", method: .get, headers: Requests.admin(server.adminSecret))
            #expect(missing.status == .notFound)
            #expect(missing.object["error"] as? String == "not_found")
            let body = ["id": "dup", "kind": "service", "name": "Dup", "owner": "team"]
            let first = try await client.execute(
                uri: "/v1/identities", method: .post, headers: Requests.admin(server.adminSecret, json: true), body: Requests.json(body))
            #expect(first.status == .created)
            let second = try await client.execute(
                uri: "/v1/identities", method: .post, headers: Requests.admin(server.adminSecret, json: true), body: Requests.json(body))
            #expect(second.status == .conflict)
            #expect(second.object["error"] as? String == "conflict")
        }
    }

    @Test("an unknown route is a JSON 404")
    func unknownRoute() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let response = try await client.execute(uri: "/nothing/here", method: .get)
            #expect(response.status == .notFound)
            #expect(response.object["error"] as? String == "not_found")
        }
    }
}
