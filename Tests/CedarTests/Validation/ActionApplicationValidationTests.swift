import Testing
@testable import Cedar

@Suite("Strict validation: some action the scope allows applies to the principal and resource it allows")
struct ActionApplicationValidationTests {
    static let cases: [RuleCase] = [
        RuleCase(rule: "principal type",
                 passing: #"permit(principal is User, action == Action::"view", resource);"#,
                 failing: #"permit(principal is Group, action == Action::"view", resource);"#,
                 kind: .invalidActionApplication),
        RuleCase(rule: "resource literal",
                 passing: #"permit(principal, action == Action::"view", resource == Doc::"d");"#,
                 failing: #"permit(principal, action == Action::"view", resource == User::"d");"#,
                 kind: .invalidActionApplication),
        RuleCase(rule: "principal in an ancestor type",
                 passing: #"permit(principal in Org::"o", action == Action::"view", resource);"#,
                 failing: #"permit(principal in Doc::"o", action == Action::"view", resource);"#,
                 kind: .invalidActionApplication),
        RuleCase(rule: "action group",
                 passing: #"permit(principal is Group, action in Action::"manage", resource);"#,
                 failing: #"permit(principal is Group, action in [Action::"view", Action::"edit"], resource);"#,
                 kind: .invalidActionApplication),
        RuleCase(rule: "an action that applies to nothing",
                 passing: #"permit(principal, action in Action::"manage", resource);"#,
                 failing: #"permit(principal, action == Action::"manage", resource);"#,
                 kind: .invalidActionApplication),
    ]

    @Test("a possible scope passes; the nearest impossible one is refused", arguments: cases)
    func rule(_ c: RuleCase) throws { try c.check() }

    @Test("an impossible scope also makes the policy impossible (a warning)")
    func impossibleWarning() throws {
        let result = try ValidationFixtures.validate(#"permit(principal is Group, action == Action::"view", resource);"#)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.contains("impossible") == true)
    }
}
