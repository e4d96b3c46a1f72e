import Testing
@testable import Cedar

@Suite("Sets and records: literals, contains, containsAll, containsAny, isEmpty")
struct SetTests {
    static let cases: [EvalCase] = [
        EvalCase("contains", E.method(E.set(E.long(1), E.long(2)), "contains", E.long(2)), .bool(true)),
        EvalCase("contains missing", E.method(E.set(E.long(1)), "contains", E.long(3)), .bool(false)),
        EvalCase("contains compares structurally", E.method(E.set(E.record(("a", E.long(1)))), "contains", E.record(("a", E.long(1)))), .bool(true)),
        EvalCase("contains on a string is a type error", E.method(E.string("ab"), "contains", E.string("a")), .error(.typeMismatch)),
        EvalCase("containsAll", E.method(E.set(E.long(1), E.long(2), E.long(3)), "containsAll", E.set(E.long(1), E.long(3))), .bool(true)),
        EvalCase("containsAll of empty", E.method(E.set(), "containsAll", E.set()), .bool(true)),
        EvalCase("containsAll missing", E.method(E.set(E.long(1)), "containsAll", E.set(E.long(1), E.long(2))), .bool(false)),
        EvalCase("containsAll needs a set argument", E.method(E.set(E.long(1)), "containsAll", E.long(1)), .error(.typeMismatch)),
        EvalCase("containsAny", E.method(E.context, "containsAny", E.set()), .error(.typeMismatch)),
        EvalCase("containsAny overlap", E.method(E.get(E.context, "tags"), "containsAny", E.set(E.string("b"), E.string("z"))), .bool(true)),
        EvalCase("containsAny none", E.method(E.get(E.context, "tags"), "containsAny", E.set(E.string("z"))), .bool(false)),
        EvalCase("containsAny with empty", E.method(E.get(E.context, "tags"), "containsAny", E.set()), .bool(false)),
        EvalCase("containsAny needs a set argument", E.method(E.set(), "containsAny", E.string("a")), .error(.typeMismatch)),
        EvalCase("isEmpty", E.method(E.set(), "isEmpty"), .bool(true)),
        EvalCase("isEmpty false", E.method(E.set(E.long(1)), "isEmpty"), .bool(false)),
        EvalCase("isEmpty on a record is a type error", E.method(E.record(), "isEmpty"), .error(.typeMismatch)),
        EvalCase("set elements may mix types", E.method(E.set(E.long(1), E.string("1")), "contains", E.string("1")), .bool(true)),
        EvalCase("an erroring element errors the set", E.set(E.long(1), E.get(E.context, "nope")), .error(.attributeMissing)),
        EvalCase("an erroring record value errors the record", E.record(("a", E.get(E.context, "nope"))), .error(.attributeMissing)),
        EvalCase("an unknown method is an error", E.method(E.set(), "size"), .error(.unknownFunction)),
        EvalCase("a method with the wrong arity is an error", E.method(E.set(), "contains"), .error(.unknownFunction)),
        EvalCase("an unknown function is an error", E.call("len", E.string("a")), .error(.unknownFunction)),
    ]

    @Test("set operations follow Cedar's rules", arguments: cases)
    func sets(_ c: EvalCase) {
        #expect(Sample.outcome(of: c.expr) == c.expected)
    }
}
