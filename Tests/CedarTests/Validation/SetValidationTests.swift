import Testing
@testable import Cedar

@Suite("Strict validation: sets are homogeneous and set operations compare elements of one type")
struct SetValidationTests {
    static let cases: [RuleCase] = [
        RuleCase(rule: "set literals are homogeneous",
                 passing: ValidationFixtures.view("[1, principal.age].contains(3)"),
                 failing: ValidationFixtures.view(#"[1, "two"].contains(1)"#),
                 kind: .incompatibleTypes),
        RuleCase(rule: "entity sets hold one entity type",
                 passing: ValidationFixtures.view(#"[User::"a", User::"b"].contains(principal)"#),
                 failing: ValidationFixtures.view(#"[User::"a", Doc::"b"].contains(principal)"#),
                 kind: .incompatibleTypes),
        RuleCase(rule: "empty set literals have no type",
                 passing: ValidationFixtures.view("resource.labels.isEmpty()"),
                 failing: ValidationFixtures.view("resource.labels.containsAny([])"),
                 kind: .emptySetLiteral),
        RuleCase(rule: "`contains` looks for an element of the set's type",
                 passing: ValidationFixtures.view(#"resource.labels.contains("x")"#),
                 failing: ValidationFixtures.view("resource.labels.contains(1)"),
                 kind: .incompatibleTypes),
        RuleCase(rule: "`containsAll` compares sets of one element type",
                 passing: ValidationFixtures.view("resource.labels.containsAll(principal.profile.langs)"),
                 failing: ValidationFixtures.view("resource.labels.containsAll([1])"),
                 kind: .incompatibleTypes),
        RuleCase(rule: "`containsAny` takes a set",
                 passing: ValidationFixtures.view(#"resource.labels.containsAny(["a"])"#),
                 failing: ValidationFixtures.view(#"resource.labels.containsAny("a")"#),
                 kind: .unexpectedType),
        RuleCase(rule: "set operations on sets only",
                 passing: ValidationFixtures.view("resource.labels.isEmpty()"),
                 failing: ValidationFixtures.view("principal.age.isEmpty()"),
                 kind: .unexpectedType),
        RuleCase(rule: "records in a set have the same attributes",
                 passing: ValidationFixtures.view("[{a: 1}, {a: 2}].contains({a: 3})"),
                 failing: ValidationFixtures.view("[{a: 1}, {a: 2, b: 3}].contains({a: 3})"),
                 kind: .incompatibleTypes),
    ]

    @Test("the rule's passing policy validates; its nearest failing one is refused", arguments: cases)
    func rule(_ c: RuleCase) throws { try c.check() }
}
