import Testing
@testable import Cedar

@Suite("Validation errors name the policy, the line and column, and what was expected versus found")
struct ValidationErrorTests {
    @Test("the error points at the offending expression")
    func location() throws {
        let text = """
            permit(principal, action == Action::"view", resource)
            when { principal.age > "18" };
            """
        let error = try #require(ValidationFixtures.validate(text).errors.first)
        #expect(error.policyID == "policy0")
        #expect(error.location?.line == 2)
        #expect(error.location?.column == 24)
        #expect(error.expected == "Long")
        #expect(error.found == "String")
        #expect(error.description == #"2:24: policy policy0: unexpected type: expected Long but found String"#)
    }

    @Test("every error of every policy is reported, sorted by policy and position")
    func several() throws {
        let text = """
            permit(principal, action == Action::"view", resource) when { principal.nick == "x" && principal.age > "1" };
            forbid(principal, action == Action::"view", resource) when { resource.sise > 1 };
            """
        let errors = try ValidationFixtures.validate(text).errors
        #expect(errors.map(\.policyID) == ["policy0", "policy0", "policy1"])
        #expect(errors.map(\.kind) == [.unsafeOptionalAttributeAccess, .unexpectedType, .attributeNotFound])
    }

    @Test("the JSON form carries policy, line, column, kind, expected, found and message")
    func json() throws {
        let result = try ValidationFixtures.validate(ValidationFixtures.view(#"principal.age > "18""#))
        let text = result.jsonValue.serialized()
        #expect(text.contains(#""valid":false"#))
        #expect(text.contains(#""policy":"policy0""#))
        #expect(text.contains(#""kind":"unexpectedType""#))
        #expect(text.contains(#""expected":"Long""#))
    }

    @Test("a valid set has no errors and its JSON says so")
    func valid() throws {
        let result = try ValidationFixtures.validate(ValidationFixtures.view("principal.age > 18"))
        #expect(result.isValid)
        #expect(result.jsonValue.serialized().contains(#""valid":true"#))
    }
}
