import Testing
@testable import Cedar

@Suite("Entity ids, the scope index, the condition index and enumerated ids match byte for byte")
struct ByteExactLookupTests {
    static let pairs = StringEqualityTests.pairs

    static func request(_ principal: EntityUID, context: [String: Value] = [:]) -> Request {
        Request(principal: principal, action: EntityUID("Action", "view"), resource: EntityUID("Doc", "d"), context: context)
    }

    /// The plain and the compiled authorizer's decisions, which must agree.
    static func decision(_ text: String, _ request: Request, _ entities: Entities) throws -> Decision {
        let set = try PolicySet(parsing: text)
        let plain = Authorizer().isAuthorized(request, policies: set, entities: entities)
        let compiled = Authorizer().isAuthorized(request, policies: CompiledPolicySet(set), entities: entities)
        #expect(plain == compiled, "\(text)")
        return plain.decision
    }

    @Test("a scope naming one id of a pair does not admit the other", arguments: pairs)
    func scope(_ pair: EquivalentPair) throws {
        let text = "permit(principal == User::\(EquivalentPair.literal(pair.first)), action, resource);"
        let entities = Entities([])
        #expect(try Self.decision(text, Self.request(EntityUID("User", pair.second)), entities) == .deny)
        #expect(try Self.decision(text, Self.request(EntityUID("User", byteCopy(pair.first))), entities) == .allow)
    }

    @Test("the entity store finds an entity by its exact id only", arguments: pairs)
    func store(_ pair: EquivalentPair) throws {
        let stored = EntityUID("User", pair.first)
        let entities = Entities([
            Entity(uid: stored, attributes: ["name": .string("n")], parents: [EntityUID("Group", "g")]),
            Entity(uid: EntityUID("Group", "g")),
        ])
        #expect(entities.entity(EntityUID("User", pair.second)) == nil)
        #expect(entities.entity(EntityUID("User", byteCopy(pair.first))) != nil)
        let text = #"permit(principal in Group::"g", action, resource) when { principal has name };"#
        #expect(try Self.decision(text, Self.request(EntityUID("User", pair.second)), entities) == .deny)
        #expect(try Self.decision(text, Self.request(EntityUID("User", byteCopy(pair.first))), entities) == .allow)
    }

    @Test("the condition index files a string literal under its bytes", arguments: pairs)
    func conditionIndex(_ pair: EquivalentPair) throws {
        let set = try PolicySet(parsing: """
            permit(principal, action, resource) when { context.s == \(EquivalentPair.literal(pair.first)) };
            """)
        let compiled = CompiledPolicySet(set)
        let entities = Entities([])
        let other = Self.request(EntityUID("User", "p"), context: ["s": .string(pair.second)])
        let same = Self.request(EntityUID("User", "p"), context: ["s": .string(byteCopy(pair.first))])
        #expect(compiled.candidateCount(for: other, entities: entities) == 0)
        #expect(compiled.candidateCount(for: same, entities: entities) == 1)
        #expect(Authorizer().isAuthorized(other, policies: compiled, entities: entities).decision == .deny)
        #expect(Authorizer().isAuthorized(same, policies: compiled, entities: entities).decision == .allow)
    }

    @Test("an enumerated entity id is valid only with its exact bytes", arguments: pairs)
    func enumeratedIDs(_ pair: EquivalentPair) throws {
        let schema = try Schema(parsing: """
            entity User;
            entity Color enum [\(EquivalentPair.literal(pair.first))];
            action view appliesTo { principal: [User], resource: [Color] };
            """)
        func errors(_ id: String) throws -> [ValidationError.Kind] {
            let text = "permit(principal, action == Action::\"view\", resource == Color::\(EquivalentPair.literal(id)));"
            return Validator(schema: schema).validate(try PolicySet(parsing: text)).errors.map(\.kind)
        }
        #expect(try errors(pair.second).contains(.invalidEnumEntity))
        #expect(try errors(byteCopy(pair.first)).isEmpty)
    }

    @Test("the validator folds `==` of two string literals by their bytes", arguments: pairs)
    func literalEquality(_ pair: EquivalentPair) throws {
        let schema = try Schema(parsing: "entity User; action view appliesTo { principal: [User], resource: [User] };")
        // Cedar's typechecker reads only the branch a constant condition takes: a Long there is an error.
        func errors(_ b: String) throws -> [ValidationError] {
            let condition = "if \(EquivalentPair.literal(pair.first)) == \(EquivalentPair.literal(b)) then 1 else true"
            let text = "permit(principal, action == Action::\"view\", resource) when { \(condition) };"
            return Validator(schema: schema).validate(try PolicySet(parsing: text)).errors
        }
        #expect(try errors(pair.second).isEmpty)
        #expect(try !errors(byteCopy(pair.first)).isEmpty)
    }
}
