import Testing
@testable import Cedar

@Suite("Strict validation: tags are read with getTag only under hasTag, on entity types that declare tags")
struct TagValidationTests {
    static let cases: [RuleCase] = [
        RuleCase(rule: "getTag under hasTag",
                 passing: ValidationFixtures.view(#"principal.hasTag("k") && principal.getTag("k") > 1"#),
                 failing: ValidationFixtures.view(#"principal.getTag("k") > 1"#),
                 kind: .unsafeTagAccess),
        RuleCase(rule: "the guard is for the same key",
                 passing: ValidationFixtures.view(#"principal.hasTag("k") && principal.getTag("k") > 1"#),
                 failing: ValidationFixtures.view(#"principal.hasTag("k") && principal.getTag("j") > 1"#),
                 kind: .unsafeTagAccess),
        RuleCase(rule: "a tag has the declared tag type",
                 passing: ValidationFixtures.view(#"principal.hasTag("k") && principal.getTag("k") > 1"#),
                 failing: ValidationFixtures.view(#"principal.hasTag("k") && principal.getTag("k") like "x""#),
                 kind: .unexpectedType),
        RuleCase(rule: "tag keys are strings",
                 passing: ValidationFixtures.view(#"principal.hasTag("k")"#),
                 failing: ValidationFixtures.view("principal.hasTag(1)"),
                 kind: .unexpectedType),
        RuleCase(rule: "tags on entities only",
                 passing: ValidationFixtures.view(#"principal.hasTag("k")"#),
                 failing: ValidationFixtures.view(#"context.hasTag("k")"#),
                 kind: .unexpectedType),
    ]

    @Test("the rule's passing policy validates; its nearest failing one is refused", arguments: cases)
    func rule(_ c: RuleCase) throws { try c.check() }

    @Test("hasTag on an entity type without tags is false, so its getTag is never checked")
    func noTags() throws {
        let result = try ValidationFixtures.validate(ValidationFixtures.view(#"resource.hasTag("k") && resource.getTag("k") > 1"#))
        #expect(result.errors.isEmpty)
        #expect(result.warnings.count == 1)
    }
}
