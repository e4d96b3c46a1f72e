import Cedar
import Foundation
import Testing
@testable import LeashEngine

@Suite("AuthZEN evaluations (boxcarring)")
struct AuthZENBatchTests {
    func run(_ body: String) async throws -> String {
        let point = try CertificationFixture.decisionPoint()
        switch try AuthZENRequestParser().evaluations(Array(body.utf8)) {
        case .single(let evaluation): return try await point.evaluate(evaluation).singleResponse.serialized()
        case .batch(let batch): return AuthZENDecision.batchResponse(try await point.evaluate(batch)).serialized()
        }
    }

    @Test("top-level keys are defaults for every item")
    func defaults() async throws {
        let body = #"{"subject":{"type":"user","id":"bob"},"resource":{"type":"record","id":"record-1"},"evaluations":[{"action":{"name":"read"}},{"action":{"name":"write"}}]}"#
        #expect(try await run(body) == #"{"evaluations":[{"decision":true},{"decision":false}]}"#)
    }

    @Test("an item's key replaces the default as a whole object, properties included (c-3-2-7)")
    func wholeObjectOverride() async throws {
        // The default resource carries status=active; the second item's resource replaces it (no merge).
        let body = #"""
            {"subject":{"type":"user","id":"alice"},"action":{"name":"write"},
             "resource":{"type":"record","id":"record-1","properties":{"status":"active"}},
             "evaluations":[{},{"resource":{"type":"record","id":"record-2","properties":{"status":"archived"}}},{"resource":{"type":"record","id":"record-2"}}]}
            """#
        #expect(try await run(body) == #"{"evaluations":[{"decision":true},{"decision":false},{"decision":false}]}"#)
        // An item subject without properties does not inherit the default subject's properties.
        let subjects = #"""
            {"subject":{"type":"user","id":"carol","properties":{"role":"admin"}},"action":{"name":"write"},
             "resource":{"type":"record","id":"record-2"},"evaluations":[{},{"subject":{"type":"user","id":"carol"}}]}
            """#
        #expect(try await run(subjects) == #"{"evaluations":[{"decision":true},{"decision":false}]}"#)
    }

    @Test("context is defaulted and overridden like the entities")
    func contextDefaults() async throws {
        let body = #"""
            {"subject":{"type":"user","id":"alice"},"action":{"name":"delete","properties":{"soft":true}},"context":{"x":1},
             "evaluations":[{"resource":{"type":"record","id":"record-1"}},{"resource":{"type":"record","id":"record-1"},"action":{"name":"delete"}}]}
            """#
        #expect(try await run(body) == #"{"evaluations":[{"decision":true},{"decision":false}]}"#)
    }

    @Test("an invalid item is a per-item deny with its error, not a refusal of the batch (c-3-4-1)")
    func perItemErrors() async throws {
        let body = #"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"options":{"evaluations_semantic":"execute_all"},"evaluations":[{"resource":{"type":"record","id":"record-1"}},{},"oops"]}"#
        #expect(try await run(body) == #"""
            {"evaluations":[{"decision":true},{"decision":false,"context":{"error":{"status":400,"message":"evaluations[1]: resource is required"}}},{"decision":false,"context":{"error":{"status":400,"message":"evaluations[2] must be an object, not string"}}}]}
            """#)
    }

    @Test("absent or empty evaluations answer the single-decision shape (c-3-4-2, c-3-4-3)")
    func singleShape() async throws {
        for tail in ["", #","evaluations":[]"#, #","evaluations":null"#] {
            let body = #"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}"# + tail + "}"
            #expect(try await run(body).hasPrefix(#"{"decision":true"#))
        }
        let missing = #"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"evaluations":[]}"#
        await #expect(throws: AuthZENRequestError.invalid("resource is required")) { try await run(missing) }
    }

    static let items = #"[{"action":{"name":"read"}},{"action":{"name":"write"}},{"action":{"name":"read"}},{"action":{"name":"write"}}]"#

    @Test("each semantic answers the items up to the one that settles it", arguments: [
        ("execute_all", #"[{"decision":true},{"decision":false},{"decision":true},{"decision":false}]"#),
        ("deny_on_first_deny", #"[{"decision":true},{"decision":false}]"#),
        ("permit_on_first_permit", #"[{"decision":true}]"#),
    ])
    func semantics(semantic: String, expected: String) async throws {
        let body = #"{"subject":{"type":"user","id":"bob"},"resource":{"type":"record","id":"record-1"},"options":{"evaluations_semantic":""# + semantic + #"","other":1},"evaluations":"# + Self.items + "}"
        #expect(try await run(body) == #"{"evaluations":"# + expected + "}")
    }

    @Test("deny_on_first_deny stops at an invalid item too")
    func denyStopsAtError() async throws {
        let body = #"{"subject":{"type":"user","id":"alice"},"resource":{"type":"record","id":"record-1"},"options":{"evaluations_semantic":"deny_on_first_deny"},"evaluations":[{"action":{"name":"read"}},{"action":{}},{"action":{"name":"read"}}]}"#
        let answer = try await run(body)
        #expect(answer.hasPrefix(#"{"evaluations":[{"decision":true},{"decision":false,"context":{"error""#))
        #expect(answer.components(separatedBy: "decision").count == 3)
    }
}
