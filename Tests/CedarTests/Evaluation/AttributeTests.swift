import Testing
@testable import Cedar

@Suite("Attributes and tags: has, .attr, getTag, hasTag")
struct AttributeTests {
    static let cases: [EvalCase] = [
        EvalCase("entity attribute", E.get(E.principal, "name"), .value(.string("alice"))),
        EvalCase("nested record attribute", E.get(E.get(E.principal, "address"), "city"), .value(.string("Paris"))),
        EvalCase("entity-valued attribute chains", E.get(E.get(E.resource, "owner"), "age"), .long(30)),
        EvalCase("missing entity attribute errors", E.get(E.principal, "email"), .error(.attributeMissing)),
        EvalCase("missing record attribute errors", E.get(E.context, "nope"), .error(.attributeMissing)),
        EvalCase("attribute of unknown entity errors", E.get(E.entity("User", "ghost"), "name"), .error(.entityNotFound)),
        EvalCase("attribute of a long is a type error", E.get(E.long(1), "a"), .error(.typeMismatch)),
        EvalCase("record literal attribute", E.get(E.record(("a", E.long(1))), "a"), .long(1)),
        EvalCase("has on entity", E.has(E.principal, "age"), .bool(true)),
        EvalCase("has missing on entity", E.has(E.principal, "email"), .bool(false)),
        EvalCase("has on unknown entity is false", E.has(E.entity("User", "ghost"), "name"), .bool(false)),
        EvalCase("has on record", E.has(E.context, "flag"), .bool(true)),
        EvalCase("has missing on record", E.has(E.context, "nope"), .bool(false)),
        EvalCase("has on a string is a type error", E.has(E.string("s"), "length"), .error(.typeMismatch)),
        EvalCase("has guards access", E.and(E.has(E.principal, "email"), E.get(E.principal, "email")), .bool(false)),
        EvalCase("getTag", E.method(E.principal, "getTag", E.string("level")), .value(.string("high"))),
        EvalCase("getTag missing errors", E.method(E.principal, "getTag", E.string("nope")), .error(.tagMissing)),
        EvalCase("getTag on unknown entity errors", E.method(E.entity("User", "ghost"), "getTag", E.string("level")), .error(.entityNotFound)),
        EvalCase("getTag needs a string", E.method(E.principal, "getTag", E.long(1)), .error(.typeMismatch)),
        EvalCase("getTag needs an entity", E.method(E.context, "getTag", E.string("level")), .error(.typeMismatch)),
        EvalCase("hasTag", E.method(E.principal, "hasTag", E.string("level")), .bool(true)),
        EvalCase("hasTag missing", E.method(E.principal, "hasTag", E.string("nope")), .bool(false)),
        EvalCase("hasTag on unknown entity is false", E.method(E.entity("User", "ghost"), "hasTag", E.string("level")), .bool(false)),
        EvalCase("hasTag needs a string", E.method(E.principal, "hasTag", E.bool(true)), .error(.typeMismatch)),
        EvalCase("tags are not attributes", E.has(E.principal, "level"), .bool(false)),
    ]

    @Test("attribute and tag access follow Cedar's rules", arguments: cases)
    func attributes(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }
}
