import Testing
@testable import Cedar

/// A small deterministic random source (SplitMix64), so every run generates the same cases.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random entity graphs, policy sets (with templates and run-time errors) and requests.
struct ScopeWorld {
    var rng: SplitMix64
    let users = (0..<12).map { EntityUID("User", "u\($0)") }
    let groups = (0..<6).map { EntityUID("Group", "g\($0)") }
    let docs = (0..<12).map { EntityUID("Doc", "d\($0)") }
    let folders = (0..<5).map { EntityUID("Folder", "f\($0)") }
    let actions = (0..<6).map { EntityUID("Action", "a\($0)") }
    let ghosts = [EntityUID("User", "ghost"), EntityUID("Doc", "ghost"), EntityUID("Group", "ghost")]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func parents(from pool: [EntityUID], max: Int) -> Set<EntityUID> {
        Set((0..<Int.random(in: 0...max, using: &rng)).map { _ in pick(pool) })
    }

    mutating func entities() -> Entities {
        var all: [Entity] = []
        for u in users where chance(0.9) {
            var attributes: [String: Value] = [:]
            if chance(0.7) { attributes["level"] = .long(Int64.random(in: 0...5, using: &rng)) }
            all.append(Entity(uid: u, attributes: attributes, parents: parents(from: groups, max: 3)))
        }
        for g in groups { all.append(Entity(uid: g, parents: parents(from: groups, max: 1))) } // cycles allowed
        for d in docs where chance(0.9) {
            all.append(Entity(uid: d, attributes: ["owner": .entity(pick(users))], parents: parents(from: folders, max: 2)))
        }
        for f in folders { all.append(Entity(uid: f, parents: parents(from: folders, max: 1))) }
        for (i, a) in actions.enumerated() {
            all.append(Entity(uid: a, parents: i >= 3 ? parents(from: Array(actions[0..<3]), max: 2) : []))
        }
        return Entities(all)
    }

    mutating func reference(_ pool: [EntityUID]) -> EntityReference { .entity(chance(0.1) ? pick(ghosts) : pick(pool)) }

    mutating func principalScope(slot: Bool) -> ScopeConstraint {
        let target: EntityReference = slot ? .slot(.principal) : reference(users + groups)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return .any
        case 1: return .equal(slot ? target : reference(users))
        case 2, 3: return .in(target)
        case 4: return .is(pick([users[0].type, groups[0].type]))
        default: return .isIn(pick([users[0].type, groups[0].type]), target)
        }
    }

    mutating func resourceScope(slot: Bool) -> ScopeConstraint {
        let target: EntityReference = slot ? .slot(.resource) : reference(docs + folders)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return .any
        case 1: return .equal(slot ? target : reference(docs))
        case 2, 3: return .in(target)
        case 4: return .is(pick([docs[0].type, folders[0].type]))
        default: return .isIn(pick([docs[0].type, folders[0].type]), target)
        }
    }

    mutating func actionScope() -> ActionConstraint {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return .any
        case 1: return .equal(pick(actions))
        case 2: return .in(pick(actions))
        default: return .inSet((0..<Int.random(in: 0...3, using: &rng)).map { _ in pick(actions) })
        }
    }

    mutating func condition() -> Condition {
        let bodies: [Expr] = [
            E.bool(true), E.bool(false),
            E.binary(.greater, E.get(E.principal, "level"), E.long(2)), // errors when level is missing
            E.and(E.has(E.principal, "level"), E.binary(.greater, E.get(E.principal, "level"), E.long(2))),
            E.binary(.equal, E.get(E.resource, "owner"), E.principal), // errors on folders and ghosts
            E.binary(.in, E.principal, E.entity("Group", "g1")),
            E.binary(.add, E.long(1), E.string("a")),
            E.get(E.context, "flag"),
            E.get(E.context, "missing"),
            E.long(3), // not a boolean
        ]
        return Condition(kind: chance(0.7) ? .when : .unless, body: pick(bodies))
    }

    mutating func policySet(size: Int) throws -> PolicySet {
        var set = PolicySet()
        for i in 0..<size {
            let isTemplate = chance(0.15)
            let policy = Policy(
                id: PolicyID("policy\(i)"),
                effect: chance(0.3) ? .forbid : .permit,
                principal: principalScope(slot: isTemplate),
                action: actionScope(),
                resource: resourceScope(slot: isTemplate && chance(0.5)),
                conditions: (0..<Int.random(in: 0...2, using: &rng)).map { _ in condition() }
            )
            try set.add(policy)
            if policy.isTemplate {
                for j in 0..<Int.random(in: 0...3, using: &rng) {
                    var values: [SlotID: EntityUID] = [:]
                    if policy.slots.contains(.principal) { values[.principal] = pick(users + groups + ghosts) }
                    if policy.slots.contains(.resource) { values[.resource] = pick(docs + folders + ghosts) }
                    try set.link(template: policy.id, newID: PolicyID("link\(i)_\(j)"), values: values)
                }
            }
        }
        return set
    }

    mutating func request() -> Request {
        Request(
            principal: pick(users + groups + [ghosts[0]]),
            action: pick(actions + [EntityUID("Action", "unknown")]),
            resource: pick(docs + folders + [ghosts[1]]),
            context: chance(0.5) ? ["flag": .bool(chance(0.5))] : [:]
        )
    }
}

