import Testing
@testable import Cedar

@Suite("Strict validation: code that can never run is not checked, and a policy that can never apply is reported")
struct ShortCircuitValidationTests {
    @Test("the part of a condition Cedar never evaluates is not typechecked", arguments: [
        #"false && 1 like "a""#,
        #"true || 1 like "a""#,
        #"if 1 == 1 then true else 1 like "a""#,
        #"if "a" == "b" then 1 like "a" else true"#,
        #"action == Action::"edit" && 1 like "a""#,
    ])
    func deadCode(_ condition: String) throws {
        #expect(try ValidationFixtures.validate(ValidationFixtures.view(condition)).errors.isEmpty)
    }

    @Test("the same mistake where it can run is an error", arguments: [
        #"true && 1 like "a""#,
        #"false || 1 like "a""#,
        #"if principal.age == 1 then true else 1 like "a""#,
        #"action == Action::"view" && 1 like "a""#,
    ])
    func liveCode(_ condition: String) throws {
        #expect(try ValidationFixtures.errorKinds(ValidationFixtures.view(condition)) == [.unexpectedType])
    }

    @Test("a policy whose condition is false for every request is valid but warned about as impossible")
    func impossible() throws {
        let result = try ValidationFixtures.validate(ValidationFixtures.view("principal.age > 1 && false"))
        #expect(result.isValid)
        #expect(result.warnings.map(\.policyID) == ["policy0"])
        let possible = try ValidationFixtures.validate(ValidationFixtures.view("principal.age > 1"))
        #expect(possible.warnings.isEmpty)
    }

    @Test("a policy for every action is checked in each action's request environment")
    func everyEnvironment() throws {
        // `context.ip` exists for view and edit but not for list, which also applies to Group principals.
        let kinds = try ValidationFixtures.errorKinds(#"permit(principal, action, resource) when { context.ip.isIpv4() };"#)
        #expect(kinds == [.attributeNotFound])
        let narrowed = #"permit(principal, action in [Action::"view", Action::"edit"], resource) when { context.ip.isIpv4() };"#
        #expect(try ValidationFixtures.validate(narrowed).errors.isEmpty)
    }
}
