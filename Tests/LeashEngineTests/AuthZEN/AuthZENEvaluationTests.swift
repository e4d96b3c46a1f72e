import Cedar
import Foundation
import Testing
@testable import LeashEngine

@Suite("AuthZEN evaluation against Cedar")
struct AuthZENEvaluationTests {
    /// The eight decisions the certification scenario checks by value, as request bodies.
    static let certificationDecisions: [(String, Bool)] = [
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, true),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"write"},"resource":{"type":"record","id":"record-1"}}"#, true),
        (#"{"subject":{"type":"user","id":"bob"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, true),
        (#"{"subject":{"type":"user","id":"bob"},"action":{"name":"write"},"resource":{"type":"record","id":"record-1"}}"#, false),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"write"},"resource":{"type":"record","id":"record-1","properties":{"status":"archived"}}}"#, false),
        (#"{"subject":{"type":"user","id":"carol","properties":{"role":"admin"}},"action":{"name":"write"},"resource":{"type":"record","id":"record-9","properties":{"status":"archived"}}}"#, true),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"delete","properties":{"soft":true}},"resource":{"type":"record","id":"record-1"}}"#, true),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"delete","properties":{"soft":false}},"resource":{"type":"record","id":"record-1"}}"#, false),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"delete"},"resource":{"type":"record","id":"record-1"}}"#, false),
        (#"{"subject":{"type":"user","id":"mallory"},"action":{"name":"read"},"resource":{"type":"record","id":"record-1"}}"#, false),
        (#"{"subject":{"type":"user","id":"alice"},"action":{"name":"fly"},"resource":{"type":"record","id":"record-1"}}"#, false),
    ]

    @Test("the certification decisions come out as the scenario says", arguments: certificationDecisions)
    func certificationDecision(body: String, expected: Bool) async throws {
        let evaluation = try AuthZENRequestParser().evaluation(Array(body.utf8))
        #expect(try await CertificationFixture.decisionPoint().evaluate(evaluation).decision == expected)
    }

    @Test("request properties override stored attributes for that request only")
    func propertiesOverrideStoredAttributes() async throws {
        let point = try CertificationFixture.decisionPoint()
        let bob = AuthZENEntity(type: "user", id: "bob")
        let archived = AuthZENEntity(type: "record", id: "record-2")
        // bob is admin in the store; record-2 is archived in the store.
        #expect(try await point.evaluate(AuthZENEvaluation(subject: bob, action: .init(name: "write"), resource: archived)).decision)
        var demoted = bob
        demoted.properties = .init([("role", .string("viewer"))])
        #expect(try await !point.evaluate(AuthZENEvaluation(subject: demoted, action: .init(name: "write"), resource: archived)).decision)
        var revived = archived
        revived.properties = .init([("status", .string("active"))])
        #expect(try await !point.evaluate(AuthZENEvaluation(subject: bob, action: .init(name: "write"), resource: revived)).decision)
        // The stored entity is unchanged for the next request.
        #expect(try await point.evaluate(AuthZENEvaluation(subject: bob, action: .init(name: "write"), resource: archived)).decision)
        // Overriding one attribute keeps the entity's parents (bob still reads as a known user).
        #expect(try await point.evaluate(AuthZENEvaluation(subject: demoted, action: .init(name: "read"), resource: .init(type: "record", id: "record-1"))).decision)
    }

    @Test("JSON properties become Cedar values: numbers, decimals, sets, records")
    func jsonToCedarValues() async throws {
        let snapshot = try AuthZENSnapshot(policyText: """
            @id("typed")
            permit (principal, action == Action::"check", resource)
            when {
                principal.level > 3 && principal.score.greaterThan(decimal("1.5")) &&
                principal.tags.contains("blue") && principal.address.city == "Oslo" &&
                context.request.ip == "10.0.0.1" && context.action.dry_run == false
            };
            """, entitiesJSON: nil, version: "t")
        let point = AuthZENDecisionPoint(source: FixedAuthZENPolicySource(snapshot))
        let body = #"""
            {"subject":{"type":"svc","id":"a","properties":{"level":4,"score":2.25,"tags":["blue","red"],"address":{"city":"Oslo"},"gone":null}},
             "action":{"name":"check","properties":{"dry_run":false}},"resource":{"type":"doc","id":"1"},
             "context":{"request":{"ip":"10.0.0.1"}}}
            """#
        let decision = try await point.evaluate(try AuthZENRequestParser().evaluation(Array(body.utf8)))
        #expect(decision.decision)
        #expect(decision.policies == ["typed"])
        let lower = body.replacingOccurrences(of: #""level":4"#, with: #""level":2"#)
        #expect(try await !point.evaluate(try AuthZENRequestParser().evaluation(Array(lower.utf8))).decision)
    }

    @Test("the single response names the determining policies in reason_admin")
    func reasonsNamePolicies() async throws {
        let point = try CertificationFixture.decisionPoint()
        let permit = try await point.evaluate(AuthZENEvaluation(
            subject: .init(type: "user", id: "alice"), action: .init(name: "read"), resource: .init(type: "record", id: "record-1")))
        #expect(permit.singleResponse.serialized() == #"{"decision":true,"context":{"reason_admin":{"en":"permitted by read-known"}}}"#)
        let deny = try await point.evaluate(AuthZENEvaluation(
            subject: .init(type: "user", id: "bob"), action: .init(name: "write"), resource: .init(type: "record", id: "record-1")))
        #expect(deny.singleResponse.serialized() == #"{"decision":false,"context":{"reason_admin":{"en":"no policy permits the request"}}}"#)
    }

    @Test("a forbid decides over a permit and is named")
    func forbidNamed() async throws {
        let snapshot = try AuthZENSnapshot(policyText: """
            @id("all") permit (principal, action, resource);
            @id("no-delete") forbid (principal, action == Action::"delete", resource);
            """, entitiesJSON: nil, version: "t")
        let decision = Self.decide(snapshot, action: "delete")
        #expect(!decision.decision && decision.forbidden && decision.policies == ["no-delete"])
        #expect(decision.adminReason == "forbidden by no-delete")
    }

    @Test("an action name the entities know as a Leash::Action maps to it, others to Action")
    func leashActionMapping() throws {
        let snapshot = try AuthZENSnapshot(policyText: """
            @id("scope") permit (principal, action in Leash::Action::"orders:read", resource);
            @id("plain") permit (principal, action == Action::"ping", resource);
            """, entitiesJSON: nil, version: "t")
        var entities = snapshot.entities
        entities.insert(contentsOf: [
            Entity(uid: EntityUID("Leash::Action", "orders/getOrder"), parents: [EntityUID("Leash::Action", "orders:read")]),
            Entity(uid: EntityUID("Leash::Action", "orders:read")),
        ])
        let withCatalog = AuthZENSnapshot(policies: snapshot.policies, entities: entities, version: "t2")
        #expect(Self.decide(withCatalog, action: "orders/getOrder").decision)
        #expect(Self.decide(withCatalog, action: "ping").decision)
        #expect(!Self.decide(withCatalog, action: "orders/deleteOrder").decision)
        #expect(withCatalog.actionNames == ["orders/getOrder", "orders:read", "ping"])
    }

    static func decide(_ snapshot: AuthZENSnapshot, action: String) -> AuthZENDecision {
        AuthZENDecisionPoint.decide(
            AuthZENEvaluation(subject: .init(type: "svc", id: "a"), action: .init(name: action), resource: .init(type: "doc", id: "1")),
            in: snapshot)
    }
}
