import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashCore
import LeashHTTP
import LeashStore
import Testing

/// `/v1/proposals` over a real server and store.
@Suite("Proposal routes")
struct ProposalRoutesTests {
    /// `checkout` holds orders:read (used) and orders:write (never used).
    static func seed(_ store: some LeashStore) async throws {
        let created = Date().addingTimeInterval(-10 * 86_400)
        try await store.write { transaction in
            try transaction.insert(API(name: "orders", audience: "https://orders.example.com", owner: "team", createdAt: created, updatedAt: created))
            try transaction.replaceOperations(api: "orders", with: [
                LeashCore.Operation(api: "orders", id: "getOrder", method: "GET", pathTemplate: "/orders/{id}", scope: "orders:read", sensitivity: .internal, scopeSource: .leashExtension),
                LeashCore.Operation(api: "orders", id: "createOrder", method: "POST", pathTemplate: "/orders", scope: "orders:write", sensitivity: .internal, scopeSource: .leashExtension),
            ])
            try transaction.insert(Identity(id: "checkout", kind: .service, name: "checkout", owner: "team", createdAt: created, updatedAt: created))
            try transaction.insert(Grant(id: "grant_read", identityID: "checkout", api: "orders", scope: "orders:read", grantedBy: "system", createdAt: created))
            try transaction.insert(Grant(id: "grant_write", identityID: "checkout", api: "orders", scope: "orders:write", grantedBy: "system", createdAt: created))
        }
        try await store.appendDecisions([
            DecisionRecord(time: Date().addingTimeInterval(-86_400), identityID: "checkout", api: "orders", operationID: "getOrder",
                           method: "GET", path: "/orders/1", allowed: true, reason: "allowed"),
        ], usage: [:])
    }

    /// Keys spelled the former way (`identityID`, `grantIDs`) anywhere in a JSON value.
    static func formerIdentifierKeys(in value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.keys.filter { $0.hasSuffix("ID") || $0.hasSuffix("IDs") } + object.values.flatMap(formerIdentifierKeys)
        }
        if let array = value as? [Any] { return array.flatMap(formerIdentifierKeys) }
        return []
    }

    @Test("generate, list, show, shadow and enforce a proposal; the unused grant is gone")
    func lifecycle() async throws {
        let server = try await TestServer.make()
        try await Self.seed(server.server.store)
        try await server.test { client in
            let headers = Requests.admin(server.adminSecret)
            let generated = try await client.execute(
                uri: "/v1/proposals", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["window": "30d", "identityId": "checkout"]))
            #expect(generated.status == .created)
            let items = try #require(generated.object["items"] as? [[String: Any]])
            try #require(items.count == 1)
            let id = try #require(items[0]["id"] as? String)
            #expect((items[0]["removedGrants"] as? [[String: Any]])?.map { $0["id"] as? String } == ["grant_write"])
            #expect((items[0]["replay"] as? [String: Any])?["refusedAfter"] as? Int == 0)
            #expect(items[0]["identityId"] as? String == "checkout")
            #expect((items[0]["uses"] as? [[String: Any]])?.map { $0["operationId"] as? String } == ["getOrder"])
            #expect(Self.formerIdentifierKeys(in: items[0]).isEmpty)

            let list = try await client.execute(uri: "/v1/proposals?status=proposed", method: .get, headers: headers)
            #expect((list.object["items"] as? [Any])?.count == 1)
            let shadow = try await client.execute(uri: "/v1/proposals/\(id)/shadow", method: .post, headers: headers)
            #expect(shadow.status == .ok)
            #expect(shadow.object["status"] as? String == "shadowed")
            let shown = try await client.execute(uri: "/v1/proposals/\(id)", method: .get, headers: headers)
            #expect((shown.object["shadow"] as? [String: Any])?["wouldBeDenied"] as? Int == 0)
            let enforce = try await client.execute(uri: "/v1/proposals/\(id)/enforce", method: .post, headers: headers)
            #expect(enforce.object["status"] as? String == "enforced")
            let grants = try await client.execute(uri: "/v1/grants?identityId=checkout", method: .get, headers: headers)
            #expect((grants.object["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["grant_read"])
            let again = try await client.execute(uri: "/v1/proposals/\(id)/reject", method: .post, headers: headers)
            #expect(again.status == .conflict)
        }
    }

    @Test("refuses a bad window, an unknown status, unknown identities and proposals, and a missing admin secret")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await Self.seed(server.server.store)
        try await server.test { client in
            let json = Requests.admin(server.adminSecret, json: true)
            let headers = Requests.admin(server.adminSecret)
            let window = try await client.execute(
                uri: "/v1/proposals", method: .post, headers: json, body: Requests.json(["window": "forever"]))
            #expect(window.status == .badRequest)
            let field = try await client.execute(
                uri: "/v1/proposals", method: .post, headers: json, body: Requests.json(["windw": "30d"]))
            #expect(field.status == .badRequest)
            let identity = try await client.execute(
                uri: "/v1/proposals", method: .post, headers: json, body: Requests.json(["identityId": "ghost"]))
            #expect(identity.status == .notFound)
            let status = try await client.execute(uri: "/v1/proposals?status=maybe", method: .get, headers: headers)
            #expect(status.status == .badRequest)
            let unknown = try await client.execute(uri: "/v1/proposals/prop_none", method: .get, headers: headers)
            #expect(unknown.status == .notFound)
            let anonymous = try await client.execute(uri: "/v1/proposals", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }
}
