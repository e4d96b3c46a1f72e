import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashCore
import LeashHTTP
import LeashStore
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
            #expect(shown.object["identityID"] as? String == "svc")

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
}
