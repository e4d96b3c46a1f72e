import Testing
@testable import Cedar

@Suite("Strict validation: every entity type, action and enumerated id a policy names is declared")
struct NameValidationTests {
    static let cases: [RuleCase] = [
        RuleCase(rule: "entity type in the scope",
                 passing: #"permit(principal == User::"a", action == Action::"view", resource);"#,
                 failing: #"permit(principal == Usr::"a", action == Action::"view", resource);"#,
                 kind: .unrecognizedEntityType),
        RuleCase(rule: "entity type in an `is` test",
                 passing: ValidationFixtures.view("principal is User"),
                 failing: ValidationFixtures.view("principal is Admin"),
                 kind: .unrecognizedEntityType),
        RuleCase(rule: "entity type of a literal in the condition",
                 passing: ValidationFixtures.view(#"principal in Group::"g""#),
                 failing: ValidationFixtures.view(#"principal in Team::"g""#),
                 kind: .unrecognizedEntityType),
        RuleCase(rule: "action in the scope",
                 passing: #"permit(principal, action == Action::"edit", resource);"#,
                 failing: #"permit(principal, action == Action::"delete", resource);"#,
                 kind: .unrecognizedAction),
        RuleCase(rule: "action in the condition",
                 passing: ValidationFixtures.view(#"action == Action::"edit""#),
                 failing: ValidationFixtures.view(#"action == Action::"remove""#),
                 kind: .unrecognizedAction),
        RuleCase(rule: "enumerated entity id",
                 passing: #"permit(principal, action == Action::"list", resource == Color::"red");"#,
                 failing: #"permit(principal, action == Action::"list", resource == Color::"blue");"#,
                 kind: .invalidEnumEntity),
    ]

    @Test("a declared name passes; the nearest undeclared one is refused", arguments: cases)
    func rule(_ c: RuleCase) throws { try c.check() }

    @Test("the error names the undeclared type as found")
    func foundIsTheName() throws {
        let error = try #require(ValidationFixtures.validate(ValidationFixtures.view("principal is Admin")).errors.first)
        #expect(error.found == "Admin")
        #expect(error.message.contains("Admin"))
    }
}
