import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashCore
import LeashHTTP
import Testing

/// `GET /v1/usage/{identity}` and `GET /v1/decisions`: what identities really do, read from the records.
@Suite("usage and decision routes")
struct UsageRoutesTests {
    static func record(
        _ identity: String?, operation: String? = "getOrder", allowed: Bool = true, ago seconds: Double, source: String = "10.0.0.1"
    ) -> DecisionRecord {
        DecisionRecord(
            time: Date().addingTimeInterval(-seconds), identityID: identity, credentialID: "cred_1", jti: "j-\(seconds)",
            api: "orders", operationID: operation, method: "GET", path: "/orders/\(Int(seconds))", allowed: allowed,
            reason: allowed ? "allowed" : "scope_missing", policyIDs: allowed ? ["baseline-permit"] : [],
            shadow: ShadowOutcome(allowed: false, policyIDs: ["shadow-1"]), sourceAddress: source, latencyMicroseconds: 17,
            act: identity == "svc-a" ? [] : ["svc-a"])
    }

    /// Creates identity `id` through the admin API.
    static func createIdentity(_ id: String, _ client: some TestClientProtocol, secret: String) async throws {
        let created = try await client.execute(
            uri: "/v1/identities", method: .post, headers: Requests.admin(secret, json: true),
            body: Requests.json(["id": id, "kind": "service", "name": id, "owner": "team-x", "trustTier": "internal"]))
        #expect(created.status == .created)
    }

    @Test("usage lists each operation in the window with counts, dates and distinct sources")
    func usageReport() async throws {
        let server = try await TestServer.make()
        let records = [
            Self.record("svc-a", ago: 5, source: "10.0.0.1"), Self.record("svc-a", ago: 3, source: "10.0.0.2"),
            Self.record("svc-a", allowed: false, ago: 4, source: "10.0.0.1"),
            Self.record("svc-a", operation: "deleteOrder", allowed: false, ago: 2),
            Self.record("svc-a", operation: "listOrders", ago: 40 * 86_400),
            Self.record("svc-b", ago: 1),
        ]
        try await server.server.store.appendDecisions(records, usage: .aggregating(records))
        try await server.test { client in
            try await Self.createIdentity("svc-a", client, secret: server.adminSecret)
            let headers = Requests.admin(server.adminSecret)
            let report = try await client.execute(uri: "/v1/usage/svc-a", method: .get, headers: headers)
            #expect(report.status == .ok)
            #expect(report.object["identity"] as? String == "svc-a")
            #expect(report.object["window"] as? String == "30d")
            #expect(report.object["allowed"] as? Int == 2)
            #expect(report.object["denied"] as? Int == 2)
            let items = try #require(report.object["items"] as? [[String: Any]])
            #expect(items.map { $0["operation"] as? String } == ["deleteOrder", "getOrder"])
            let get = items[1]
            #expect(Set(get.keys) == [
                "api", "operation", "allowed", "denied", "firstSeen", "lastSeen", "distinctSources", "distinctSourcesExact",
            ])
            #expect(get["api"] as? String == "orders")
            #expect(get["allowed"] as? Int == 2)
            #expect(get["denied"] as? Int == 1)
            #expect(get["distinctSources"] as? Int == 2)
            #expect(get["distinctSourcesExact"] as? Bool == true)
            let formatter = ISO8601DateFormatter()
            let first = try #require((get["firstSeen"] as? String).flatMap(formatter.date(from:)))
            let last = try #require((get["lastSeen"] as? String).flatMap(formatter.date(from:)))
            #expect(first <= last)
            #expect(abs(first.timeIntervalSinceNow + 5) < 60)

