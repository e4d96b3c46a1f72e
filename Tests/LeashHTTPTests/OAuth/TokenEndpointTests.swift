import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Testing

/// The OAuth endpoints over HTTP: form bodies in, RFC 6749 JSON out.
@Suite("OAuth endpoints")
struct TokenEndpointTests {
    @Test("client_credentials gives a bearer token that introspects active until it is revoked")
    func issueIntrospectRevoke() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await Estate.make(client, adminSecret: server.adminSecret)
            let basic = Requests.formHeaders(basic: (estate.identityID, estate.clientSecret))
            let response = try await client.execute(
                uri: "/oauth/token", method: .post, headers: basic,
                body: Requests.form([("grant_type", "client_credentials"), ("resource", estate.audience), ("scope", "orders.read")]))
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.object["token_type"] as? String == "Bearer")
            #expect(response.object["scope"] as? String == "orders.read")
            let token = try #require(response.object["access_token"] as? String)

            let active = try await client.execute(
                uri: "/oauth/introspect", method: .post, headers: basic, body: Requests.form([("token", token)]))
            #expect(active.status == .ok)
            #expect(active.object["active"] as? Bool == true)
            #expect(active.object["client_id"] as? String == estate.identityID)

            let revoke = try await client.execute(uri: "/oauth/revoke", method: .post, headers: basic, body: Requests.form([("token", token)]))
            #expect(revoke.status == .ok)
            let inactive = try await client.execute(
                uri: "/oauth/introspect", method: .post, headers: basic, body: Requests.form([("token", token)]))
            #expect(inactive.object["active"] as? Bool == false)
            #expect(inactive.object.count == 1)
        }
    }

    struct RefusalCase: Sendable, CustomTestStringConvertible {
        let name: String
        let form: [String: String]
        let useBasic: Bool
        let wrongSecret: Bool
        let status: Int
        let error: String
        var testDescription: String { name }
    }

    static let refusals: [RefusalCase] = [
        RefusalCase(name: "unknown grant type", form: ["grant_type": "password"], useBasic: true, wrongSecret: false, status: 400, error: "unsupported_grant_type"),
        RefusalCase(name: "missing grant type", form: ["scope": "orders.read"], useBasic: true, wrongSecret: false, status: 400, error: "invalid_request"),
        RefusalCase(
            name: "scope not granted", form: ["grant_type": "client_credentials", "resource": Estate.audienceURI, "scope": "orders.delete"],
            useBasic: true, wrongSecret: false, status: 400, error: "invalid_scope"),
        RefusalCase(
            name: "wrong secret", form: ["grant_type": "client_credentials", "resource": Estate.audienceURI],
            useBasic: true, wrongSecret: true, status: 401, error: "invalid_client"),
        RefusalCase(
            name: "no client authentication", form: ["grant_type": "client_credentials", "resource": Estate.audienceURI],
            useBasic: false, wrongSecret: false, status: 401, error: "invalid_client"),
    ]

    @Test("token refusals carry the RFC 6749 code, status and challenge", arguments: refusals)
    func refusal(_ testCase: RefusalCase) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await Estate.make(client, adminSecret: server.adminSecret)
            let secret = testCase.wrongSecret ? estate.clientSecret.dropLast(2) + "zz" : Substring(estate.clientSecret)
            let headers = Requests.formHeaders(basic: testCase.useBasic ? (estate.identityID, String(secret)) : nil)
            let response = try await client.execute(
                uri: "/oauth/token", method: .post, headers: headers,
                body: Requests.form(testCase.form.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            #expect(Int(response.status.code) == testCase.status)
            #expect(response.object["error"] as? String == testCase.error)
            #expect(response.headers[.cacheControl] == "no-store")
            if testCase.status == 401 {
                #expect(response.headers[.wwwAuthenticate] != nil)
            }
            #expect(response.object["access_token"] == nil)
        }
    }

    @Test("the metadata document names every endpoint and satisfies RFC 8414's required members")
    func metadata() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let response = try await client.execute(uri: "/.well-known/oauth-authorization-server", method: .get)
            let document = response.object
            #expect(document["issuer"] as? String == "https://leash.test")
            #expect(document["token_endpoint"] as? String == "https://leash.test/oauth/token")
            #expect(document["jwks_uri"] as? String == "https://leash.test/jwks.json")
            #expect(document["introspection_endpoint"] as? String == "https://leash.test/oauth/introspect")
            #expect(document["revocation_endpoint"] as? String == "https://leash.test/oauth/revoke")
            #expect((document["response_types_supported"] as? [String])?.isEmpty == false)
            let algorithms = document["token_endpoint_auth_signing_alg_values_supported"] as? [String] ?? []
            #expect(!algorithms.isEmpty && !algorithms.contains("none") && !algorithms.contains("HS256"))
            #expect((document["grant_types_supported"] as? [String])?.contains("client_credentials") == true)
            // RFC 8414 §2 (and authlib's validator): an endpoint offering private_key_jwt must list its algorithms.
            for endpoint in ["token_endpoint", "introspection_endpoint", "revocation_endpoint"] {
                let methods = document["\(endpoint)_auth_methods_supported"] as? [String] ?? []
                #expect(methods.contains("private_key_jwt"))
                #expect((document["\(endpoint)_auth_signing_alg_values_supported"] as? [String])?.isEmpty == false, "\(endpoint)")
            }
        }
    }
}
