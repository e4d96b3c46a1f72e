import Testing
@testable import Cedar

@Suite("Authorizer: default deny, forbid overrides permit, errors skipped and reported")
struct AuthorizerTests {
    static let boom = E.binary(.add, E.long(1), E.string("a"))

    static func policy(
        _ id: PolicyID, _ effect: Effect,
        principal: ScopeConstraint = .any, action: ActionConstraint = .any, resource: ScopeConstraint = .any,
        when: [Expr] = [], unless: [Expr] = []
    ) -> Policy {
        Policy(
            id: id, effect: effect, principal: principal, action: action, resource: resource,
            conditions: when.map { Condition(kind: .when, body: $0) } + unless.map { Condition(kind: .unless, body: $0) }
        )
    }

    static func set(_ policies: Policy...) throws -> PolicySet {
        var set = PolicySet()
        for p in policies { try set.add(p) }
        return set
    }

    /// Decides with both the unindexed and the indexed authorizer and checks that they agree.
    static func decide(_ set: PolicySet, _ request: Request = Sample.request) -> Response {
        let plain = Authorizer().isAuthorized(request, policies: set, entities: Sample.entities)
        let indexed = Authorizer().isAuthorized(request, policies: CompiledPolicySet(set), entities: Sample.entities)
        #expect(plain == indexed)
        return plain
    }

    @Test("no policies: deny with no reasons")
    func emptyDenies() throws {
        let r = Self.decide(PolicySet())
        #expect(r == Response(decision: .deny, reasons: [], errors: []))
    }

    @Test("a matching permit allows, naming it")
    func permitAllows() throws {
        let r = Self.decide(try Self.set(Self.policy("p", .permit, principal: .in(.entity(Sample.admins)))))
        #expect(r.decision == .allow)
        #expect(r.reasons == ["p"])
    }

    @Test("forbid overrides permit; reasons are the satisfied forbids only")
    func forbidWins() throws {
        let r = Self.decide(try Self.set(
            Self.policy("p0", .permit),
            Self.policy("f0", .forbid, action: .in(Sample.read)),
            Self.policy("f1", .forbid, resource: .equal(.entity(Sample.photo))),
            Self.policy("f2", .forbid, principal: .equal(.entity(Sample.bob)))
        ))
        #expect(r.decision == .deny)
        #expect(r.reasons == ["f0", "f1"])
        #expect(r.errors.isEmpty)
    }

    @Test("all satisfied permits are reasons")
    func allPermits() throws {
        let r = Self.decide(try Self.set(
            Self.policy("a", .permit),
            Self.policy("b", .permit, when: [E.get(E.context, "flag")]),
            Self.policy("c", .permit, unless: [E.get(E.context, "flag")])
        ))
        #expect(r == Response(decision: .allow, reasons: ["a", "b"], errors: []))
    }

    @Test("an erroring forbid is skipped and reported, so a permit still allows")
    func erroringForbidSkipped() throws {
        let r = Self.decide(try Self.set(
            Self.policy("permit", .permit),
            Self.policy("broken", .forbid, when: [Self.boom])
        ))
        #expect(r.decision == .allow)
        #expect(r.reasons == ["permit"])
        #expect(r.errors.map(\.id) == ["broken"])
        #expect(r.errors.first?.error.kind == .typeMismatch)
        #expect(r.errors.first?.message.isEmpty == false)
    }

    @Test("an erroring permit alone denies, reporting the error and no reasons")
    func erroringPermitDenies() throws {
        let r = Self.decide(try Self.set(Self.policy("p", .permit, when: [E.get(E.principal, "email")])))
        #expect(r.decision == .deny)
        #expect(r.reasons.isEmpty)
        #expect(r.errors.map(\.id) == ["p"])
    }

    @Test("errors are reported even when a forbid decides")
    func errorsWithForbid() throws {
        let r = Self.decide(try Self.set(
            Self.policy("e1", .permit, when: [Self.boom]),
            Self.policy("f", .forbid),
            Self.policy("e2", .forbid, unless: [E.long(1)])
        ))
        #expect(r.decision == .deny)
        #expect(r.reasons == ["f"])
        #expect(r.errors.map(\.id) == ["e1", "e2"])
    }

