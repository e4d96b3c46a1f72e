import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("AuthZEN routes")
struct AuthZENRoutesTests {
    static let alice = #"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#

    @Test("an evaluation answers 200 with the decision and the determining policy, echoing X-Request-ID")
    func evaluation() async throws {
        try await AuthZENTestRouter.application().test(.router) { client in
            let permit = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: AuthZENTestRouter.headers(requestID: "req-1"), body: ByteBuffer(string: Self.alice))
            #expect(permit.status == .ok)
            #expect(permit.requestID == "req-1")
            #expect(permit.text == #"{"decision":true,"context":{"reason_admin":{"en":"permitted by alice-reads"}}}"#)
            #expect(permit.headers[.contentType] == "application/json")
            let deny = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: AuthZENTestRouter.headers(),
                body: ByteBuffer(string: Self.alice.replacingOccurrences(of: "alice", with: "bob")))
            #expect(deny.status == .ok)
            #expect(deny.text.hasPrefix(#"{"decision":false"#))
            #expect(deny.requestID == nil)
        }
    }

    /// Malformed requests as AuthZEN 1.0 and the certification scenario (c-2-4-x) list them.
    static let malformed: [(String, String?, String)] = [
        (#"{"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, "application/json", "subject is required"),
        (#"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, "application/json", "subject.id is required"),
        (#"{"subject":{"type":"user","id":"alice"},"action":{},"resource":{"type":"record","id":"record-1"}}"#, "application/json", "action.name is required"),
        (#"{"subject":"alice","action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, "application/json", "subject must be an object"),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":123},"resource":{"type":"record","id":"record-1"}}"#, "application/json", "action.name must be a string"),
        (alice, "text/plain", "Content-Type must be application/json"),
        (alice, nil, "Content-Type must be application/json"),
        (#"{"subject": "#, "application/json", "not valid JSON"),
        ("", "application/json", "the request body is empty"),
    ]

    @Test("each malformed request is a 400 whose JSON body names the problem, with X-Request-ID echoed", arguments: malformed)
    func malformedRequest(body: String, contentType: String?, problem: String) async throws {
        try await AuthZENTestRouter.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/access/v1/evaluation", method: .post,
                headers: AuthZENTestRouter.headers(requestID: "bad-1", contentType: contentType), body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(response.requestID == "bad-1")
            let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: String]
            #expect(json?["error"] == "invalid_request")
            #expect(json?["error_description"]?.contains(problem) == true, "\(response.text)")
        }
    }

    @Test("a body over the size limit is refused with 413")
    func bodyTooLarge() async throws {
        try await AuthZENTestRouter.application(bodyLimit: 1024).test(.router) { client in
            let padded = #"{"pad":""# + String(repeating: "x", count: 2000) + #"","subject":{"type":"user","id":"alice"}}"#
            let response = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: AuthZENTestRouter.headers(requestID: "big"), body: ByteBuffer(string: padded))
            #expect(response.status == .contentTooLarge)
            #expect(response.requestID == "big")
        }
    }

    @Test("evaluations answers per item, with per-item errors, and the single shape without items")
    func evaluations() async throws {
        try await AuthZENTestRouter.application().test(.router) { client in
            let batch = #"""
                {"action":{"name":"write"},"resource":{"type":"record","id":"record-1"},
                 "evaluations":[{"subject":{"type":"user","id":"bob"}},{"subject":{"type":"user","id":"bob","properties":{"role":"admin"}}},{"subject":{"type":"user"}}]}
                """#
            let response = try await client.execute(
                uri: "/access/v1/evaluations", method: .post, headers: AuthZENTestRouter.headers(), body: ByteBuffer(string: batch))
            #expect(response.status == .ok)
            #expect(response.text == #"{"evaluations":[{"decision":false},{"decision":true},{"decision":false,"context":{"error":{"status":400,"message":"evaluations[2]: subject.id is required"}}}]}"#)
            let single = try await client.execute(
                uri: "/access/v1/evaluations", method: .post, headers: AuthZENTestRouter.headers(), body: ByteBuffer(string: Self.alice))
            #expect(single.text.hasPrefix(#"{"decision":true"#))
        }
    }

    @Test("the search endpoints answer results, and refuse an incomplete entity")
    func search() async throws {
        try await AuthZENTestRouter.application().test(.router) { client in
            let subjects = try await client.execute(
                uri: "/access/v1/search/subject", method: .post, headers: AuthZENTestRouter.headers(),
                body: ByteBuffer(string: #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#))
            #expect(subjects.text == #"{"results":[{"type":"user","id":"alice"}]}"#)
            let actions = try await client.execute(
                uri: "/access/v1/search/action", method: .post, headers: AuthZENTestRouter.headers(),
                body: ByteBuffer(string: #"{"subject":{"type":"user","id":"alice"},"resource":{"type":"record","id":"record-1"}}"#))
            #expect(actions.text == #"{"results":[{"name":"read"}]}"#)
            let resources = try await client.execute(
                uri: "/access/v1/search/resource", method: .post, headers: AuthZENTestRouter.headers(requestID: "s-1"),
                body: ByteBuffer(string: #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record"}}"#))
            #expect(resources.status == .badRequest)
            #expect(resources.requestID == "s-1")
        }
    }

    @Test("a wrong method or an unknown path under /access/v1 is refused with X-Request-ID echoed")
    func unknownRoutes() async throws {
        try await AuthZENTestRouter.application().test(.router) { client in
            let get = try await client.execute(uri: "/access/v1/evaluation", method: .get, headers: AuthZENTestRouter.headers(requestID: "m"))
            #expect(get.status == .methodNotAllowed)
            #expect(get.requestID == "m")
            #expect(get.headers[.allow] == "POST")
            let unknown = try await client.execute(
                uri: "/access/v1/search/everything", method: .post, headers: AuthZENTestRouter.headers(requestID: "u"), body: ByteBuffer(string: "{}"))
            #expect(unknown.status == .notFound)
            #expect(unknown.requestID == "u")
            let search = try await client.execute(
                uri: "/access/v1/search/subject", method: .post, headers: AuthZENTestRouter.headers(),
                body: ByteBuffer(string: #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#))
            #expect(search.status == .ok)
        }
    }

    @Test("a PEP without or with a wrong secret gets 401 with a Bearer challenge")
    func pepAuthentication() async throws {
        try await AuthZENTestRouter.application().test(.router) { client in
            for secret in [nil, "wrong"] as [String?] {
                let response = try await client.execute(
                    uri: "/access/v1/evaluation", method: .post, headers: AuthZENTestRouter.headers(requestID: "auth", secret: secret),
                    body: ByteBuffer(string: Self.alice))
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="leash-authzen""#)
                #expect(response.requestID == "auth")
            }
        }
        try await AuthZENTestRouter.application(authenticated: false).test(.router) { client in
            let response = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: AuthZENTestRouter.headers(secret: nil), body: ByteBuffer(string: Self.alice))
            #expect(response.status == .ok)
        }
    }

    @Test("the metadata document names the PDP and every endpoint under its base URL, without authentication")
    func discovery() async throws {
        try await AuthZENTestRouter.application().test(.router) { client in
            var headers = HTTPFields()
            if let name = HTTPField.Name("X-Request-ID") { headers[name] = "meta" }
            let response = try await client.execute(uri: "/.well-known/authzen-configuration", method: .get, headers: headers)
            #expect(response.status == .ok)
            #expect(response.requestID == "meta")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            let base = AuthZENTestRouter.baseURL
            #expect(json["policy_decision_point"] as? String == base)
            #expect(json["access_evaluation_endpoint"] as? String == base + "/access/v1/evaluation")
            #expect(json["access_evaluations_endpoint"] as? String == base + "/access/v1/evaluations")
            #expect(json["search_subject_endpoint"] as? String == base + "/access/v1/search/subject")
            #expect(json["search_resource_endpoint"] as? String == base + "/access/v1/search/resource")
            #expect(json["search_action_endpoint"] as? String == base + "/access/v1/search/action")
            #expect(json["capabilities"] as? [String] == [])
            #expect(json["signed_metadata"] == nil)
        }
    }
}
