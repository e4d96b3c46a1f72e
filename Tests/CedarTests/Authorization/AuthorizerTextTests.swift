import Testing
@testable import Cedar

@Suite("Authorizer on policy sets written in Cedar text")
struct AuthorizerTextTests {
    static let policies = """
        permit(principal in Group::"admins", action in Action::"read", resource);
        permit(principal, action == Action::"view", resource) when { resource.owner == principal };
        forbid(principal, action, resource) when { context.n > 10 };
        forbid(principal, action, resource) unless { principal.age >= 18 };
        permit(principal == User::"bob", action, resource);
        permit(principal, action, resource) when { principal.email like "*@example.com" };
        @id("templated")
        permit(principal == ?principal, action, resource in ?resource);
        """

    static func decide(_ request: Request) throws -> Response {
        var set = try PolicySet(parsing: policies)
        try set.link(template: "policy6", newID: "link0", values: [.principal: Sample.bob, .resource: Sample.album])
        let plain = Authorizer().isAuthorized(request, policies: set, entities: Sample.entities)
        let indexed = Authorizer().isAuthorized(request, policies: CompiledPolicySet(set), entities: Sample.entities)
        #expect(plain == indexed)
        return plain
    }

    @Test("satisfied permits are the reasons; an erroring permit is reported")
    func allowWithReasons() throws {
        let r = try Self.decide(Sample.request)
        #expect(r.decision == .allow)
        #expect(r.reasons == ["policy0", "policy1"])
        #expect(r.errors.map(\.id) == ["policy5"]) // alice has no email
    }

    @Test("a satisfied forbid denies and is the only reason")
    func forbidDenies() throws {
        var request = Sample.request
        request.context["n"] = .long(11)
        let r = try Self.decide(request)
        #expect(r.decision == .deny)
        #expect(r.reasons == ["policy2"])
    }

    @Test("a forbid whose condition errors is skipped, so the permit for bob still allows")
    func erroringForbidSkipped() throws {
        let request = Request(principal: Sample.bob, action: Sample.view, resource: Sample.photo, context: ["n": .long(1)])
        let r = try Self.decide(request)
        #expect(r.decision == .allow)
        #expect(r.reasons == ["policy4", "link0"])
        #expect(Set(r.errors.map(\.id)) == ["policy3", "policy5"]) // bob has no age and no email
    }

    @Test("nothing applies: deny with no reasons")
    func defaultDeny() throws {
        let request = Request(principal: Sample.ghost, action: Sample.read, resource: Sample.album, context: ["n": .long(1)])
        let r = try Self.decide(request)
        #expect(r.decision == .deny)
        #expect(r.reasons.isEmpty)
        #expect(Set(r.errors.map(\.id)) == ["policy3", "policy5"]) // the ghost has no attributes
    }
}
