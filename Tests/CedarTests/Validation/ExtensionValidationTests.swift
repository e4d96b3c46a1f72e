import Testing
@testable import Cedar

@Suite("Strict validation: extension constructors take valid literals; extension methods take their types")
struct ExtensionValidationTests {
    static let cases: [RuleCase] = [
        RuleCase(rule: "constructors take literals",
                 passing: ValidationFixtures.view(#"context.ip.isInRange(ip("10.0.0.0/8"))"#),
                 failing: ValidationFixtures.view(#"principal has nick && context.ip.isInRange(ip(principal.nick))"#),
                 kind: .nonLiteralExtensionConstructor),
        RuleCase(rule: "constructor literals must parse: ip",
                 passing: ValidationFixtures.view(#"context.ip == ip("10.0.0.1")"#),
                 failing: ValidationFixtures.view(#"context.ip == ip("10.0.0")"#),
                 kind: .invalidExtensionArgument),
        RuleCase(rule: "constructor literals must parse: decimal",
                 passing: ValidationFixtures.view(#"principal.quota.lessThan(decimal("1.2345"))"#),
                 failing: ValidationFixtures.view(#"principal.quota.lessThan(decimal("1.23456"))"#),
                 kind: .invalidExtensionArgument),
        RuleCase(rule: "constructor literals must parse: datetime",
                 passing: ValidationFixtures.view(#"principal.joined < datetime("2024-02-29")"#),
                 failing: ValidationFixtures.view(#"principal.joined < datetime("2023-02-29")"#),
                 kind: .invalidExtensionArgument),
        RuleCase(rule: "constructor literals must parse: duration",
                 passing: ValidationFixtures.view(#"context.window < duration("1h30m")"#),
                 failing: ValidationFixtures.view(#"context.window < duration("1h30")"#),
                 kind: .invalidExtensionArgument),
        RuleCase(rule: "methods take their receiver type",
                 passing: ValidationFixtures.view("context.ip.isLoopback()"),
                 failing: ValidationFixtures.view("context.window.isLoopback()"),
                 kind: .unexpectedType),
        RuleCase(rule: "methods take their argument types",
                 passing: ValidationFixtures.view(#"principal.joined.offset(context.window) > datetime("2024-01-01")"#),
                 failing: ValidationFixtures.view(#"principal.joined.offset(principal.joined) > datetime("2024-01-01")"#),
                 kind: .unexpectedType),
        RuleCase(rule: "methods take their number of arguments",
                 passing: ValidationFixtures.view(#"context.ip.isInRange(ip("10.0.0.0/8"))"#),
                 failing: ValidationFixtures.view(#"context.ip.isInRange(ip("10.0.0.0/8"), ip("10.0.0.0/8"))"#),
                 kind: .wrongArgumentCount),
        RuleCase(rule: "durations convert to Long",
                 passing: ValidationFixtures.view("context.window.toMinutes() < 60"),
                 failing: ValidationFixtures.view(#"context.window.toMinutes() < duration("1h")"#),
                 kind: .unexpectedType),
    ]

    @Test("the rule's passing policy validates; its nearest failing one is refused", arguments: cases)
    func rule(_ c: RuleCase) throws { try c.check() }

    @Test("a function no extension defines, in a policy built in code, is refused by name")
    func undefinedFunction() throws {
        let call = Expr(.call(function: Name(basename: "geo"), arguments: [Expr(.literal(.string("x")))]))
        let policy = Policy(
            id: "built", effect: .permit, action: .equal(EntityUID("Action", "view")),
            conditions: [Condition(kind: .when, body: Expr(.binary(.equal, call, call)))])
        let errors = Validator(schema: try ValidationFixtures.schema()).validate(policy).errors
        #expect(errors.map(\.kind).contains(.undefinedFunction))
        #expect(errors.first { $0.kind == .undefinedFunction }?.found == "geo")
    }
}
