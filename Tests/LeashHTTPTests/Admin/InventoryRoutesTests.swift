import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Testing

/// The admin API's inventory routes: identities, credentials, APIs, grants, issuers, audit.
@Suite("admin inventory routes")
struct InventoryRoutesTests {
    @Test("an identity is created, filtered, changed, suspended, resumed and decommissioned")
    func identityLifecycle() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let headers = Requests.admin(server.adminSecret, json: true)
            for (id, kind, tier) in [("svc-a", "service", "internal"), ("agent-b", "agent", "third-party")] {
                let created = try await client.execute(
                    uri: "/v1/identities", method: .post, headers: headers,
                    body: Requests.json(["id": id, "kind": kind, "name": id, "owner": "team-x", "trustTier": tier, "labels": ["app": id]]))
                #expect(created.status == .created)
                #expect(created.object["status"] as? String == "active")
            }
            let agents = try await client.execute(uri: "/v1/identities?kind=agent", method: .get, headers: headers)
            #expect((agents.object["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["agent-b"])
            let thirdParty = try await client.execute(uri: "/v1/identities?trustTier=third-party", method: .get, headers: headers)
            #expect((thirdParty.object["items"] as? [Any])?.count == 1)
            let badFilter = try await client.execute(uri: "/v1/identities?kind=robot", method: .get, headers: headers)
            #expect(badFilter.status == .badRequest)

            let patched = try await client.execute(
                uri: "/v1/identities/svc-a", method: .patch, headers: headers, body: Requests.json(["owner": "team-y"]))
            #expect(patched.status == .ok)
            #expect(patched.object["owner"] as? String == "team-y")
            let kindChange = try await client.execute(
                uri: "/v1/identities/svc-a", method: .patch, headers: headers, body: Requests.json(["kind": "agent"]))
            #expect(kindChange.status == .badRequest)

            for (action, status) in [("suspend", "suspended"), ("resume", "active"), ("decommission", "decommissioned")] {
                let response = try await client.execute(uri: "/v1/identities/svc-a/\(action)", method: .post, headers: headers)
                #expect(response.status == .ok)
                #expect(response.object["status"] as? String == status)
            }
            let again = try await client.execute(uri: "/v1/identities/svc-a/resume", method: .post, headers: headers)
            #expect(again.status == .conflict)
        }
    }

    @Test("a client secret is shown once, never listed, and rotation keeps the old one until the overlap ends")
    func credentials() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await Estate.make(client, adminSecret: server.adminSecret)
            let headers = Requests.admin(server.adminSecret, json: true)
            let list = try await client.execute(uri: "/v1/identities/checkout/credentials", method: .get, headers: headers)
            #expect(list.status == .ok)
            #expect(!list.text.contains(estate.clientSecret))
            #expect(!list.text.contains("secretHash"))

            let rotated = try await client.execute(
                uri: "/v1/identities/checkout/credentials/\(estate.credentialID)/rotate", method: .post, headers: headers,
                body: Requests.json(["overlapSeconds": 600]))
            #expect(rotated.status == .created)
            let newSecret = try #require(rotated.object["secret"] as? String)
            #expect(newSecret != estate.clientSecret)
            let previous = try #require(rotated.object["previous"] as? [String: Any])
            #expect(previous["replacedBy"] as? String != nil)
            #expect(previous["status"] as? String == "active")
            // Both secrets work during the overlap.
            _ = try await estate.token(client)
            _ = try await Estate(identityID: estate.identityID, clientSecret: newSecret, credentialID: "", audience: estate.audience).token(client)

            let wrongOwner = try await client.execute(
                uri: "/v1/identities/someone-else/credentials/\(estate.credentialID)/revoke", method: .post, headers: headers)
            #expect(wrongOwner.status == .notFound)
            let revoked = try await client.execute(
                uri: "/v1/identities/checkout/credentials/\(estate.credentialID)/revoke", method: .post, headers: headers)
            #expect(revoked.status == .ok)
            #expect(revoked.object["status"] as? String == "revoked")
            let refused = try await client.execute(
                uri: "/oauth/token", method: .post, headers: Requests.formHeaders(basic: (estate.identityID, estate.clientSecret)),
                body: Requests.form([("grant_type", "client_credentials"), ("resource", estate.audience)]))
            #expect(refused.status == .unauthorized)
        }
    }

    @Test("a public key with private members is refused, naming the field")
    func privateKeyRefused() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await Estate.make(client, adminSecret: server.adminSecret)
            let jwk: [String: Any] = [
                "kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
            ]
            let response = try await client.execute(
                uri: "/v1/identities/checkout/credentials", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["type": "public_key", "jwk": jwk]))
            #expect(response.status == .badRequest)
            #expect((response.object["error_description"] as? String ?? "").contains("jwk"))
        }
    }

    @Test("grants are listed by identity and API, and a revoked grant is gone")
    func grants() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let estate = try await Estate.make(client, adminSecret: server.adminSecret)
            let headers = Requests.admin(server.adminSecret, json: true)
            let list = try await client.execute(uri: "/v1/grants?identityId=\(estate.identityID)", method: .get, headers: headers)
            let items = try #require(list.object["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["scope"] as? String }.sorted() == ["orders.read", "orders.write"])
            let id = try #require(items.first?["id"] as? String)
            #expect(try await client.execute(uri: "/v1/grants/\(id)", method: .delete, headers: headers).status == .noContent)
            #expect(try await client.execute(uri: "/v1/grants/\(id)", method: .get, headers: headers).status == .notFound)
            let unknownAPI = try await client.execute(
                uri: "/v1/grants", method: .post, headers: headers,
                body: Requests.json(["identityId": estate.identityID, "api": "nope", "scope": "x"]))
            #expect(unknownAPI.status.code == 404 || unknownAPI.status.code == 400)
        }
    }

    @Test("every change is in the audit log, the chain verifies, and key rotation keeps the old key published")
    func auditAndKeys() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await Estate.make(client, adminSecret: server.adminSecret)
            let headers = Requests.admin(server.adminSecret)
            let jwksBefore = try await client.execute(uri: "/jwks.json", method: .get)
            let before = try #require(jwksBefore.object["keys"] as? [[String: Any]])
            let rotation = try await client.execute(uri: "/v1/keys/rotate", method: .post, headers: headers)
            #expect(rotation.status == .ok)
            let newKid = try #require(rotation.object["kid"] as? String)
            let after = try #require(try await client.execute(uri: "/jwks.json", method: .get).object["keys"] as? [[String: Any]])
            #expect(after.first?["kid"] as? String == newKid)
            #expect(Set(before.compactMap { $0["kid"] as? String }).isSubset(of: Set(after.compactMap { $0["kid"] as? String })))

            let audit = try await client.execute(uri: "/v1/audit?limit=1000", method: .get, headers: headers)
            let actions = (audit.object["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("identity.create"))
            #expect(actions.contains("signing_key.rotate"))
            #expect(!audit.text.contains("secretHash"))
            let verify = try await client.execute(uri: "/v1/audit/verify", method: .get, headers: headers)
            #expect(verify.object["valid"] as? Bool == true)
            #expect((verify.object["events"] as? Int ?? 0) == actions.count)
        }
    }
}
