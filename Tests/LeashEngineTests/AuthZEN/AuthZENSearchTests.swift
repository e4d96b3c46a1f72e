import Cedar
import Testing
@testable import LeashEngine

@Suite("AuthZEN search")
struct AuthZENSearchTests {
    func search(_ kind: AuthZENSearchKind, _ body: String, in point: AuthZENDecisionPoint? = nil) async throws -> AuthZENSearchResult {
        let point = try point ?? CertificationFixture.decisionPoint()
        return try await point.search(try AuthZENRequestParser().search(kind, Array(body.utf8)))
    }

    @Test("subject search evaluates every known entity of the type, ignoring the searched id (c-4-2-x)")
    func subjectSearch() async throws {
        let read = try await search(.subject, #"{"subject":{"type":"user","id":"nobody"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#)
        #expect(read.response.serialized() == #"{"results":[{"type":"user","id":"alice"},{"type":"user","id":"bob"}]}"#)
        let write = try await search(.subject, #"{"subject":{"type":"user"},"action":{"name":"write"},"resource":{"type":"record","id":"record-2","properties":{"status":"archived"}}}"#)
        #expect(write.results == [.entity(type: "user", id: "bob")])
    }

    @Test("resource search applies the subject's properties (c-4-3-4)")
    func resourceSearch() async throws {
        let admin = try await search(.resource, #"{"subject":{"type":"user","id":"bob","properties":{"role":"admin"}},"action":{"name":"write"},"resource":{"type":"record"}}"#)
        #expect(admin.results == [.entity(type: "record", id: "record-2")])
        let alice = try await search(.resource, #"{"subject":{"type":"user","id":"alice"},"action":{"name":"write"},"resource":{"type":"record"}}"#)
        #expect(alice.results == [.entity(type: "record", id: "record-1")])
    }

    @Test("action search evaluates every action the policies or entities know (c-4-4-x)")
    func actionSearch() async throws {
        let alice = try await search(.action, #"{"subject":{"type":"user","id":"alice"},"resource":{"type":"record","id":"record-1"},"action":{"name":"ignored"}}"#)
        #expect(alice.response.serialized() == #"{"results":[{"name":"read"},{"name":"write"}]}"#)
        let bob = try await search(.action, #"{"subject":{"type":"user","id":"bob","properties":{"role":"admin"}},"resource":{"type":"record","id":"record-2","properties":{"status":"archived"}}}"#)
        #expect(bob.results == [.action(name: "read"), .action(name: "write")])
    }

    @Test("unknown ids and unknown types find nothing, without a page object (c-4-6-x)")
    func unknowns() async throws {
        let unknownID = try await search(.action, #"{"subject":{"type":"user","id":"nonexistent-user"},"resource":{"type":"record","id":"record-1"}}"#)
        #expect(unknownID.response.serialized() == #"{"results":[]}"#)
        let unknownType = try await search(.subject, #"{"subject":{"type":"spaceship"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#)
        #expect(unknownType.response.serialized() == #"{"results":[]}"#)
    }

    @Test("pages follow each other through opaque tokens until an empty next_token")
    func pagination() async throws {
        var entities = "["
        for i in 1...7 { entities += (i == 1 ? "" : ",") + #"{"uid":{"type":"user","id":"u\#(i)"},"attrs":{"n":\#(i)},"parents":[]}"# }
        entities += "]"
        let snapshot = try AuthZENSnapshot(policyText: #"permit (principal is user, action == Action::"see", resource) when { principal.n != 4 };"#, entitiesJSON: entities, version: "t")
        let point = AuthZENDecisionPoint(source: FixedAuthZENPolicySource(snapshot))
        let base = #"{"subject":{"type":"user"},"action":{"name":"see"},"resource":{"type":"doc","id":"1"},"page":{"limit":2"#
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let body = base + (token.map { #","token":""# + $0 + #"""# } ?? "") + "}}"
            let page = try await search(.subject, body, in: point)
            seen += page.results.map { if case .entity(_, let id) = $0 { id } else { "" } }
            token = page.nextToken
            #expect(token != nil)
            pages += 1
        } while token?.isEmpty == false && pages < 10
        #expect(seen == ["u1", "u2", "u3", "u5", "u6", "u7"])
        #expect(pages == 3 || pages == 4)
    }

    @Test("a page token from another request, or not issued by the PDP, is refused")
    func foreignTokens() async throws {
        let first = try await search(.subject, #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"},"page":{"limit":1}}"#)
        let token = try #require(first.nextToken)
        #expect(!token.isEmpty)
        await #expect(throws: AuthZENRequestError.invalid("page.token belongs to a different search request")) {
            _ = try await search(.subject, #"{"subject":{"type":"user"},"action":{"name":"write"},"resource":{"type":"record","id":"record-1"},"page":{"token":"\#(token)"}}"#)
        }
        await #expect(throws: AuthZENRequestError.invalid("page.token is not a token this PDP issued")) {
            _ = try await search(.subject, #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"},"page":{"token":"zz"}}"#)
        }
        let second = try await search(.subject, #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"},"page":{"limit":1,"token":"\#(token)"}}"#)
        #expect(second.results == [.entity(type: "user", id: "bob")])
    }
}