    @Test("a policy whose scope does not match is not evaluated, so its errors do not count")
    func scopeGuardsConditions() throws {
        let r = Self.decide(try Self.set(Self.policy("p", .permit, principal: .equal(.entity(Sample.bob)), when: [Self.boom])))
        #expect(r == Response(decision: .deny, reasons: [], errors: []))
    }

    @Test("conditions stop at the first that fails: a later error is not reached")
    func conditionsShortCircuit() throws {
        let r = Self.decide(try Self.set(Self.policy("p", .permit, when: [E.bool(false), Self.boom])))
        #expect(r == Response(decision: .deny, reasons: [], errors: []))
        let r2 = Self.decide(try Self.set(Self.policy("p", .permit, when: [E.bool(true), Self.boom])))
        #expect(r2.errors.map(\.id) == ["p"])
    }

    @Test("a non-boolean condition is an error, not false")
    func nonBooleanCondition() throws {
        let r = Self.decide(try Self.set(Self.policy("p", .forbid, when: [E.string("yes")]), Self.policy("q", .permit)))
        #expect(r.decision == .allow)
        #expect(r.errors.map(\.id) == ["p"])
    }

    static let scopes: [(String, ScopeConstraint, ActionConstraint, ScopeConstraint, Bool)] = [
        ("principal ==", .equal(.entity(Sample.alice)), .any, .any, true),
        ("principal == other", .equal(.entity(Sample.bob)), .any, .any, false),
        ("principal in ancestor", .in(.entity(Sample.staff)), .any, .any, true),
        ("principal is", .is(EntityUID("User", "").type), .any, .any, true),
        ("principal is other type", .is(EntityUID("Group", "").type), .any, .any, false),
        ("principal is in", .isIn(EntityUID("User", "").type, .entity(Sample.admins)), .any, .any, true),
        ("principal is in, wrong type", .isIn(EntityUID("Admin", "").type, .entity(Sample.admins)), .any, .any, false),
        ("action ==", .any, .equal(Sample.view), .any, true),
        ("action == group is not equality", .any, .equal(Sample.read), .any, false),
        ("action in group", .any, .in(Sample.read), .any, true),
        ("action in set", .any, .inSet([EntityUID("Action", "edit"), Sample.read]), .any, true),
        ("action in set without", .any, .inSet([EntityUID("Action", "edit")]), .any, false),
        ("action in empty set", .any, .inSet([]), .any, false),
        ("resource in album", .any, .any, .in(.entity(Sample.album)), true),
        ("resource is Photo in album", .any, .any, .isIn(EntityUID("Photo", "").type, .entity(Sample.album)), true),
        ("all three", .in(.entity(Sample.admins)), .in(Sample.read), .equal(.entity(Sample.photo)), true),
    ]

    @Test("scope constraints", arguments: scopes)
    func scope(_ name: String, _ p: ScopeConstraint, _ a: ActionConstraint, _ r: ScopeConstraint, _ allowed: Bool) throws {
        let response = Self.decide(try Self.set(Self.policy("p", .permit, principal: p, action: a, resource: r)))
        #expect(response.decision == (allowed ? .allow : .deny), "\(name)")
    }

    @Test("template links apply to their linked entities only")
    func templateLinks() throws {
        var set = PolicySet()
        try set.add(Self.policy("t", .permit, principal: .in(.slot(.principal)), resource: .equal(.slot(.resource))))
        try set.link(template: "t", newID: "bob-photo", values: [.principal: Sample.bob, .resource: Sample.photo])
        #expect(Self.decide(set).decision == .deny)
        try set.link(template: "t", newID: "admins-photo", values: [.principal: Sample.admins, .resource: Sample.photo])
        let r = Self.decide(set)
        #expect(r == Response(decision: .allow, reasons: ["admins-photo"], errors: []))
    }

    @Test("an unlinked slot in a policy's scope is reported as that policy's error")
    func unlinkedSlot() {
        let template = Self.policy("t", .permit, principal: .equal(.slot(.principal)))
        let compiled = CompiledPolicySet(policies: [template])
        let r = Authorizer().isAuthorized(Sample.request, policies: compiled, entities: Sample.entities)
        #expect(r.decision == .deny)
        #expect(r.errors.map(\.error.kind) == [.unlinkedSlot])
    }
}
