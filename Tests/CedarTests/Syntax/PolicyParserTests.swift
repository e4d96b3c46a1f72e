import Testing
@testable import Cedar

private typealias A = SyntaxAST

/// A policy text and the scope it must parse to.
struct ScopeCase: CustomTestStringConvertible, Sendable {
    var source: String
    var principal: ScopeConstraint
    var action: ActionConstraint
    var resource: ScopeConstraint
    var testDescription: String { source }
}

@Suite("Policy parser: effects, annotations, scopes, conditions, ids and templates")
struct PolicyParserTests {
    static let user = EntityUID("User", "alice")
    static let group = EntityUID("Group", "g")
    static let view = EntityUID("Action", "view")
    static let edit = EntityUID(type: Name(namespace: ["App"], basename: "Action"), id: "edit")
    static let photo = EntityUID("Photo", "p")
    static let userType = Name(basename: "User")

    static let scopes: [ScopeCase] = [
        ScopeCase(source: "permit(principal, action, resource);", principal: .any, action: .any, resource: .any),
        ScopeCase(source: "permit(principal == User::\"alice\", action == Action::\"view\", resource == Photo::\"p\");",
                  principal: .equal(.entity(user)), action: .equal(view), resource: .equal(.entity(photo))),
        ScopeCase(source: "permit(principal in Group::\"g\", action in Action::\"view\", resource in Group::\"g\");",
                  principal: .in(.entity(group)), action: .in(view), resource: .in(.entity(group))),
        ScopeCase(source: "permit(principal is User, action in [Action::\"view\", App::Action::\"edit\"], resource is User);",
                  principal: .is(userType), action: .inSet([view, edit]), resource: .is(userType)),
        ScopeCase(source: "permit(principal is User in Group::\"g\", action in [], resource is User in Group::\"g\");",
                  principal: .isIn(userType, .entity(group)), action: .inSet([]), resource: .isIn(userType, .entity(group))),
        ScopeCase(source: "permit(principal == ?principal, action, resource in ?resource);",
                  principal: .equal(.slot(.principal)), action: .any, resource: .in(.slot(.resource))),
        ScopeCase(source: "permit(principal is User in ?principal, action, resource is User in ?resource);",
                  principal: .isIn(userType, .slot(.principal)), action: .any, resource: .isIn(userType, .slot(.resource))),
        ScopeCase(source: "permit(principal == (User::\"alice\"), action in ([(Action::\"view\")]), resource in ((?resource)));",
                  principal: .equal(.entity(user)), action: .inSet([view]), resource: .in(.slot(.resource))),
        ScopeCase(source: "permit(principal, action in [Action::\"view\",], resource,);",
                  principal: .any, action: .inSet([view]), resource: .any),
    ]

    @Test("scope constraints parse to the expected form", arguments: scopes)
    func scope(_ c: ScopeCase) throws {
        let policy = try Policy.parse(c.source, id: "p")
        #expect(policy.principal == c.principal)
        #expect(policy.action == c.action)
        #expect(policy.resource == c.resource)
        #expect(policy.effect == .permit)
    }

    @Test("effects, annotations and conditions are kept in order")
    func wholePolicy() throws {
        let text = """
            @id("first")
            @advice
            @if("reserved words are fine as keys")
            forbid (principal, action, resource)
            when { context.a }
            unless { context.b }
            when { true };
            """
        let policy = try Policy.parse(text, id: "x")
        #expect(policy.id == "x")
        #expect(policy.effect == .forbid)
        #expect(policy.annotations == [
            Annotation(key: "id", value: "first"), Annotation(key: "advice", value: nil),
            Annotation(key: "if", value: "reserved words are fine as keys"),
        ])
        #expect(policy.annotation("advice") == "")
        #expect(policy.conditions == [
            Condition(kind: .when, body: A.get(A.context, "a")),
            Condition(kind: .unless, body: A.get(A.context, "b")),
            Condition(kind: .when, body: A.bool(true)),
        ])
        #expect(policy.range.start == SourceLocation(line: 1, column: 1, offset: 0))
        #expect(policy.range.end.line == 7)
    }

    @Test("policy ids follow file order, templates included, and ignore @id")
    func positionalIDs() throws {
        let text = """
            @id("named") permit(principal, action, resource);
            forbid(principal == ?principal, action, resource);
            permit(principal, action, resource) when { 1 < 2 };
            """
        let set = try PolicySet(parsing: text)
        #expect(set.policies.map(\.id) == ["policy0", "policy2"])
        #expect(Array(set.templates.keys) == ["policy1"])
        #expect(set.templates["policy1"]?.isTemplate == true)
        #expect(set.policies[0].annotation("id") == "named")
    }

    @Test("an empty text or one with only comments is an empty policy set")
    func emptySet() throws {
        #expect(try PolicySet(parsing: "").policies.isEmpty)
        #expect(try PolicySet(parsing: "  // nothing here\n").policies.isEmpty)
    }

    @Test("Policy.parse refuses zero or several policies")
    func exactlyOne() {
        #expect(throws: ParseErrors.self) { try Policy.parse("", id: "p") }
        #expect(throws: ParseErrors.self) {
            try Policy.parse("permit(principal, action, resource); permit(principal, action, resource);", id: "p")
        }
    }

    @Test("a template can be linked after parsing")
    func linking() throws {
        var set = try PolicySet(parsing: "permit(principal in ?principal, action, resource);")
        try set.link(template: "policy0", newID: "link1", values: [.principal: Self.group])
        #expect(set.policies.first?.principal == .in(.entity(Self.group)))
    }
}

@Suite("Policy parser at scale")
struct PolicyParserScaleTests {
    @Test("ten thousand policies parse in file order with positional ids")
    func manyPolicies() throws {
        let text = (0..<10_000).map { i in
            "@id(\"p\(i)\") permit(principal == User::\"u\(i)\", action in [Action::\"read\"], resource in Folder::\"f\(i % 97)\") "
                + "when { context.level > \(i) && resource has owner };"
        }.joined(separator: "\n")
        let clock = ContinuousClock()
        var set = PolicySet()
        let elapsed = try clock.measure { set = try PolicySet(parsing: text) }
        #expect(set.policies.count == 10_000)
        #expect(set.policies[9_999].id == "policy9999")
        #expect(set.policies[9_999].annotation("id") == "p9999")
        print("parsed 10,000 policies in \(elapsed)")
    }
}
