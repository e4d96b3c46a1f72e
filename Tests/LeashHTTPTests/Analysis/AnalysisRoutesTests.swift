import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashCore
import LeashHTTP
import Testing

/// `GET /v1/findings`: the analysis over the server's own store.
@Suite("findings route")
struct AnalysisRoutesTests {
    static func createIdentity(_ id: String, owner: String, _ client: some TestClientProtocol, secret: String) async throws {
        let created = try await client.execute(
            uri: "/v1/identities", method: .post, headers: Requests.admin(secret, json: true),
            body: Requests.json(["id": id, "kind": "service", "name": id, "owner": owner, "trustTier": "internal"]))
        #expect(created.status == .created)
    }

    @Test("reports the findings with their mappings, for all identities or one")
    func findings() async throws {
        let server = try await TestServer.make()
        let probes = (0..<25).map { index in
            DecisionRecord(
                time: Date().addingTimeInterval(-Double(index) * 60), identityID: "prober", api: nil, operationID: nil,
                method: "GET", path: "/admin/\(index % 5)", allowed: false, reason: "no_route")
        }
        try await server.server.store.appendDecisions(probes, usage: [:])
        try await server.test { client in
            try await Self.createIdentity("prober", owner: "team-x", client, secret: server.adminSecret)
            try await Self.createIdentity("quiet", owner: "team-y", client, secret: server.adminSecret)
            let headers = Requests.admin(server.adminSecret)
            let all = try await client.execute(uri: "/v1/findings?window=30d", method: .get, headers: headers)
            #expect(all.status == .ok)
            #expect(all.object["recordsRead"] as? Int == 25)
            let findings = try #require(all.object["findings"] as? [[String: Any]])
            let types = Set(findings.compactMap { "\($0["type"] as? String ?? "") \($0["identityId"] as? String ?? "")" })
            #expect(types == ["probing prober"])
            let probing = try #require(findings.first { $0["type"] as? String == "probing" })
            #expect(probing["owasp"] as? [String] == ["NHI2"])
            #expect((probing["id"] as? String)?.hasPrefix("F-") == true)

            let prober = try await client.execute(uri: "/v1/findings?identity=prober", method: .get, headers: headers)
            #expect(prober.status == .ok)
            #expect((prober.object["findings"] as? [[String: Any]])?.count == 1)
            // A new identity is not yet "never used" (grace period): nothing to report.
            let quiet = try await client.execute(uri: "/v1/findings?identity=quiet", method: .get, headers: headers)
            #expect(quiet.status == .ok)
            #expect((quiet.object["findings"] as? [[String: Any]])?.isEmpty == true)
            #expect(quiet.object["recordsRead"] as? Int == 0)
        }
    }

    @Test("refuses a bad window, an unknown identity and a missing admin secret")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let headers = Requests.admin(server.adminSecret)
            let badWindow = try await client.execute(uri: "/v1/findings?window=3m", method: .get, headers: headers)
            #expect(badWindow.status == .badRequest)
            #expect((badWindow.object["error_description"] as? String)?.contains("window") == true)
            let unknown = try await client.execute(uri: "/v1/findings?identity=nobody", method: .get, headers: headers)
            #expect(unknown.status == .notFound)
            let anonymous = try await client.execute(uri: "/v1/findings", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }
}
