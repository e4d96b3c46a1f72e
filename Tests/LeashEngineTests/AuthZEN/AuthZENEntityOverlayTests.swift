import Cedar
import Testing
@testable import LeashEngine

/// A request with properties is decided on the entities reachable from it; the decision must be the
/// one the whole store with the properties applied gives.
@Suite("AuthZEN reachable-entity overlay")
struct AuthZENEntityOverlayTests {
    static let policies = """
        @id("group") permit (principal in Group::"staff", action == Action::"enter", resource);
        @id("owner-department") permit (principal is user, action == Action::"edit", resource is doc)
        when { resource has owner && resource.owner.department == principal.department };
        @id("boss-level") permit (principal is user, action == Action::"approve", resource)
        when { principal has level && principal.level >= user::"boss".level };
        @id("tagged") permit (principal is user, action == Action::"tag", resource is doc)
        when { resource.hasTag("team") && resource.getTag("team") == principal.department };
        @id("delegate") permit (principal is user, action == Action::"act", resource)
        when { context has on_behalf_of && context.on_behalf_of in Group::"staff" };
        @id("no-interns") forbid (principal, action, resource) when { principal has intern && principal.intern };
        """
    static let entities = """
        [
          {"uid": {"type": "user", "id": "ann"}, "attrs": {"department": "ops", "level": 3}, "parents": [{"type": "Team", "id": "ops"}]},
          {"uid": {"type": "user", "id": "bo"}, "attrs": {"department": "sales", "level": 1}, "parents": []},
          {"uid": {"type": "user", "id": "boss"}, "attrs": {"department": "ops", "level": 5}, "parents": []},
          {"uid": {"type": "Team", "id": "ops"}, "attrs": {}, "parents": [{"type": "Group", "id": "staff"}]},
          {"uid": {"type": "doc", "id": "d1"}, "attrs": {"owner": {"__entity": {"type": "user", "id": "bo"}}}, "parents": [], "tags": {"team": "sales"}},
          {"uid": {"type": "filler", "id": "x"}, "attrs": {}, "parents": []}
        ]
        """

    static let requests: [String] = [
        #"{"subject":{"type":"user","id":"ann","properties":{"level":9}},"action":{"name":"enter"},"resource":{"type":"room","id":"r"}}"#,
        #"{"subject":{"type":"user","id":"new","properties":{"level":9}},"action":{"name":"enter"},"resource":{"type":"room","id":"r"}}"#,
        #"{"subject":{"type":"user","id":"ann","properties":{"department":"sales"}},"action":{"name":"edit"},"resource":{"type":"doc","id":"d1"}}"#,
        #"{"subject":{"type":"user","id":"ann"},"action":{"name":"edit"},"resource":{"type":"doc","id":"d1","properties":{"owner":{"__entity":{"type":"user","id":"ann"}}}}}"#,
        #"{"subject":{"type":"user","id":"ann","properties":{"level":5}},"action":{"name":"approve"},"resource":{"type":"doc","id":"d1"}}"#,
        #"{"subject":{"type":"user","id":"ann","properties":{"level":4}},"action":{"name":"approve"},"resource":{"type":"doc","id":"d1"}}"#,
        #"{"subject":{"type":"user","id":"bo","properties":{"x":1}},"action":{"name":"tag"},"resource":{"type":"doc","id":"d1"}}"#,
        #"{"subject":{"type":"user","id":"ann","properties":{"x":1}},"action":{"name":"tag"},"resource":{"type":"doc","id":"d1"}}"#,
        #"{"subject":{"type":"user","id":"ann","properties":{"intern":true}},"action":{"name":"enter"},"resource":{"type":"room","id":"r"}}"#,
        #"{"subject":{"type":"user","id":"bo","properties":{"x":1}},"action":{"name":"act"},"resource":{"type":"doc","id":"d1"},"context":{"on_behalf_of":{"__entity":{"type":"user","id":"ann"}}}}"#,
        #"{"subject":{"type":"user","id":"bo","properties":{"x":1}},"action":{"name":"act"},"resource":{"type":"doc","id":"d1"},"context":{"on_behalf_of":"ann"}}"#,
    ]

    @Test("the reachable store decides as the whole store does", arguments: requests)
    func sameDecision(body: String) throws {
        let snapshot = try AuthZENSnapshot(policyText: Self.policies, entitiesJSON: Self.entities, version: "t")
        let evaluation = try AuthZENRequestParser().evaluation(Array(body.utf8))
        let (request, reachable) = AuthZENCedarMapping.request(
            for: evaluation, entities: snapshot.entities, overlay: .reachable(literals: snapshot.entityLiterals))
        let (_, whole) = AuthZENCedarMapping.request(for: evaluation, entities: snapshot.entities, overlay: .wholeStore)
        let fast = Authorizer().isAuthorized(request, policies: snapshot.policies, entities: reachable)
        let full = Authorizer().isAuthorized(request, policies: snapshot.policies, entities: whole)
        #expect(fast == full)
        #expect(reachable.entity(EntityUID("filler", "x")) == nil, "unreachable entities are left out")
    }

    @Test("the decisions are the intended ones")
    func expectedDecisions() async throws {
        let point = AuthZENDecisionPoint(source: FixedAuthZENPolicySource(
            try AuthZENSnapshot(policyText: Self.policies, entitiesJSON: Self.entities, version: "t")))
        var answers: [Bool] = []
        for body in Self.requests {
            answers.append(try await point.evaluate(try AuthZENRequestParser().evaluation(Array(body.utf8))).decision)
        }
        #expect(answers == [true, false, true, true, true, false, true, false, false, true, false])
    }

    @Test("entity literals are collected from every kind of expression")
    func literals() throws {
        let snapshot = try AuthZENSnapshot(policyText: """
            permit (principal in Group::"scope-only", action, resource)
            when { if principal == user::"a" then [user::"b"].contains(principal) else {k: user::"c"}.k == resource }
            unless { !(user::"d".flag) || -(user::"e".n) < 0 || user::"f" has x || user::"g" is user };
            """, entitiesJSON: nil, version: "t")
        #expect(snapshot.entityLiterals == Set(["a", "b", "c", "d", "e", "f", "g"].map { EntityUID("user", $0) }))
    }
}
