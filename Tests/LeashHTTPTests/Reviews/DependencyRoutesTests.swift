import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashCore
import LeashHTTP
import LeashStore
import Testing

/// `/v1/dependencies` and `GET /v1/identities/{id}/blast-radius` over a real server and store.
@Suite("Blast radius and dependency routes")
struct BlastRadiusRoutesTests {
    /// Two APIs (orders calls billing as orders-svc, once declared) and a frontend allowed to read orders.
    static func seed(_ store: some LeashStore) async throws {
        let created = Date().addingTimeInterval(-86_400)
        try await store.write { transaction in
            for api in ["orders", "billing"] {
                try transaction.insert(API(name: api, audience: "https://\(api).example.com", owner: "team", createdAt: created, updatedAt: created))
            }
            try transaction.replaceOperations(api: "orders", with: [
                LeashCore.Operation(api: "orders", id: "getOrder", method: "GET", pathTemplate: "/orders/{id}", scope: "orders:read", sensitivity: .internal, scopeSource: .leashExtension),
            ])
            try transaction.replaceOperations(api: "billing", with: [
                LeashCore.Operation(api: "billing", id: "refund", method: "POST", pathTemplate: "/refunds", scope: "billing:refund", sensitivity: .restricted, scopeSource: .leashExtension),
            ])
            for id in ["frontend", "orders-svc"] {
                try transaction.insert(Identity(id: id, kind: .service, name: id, owner: "team", createdAt: created, updatedAt: created))
            }
            try transaction.insert(Grant(id: "grant_frontend", identityID: "frontend", api: "orders", scope: "orders:read", grantedBy: "system", createdAt: created))
            try transaction.insert(Grant(id: "grant_svc", identityID: "orders-svc", api: "billing", scope: "billing:refund", grantedBy: "system", createdAt: created))
        }
    }

    @Test("a declared dependency widens the caller's blast radius, as JSON and as DOT, and its removal narrows it again")
    func declareAndReach() async throws {
        let server = try await TestServer.make()
        try await Self.seed(server.server.store)
        try await server.test { client in
            let headers = Requests.admin(server.adminSecret)
            let before = try await client.execute(uri: "/v1/identities/frontend/blast-radius", method: .get, headers: headers)
            #expect(before.status == .ok)
            #expect((before.object["criticalPaths"] as? [Any])?.isEmpty == true)

            let body = Requests.json(["api": "orders", "calls": "billing", "identityId": "orders-svc"])
            let created = try await client.execute(
                uri: "/v1/dependencies", method: .post, headers: Requests.admin(server.adminSecret, json: true), body: body)
            #expect(created.status == .created)
            #expect(created.object["identityId"] as? String == "orders-svc")
            let again = try await client.execute(
                uri: "/v1/dependencies", method: .post, headers: Requests.admin(server.adminSecret, json: true), body: body)
            #expect(again.status == .conflict)
            let list = try await client.execute(uri: "/v1/dependencies?api=orders", method: .get, headers: headers)
            #expect((list.object["items"] as? [Any])?.count == 1)

            let after = try await client.execute(uri: "/v1/identities/frontend/blast-radius", method: .get, headers: headers)
            let paths = try #require(after.object["criticalPaths"] as? [[String: Any]])
            #expect(paths.map { $0["operationId"] as? String } == ["refund"])
            let dot = try await client.execute(uri: "/v1/identities/frontend/blast-radius?format=dot", method: .get, headers: headers)
            #expect(dot.status == .ok)
            #expect(dot.headers[.contentType] == "text/vnd.graphviz; charset=utf-8")
            #expect(String(buffer: dot.body).contains("\"identity:frontend\" -> \"identity:orders-svc\" [style=dashed, label=\"orders calls billing\"];"))

            let removed = try await client.execute(uri: "/v1/dependencies/orders/billing/orders-svc", method: .delete, headers: headers)
            #expect(removed.status == .noContent)
            let narrowed = try await client.execute(uri: "/v1/identities/frontend/blast-radius", method: .get, headers: headers)
            #expect((narrowed.object["criticalPaths"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("refuses an unknown identity, an unknown format, a bad depth, unknown fields and a missing admin secret")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await Self.seed(server.server.store)
        try await server.test { client in
            let headers = Requests.admin(server.adminSecret)
            let unknown = try await client.execute(uri: "/v1/identities/ghost/blast-radius", method: .get, headers: headers)
            #expect(unknown.status == .notFound)
            let format = try await client.execute(uri: "/v1/identities/frontend/blast-radius?format=svg", method: .get, headers: headers)
            #expect(format.status == .badRequest)
            let depth = try await client.execute(uri: "/v1/identities/frontend/blast-radius?depth=many", method: .get, headers: headers)
            #expect(depth.status == .badRequest)
            let extra = try await client.execute(
                uri: "/v1/dependencies", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["api": "orders", "calls": "billing", "identityId": "orders-svc", "via": "x"]))
            #expect(extra.status == .badRequest)
            let missing = try await client.execute(uri: "/v1/dependencies/orders/billing/orders-svc", method: .delete, headers: headers)
            #expect(missing.status == .notFound)
            let anonymous = try await client.execute(uri: "/v1/dependencies", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }
}
