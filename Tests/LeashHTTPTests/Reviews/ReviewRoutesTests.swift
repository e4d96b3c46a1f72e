import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashCore
import LeashHTTP
import LeashStore
import NIOCore
import Testing

/// `/v1/reviews` and `POST /v1/owners/{owner}/gone` over a real server and store.
@Suite("Review routes")
struct ReviewRoutesTests {
    @Test("an owner marked gone opens items that are listed, shown and closed once; bad statuses and repeats are refused")
    func ownerGoneAndClose() async throws {
        let server = try await TestServer.make()
        let created = Date().addingTimeInterval(-86_400)
        try await server.server.store.write { transaction in
            try transaction.insert(Identity(id: "svc", kind: .service, name: "svc", owner: "team-gone", createdAt: created, updatedAt: created))
        }
        try await server.test { client in
            let headers = Requests.admin(server.adminSecret)
            let gone = try await client.execute(uri: "/v1/owners/team-gone/gone", method: .post, headers: headers)
            #expect(gone.status == .created)
            let items = try #require(gone.object["items"] as? [[String: Any]])
            let id = try #require(items.first?["id"] as? String)
            #expect(items.first?["trigger"] as? String == "owner-gone")
            let again = try await client.execute(uri: "/v1/owners/team-gone/gone", method: .post, headers: headers)
            #expect(again.status == .conflict)

            let open = try await client.execute(uri: "/v1/reviews?status=open", method: .get, headers: headers)
            #expect((open.object["items"] as? [Any])?.count == 1)
            let bad = try await client.execute(uri: "/v1/reviews?status=pending", method: .get, headers: headers)
            #expect(bad.status == .badRequest)
            let shown = try await client.execute(uri: "/v1/reviews/\(id)", method: .get, headers: headers)
            #expect(shown.object["identityId"] as? String == "svc")

            let reduce = try await client.execute(uri: "/v1/reviews/\(id)/reduce", method: .post, headers: headers)
            #expect(reduce.status == .conflict)
            let revoke = try await client.execute(uri: "/v1/reviews/\(id)/revoke", method: .post, headers: headers)
            #expect(revoke.status == .ok)
            #expect(revoke.object["status"] as? String == "revoked")
            #expect(try await server.server.store.identity(id: "svc")?.status == .suspended)
            let twice = try await client.execute(uri: "/v1/reviews/\(id)/approve", method: .post, headers: headers)
            #expect(twice.status == .conflict)
            let missing = try await client.execute(uri: "/v1/reviews/rev_missing", method: .get, headers: headers)
            #expect(missing.status == .notFound)
        }
    }

    static func document(_ extra: String = "") -> String {
        """
        openapi: 3.1.0
        info: {title: Orders, version: 1.0.0}
        paths:
          /orders/{id}:
            get: {operationId: getOrder, x-leash-scope: "orders:read"}
        \(extra)
        """
    }

    @Test("a re-import through the admin API with a new DELETE opens an item for the API alone; reduce and revoke refuse it, approve closes it")
    func reimportOpensAPIItem() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            var yaml = Requests.admin(server.adminSecret)
            yaml[.contentType] = "application/yaml"
            let headers = Requests.admin(server.adminSecret)
            let first = try await client.execute(
                uri: "/v1/apis/orders/import?audience=https://orders.example.com&owner=team", method: .post, headers: yaml,
                body: ByteBuffer(string: Self.document()))
            #expect(first.status == .created)
            let second = try await client.execute(
                uri: "/v1/apis/orders/import", method: .post, headers: yaml,
                body: ByteBuffer(string: Self.document("    delete: {operationId: deleteOrder, x-leash-scope: \"orders:write\"}")))
            #expect(second.status == .ok)

            let open = try await client.execute(uri: "/v1/reviews?status=open", method: .get, headers: headers)
            let items = try #require(open.object["items"] as? [[String: Any]])
            #expect(items.count == 1)
            let item = try #require(items.first)
            #expect(item["trigger"] as? String == "api-changed")
            #expect(item["api"] as? String == "orders" && item["identityId"] == nil)
            #expect(item["operations"] as? [String] == ["DELETE /orders/{id}"])
            let id = try #require(item["id"] as? String)

            for action in ["reduce", "revoke"] {
                let refused = try await client.execute(uri: "/v1/reviews/\(id)/\(action)", method: .post, headers: headers)
                #expect(refused.status == .conflict)
                #expect(refused.text.contains("only approve"))
            }
            let approved = try await client.execute(uri: "/v1/reviews/\(id)/approve", method: .post, headers: headers)
            #expect(approved.status == .ok && approved.object["status"] as? String == "approved")
        }
    }

    @Test("GET /v1/findings reports owner-gone for an owner marked gone through the admin API, and not before")
    func findingsSeeGoneOwners() async throws {
        let server = try await TestServer.make()
        let created = Date().addingTimeInterval(-86_400)
        try await server.server.store.write { transaction in
            try transaction.insert(Identity(id: "orphan", kind: .service, name: "orphan", owner: "team-left", createdAt: created, updatedAt: created))
        }
        try await server.test { client in
            let headers = Requests.admin(server.adminSecret)
            func ownerGoneFindings() async throws -> [String] {
                let findings = try await client.execute(uri: "/v1/findings", method: .get, headers: headers)
                #expect(findings.status == .ok)
                let list = findings.object["findings"] as? [[String: Any]] ?? []
                return list.filter { $0["type"] as? String == "owner-gone" }.compactMap { $0["identityId"] as? String }
            }
            #expect(try await ownerGoneFindings().isEmpty)
            let gone = try await client.execute(uri: "/v1/owners/team-left/gone", method: .post, headers: headers)
            #expect(gone.status == .created)
            #expect(try await ownerGoneFindings() == ["orphan"])
        }
    }
}
