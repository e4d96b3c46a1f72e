import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashCore
import LeashHTTP
import LeashStore
import Testing

/// `/v1/policies`: push, history, current, one version, rollback, diff, clear-shadow, schema.
@Suite("admin API: policies")
struct PolicyRoutesTests {
    static let readOnly = #"@id("read-only") permit (principal, action in Leash::Action::"orders:read", resource);"#
    static let noAgents = #"@id("no-agents") forbid (principal, action, resource) when { principal.kind == "agent" };"#

    /// Registers the `orders` API with two operations in the catalog, so strict validation has actions.
    static func seedCatalog(_ server: TestServer, _ client: some TestClientProtocol) async throws {
        let api = try await client.execute(
            uri: "/v1/apis", method: .post, headers: Requests.admin(server.adminSecret, json: true),
            body: Requests.json(["name": "orders", "audience": "https://orders.test", "owner": "team-commerce"]))
        #expect(api.status == .created)
        try await server.server.store.write { transaction in
            try transaction.replaceOperations(api: "orders", with: [
                Operation(
                    api: "orders", id: "getOrder", method: "GET", pathTemplate: "/orders/{id}", scope: "orders:read",
                    sensitivity: .internal, scopeSource: .leashExtension),
                Operation(
                    api: "orders", id: "deleteOrder", method: "DELETE", pathTemplate: "/orders/{id}", scope: "orders:write",
                    sensitivity: .internal, scopeSource: .leashExtension),
            ])
        }
    }

    static func push(
        _ client: some TestClientProtocol, _ secret: String, files: [String: String], mode: String = "enforced",
        extra: [String: Any] = [:]
    ) async throws -> TestResponse {
        var body: [String: Any] = ["files": files, "mode": mode, "message": "test push"]
        body.merge(extra) { _, new in new }
        return try await client.execute(
            uri: "/v1/policies", method: .post, headers: Requests.admin(secret, json: true), body: Requests.json(body))
    }

    @Test("the first start installs the baseline as version 1; a push becomes version 2 and the enforced set")
    func pushAndRead() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            try await Self.seedCatalog(server, client)
            let secret = server.adminSecret
            let pushed = try await Self.push(client, secret, files: ["orders.cedar": Self.readOnly])
            #expect(pushed.status == .created, "\(pushed.text)")
            #expect(pushed.object["created"] as? Bool == true)
            #expect(pushed.object["previous"] as? Int == 1)
            let version = try #require(pushed.object["version"] as? [String: Any])
            #expect(version["version"] as? Int == 2)
            #expect(version["files"] as? [String] == ["orders.cedar"])

            let history = try await client.execute(uri: "/v1/policies", method: .get, headers: Requests.admin(secret))
            let items = try #require(history.object["items"] as? [[String: Any]])
            #expect(items.map { $0["version"] as? Int } == [1, 2])
            #expect(items[0]["createdBy"] as? String == "system")

            let current = try await client.execute(uri: "/v1/policies/current", method: .get, headers: Requests.admin(secret))
            #expect((current.object["enforced"] as? [String: Any])?["version"] as? Int == 2)
            #expect(current.object["shadow"] == nil || current.object["shadow"] is NSNull)

            let one = try await client.execute(uri: "/v1/policies/2", method: .get, headers: Requests.admin(secret))
            #expect((one.object["files"] as? [String: String])?["orders.cedar"] == Self.readOnly)

