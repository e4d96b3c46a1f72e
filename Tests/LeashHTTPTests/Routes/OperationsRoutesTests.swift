import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import LeashStore
import Testing

/// `/healthz`, `/readyz` and `/metrics`.
@Suite("operations routes")
struct OperationsRoutesTests {
    @Test("health and readiness answer ok on a working server")
    func health() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.object["status"] as? String == "ok")
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.object["status"] as? String == "ready")
        }
    }

    @Test("readiness is 503 with a reason once the store cannot be reached, while health still answers")
    func notReady() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let store = try #require(server.server.store as? SQLiteStore)
            try store.close()
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.object["status"] as? String == "not_ready")
            #expect((ready.object["problems"] as? [String])?.contains("store unreachable") == true)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            // An admin read now fails inside the server: a generic 500, no internals.
            let failed = try await client.execute(uri: "/v1/identities", method: .get, headers: Requests.admin(server.adminSecret))
            #expect(failed.status.code >= 500 || failed.status == .unauthorized)
            #expect(!failed.text.lowercased().contains("sqlite"))
        }
    }

    @Test("metrics count requests per route and tokens issued and refused")
    func metrics() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await Estate.make(client, adminSecret: server.adminSecret)
            _ = try await estate.token(client)
            _ = try await client.execute(
                uri: "/oauth/token", method: .post, headers: Requests.formHeaders(basic: (estate.identityID, estate.clientSecret)),
                body: Requests.form([("grant_type", "password")]))
            _ = try await client.execute(uri: "/healthz", method: .get)
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = response.text
            #expect(text.contains("hb_requests"))
            #expect(text.contains(#"http_route="/oauth/token""#))
            #expect(text.contains("http_server_request_duration"))
            #expect(text.contains("leash_tokens_issued_total"))
            #expect(text.contains(#"reason="unsupported_grant_type""#))
        }
    }
}
