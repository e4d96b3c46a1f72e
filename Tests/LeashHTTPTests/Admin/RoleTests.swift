import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Testing

/// viewer reads; operator changes the inventory; admin also manages issuers, admin credentials,
/// keys and the audit log. Anything above a role is a 403.
@Suite("admin roles")
struct RoleTests {
    struct RoleCase: Sendable, CustomTestStringConvertible {
        let role: String
        let method: HTTPRequest.Method
        let path: String
        let body: String?
        let allowed: Bool
        var testDescription: String { "\(role) \(method) \(path) → \(allowed ? "allowed" : "403")" }
    }

    static let identity = #"{"kind":"service","name":"Role test","owner":"team"}"#
    static let issuer = #"{"issuer":"https://ci.example","jwksUrl":"https://ci.example/jwks","allowedAudiences":["https://leash.test"],"claimRules":{"sub":"repo:x"},"identityId":"nobody"}"#

    static let cases: [RoleCase] = [
        RoleCase(role: "viewer", method: .get, path: "/v1/identities", body: nil, allowed: true),
        RoleCase(role: "viewer", method: .get, path: "/v1/apis", body: nil, allowed: true),
        RoleCase(role: "viewer", method: .get, path: "/v1/keys", body: nil, allowed: true),
        RoleCase(role: "viewer", method: .post, path: "/v1/identities", body: identity, allowed: false),
        RoleCase(role: "viewer", method: .post, path: "/v1/keys/rotate", body: nil, allowed: false),
        RoleCase(role: "viewer", method: .get, path: "/v1/audit", body: nil, allowed: false),
        RoleCase(role: "operator", method: .post, path: "/v1/identities", body: identity, allowed: true),
        RoleCase(role: "operator", method: .get, path: "/v1/identities", body: nil, allowed: true),
        RoleCase(role: "operator", method: .post, path: "/v1/trusted-issuers", body: issuer, allowed: false),
        RoleCase(role: "operator", method: .post, path: "/v1/keys/rotate", body: nil, allowed: false),
        RoleCase(role: "operator", method: .get, path: "/v1/admin-credentials", body: nil, allowed: false),
        RoleCase(role: "operator", method: .get, path: "/v1/audit/verify", body: nil, allowed: false),
        RoleCase(role: "admin", method: .post, path: "/v1/keys/rotate", body: nil, allowed: true),
        RoleCase(role: "admin", method: .get, path: "/v1/audit/verify", body: nil, allowed: true),
        RoleCase(role: "admin", method: .get, path: "/v1/admin-credentials", body: nil, allowed: true),
    ]

    @Test("each role may do what it is for and gets 403 beyond it", arguments: cases)
    func role(_ testCase: RoleCase) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let secret: String
            if testCase.role == "admin" {
                secret = server.adminSecret
            } else {
                let created = try await client.execute(
                    uri: "/v1/admin-credentials", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                    body: Requests.json(["name": "\(testCase.role)-cred", "role": testCase.role]))
                #expect(created.status == .created)
                secret = try #require(created.object["secret"] as? String)
            }
            let response = try await client.execute(
                uri: testCase.path, method: testCase.method, headers: Requests.admin(secret, json: testCase.body != nil),
                body: testCase.body.map { ByteBuffer(string: $0) })
            if testCase.allowed {
                #expect(response.status != .forbidden && response.status.code < 300, "\(response.status): \(response.text)")
            } else {
                #expect(response.status == .forbidden)
                #expect(response.object["error"] as? String == "forbidden")
            }
        }
    }

    @Test("a revoked admin credential is refused at once")
    func revokedAdmin() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let created = try await client.execute(
                uri: "/v1/admin-credentials", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["name": "temp", "role": "operator"]))
            let secret = try #require(created.object["secret"] as? String)
            let id = try #require((created.object["credential"] as? [String: Any])?["id"] as? String)
            #expect(try await client.execute(uri: "/v1/identities", method: .get, headers: Requests.admin(secret)).status == .ok)
            let revoke = try await client.execute(
                uri: "/v1/admin-credentials/\(id)/revoke", method: .post, headers: Requests.admin(server.adminSecret))
            #expect(revoke.status == .ok)
            #expect(try await client.execute(uri: "/v1/identities", method: .get, headers: Requests.admin(secret)).status == .unauthorized)
        }
    }
}
