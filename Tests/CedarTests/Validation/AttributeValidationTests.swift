import Testing
@testable import Cedar

@Suite("Strict validation: attributes exist, and optional ones are read only under a `has` guard")
struct AttributeValidationTests {
    static let cases: [RuleCase] = [
        RuleCase(rule: "entity attribute exists",
                 passing: ValidationFixtures.view("principal.age > 3"),
                 failing: ValidationFixtures.view("principal.agee > 3"),
                 kind: .attributeNotFound),
        RuleCase(rule: "record attribute exists",
                 passing: ValidationFixtures.view(#"principal.profile.langs.contains("en")"#),
                 failing: ValidationFixtures.view(#"principal.profile.lang.contains("en")"#),
                 kind: .attributeNotFound),
        RuleCase(rule: "context attribute exists for the action",
                 passing: ValidationFixtures.view("context.ip.isIpv4()"),
                 failing: ValidationFixtures.view("context.address.isIpv4()"),
                 kind: .attributeNotFound),
        RuleCase(rule: "optional attribute under `has` and `&&`",
                 passing: ValidationFixtures.view(#"principal has nick && principal.nick == "x""#),
                 failing: ValidationFixtures.view(#"principal.nick == "x""#),
                 kind: .unsafeOptionalAttributeAccess),
        RuleCase(rule: "`has` in an `if` guards the then-branch only",
                 passing: ValidationFixtures.view(#"if principal has nick then principal.nick == "x" else false"#),
                 failing: ValidationFixtures.view(#"if principal has nick then false else principal.nick == "x""#),
                 kind: .unsafeOptionalAttributeAccess),
        RuleCase(rule: "`||` does not guard its right operand",
                 passing: ValidationFixtures.view(#"(principal has nick || false) && principal.nick == "x""#),
                 failing: ValidationFixtures.view(#"principal has nick || principal.nick == "x""#),
                 kind: .unsafeOptionalAttributeAccess),
        RuleCase(rule: "a guard in an earlier `when` clause carries over, an `unless` does not",
                 passing: #"permit(principal, action == Action::"view", resource) when { principal has nick } when { principal.nick == "x" };"#,
                 failing: #"permit(principal, action == Action::"view", resource) unless { principal has nick } when { principal.nick == "x" };"#,
                 kind: .unsafeOptionalAttributeAccess),
        RuleCase(rule: "nested optional attributes, `has a.b` form",
                 passing: ValidationFixtures.view("principal has manager.nick && principal.manager.nick == \"x\""),
                 failing: ValidationFixtures.view("principal has manager && principal.manager.nick == \"x\""),
                 kind: .unsafeOptionalAttributeAccess),
        RuleCase(rule: "optional context attribute",
                 passing: ValidationFixtures.view("context has mfa && context.mfa"),
                 failing: ValidationFixtures.view("context.mfa"),
                 kind: .unsafeOptionalAttributeAccess),
        RuleCase(rule: "attributes only on entities and records",
                 passing: ValidationFixtures.view("principal.age > 1"),
                 failing: ValidationFixtures.view("principal.age.size > 1"),
                 kind: .unexpectedType),
        RuleCase(rule: "actions have no attributes",
                 passing: ValidationFixtures.view("action has size"),
                 failing: ValidationFixtures.view("action.size > 1"),
                 kind: .attributeNotFound),
    ]

    @Test("the rule's passing policy validates; its nearest failing one is refused", arguments: cases)
    func rule(_ c: RuleCase) throws { try c.check() }

    @Test("`has` on an attribute no type declares is false, so what it guards is never checked")
    func hasUndeclaredIsFalse() throws {
        let result = try ValidationFixtures.validate(ValidationFixtures.view("principal has shoe && principal.shoe"))
        #expect(result.errors.isEmpty)
        #expect(result.warnings.count == 1)
    }
}
