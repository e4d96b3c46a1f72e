import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Testing

/// The AuthZEN API on a whole Leash server: real store, the decision point's snapshot, policy pushes.
@Suite("AuthZEN on a Leash server")
struct AuthZENServerTests {
    static func evaluation(subjectType: String, action: String = "read") -> ByteBuffer {
        ByteBuffer(string: #"{"subject":{"type":"\#(subjectType)","id":"svc-1"},"action":{"name":"\#(action)"},"resource":{"type":"doc","id":"d-1"}}"#)
    }

    @Test("PEPs authenticate with an admin secret and decide with the enforced policy version, pushes included")
    func decidesWithEnforcedPolicies() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            var pep = Requests.admin(server.adminSecret, json: true)
            // First start installs the baseline: any Leash::Identity principal is permitted.
            let baseline = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: pep, body: Self.evaluation(subjectType: "Leash::Identity"))
            #expect(baseline.status == .ok)
            #expect(baseline.text.hasPrefix(#"{"decision":true,"context":{"reason_admin":{"en":"permitted by baseline-permit"}}"#))
            let stranger = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: pep, body: Self.evaluation(subjectType: "svc"))
            #expect(stranger.text.hasPrefix(#"{"decision":false"#))

            let push = #"""
                {"files": {"docs.cedar": "@id(\"svc-read\") permit (principal is svc, action == Action::\"read\", resource is doc);"},
                 "schema": "entity svc; entity doc; action read, write appliesTo { principal: [svc], resource: [doc] };",
                 "message": "AuthZEN server test"}
                """#
            let pushed = try await client.execute(uri: "/v1/policies", method: .post, headers: pep, body: ByteBuffer(string: push))
            #expect(pushed.status == .created, "\(pushed.text)")
            // The admin change refreshed the decision snapshot before it answered: the next call sees it.
            let read = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: pep, body: Self.evaluation(subjectType: "svc"))
            #expect(read.text.hasPrefix(#"{"decision":true,"context":{"reason_admin":{"en":"permitted by svc-read"}}"#))
            let write = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: pep, body: Self.evaluation(subjectType: "svc", action: "write"))
            #expect(write.text.hasPrefix(#"{"decision":false"#))

            pep[.authorization] = "Bearer leash_adm_notarealsecretnotarealsecretnotarealsecret"
            let refused = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: pep, body: Self.evaluation(subjectType: "svc"))
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.wwwAuthenticate] == #"Bearer realm="leash-authzen""#)

            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains(#"leash_authzen_decisions_total{outcome="permit"}"#))
            #expect(metrics.text.contains(#"leash_authzen_decisions_total{outcome="deny"}"#))
        }
    }

    @Test("the metadata names the issuer as the PDP identifier")
    func metadata() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let response = try await client.execute(uri: "/.well-known/authzen-configuration", method: .get)
            #expect(response.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(json["policy_decision_point"] as? String == "https://leash.test")
            #expect(json["access_evaluation_endpoint"] as? String == "https://leash.test/access/v1/evaluation")
        }
    }

    @Test("with unauthenticated PEPs allowed, a PEP without credentials is answered")
    func unauthenticatedPEPs() async throws {
        let server = try await TestServer.make { $0.authzen.allowUnauthenticatedPEP = true }
        try await server.test { client in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let response = try await client.execute(
                uri: "/access/v1/evaluation", method: .post, headers: headers, body: Self.evaluation(subjectType: "Leash::Identity"))
            #expect(response.status == .ok)
        }
    }

    @Test("unauthenticated PEPs are refused as a setting unless the listener is loopback")
    func unauthenticatedOnlyOnLoopback() throws {
        let environment = try ConfigurationOverrides(environment: ["LEASH_AUTHZEN_ALLOW_UNAUTHENTICATED": "true"])
        #expect(throws: ConfigurationError.self) {
            try LeashConfiguration.resolve(flags: .init(listen: "0.0.0.0:8414"), environment: environment)
        }
        let loopback = try LeashConfiguration.resolve(flags: .init(listen: "127.0.0.1:8414"), environment: environment)
        #expect(loopback.authzen.allowUnauthenticatedPEP)
        #expect(try !LeashConfiguration.resolve(flags: .init(), environment: .init()).authzen.allowUnauthenticatedPEP)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationOverrides(environment: ["LEASH_AUTHZEN_ALLOW_UNAUTHENTICATED": "maybe"])
        }
    }
}
