import Foundation
import HTTPTypes
import HummingbirdTesting
import LeashHTTP
import Testing

@testable import LeashHTTP

@Suite("gateway check on a live server")
struct GatewayLiveTests {
    @Test("over TCP, decisions are recorded with the source a trusted proxy names, and a revocation refuses the next call")
    func recordedAndRevoked() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { client in
            let estate = try await Estate.make(client, adminSecret: server.adminSecret)
            let document = #"{"openapi":"3.0.3","info":{"title":"o","version":"1"},"paths":{"/orders/{id}":{"get":{"operationId":"getOrder","x-leash-scope":"orders.read","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}"#
            let imported = try await client.execute(
                uri: "/v1/apis/\(Estate.apiName)/import", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: .init(string: document))
            #expect(imported.status == .ok)
            let token = try await estate.token(client)
            var headers = HTTPFields()
            headers[GatewayHeaders.originalMethod] = "GET"
            headers[GatewayHeaders.originalURI] = "/orders/7?secret=not-stored"
            headers[.authorization] = "Bearer \(token)"
            // The test client connects from loopback, a trusted proxy by default.
            headers[GatewayHeaders.realIP] = "198.51.100.23"
            let allowed = try await client.execute(uri: "/gateway/check", method: .get, headers: headers)
            #expect(allowed.status == .ok)
            #expect(allowed.headers[GatewayHeaders.identity] == estate.identityID)

            let jti = try #require(Self.jti(of: token))
            let revoked = try await client.execute(
                uri: "/v1/revocations", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["kind": "token", "id": jti]))
            #expect(revoked.status == .created)
            let refused = try await client.execute(uri: "/gateway/check", method: .get, headers: headers)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[GatewayHeaders.reason] == "token_revoked")

            // Records are written in batches; wait for both.
            var decisions: [[String: Any]] = []
            for _ in 0..<50 {
                let listed = try await client.execute(
                    uri: "/v1/decisions?identity=\(estate.identityID)", method: .get, headers: Requests.admin(server.adminSecret))
                decisions = listed.object["items"] as? [[String: Any]] ?? []
                if decisions.count >= 2 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(decisions.count == 2)
            #expect(decisions.map { $0["reason"] as? String } == ["token_revoked", "allowed"])
            #expect(decisions.allSatisfy { $0["source"] as? String == "198.51.100.23" })
            #expect(decisions.allSatisfy { $0["path"] as? String == "/orders/7" })
            #expect(decisions.allSatisfy { $0["jti"] as? String == jti })
        }
    }

    @Test("the staleness bound and trusted proxies come from the environment, and bad values are refused")
    func configuration() throws {
        let resolved = try LeashConfiguration.resolve(
            flags: .init(),
            environment: try ConfigurationOverrides(environment: [
                "LEASH_DECISION_STALENESS_SECONDS": "5", "LEASH_GATEWAY_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1",
            ]))
        #expect(resolved.decisions.stalenessBoundSeconds == 5)
        #expect(resolved.decisions.trustedProxies == ["10.0.0.0/8", "192.0.2.1"])
        #expect(LeashConfiguration().decisions.trustedProxies == ["127.0.0.0/8", "::1/128"])
        #expect(throws: ConfigurationError.self) {
            try LeashConfiguration.resolve(flags: .init(decisionStalenessSeconds: 0), environment: .init())
        }
        #expect(throws: ConfigurationError.self) {
            try LeashConfiguration.resolve(flags: .init(gatewayTrustedProxies: ["not-an-address"]), environment: .init())
        }
    }

    /// The `jti` claim of a JWT (unverified; the test issued it).
    static func jti(of token: String) -> String? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return claims["jti"] as? String
    }
}