@Suite("Policy index: the compiled policy set never changes a decision")
struct PolicyIndexTests {
    @Test("indexed and unindexed authorization agree on generated policy sets, entity graphs and requests",
          arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func indexAgrees(seed: UInt64) throws {
        var world = ScopeWorld(seed: seed)
        var compared = 0, allowed = 0, withErrors = 0, skipped = 0
        for round in 0..<40 {
            let entities = world.entities()
            let set = try world.policySet(size: [1, 5, 20, 70, 130][round % 5])
            let compiled = CompiledPolicySet(set)
            for _ in 0..<40 {
                let request = world.request()
                let plain = Authorizer().isAuthorized(request, policies: set, entities: entities)
                let indexed = Authorizer().isAuthorized(request, policies: compiled, entities: entities)
                #expect(plain == indexed, "seed \(seed) round \(round) request \(request)")
                compared += 1
                if plain.decision == .allow { allowed += 1 }
                if !plain.errors.isEmpty { withErrors += 1 }
                skipped += set.policies.count - compiled.candidateCount(for: request, entities: entities)
            }
        }
        // The generated cases must exercise every outcome, or the comparison proves little.
        #expect(compared == 1600)
        #expect(allowed > 100 && allowed < compared - 100)
        #expect(withErrors > 100)
        #expect(skipped > 0, "the index must actually skip policies")
    }

    @Test("a request evaluates only the policies filed under its entities, their ancestors and types")
    func candidatesAreNarrow() throws {
        var set = PolicySet()
        for i in 0..<1000 {
            try set.add(Policy(id: PolicyID("p\(i)"), effect: .permit, principal: .equal(.entity(EntityUID("User", "u\(i)")))))
        }
        try set.add(Policy(id: "group", effect: .permit, principal: .in(.entity(Sample.admins))))
        try set.add(Policy(id: "typed", effect: .forbid, principal: .is(EntityUID("User", "").type), resource: .is(EntityUID("Doc", "").type)))
        try set.add(Policy(id: "open", effect: .permit, action: .in(Sample.read)))
        let compiled = CompiledPolicySet(set)
        let request = Request(principal: EntityUID("User", "u7"), action: Sample.view, resource: Sample.photo)
        #expect(compiled.candidateCount(for: request, entities: Sample.entities) == 2) // p7 and open
        #expect(compiled.candidateCount(for: Sample.request, entities: Sample.entities) == 2) // group and open
        let r = Authorizer().isAuthorized(request, policies: compiled, entities: Sample.entities)
        #expect(r == Response(decision: .allow, reasons: ["p7", "open"], errors: []))
    }
}