            let wide = try await client.execute(uri: "/v1/usage/svc-a?window=8w", method: .get, headers: headers)
            #expect(wide.object["window"] as? String == "56d")
            #expect((wide.object["items"] as? [[String: Any]])?.map { $0["operation"] as? String } == [
                "deleteOrder", "getOrder", "listOrders",
            ])
        }
    }

    @Test("usage refuses a bad window, an unknown identity and a caller without a secret", arguments: [
        ("/v1/usage/svc-a?window=30", HTTPResponse.Status.badRequest, "window"),
        ("/v1/usage/svc-a?window=0d", .badRequest, "window"),
        ("/v1/usage/svc-a?window=-3d", .badRequest, "window"),
        ("/v1/usage/svc-a?window=9999d", .badRequest, "window"),
        ("/v1/usage/svc-a?window=3h", .badRequest, "window"),
        ("/v1/usage/nobody", .notFound, "nobody"),
    ])
    func usageRefusals(uri: String, status: HTTPResponse.Status, mention: String) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            try await Self.createIdentity("svc-a", client, secret: server.adminSecret)
            let response = try await client.execute(uri: uri, method: .get, headers: Requests.admin(server.adminSecret))
            #expect(response.status == status)
            #expect(response.text.contains(mention))
            let anonymous = try await client.execute(uri: uri, method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("decisions are listed newest first with every recorded field, filtered and limited")
    func decisionList() async throws {
        let server = try await TestServer.make()
        let records = [
            Self.record("svc-a", ago: 30), Self.record("svc-b", allowed: false, ago: 20), Self.record("svc-a", ago: 10),
            Self.record(nil, operation: nil, allowed: false, ago: 3 * 86_400),
        ]
        try await server.server.store.appendDecisions(records, usage: .aggregating(records))
        try await server.test { client in
            let headers = Requests.admin(server.adminSecret)
            let all = try await client.execute(uri: "/v1/decisions", method: .get, headers: headers)
            #expect(all.status == .ok)
            let items = try #require(all.object["items"] as? [[String: Any]])
            #expect(items.map { $0["path"] as? String } == ["/orders/10", "/orders/20", "/orders/30", "/orders/259200"])
            #expect(Set(items[1].keys) == [
                "time", "identity", "credential", "jti", "api", "operation", "method", "path", "allowed", "reason",
                "policies", "shadow", "source", "latencyMicroseconds", "act",
            ])
            #expect(items[1]["act"] as? [String] == ["svc-a"])
            #expect(items[0]["act"] == nil)
            #expect(items[1]["reason"] as? String == "scope_missing")
            #expect((items[0]["shadow"] as? [String: Any])?["policies"] as? [String] == ["shadow-1"])
            #expect(items[3]["identity"] == nil)
            #expect(items[3]["operation"] == nil)

            let mine = try await client.execute(uri: "/v1/decisions?identity=svc-a&limit=1", method: .get, headers: headers)
            #expect((mine.object["items"] as? [[String: Any]])?.map { $0["path"] as? String } == ["/orders/10"])
            let recent = try await client.execute(uri: "/v1/decisions?since=1h", method: .get, headers: headers)
            #expect((recent.object["items"] as? [Any])?.count == 3)
            // Between the records of 30 s and 20 s ago, from their own times (a slow machine may take longer than that).
            let since = ISO8601DateFormatter().string(from: records[1].time.addingTimeInterval(-5))
            let exact = try await client.execute(uri: "/v1/decisions?since=\(since)", method: .get, headers: headers)
            #expect((exact.object["items"] as? [Any])?.count == 2)
        }
    }

    @Test("decisions refuse bad parameters with a message naming them", arguments: [
        ("/v1/decisions?limit=0", "limit"), ("/v1/decisions?limit=1001", "limit"), ("/v1/decisions?limit=ten", "limit"),
        ("/v1/decisions?since=yesterday", "since"), ("/v1/decisions?until=5x", "until"), ("/v1/decisions?identity=", "identity"),
    ])
    func decisionRefusals(uri: String, parameter: String) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let response = try await client.execute(uri: uri, method: .get, headers: Requests.admin(server.adminSecret))
            #expect(response.status == .badRequest)
            #expect(response.text.contains(parameter))
        }
    }

    @Test("every usage and decision response, success or refusal, matches the served OpenAPI document")
    func conformsToDocument() async throws {
        let server = try await TestServer.make()
        let records = [Self.record("svc-a", ago: 5), Self.record(nil, operation: nil, allowed: false, ago: 4)]
        try await server.server.store.appendDecisions(records, usage: .aggregating(records))
        try await server.test { client in
            try await Self.createIdentity("svc-a", client, secret: server.adminSecret)
            let document = try await client.execute(uri: "/openapi.json", method: .get)
            let checker = try OpenAPIChecker(documentData: Data(document.body.readableBytesView))
            let admin = Requests.admin(server.adminSecret)
            var problems: [String] = []
            for (uri, headers) in [
                ("/v1/usage/svc-a", admin), ("/v1/usage/svc-a?window=2d", admin), ("/v1/usage/svc-a?window=x", admin),
                ("/v1/usage/nobody", admin), ("/v1/usage/svc-a", HTTPFields()), ("/v1/decisions", admin),
                ("/v1/decisions?identity=svc-a&since=1h&limit=5", admin), ("/v1/decisions?limit=0", admin),
                ("/v1/decisions", HTTPFields()),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                let path = String(uri.split(separator: "?").first ?? "")
                problems += checker.problems(
                    method: "GET", path: path, status: Int(response.status.code), contentType: response.headers[.contentType],
                    body: Data(response.body.readableBytesView))
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
