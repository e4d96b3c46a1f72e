import Testing
@testable import Cedar

@Suite("Hierarchy: in and is")
struct HierarchyTests {
    static let cases: [EvalCase] = [
        EvalCase("an entity is in itself", E.binary(.in, E.principal, E.entity("User", "alice")), .bool(true)),
        EvalCase("direct parent", E.binary(.in, E.principal, E.entity("Group", "admins")), .bool(true)),
        EvalCase("transitive ancestor", E.binary(.in, E.principal, E.entity("Group", "staff")), .bool(true)),
        EvalCase("not an ancestor", E.binary(.in, E.entity("Group", "staff"), E.entity("Group", "admins")), .bool(false)),
        EvalCase("cycles are tolerated", E.binary(.in, E.entity("Group", "a"), E.entity("Group", "b")), .bool(true)),
        EvalCase("cycle the other way", E.binary(.in, E.entity("Group", "b"), E.entity("Group", "a")), .bool(true)),
        EvalCase("unknown entity is only in itself", E.binary(.in, E.entity("User", "ghost"), E.entity("User", "ghost")), .bool(true)),
        EvalCase("unknown entity has no ancestors", E.binary(.in, E.entity("User", "ghost"), E.entity("Group", "staff")), .bool(false)),
        EvalCase("in a set with an ancestor", E.binary(.in, E.principal, E.set(E.entity("Group", "x"), E.entity("Group", "staff"))), .bool(true)),
        EvalCase("in a set without", E.binary(.in, E.principal, E.set(E.entity("Group", "x"))), .bool(false)),
        EvalCase("in the empty set", E.binary(.in, E.principal, E.set()), .bool(false)),
        EvalCase("set with a non-entity is a type error", E.binary(.in, E.principal, E.set(E.entity("Group", "admins"), E.long(1))), .error(.typeMismatch)),
        EvalCase("lhs must be an entity", E.binary(.in, E.long(1), E.entity("Group", "admins")), .error(.typeMismatch)),
        EvalCase("rhs must be an entity or set", E.binary(.in, E.principal, E.string("Group::\"admins\"")), .error(.typeMismatch)),
        EvalCase("action in its group", E.binary(.in, E.action, E.entity("Action", "read")), .bool(true)),
        EvalCase("resource in album", E.binary(.in, E.resource, E.entity("Album", "a1")), .bool(true)),
        EvalCase("principal is User", E.is(E.principal, "User"), .bool(true)),
        EvalCase("principal is Group", E.is(E.principal, "Group"), .bool(false)),
        EvalCase("namespaced type differs", E.is(E.entity("App::User", "x"), "User"), .bool(false)),
        EvalCase("namespaced type matches", E.is(E.entity("App::User", "x"), "App::User"), .bool(true)),
        EvalCase("is on a non-entity is a type error", E.is(E.long(1), "User"), .error(.typeMismatch)),
    ]

    @Test("in and is follow the entity hierarchy", arguments: cases)
    func hierarchy(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }
}
