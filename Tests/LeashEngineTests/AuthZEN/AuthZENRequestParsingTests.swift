import Cedar
import Testing
@testable import LeashEngine

@Suite("AuthZEN request parsing")
struct AuthZENRequestParsingTests {
    let parser = AuthZENRequestParser()

    /// Bodies AuthZEN 1.0 and its certification scenario (c-2-4-x) call malformed, with a word the refusal must name.
    static let malformed: [(String, String)] = [
        (#"{"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, "subject is required"),
        (#"{"subject":{"type":"user","id":"alice"},"resource":{"type":"record","id":"record-1"}}"#, "action is required"),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"}}"#, "resource is required"),
        (#"{"subject":{"id":"alice"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, "subject.type"),
        (#"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, "subject.id"),
        (#"{"subject":{"type":"user","id":"alice"},"action":{},"resource":{"type":"record","id":"record-1"}}"#, "action.name"),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"id":"record-1"}}"#, "resource.type"),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"record"}}"#, "resource.id"),
        (#"{"subject":"alice","action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, "subject must be an object"),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":123},"resource":{"type":"record","id":"record-1"}}"#, "action.name must be a string"),
        (#"{"subject":{"type":"user","id":7},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, "subject.id must be a string"),
        (#"{"subject":{"type":"user","id":"alice","properties":[1]},"action":{"name":"read"},"resource":{"type":"record","id":"r"}}"#, "subject.properties"),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"record","id":"r"},"context":"x"}"#, "context must be an object"),
        (#"{"subject": "#, "not valid JSON"),
        ("", "empty"),
        ("   \n", "empty"),
        ("[]", "must be a JSON object"),
        (#"{"a":1,"a":2}"#, "not valid JSON"),
    ]

    @Test("each malformed evaluation body is refused with a message naming the problem", arguments: malformed)
    func refusesMalformed(body: String, mentions: String) {
        #expect {
            _ = try parser.evaluation(Array(body.utf8))
        } throws: { error in
            guard let error = error as? AuthZENRequestError else { return false }
            return error.message.contains(mentions)
        }
    }

    @Test("unknown fields anywhere are ignored and null members count as absent")
    func ignoresUnknownFields() throws {
        let body = #"""
            {"subject":{"type":"user","id":"alice","_note":"x"},"action":{"name":"read","extra":[1,2]},
             "resource":{"type":"record","id":"record-1"},"foo":"bar","futureField":{"nested":true},"context":null}
            """#
        let evaluation = try parser.evaluation(Array(body.utf8))
        #expect(evaluation.subject == AuthZENEntity(type: "user", id: "alice"))
        #expect(evaluation.action.name == "read")
        #expect(evaluation.context == nil)
    }

    @Test("properties and context are kept as given")
    func keepsProperties() throws {
        let body = #"""
            {"subject":{"type":"user","id":"bob","properties":{"role":"admin"}},"action":{"name":"delete","properties":{"soft":true}},
             "resource":{"type":"record","id":"record-2"},"context":{"ip":"10.0.0.1"}}
            """#
        let evaluation = try parser.evaluation(Array(body.utf8))
        #expect(evaluation.subject.properties?["role"] == .string("admin"))
        #expect(evaluation.action.properties?["soft"] == .bool(true))
        #expect(evaluation.context?["ip"] == .string("10.0.0.1"))
    }

    @Test("a body nested deeper than the bound is refused")
    func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let body = #"{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"r","id":"1"},"context":{"x":"# + deep + "}}"
        #expect(throws: AuthZENRequestError.self) { try parser.evaluation(Array(body.utf8)) }
        let shallow = AuthZENRequestParser(maximumDepth: 64)
        #expect(throws: Never.self) { try shallow.evaluation(Array(body.utf8)) }
    }

    @Test("a batch larger than the bound is refused as a whole")
    func refusesLargeBatch() {
        let small = AuthZENRequestParser(maximumEvaluations: 2)
        let body = #"{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"evaluations":[{"resource":{"type":"r","id":"1"}},{"resource":{"type":"r","id":"2"}},{"resource":{"type":"r","id":"3"}}]}"#
        #expect(throws: AuthZENRequestError.invalid("evaluations holds 3 items; at most 2 are accepted")) {
            try small.evaluations(Array(body.utf8))
        }
    }

    @Test("a malformed top-level default or option refuses the whole batch")
    func refusesBrokenDefaults() {
        let bodies = [
            #"{"subject":"alice","evaluations":[{"action":{"name":"read"},"resource":{"type":"r","id":"1"}}]}"#,
            #"{"options":{"evaluations_semantic":"first_wins"},"evaluations":[{}]}"#,
            #"{"options":"all","evaluations":[{}]}"#,
            #"{"evaluations":{"a":1}}"#,
        ]
        for body in bodies {
            #expect(throws: AuthZENRequestError.self, "\(body)") { try parser.evaluations(Array(body.utf8)) }
        }
    }

    /// Search bodies the certification scenario (c-4-7-x) calls malformed, per endpoint.
    static let malformedSearches: [(AuthZENSearchKind, String)] = [
        (.subject, #"{"subject":{"type":"user"},"resource":{"type":"record","id":"record-1"}}"#),
        (.resource, #"{"action":{"name":"read"},"resource":{"type":"record"}}"#),
        (.action, #"{"subject":{"type":"user","id":"alice"}}"#),
        (.subject, #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record"}}"#),
        (.resource, #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record"}}"#),
        (.action, #"{"subject":{"type":"user"},"resource":{"type":"record","id":"record-1"}}"#),
        (.subject, #"{"subject":{"id":"alice"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#),
        (.subject, #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"},"page":{"limit":0}}"#),
        (.subject, #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"},"page":{"token":5}}"#),
    ]

    @Test("each malformed search body is refused", arguments: malformedSearches)
    func refusesMalformedSearch(kind: AuthZENSearchKind, body: String) {
        #expect(throws: AuthZENRequestError.self) { try parser.search(kind, Array(body.utf8)) }
    }

    @Test("the searched entity needs only its type, and its id is ignored")
    func searchedEntityIDIgnored() throws {
        let body = #"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"},"page":{"limit":5000}}"#
        let search = try parser.search(.subject, Array(body.utf8))
        #expect(search.subject.id == "")
        #expect(search.resource.id == "record-1")
        #expect(search.pageLimit == parser.maximumPageLimit)
    }
}