            let again = try await Self.push(client, secret, files: ["orders.cedar": Self.readOnly])
            #expect(again.status == .ok)
            #expect(again.object["created"] as? Bool == false)
            #expect((again.object["summary"] as? String)?.contains("nothing stored") == true)
        }
    }

    @Test("static entities are taken as a JSON array and kept with their exact numbers")
    func staticEntities() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            try await Self.seedCatalog(server, client)
            let entities = #"[{"uid": {"type": "Doc", "id": "d1"}, "attrs": {"big": 9007199254740993}, "parents": []}]"#
            let body = #"{"files": {"a.cedar": "permit (principal, action, resource);"}, "entities": \#(entities), "schema": "entity Doc { big: Long };", "mode": "enforced"}"#
            let pushed = try await client.execute(
                uri: "/v1/policies", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: ByteBuffer(string: body))
            #expect(pushed.status == .created, "\(pushed.text)")
            let stored = try await client.execute(uri: "/v1/policies/2", method: .get, headers: Requests.admin(server.adminSecret))
            #expect((stored.object["entitiesJSON"] as? String)?.contains("9007199254740993") == true)
        }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let code: String
        let fragment: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(
            name: "a parse error, located", body: #"{"files": {"bad.cedar": "permit (principal action, resource);"}}"#,
            code: "invalid_policy", fragment: "bad.cedar:1:19:"),
        Refusal(
            name: "a strict validation error", body: #"{"files": {"t.cedar": "permit (principal, action, resource) when { principal.trust_teir == \"x\" };"}}"#,
            code: "invalid_policy", fragment: "t.cedar:1:"),
        Refusal(
            name: "duplicate ids", body: #"{"files": {"a.cedar": "@id(\"x\") permit (principal, action, resource);", "b.cedar": "@id(\"x\") permit (principal, action, resource);"}}"#,
            code: "invalid_policy", fragment: #"policy id "x" is already used"#),
        Refusal(
            name: "bad entities", body: #"{"files": {"a.cedar": "permit (principal, action, resource);"}, "entities": [{"uid": 3}]}"#,
            code: "invalid_policy", fragment: "entities.json:"),
        Refusal(name: "no files", body: #"{"mode": "enforced"}"#, code: "invalid_request", fragment: "files is required"),
        Refusal(
            name: "an unknown mode", body: #"{"files": {"a.cedar": ""}, "mode": "sometimes"}"#, code: "invalid_request",
            fragment: "mode must be enforced or shadow"),
        Refusal(name: "an unknown field", body: #"{"files": {}, "force": true}"#, code: "invalid_request", fragment: "unknown field force"),
        Refusal(name: "not JSON", body: "files=a", code: "invalid_request", fragment: "not valid JSON"),
        Refusal(
            name: "entities that are neither array nor string", body: #"{"files": {"a.cedar": ""}, "entities": 4}"#,
            code: "invalid_request", fragment: "entities must be an array"),
    ]

    @Test("a refused push answers 400 with a JSON error naming the problem, and stores nothing", arguments: refusals)
    func refused(_ refusal: Refusal) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            try await Self.seedCatalog(server, client)
            let response = try await client.execute(
                uri: "/v1/policies", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: ByteBuffer(string: refusal.body))
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(response.object["error"] as? String == refusal.code)
            #expect((response.object["error_description"] as? String)?.contains(refusal.fragment) == true, "\(response.text)")
            if refusal.code == "invalid_policy" {
                let problems = try #require(response.object["problems"] as? [[String: Any]])
                #expect(problems.contains { ($0["text"] as? String)?.contains(refusal.fragment) == true })
            }
            let history = try await client.execute(uri: "/v1/policies", method: .get, headers: Requests.admin(server.adminSecret))
            #expect((history.object["items"] as? [Any])?.count == 1)
        }
    }

    @Test("rollback, diff and clear-shadow work through the API; bad version numbers are 400, missing ones 404")
    func rollbackDiffShadow() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            try await Self.seedCatalog(server, client)
            let secret = server.adminSecret
            #expect(try await Self.push(client, secret, files: ["orders.cedar": Self.readOnly]).status == .created)
            #expect(try await Self.push(client, secret, files: ["orders.cedar": Self.noAgents], mode: "shadow").status == .created)

            let diff = try await client.execute(uri: "/v1/policies/diff?from=2&to=3", method: .get, headers: Requests.admin(secret))
            #expect(diff.status == .ok)
            let changes = try #require(diff.object["policies"] as? [[String: Any]])
            #expect(changes.map { "\($0["id"] ?? "") \($0["change"] ?? "")" } == ["no-agents added", "read-only removed"])

            let cleared = try await client.execute(uri: "/v1/policies/shadow", method: .delete, headers: Requests.admin(secret))
            #expect(cleared.status == .ok)
            #expect(cleared.object["cleared"] as? Int == 3)
            let none = try await client.execute(uri: "/v1/policies/shadow", method: .delete, headers: Requests.admin(secret))
            #expect(none.object["cleared"] == nil || none.object["cleared"] is NSNull)

            let rollback = try await client.execute(uri: "/v1/policies/1/rollback", method: .post, headers: Requests.admin(secret))
            #expect(rollback.status == .created, "\(rollback.text)")
            #expect((rollback.object["version"] as? [String: Any])?["restoredFrom"] as? Int == 1)
            let current = try await client.execute(uri: "/v1/policies/current", method: .get, headers: Requests.admin(secret))
            #expect((current.object["enforced"] as? [String: Any])?["version"] as? Int == 4)

            for (path, method, status) in [
                ("/v1/policies/99", HTTPRequest.Method.get, HTTPResponse.Status.notFound),
                ("/v1/policies/abc", .get, .badRequest),
                ("/v1/policies/0", .get, .badRequest),
                ("/v1/policies/99/rollback", .post, .notFound),
                ("/v1/policies/diff?from=1", .get, .badRequest),
                ("/v1/policies/diff?from=1&to=42", .get, .notFound),
            ] {
                let response = try await client.execute(uri: path, method: method, headers: Requests.admin(secret))
                #expect(response.status == status, "\(method) \(path): \(response.text)")
                #expect(response.object["error"] is String)
            }
        }
    }

    @Test("the schema route serves the generated Leash schema as text")
    func schema() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            try await Self.seedCatalog(server, client)
            let response = try await client.execute(uri: "/v1/policies/schema", method: .get, headers: Requests.admin(server.adminSecret))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(response.text.contains("namespace Leash {"))
            #expect(response.text.contains(#"action "orders/getOrder" in ["orders:read", "call"] appliesTo {"#))
        }
    }

    @Test("viewers read policies but cannot change them; anonymous callers get 401")
    func roles() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let created = try await client.execute(
                uri: "/v1/admin-credentials", method: .post, headers: Requests.admin(server.adminSecret, json: true),
                body: Requests.json(["name": "viewer", "role": "viewer"]))
            let viewer = try #require(created.object["secret"] as? String)
            #expect(try await client.execute(uri: "/v1/policies", method: .get, headers: Requests.admin(viewer)).status == .ok)
            let push = try await Self.push(client, viewer, files: ["a.cedar": "permit (principal, action, resource);"])
            #expect(push.status == .forbidden)
            let rollback = try await client.execute(uri: "/v1/policies/1/rollback", method: .post, headers: Requests.admin(viewer))
            #expect(rollback.status == .forbidden)
            let clear = try await client.execute(uri: "/v1/policies/shadow", method: .delete, headers: Requests.admin(viewer))
            #expect(clear.status == .forbidden)
            let anonymous = try await client.execute(uri: "/v1/policies", method: .get, headers: [:])
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("every policy route's answers, successes and refusals, match the OpenAPI document")
    func openAPI() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            try await Self.seedCatalog(server, client)
            let secret = server.adminSecret
            let document = try await client.execute(uri: "/openapi.json", method: .get)
            let checker = try OpenAPIChecker(documentData: Data(document.body.readableBytesView))
            // The fixture matches templates in no particular order; OpenAPI 3.1 §4.8.8 matches concrete paths
            // first. For /v1/policies/current, /schema, /diff and /shadow, check against the document without the template.
            var withoutTemplate = try #require(try JSONSerialization.jsonObject(with: Data(document.body.readableBytesView)) as? [String: Any])
            var paths = try #require(withoutTemplate["paths"] as? [String: Any])
            paths["/v1/policies/{version}"] = nil
            withoutTemplate["paths"] = paths
            let concreteChecker = try OpenAPIChecker(documentData: try JSONSerialization.data(withJSONObject: withoutTemplate))
            var problems: [String] = []
            func check(_ method: HTTPRequest.Method, _ path: String, body: String? = nil) async throws {
                let concrete = ["/v1/policies/current", "/v1/policies/schema", "/v1/policies/diff", "/v1/policies/shadow"]
                let checker = concrete.contains { path.hasPrefix($0) } ? concreteChecker : checker
                let response = try await client.execute(
                    uri: path, method: method, headers: Requests.admin(secret, json: body != nil),
                    body: body.map { ByteBuffer(string: $0) })
                problems += checker.problems(
                    method: method.rawValue, path: path, status: Int(response.status.code),
                    contentType: response.headers[.contentType], body: Data(response.body.readableBytesView))
            }
            try await check(.post, "/v1/policies", body: #"{"files": {"a.cedar": "permit (principal, action, resource);"}, "message": "m"}"#)
            try await check(.post, "/v1/policies", body: #"{"files": {"a.cedar": "permit (principal, action, resource);"}}"#)
            try await check(.post, "/v1/policies", body: #"{"files": {"a.cedar": "permit ("}}"#)
            try await check(.post, "/v1/policies", body: #"{"files": {"b.cedar": "forbid (principal, action, resource);"}, "mode": "shadow"}"#)
            try await check(.get, "/v1/policies")
            try await check(.get, "/v1/policies/current")
            try await check(.get, "/v1/policies/2")
            try await check(.get, "/v1/policies/9")
            try await check(.get, "/v1/policies/diff?from=1&to=3")
            try await check(.get, "/v1/policies/schema")
            try await check(.post, "/v1/policies/1/rollback")
            try await check(.post, "/v1/policies/1/rollback", body: #"{"mode": "shadow", "message": "try again"}"#)
            try await check(.delete, "/v1/policies/shadow")
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test("a policy set larger than the admin body limit is accepted up to 4 MiB")
    func largePush() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            try await Self.seedCatalog(server, client)
            // About 200 KiB of policies, beyond the default 64 KiB admin body limit.
            let policy = "permit (principal, action in Leash::Action::\"orders:read\", resource) when { context.hour >= 0 };\n"
            let text = String(repeating: policy, count: 2_000)
            let pushed = try await Self.push(client, server.adminSecret, files: ["many.cedar": text])
            #expect(pushed.status == .created, "\(pushed.text.prefix(300))")
            let huge = String(repeating: "// filler line to pass four mebibytes\n", count: 120_000)
            let refused = try await Self.push(client, server.adminSecret, files: ["huge.cedar": huge])
            #expect(refused.status == .contentTooLarge)
        }
    }
}
