import Foundation
import HTTPTypes
import LeashCore
import HummingbirdTesting
import NIOCore
import Testing

@testable import LeashHTTP

/// The estate of `Estate` plus its OpenAPI operations: GET /orders/{id} (orders.read) and
/// DELETE /orders/{id} (orders.write).
private func gatewayEstate(_ client: some TestClientProtocol, adminSecret: String) async throws -> Estate {
    let estate = try await Estate.make(client, adminSecret: adminSecret)
    let document: [String: Any] = [
        "openapi": "3.0.3", "info": ["title": "Orders", "version": "1"],
        "paths": [
            "/orders/{id}": [
                "parameters": [["name": "id", "in": "path", "required": true, "schema": ["type": "string"]]],
                "get": ["operationId": "getOrder", "x-leash-scope": "orders.read", "responses": ["200": ["description": "ok"]]],
                "delete": ["operationId": "deleteOrder", "x-leash-scope": "orders.write", "responses": ["204": ["description": "gone"]]],
            ]
        ],
    ]
    let imported = try await client.execute(
        uri: "/v1/apis/\(Estate.apiName)/import", method: .post, headers: Requests.admin(adminSecret, json: true),
        body: Requests.json(document))
    guard imported.status == .ok || imported.status == .created else {
        throw TestFailure("importing the API answered \(imported.status): \(imported.text)")
    }
    return estate
}

private func check(method: String = "GET", uri: String, token: String?) -> HTTPFields {
    var headers = HTTPFields()
    headers[GatewayHeaders.originalMethod] = method
    headers[GatewayHeaders.originalURI] = uri
    if let token { headers[.authorization] = "Bearer \(token)" }
    return headers
}

