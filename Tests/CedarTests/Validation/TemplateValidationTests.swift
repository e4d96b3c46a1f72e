import Testing
@testable import Cedar

@Suite("Strict validation of templates and template-linked policies")
struct TemplateValidationTests {
    @Test("a template is checked for every entity type its slots could be linked to")
    func template() throws {
        let good = #"permit(principal in ?principal, action == Action::"view", resource) when { principal.age > 1 };"#
        #expect(try ValidationFixtures.validate(good).errors.isEmpty)
        let bad = #"permit(principal in ?principal, action == Action::"view", resource) when { principal.agee > 1 };"#
        #expect(try ValidationFixtures.errorKinds(bad) == [.attributeNotFound])
    }

    @Test("a template whose scope no action fits is refused")
    func impossibleTemplate() throws {
        let bad = #"permit(principal is Doc in ?principal, action == Action::"view", resource);"#
        #expect(try ValidationFixtures.errorKinds(bad).contains(.invalidActionApplication))
    }

    @Test("a linked policy is refused when its slot value is undeclared, unlisted, or makes the scope impossible")
    func links() throws {
        var set = try PolicySet(parsing: #"permit(principal in ?principal, action == Action::"view", resource);"#)
        let template = try #require(set.templates.keys.first)
        try set.link(template: template, newID: "ok", values: [.principal: EntityUID("Group", "admins")])
        try set.link(template: template, newID: "unknown", values: [.principal: EntityUID("Team", "admins")])
        try set.link(template: template, newID: "impossible", values: [.principal: EntityUID("Doc", "d")])
        let errors = Validator(schema: try ValidationFixtures.schema()).validate(set).errors
        #expect(!errors.contains { $0.policyID == "ok" })
        #expect(errors.contains { $0.policyID == "unknown" && $0.kind == .unrecognizedEntityType })
        #expect(errors.contains { $0.policyID == "impossible" && $0.kind == .invalidActionApplication })
    }

    @Test("a link to an enumerated type must use a listed id")
    func enumLink() throws {
        var set = try PolicySet(parsing: #"permit(principal, action == Action::"list", resource == ?resource);"#)
        let template = try #require(set.templates.keys.first)
        try set.link(template: template, newID: "red", values: [.resource: EntityUID("Color", "red")])
        try set.link(template: template, newID: "blue", values: [.resource: EntityUID("Color", "blue")])
        let errors = Validator(schema: try ValidationFixtures.schema()).validate(set).errors
        #expect(errors.map(\.policyID) == ["blue"])
        #expect(errors.first?.kind == .invalidEnumEntity)
    }
}
