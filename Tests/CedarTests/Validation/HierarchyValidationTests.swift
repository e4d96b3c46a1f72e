import Testing
@testable import Cedar

@Suite("Strict validation: `in` and `is` between entity types, decided by the schema where it can be")
struct HierarchyValidationTests {
    static let cases: [RuleCase] = [
        RuleCase(rule: "`in` takes an entity on the left",
                 passing: ValidationFixtures.view(#"principal in Group::"g""#),
                 failing: ValidationFixtures.view(#"principal.age in Group::"g""#),
                 kind: .unexpectedType),
        RuleCase(rule: "`in` takes an entity or a set of entities on the right",
                 passing: ValidationFixtures.view(#"principal in [Group::"g", Group::"h"]"#),
                 failing: ValidationFixtures.view(#"principal in principal.profile.langs"#),
                 kind: .unexpectedType),
        RuleCase(rule: "`is` takes an entity",
                 passing: ValidationFixtures.view("resource.owner is User"),
                 failing: ValidationFixtures.view("resource.public is User"),
                 kind: .unexpectedType),
    ]

    @Test("the rule's passing policy validates; its nearest failing one is refused", arguments: cases)
    func rule(_ c: RuleCase) throws { try c.check() }

    @Test("an `in` the schema rules out is false: what it guards is never checked, and the policy is impossible",
          arguments: [#"principal in Doc::"d""#, "resource in principal", #"action in Action::"manage""#])
    func impossibleIn(_ test: String) throws {
        let result = try ValidationFixtures.validate(ValidationFixtures.view("\(test) && principal.nope"))
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.warnings.count == 1)
    }

    @Test("an `in` the schema allows is checked with what it guards",
          arguments: [#"principal in Org::"o""#, "principal in resource.owner", #"action in [Action::"view"]"#])
    func possibleIn(_ test: String) throws {
        let kinds = try ValidationFixtures.errorKinds(ValidationFixtures.view("\(test) && principal.nope"))
        #expect(kinds == [.attributeNotFound])
    }

    @Test("`is` another type is false and `is` the type itself is true")
    func isTests() throws {
        #expect(try ValidationFixtures.validate(ValidationFixtures.view("principal is Doc && principal.nope")).errors.isEmpty)
        #expect(try ValidationFixtures.errorKinds(ValidationFixtures.view("principal is User && principal.nope")) == [.attributeNotFound])
    }
}