@Suite("gateway check endpoints")
struct GatewayRoutesTests {
    @Test("nginx auth_request: an allowed call answers 200 with the identity, scopes and operation")
    func allowed() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await gatewayEstate(client, adminSecret: server.adminSecret)
            let token = try await estate.token(client, scope: "orders.read")
            let response = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/orders/42?x=1", token: token))
            #expect(response.status == .ok)
            #expect(response.headers[GatewayHeaders.identity] == "checkout")
            #expect(response.headers[GatewayHeaders.scopes] == "orders.read")
            #expect(response.headers[GatewayHeaders.operation] == "getOrder")
            #expect(response.headers[GatewayHeaders.reason] == nil)
        }
    }

    @Test("a call without a token answers 401 with a bare Bearer challenge (RFC 6750 §3.1)")
    func missing() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await gatewayEstate(client, adminSecret: server.adminSecret)
            let response = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/orders/1", token: nil))
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="leash""#)
            #expect(response.headers[GatewayHeaders.reason] == "token_missing")
        }
    }

    @Test("a tampered token answers 401 invalid_token with a description, never the token")
    func invalid() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await gatewayEstate(client, adminSecret: server.adminSecret)
            let token = try await estate.token(client) + "x"
            let response = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/orders/1", token: token))
            #expect(response.status == .unauthorized)
            #expect(
                response.headers[.wwwAuthenticate]
                    == #"Bearer realm="leash", error="invalid_token", error_description="the access token is not valid""#)
            #expect(response.object["reason"] as? String == "token_invalid")
            #expect(!response.text.contains(token))
        }
    }

    @Test("a missing scope answers 403 with the reason in the body and X-Leash-Reason")
    func forbidden() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await gatewayEstate(client, adminSecret: server.adminSecret)
            let token = try await estate.token(client, scope: "orders.read")
            let response = try await client.execute(
                uri: "/gateway/check", method: .get, headers: check(method: "DELETE", uri: "/orders/1", token: token))
            #expect(response.status == .forbidden)
            #expect(response.headers[GatewayHeaders.reason] == "scope_missing")
            #expect(response.object["error"] as? String == "forbidden")
            #expect(response.object["reason"] as? String == "scope_missing")
            let unknown = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/nothing", token: token))
            #expect(unknown.status == .forbidden)
            #expect(unknown.headers[GatewayHeaders.reason] == "no_route")
        }
    }

    @Test("a rate-limited identity answers 429 with Retry-After")
    func rateLimited() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await gatewayEstate(client, adminSecret: server.adminSecret)
            let set = try await client.execute(
                uri: "/v1/rate-limits/checkout", method: .put, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["requestsPerSecond": 0.01, "burst": 1]))
            #expect(set.status == .ok)
            #expect(set.object["burst"] as? Int == 1)
            let token = try await estate.token(client)
            let first = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/orders/1", token: token))
            #expect(first.status == .ok)
            let second = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/orders/1", token: token))
            #expect(second.status == .tooManyRequests)
            #expect(Int(second.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(second.headers[GatewayHeaders.reason] == "rate_limited")
            let list = try await client.execute(uri: "/v1/rate-limits", method: .get, headers: Requests.admin(server.adminSecret))
            #expect((list.object["items"] as? [[String: Any]])?.first?["identityId"] as? String == "checkout")
            let deleted = try await client.execute(uri: "/v1/rate-limits/checkout", method: .delete, headers: Requests.admin(server.adminSecret))
            #expect(deleted.status == .noContent)
            let third = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/orders/1", token: token))
            #expect(third.status == .ok)
        }
    }

    @Test("Envoy ext_authz: the original method and the path after the prefix are decided")
    func extAuthz() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await gatewayEstate(client, adminSecret: server.adminSecret)
            let token = try await estate.token(client, scope: "orders.read")
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            let allowed = try await client.execute(uri: "/gateway/ext-authz/orders/42", method: .get, headers: headers)
            #expect(allowed.status == .ok)
            #expect(allowed.headers[GatewayHeaders.operation] == "getOrder")
            let refused = try await client.execute(uri: "/gateway/ext-authz/orders/42", method: .delete, headers: headers)
            #expect(refused.status == .forbidden)
            #expect(refused.headers[GatewayHeaders.reason] == "scope_missing")
            let root = try await client.execute(uri: "/gateway/ext-authz", method: .get, headers: headers)
            #expect(root.headers[GatewayHeaders.reason] == "no_route")
        }
    }

    @Test("POST /v1/revocations refuses the token on its very next check, and lists it")
    func revocation() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await gatewayEstate(client, adminSecret: server.adminSecret)
            let token = try await estate.token(client)
            let before = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/orders/1", token: token))
            #expect(before.status == .ok)
            let revoked = try await client.execute(
                uri: "/v1/revocations", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["kind": "credential", "id": estate.credentialID]))
            #expect(revoked.status == .created)
            #expect(revoked.object["kind"] as? String == "credential")
            let after = try await client.execute(uri: "/gateway/check", method: .get, headers: check(uri: "/orders/1", token: token))
            #expect(after.status == .unauthorized)
            #expect(after.headers[GatewayHeaders.reason] == "credential_revoked")
            let list = try await client.execute(uri: "/v1/revocations", method: .get, headers: Requests.admin(server.adminSecret))
            #expect((list.object["credentials"] as? [[String: Any]])?.first?["id"] as? String == estate.credentialID)
            let bad = try await client.execute(
                uri: "/v1/revocations", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["kind": "everything", "id": "x"]))
            #expect(bad.status == .badRequest)
            let unauthenticated = try await client.execute(
                uri: "/v1/revocations", method: .post, headers: HTTPFields(), body: Requests.json(["kind": "api", "id": "orders"]))
            #expect(unauthenticated.status == .unauthorized)
        }
    }

    @Test("source addresses come from X-Real-IP / X-Forwarded-For only through a trusted proxy")
    func sourceAddress() {
        let proxies = TrustedProxies()
        var headers = HTTPFields()
        headers[GatewayHeaders.forwardedFor] = "203.0.113.9, 198.51.100.4, 127.0.0.1"
        #expect(proxies.sourceAddress(headers: headers, peer: "127.0.0.1") == "198.51.100.4")
        #expect(proxies.sourceAddress(headers: headers, peer: "192.0.2.1") == "192.0.2.1")
        headers[GatewayHeaders.realIP] = "198.51.100.77"
        #expect(proxies.sourceAddress(headers: headers, peer: "127.0.0.1") == "198.51.100.77")
        #expect(proxies.sourceAddress(headers: HTTPFields(), peer: "::1") == "::1")
        #expect(proxies.sourceAddress(headers: headers, peer: nil) == nil)
        #expect(TrustedProxies.problems(in: ["10.0.0.0/8", "nonsense"]) == ["nonsense"])
        // Optional whitespace around the header value and the list entries is not part of the address.
        var spaced = HTTPFields()
        spaced[GatewayHeaders.realIP] = "\t198.51.100.5 "
        #expect(proxies.sourceAddress(headers: spaced, peer: "127.0.0.1") == "198.51.100.5")
        var listed = HTTPFields()
        listed.append(HTTPField(name: GatewayHeaders.forwardedFor, value: "203.0.113.9 ,\t198.51.100.6"))
        listed.append(HTTPField(name: GatewayHeaders.forwardedFor, value: "127.0.0.1"))
        #expect(proxies.sourceAddress(headers: listed, peer: "127.0.0.1") == "198.51.100.6")
        // Only trusted proxies' forwarded entries are skipped: a bracketed IPv6 peer with a zone is trusted.
        #expect(proxies.trusts("[::1%lo]"))
        #expect(!proxies.trusts("192.0.2.1"))
        #expect(!proxies.trusts("not an address"))
    }

    @Test("gateway headers are read in one pass; a repeated header reads as its values joined, as HTTPFields joins them")
    func requestHeaders() {
        var fields = HTTPFields()
        fields.append(HTTPField(name: .authorization, value: "Bearer one"))
        fields.append(HTTPField(name: GatewayHeaders.originalMethod, value: "PUT"))
        fields.append(HTTPField(name: .accept, value: "*/*"))
        fields.append(HTTPField(name: GatewayHeaders.originalURI, value: "/orders/1"))
        fields.append(HTTPField(name: .authorization, value: "Bearer two"))
        let headers = GatewayRequestHeaders(fields)
        #expect(headers.authorization == fields[.authorization])
        #expect(headers.authorization == "Bearer one, Bearer two")
        #expect(headers.originalMethod == "PUT")
        #expect(headers.originalURI == "/orders/1")
        #expect(headers.realIP == nil)
        #expect(headers.forwardedFor.isEmpty)
        // Two tokens are no token: the decision refuses the joined value as malformed.
        let input = DecisionInput(method: "GET", path: "/", authorization: headers.authorization, time: Date())
        #expect(input.bearerToken.map(String.init) != "one")
    }
}
