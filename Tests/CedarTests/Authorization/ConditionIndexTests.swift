import Testing
@testable import Cedar

/// One policy shape and whether the condition index may file it.
struct GuardCase: Sendable, CustomTestStringConvertible {
    var name: String
    var policy: Policy
    var filed: Bool

    init(_ name: String, _ filed: Bool, when: [Expr] = [], unless: [Expr] = [], first: Condition.Kind = .when,
         principal: ScopeConstraint = .any) {
        self.name = name
        self.filed = filed
        let whens = when.map { Condition(kind: .when, body: $0) }
        let unlesses = unless.map { Condition(kind: .unless, body: $0) }
        self.policy = Policy(id: "p", effect: .forbid, principal: principal,
                             conditions: first == .when ? whens + unlesses : unlesses + whens)
    }

    var testDescription: String { name }
}

@Suite("Condition index: policies ruled out by a leading attribute equality are skipped, never changing a decision")
struct ConditionIndexTests {
    static let tenantIsAcme = E.binary(.equal, E.get(E.principal, "tenant"), E.string("acme"))
    static let boom = E.binary(.add, E.long(1), E.string("a"))

    static let shapes: [GuardCase] = [
        GuardCase("principal.attr == literal", true, when: [tenantIsAcme]),
        GuardCase("literal == context.attr", true, when: [E.binary(.equal, E.string("DELETE"), E.get(E.context, "method"))]),
        GuardCase("first conjunct of an && chain", true, when: [E.and(E.and(tenantIsAcme, boom), E.bool(true))]),
        GuardCase("followed by more conditions", true, when: [tenantIsAcme, boom], unless: [boom]),
        GuardCase("resource.attr == entity literal", true, when: [E.binary(.equal, E.get(E.resource, "owner"), E.entity("User", "alice"))]),
        GuardCase("after `has`, which cannot raise an error", true, when: [E.and(E.has(E.principal, "tenant"), tenantIsAcme)]),
        GuardCase("after `is` and `true`", true, when: [E.and(E.and(E.is(E.resource, "Doc"), E.bool(true)), tenantIsAcme)]),
        GuardCase("after `context is T`, a type error", false, when: [E.and(E.is(E.context, "Doc"), tenantIsAcme)]),
        GuardCase("after a non-boolean literal", false, when: [E.and(E.long(1), tenantIsAcme)]),
        GuardCase("after `has` on an attribute, which may raise an error", false, when: [E.and(E.has(E.get(E.principal, "a"), "b"), tenantIsAcme)]),
        GuardCase("second conjunct: the first may raise an error", false, when: [E.and(boom, tenantIsAcme)]),
        GuardCase("an earlier unless may raise an error", false, when: [tenantIsAcme], unless: [boom], first: .unless),
        GuardCase("unless: a false equality satisfies it", false, unless: [tenantIsAcme]),
        GuardCase("|| does not short-circuit on false", false, when: [E.or(tenantIsAcme, E.bool(true))]),
        GuardCase("!= is not an equality", false, when: [E.binary(.notEqual, E.get(E.principal, "tenant"), E.string("acme"))]),
        GuardCase("nested attribute access", false, when: [E.binary(.equal, E.get(E.get(E.principal, "a"), "b"), E.string("x"))]),
        GuardCase("two attributes, no literal", false, when: [E.binary(.equal, E.get(E.principal, "a"), E.get(E.resource, "a"))]),
        GuardCase("a template is always evaluated", false, when: [tenantIsAcme], principal: .in(.slot(.principal))),
    ]

    @Test("a policy is filed only when its first evaluated expression is VAR.attr == literal", arguments: shapes)
    func filing(_ shape: GuardCase) {
        #expect((ConditionIndex.leadingEquality(of: shape.policy) != nil) == shape.filed)
    }

    static let acme = EntityUID("Leash::Identity", "acme-caller")
    static let other = EntityUID("Leash::Identity", "other-caller")
    static let numeric = EntityUID("Leash::Identity", "numeric-caller")
    static let bare = EntityUID("Leash::Identity", "bare-caller")
    static let ghost = EntityUID("Leash::Identity", "ghost")
    static let entities = Entities([
        Entity(uid: acme, attributes: ["tenant": .string("acme")]),
        Entity(uid: other, attributes: ["tenant": .string("other")]),
        Entity(uid: numeric, attributes: ["tenant": .long(7)]),
        Entity(uid: bare),
    ])

    static func tenantSet() throws -> PolicySet {
        var set = PolicySet()
        try set.add(Policy(id: "base", effect: .permit))
        for (i, tenant) in ["acme", "other", "third"].enumerated() {
            try set.add(Policy(id: PolicyID("tenant-\(i)"), effect: .forbid, conditions: [
                Condition(kind: .when, body: E.and(E.binary(.equal, E.get(E.principal, "tenant"), E.string(tenant)), boom)),
            ]))
        }
        try set.add(Policy(id: "method", effect: .forbid, conditions: [
            Condition(kind: .when, body: E.binary(.equal, E.get(E.context, "method"), E.string("DELETE"))),
        ]))
        return set
    }

    /// (principal, context method, candidates evaluated, policies reported as errors)
    static let requests: [(EntityUID, String?, Int, [PolicyID])] = [
        (acme, "GET", 2, ["tenant-0"]),        // base + tenant-0 (whose && then errors)
        (other, "DELETE", 3, ["tenant-1"]),    // base + tenant-1 + method
        (numeric, "GET", 1, []),               // a long is never == a string: every tenant policy is false
        (bare, "GET", 4, []),                  // attribute missing: evaluated, each raises its error…
        (ghost, nil, 5, []),                   // …as does an entity missing from the store, and a missing context key
    ]

