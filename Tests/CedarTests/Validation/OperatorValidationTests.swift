import Testing
@testable import Cedar

@Suite("Strict validation: operand types of arithmetic, comparison, equality and `like`")
struct OperatorValidationTests {
    static let cases: [RuleCase] = [
        RuleCase(rule: "arithmetic on Long",
                 passing: ValidationFixtures.view("principal.age + 1 > 2 * 3 - principal.age"),
                 failing: ValidationFixtures.view(#"principal.age + "1" > 2"#),
                 kind: .unexpectedType),
        RuleCase(rule: "negation on Long",
                 passing: ValidationFixtures.view("-principal.age < 0"),
                 failing: ValidationFixtures.view("-principal.profile < 0"),
                 kind: .unexpectedType),
        RuleCase(rule: "`<` on Long",
                 passing: ValidationFixtures.view("principal.age < 18"),
                 failing: ValidationFixtures.view(#"principal.age < "18""#),
                 kind: .unexpectedType),
        RuleCase(rule: "`<` on datetime",
                 passing: ValidationFixtures.view(#"principal.joined < datetime("2024-01-01")"#),
                 failing: ValidationFixtures.view(#"principal.joined < duration("1d")"#),
                 kind: .unexpectedType),
        RuleCase(rule: "`<=` on duration",
                 passing: ValidationFixtures.view(#"context.window <= duration("1h")"#),
                 failing: ValidationFixtures.view(#"context.window <= 3600"#),
                 kind: .unexpectedType),
        RuleCase(rule: "decimal compares with methods, not `<`",
                 passing: ValidationFixtures.view(#"principal.quota.lessThan(decimal("1.5"))"#),
                 failing: ValidationFixtures.view(#"principal.quota < decimal("1.5")"#),
                 kind: .unexpectedType),
        RuleCase(rule: "`==` between values of one type",
                 passing: ValidationFixtures.view("principal.age == 3 && resource.owner == principal"),
                 failing: ValidationFixtures.view(#"principal.age == "3""#),
                 kind: .incompatibleTypes),
        RuleCase(rule: "`==` between records needs the same attributes",
                 passing: ValidationFixtures.view("{a: principal.age} == {a: 1}"),
                 failing: ValidationFixtures.view("{a: principal.age} == {b: 1}"),
                 kind: .incompatibleTypes),
        RuleCase(rule: "`like` on String",
                 passing: ValidationFixtures.view(#"principal has nick && principal.nick like "a*""#),
                 failing: ValidationFixtures.view(#"principal.age like "1*""#),
                 kind: .unexpectedType),
        RuleCase(rule: "conditions are Bool",
                 passing: ValidationFixtures.view("resource.public"),
                 failing: ValidationFixtures.view("principal.age"),
                 kind: .unexpectedType),
        RuleCase(rule: "`if` branches of one type",
                 passing: ValidationFixtures.view("(if resource.public then 1 else principal.age) > 0"),
                 failing: ValidationFixtures.view(#"(if resource.public then 1 else "one") == 1"#),
                 kind: .incompatibleTypes),
    ]

    @Test("the rule's passing policy validates; its nearest failing one is refused", arguments: cases)
    func rule(_ c: RuleCase) throws { try c.check() }

    @Test("entities of different types, and unequal literals, compare as false rather than an error")
    func disjointEquality() throws {
        #expect(try ValidationFixtures.validate(ValidationFixtures.view(#"principal == Doc::"d""#)).errors.isEmpty)
        #expect(try ValidationFixtures.validate(ValidationFixtures.view(#"1 == "one""#)).errors.isEmpty)
        #expect(try ValidationFixtures.validate(ValidationFixtures.view(#""a" == (true || false)"#)).errors.isEmpty)
        #expect(try ValidationFixtures.errorKinds(ValidationFixtures.view(#""a" == (true || 1)"#)) == [.incompatibleTypes])
    }
}