    @Test("requests skip exactly the policies whose leading equality is false, with the plain authorizer's response")
    func skipsRuledOut() throws {
        let set = try Self.tenantSet()
        let compiled = CompiledPolicySet(set)
        for (principal, method, count, erroring) in Self.requests {
            let request = Request(principal: principal, action: Sample.view, resource: Sample.photo,
                                  context: method.map { ["method": .string($0)] } ?? [:])
            let plain = Authorizer().isAuthorized(request, policies: set, entities: Self.entities)
            let indexed = Authorizer().isAuthorized(request, policies: compiled, entities: Self.entities)
            #expect(plain == indexed, "\(principal)")
            #expect(compiled.candidateCount(for: request, entities: Self.entities) == count, "\(principal)")
            if !erroring.isEmpty { #expect(indexed.errors.map(\.id) == erroring) }
            if principal == Self.bare || principal == Self.ghost {
                #expect(indexed.errors.count >= 3, "missing attributes must still be reported")
            }
        }
    }

    @Test("a linked template's leading equality is indexed like a static policy's")
    func linkedTemplates() throws {
        var set = PolicySet()
        try set.add(Policy(id: "t", effect: .permit, principal: .equal(.slot(.principal)), conditions: [
            Condition(kind: .when, body: Self.tenantIsAcme),
        ]))
        try set.link(template: "t", newID: "for-acme", values: [.principal: Self.acme])
        try set.link(template: "t", newID: "for-other", values: [.principal: Self.other])
        let compiled = CompiledPolicySet(set)
        for principal in [Self.acme, Self.other, Self.bare] {
            let request = Request(principal: principal, action: Sample.view, resource: Sample.photo)
            #expect(Authorizer().isAuthorized(request, policies: set, entities: Self.entities)
                == Authorizer().isAuthorized(request, policies: compiled, entities: Self.entities))
        }
        let acmeRequest = Request(principal: Self.acme, action: Sample.view, resource: Sample.photo)
        #expect(Authorizer().isAuthorized(acmeRequest, policies: compiled, entities: Self.entities).reasons == ["for-acme"])
        let otherRequest = Request(principal: Self.other, action: Sample.view, resource: Sample.photo)
        #expect(compiled.candidateCount(for: otherRequest, entities: Self.entities) == 0)
    }

    @Test("indexed and plain authorization agree on generated sets of guarded policies", arguments: [UInt64(11), 12, 13, 14])
    func differential(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
        let values: [Value] = [.string("a"), .string("b"), .long(1), .long(2), .bool(true), .entity(Sample.alice)]
        let literals: [Expr] = [E.string("a"), E.string("b"), E.long(1), E.bool(true), E.entity("User", "alice")]
        let variables = [E.principal, E.resource, E.context, E.action]
        let principals = (0..<6).map { EntityUID("User", "g\($0)") }
        var compared = 0, skipped = 0, withErrors = 0
        for _ in 0..<30 {
            var stored: [Entity] = []
            for uid in principals.dropLast() + [Sample.photo, Sample.view] {
                var attributes: [String: Value] = [:]
                for name in ["x", "y"] where Bool.random(using: &rng) { attributes[name] = pick(values) }
                stored.append(Entity(uid: uid, attributes: attributes))
            }
            let entities = Entities(stored)
            var set = PolicySet()
            for i in 0..<40 {
                func equality() -> Expr {
                    let sides = (E.get(pick(variables), pick(["x", "y"])), pick(literals))
                    return Bool.random(using: &rng) ? E.binary(.equal, sides.0, sides.1) : E.binary(.equal, sides.1, sides.0)
                }
                let rest = [E.bool(true), E.bool(false), Self.boom, equality(), E.has(E.principal, "x")]
                var body = equality()
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    body = E.and(pick([E.has(pick(variables), pick(["x", "y"])), E.is(pick(variables), "User"), E.bool(true), E.bool(false)]), body)
                }
                for _ in 0..<Int.random(in: 0...2, using: &rng) { body = E.and(body, pick(rest)) }
                var conditions = [Condition(kind: pick([.when, .when, .unless]), body: body)]
                if Bool.random(using: &rng) { conditions.append(Condition(kind: pick([.when, .unless]), body: pick(rest))) }
                try set.add(Policy(id: PolicyID("p\(i)"), effect: pick([.permit, .permit, .forbid]), conditions: conditions))
            }
            let compiled = CompiledPolicySet(set)
            for _ in 0..<30 {
                var context: [String: Value] = [:]
                for name in ["x", "y"] where Bool.random(using: &rng) { context[name] = pick(values) }
                let request = Request(principal: pick(principals), action: Sample.view, resource: Sample.photo, context: context)
                let plain = Authorizer().isAuthorized(request, policies: set, entities: entities)
                #expect(plain == Authorizer().isAuthorized(request, policies: compiled, entities: entities), "\(request)")
                compared += 1
                skipped += set.policies.count - compiled.candidateCount(for: request, entities: entities)
                if !plain.errors.isEmpty { withErrors += 1 }
            }
        }
        #expect(compared == 900)
        #expect(skipped > 1000, "the condition index must actually skip policies")
        #expect(withErrors > 100, "the generated cases must include errors")
    }
}
