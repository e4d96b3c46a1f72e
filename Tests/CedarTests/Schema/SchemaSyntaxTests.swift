import Testing
@testable import Cedar

@Suite("The .cedarschema syntax: declarations, name resolution, errors with line:column")
struct SchemaSyntaxTests {
    static let photos = """
        // A small photo-sharing schema.
        @doc("photo app")
        namespace PhotoApp {
          type Address = { street: String, "zip code"?: Long };
          entity Group;
          entity User in [Group] = {
            @doc("job level")
            level: Long,
            home?: Address,
            friends: Set<User>,
            ip: ipaddr,
          };
          entity Photo in Album { owner: User, score: __cedar::decimal } tags String;
          entity Album;
          entity Color enum ["red", "green"];
          action view, "edit photo" appliesTo {
            principal: [User, Group],
            resource: Photo,
            context: { when: datetime, },
          };
          action all;
          action share in [view, "all"] appliesTo { principal: User, resource: [Photo] };
        }
        """

    @Test("entity types get their namespace, parents, attributes, tags and enumerated ids")
    func entityTypes() throws {
        let schema = try Schema(parsing: Self.photos)
        let user = try #require(schema.entityType(typeName("PhotoApp::User")))
        #expect(user.memberOfTypes == [typeName("PhotoApp::Group")])
        #expect(user.attributes.attributes["level"] == AttributeType(.long))
        #expect(user.attributes.attributes["friends"] == AttributeType(.set(.entity(typeName("PhotoApp::User")))))
        #expect(user.attributes.attributes["ip"] == AttributeType(.extension(.ipaddr)))
        // A common type is inlined where it is used; `?` makes an attribute optional.
        let address = RecordType(attributes: ["street": AttributeType(.string), "zip code": AttributeType(.long, isRequired: false)])
        #expect(user.attributes.attributes["home"] == AttributeType(.record(address), isRequired: false))

        let photo = try #require(schema.entityType(typeName("PhotoApp::Photo")))
        #expect(photo.memberOfTypes == [typeName("PhotoApp::Album")])
        #expect(photo.attributes.attributes["score"] == AttributeType(.extension(.decimal)))
        #expect(photo.tags == .string)

        let color = try #require(schema.entityType(typeName("PhotoApp::Color")))
        #expect(color.enumeratedIDs == ["red", "green"])
    }

    @Test("actions: several names per declaration, string names, groups and appliesTo")
    func actions() throws {
        let schema = try Schema(parsing: Self.photos)
        let view = try #require(schema.action(EntityUID("PhotoApp::Action", "view")))
        let edit = try #require(schema.action(EntityUID("PhotoApp::Action", "edit photo")))
        #expect(view.appliesTo == edit.appliesTo)
        #expect(view.appliesTo?.principalTypes == [typeName("PhotoApp::User"), typeName("PhotoApp::Group")])
        #expect(view.appliesTo?.resourceTypes == [typeName("PhotoApp::Photo")])
        #expect(view.appliesTo?.context == RecordType(attributes: ["when": AttributeType(.extension(.datetime))]))

        let share = try #require(schema.action(EntityUID("PhotoApp::Action", "share")))
        #expect(share.memberOf == [EntityUID("PhotoApp::Action", "view"), EntityUID("PhotoApp::Action", "all")])
        #expect(share.appliesTo?.context == .empty)
        #expect(schema.action(EntityUID("PhotoApp::Action", "all"))?.appliesTo == nil)

        let shareEntity = try #require(schema.actionEntities.first { $0.uid == share.uid })
        #expect(shareEntity.parents == Set(share.memberOf))
    }

    @Test("names resolve namespace-first, then to the empty namespace, then to builtins")
    func resolution() throws {
        let schema = try Schema(parsing: """
            entity Top;
            namespace N {
              type T = String;
              entity E { a: T, b: Top, c: N::T, d: Bool, e: __cedar::Long };
              entity Top;
            }
            """)
        let e = try #require(schema.entityType(typeName("N::E")))
        #expect(e.attributes.attributes["a"]?.type == .string)
        #expect(e.attributes.attributes["b"]?.type == .entity(typeName("N::Top")))
        #expect(e.attributes.attributes["c"]?.type == .string)
        #expect(e.attributes.attributes["d"]?.type == .bool)
        #expect(e.attributes.attributes["e"]?.type == .long)
    }

    @Test("qualified action group references and references across namespaces")
    func qualifiedActionGroups() throws {
        let schema = try Schema(parsing: """
            namespace A { action group; }
            namespace B {
              entity U;
              action read in [A::Action::"group", Action::"local"] appliesTo { principal: U, resource: U };
              action local;
            }
            """)
        let read = try #require(schema.action(EntityUID("B::Action", "read")))
        #expect(read.memberOf == [EntityUID("A::Action", "group"), EntityUID("B::Action", "local")])
    }

    @Test("a context may be a common record type")
    func contextCommonType() throws {
        let schema = try Schema(parsing: """
            type Ctx = { ok: Bool };
            entity U;
            action a appliesTo { principal: U, resource: U, context: Ctx };
            """)
        #expect(schema.contextType(for: EntityUID("Action", "a")) == RecordType(attributes: ["ok": AttributeType(.bool)]))
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let text: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { message }
    }

    static let refusals: [Refusal] = [
        Refusal(text: "entity User", line: 1, column: 12, message: "expected ';', found end of input"),
        Refusal(text: "entity User {\n  age Long };", line: 2, column: 7, message: "expected ':', found 'Long'"),
        Refusal(text: "entity A { a: Nope };", line: 1, column: 15, message: "undeclared type Nope"),
        Refusal(text: "entity A in [B];", line: 1, column: 14, message: "undeclared entity type B"),
        Refusal(text: "entity A;\nentity A;", line: 2, column: 1, message: "entity type A is declared twice"),
        Refusal(text: "entity A { a: Long, a: String };", line: 1, column: 21, message: "attribute \"a\" is declared twice"),
        Refusal(text: "type T = { x: T };", line: 1, column: 1, message: "common type T is defined in terms of itself"),
        Refusal(text: "entity A;\naction a in [b] appliesTo { principal: A, resource: A };", line: 2, column: 14,
                message: "action Action::\"a\" is in undeclared action group Action::\"b\""),
        Refusal(text: "entity E = { s: \"x\\q\" };", line: 1, column: 19, message: "invalid escape '\\q' in string"),
        Refusal(text: "type Long = String;", line: 1, column: 1, message: "\"Long\" is a reserved name and cannot name a common type"),
        Refusal(text: "entity A; action a appliesTo { principal: A, actor: A };", line: 1, column: 46,
                message: "expected 'principal', 'resource' or 'context', found 'actor'"),
        Refusal(text: "entity E enum [];", line: 1, column: 16, message: "expected a string, found ']'"),
        Refusal(text: "entity A { a: __cedar::Foo };", line: 1, column: 15, message: "unknown builtin type __cedar::Foo"),
        Refusal(text: "entity A; action a appliesTo { principal: A, resource: A, context: Long };", line: 1, column: 11,
                message: "the context of action Action::\"a\" must be a record type"),
        Refusal(text: "namespace N { entity A;", line: 1, column: 24, message: "expected '}' to close namespace N, found end of input"),
        Refusal(text: "entity A # B;", line: 1, column: 10, message: "unexpected character '#'"),
    ]

    @Test("malformed schemas are refused with line:column and what was expected", arguments: refusals)
    func refusal(_ r: Refusal) {
        let error = #expect(throws: SchemaError.self) { try Schema(parsing: r.text) }
        #expect(error?.message == r.message)
        #expect(error?.location?.line == r.line)
        #expect(error?.location?.column == r.column)
    }

    @Test("action groups may not form a cycle")
    func actionCycle() {
        #expect(throws: SchemaError.self) {
            try Schema(parsing: "action a in [b]; action b in [a];")
        }
    }

    @Test("long chains of common types are refused, not overflowed")
    func longCommonTypeChain() {
        var text = "type T0 = Long;\n"
        for i in 1...5000 { text += "type T\(i) = T\(i - 1);\n" }
        text += "entity A { a: T5000 };"
        let error = #expect(throws: SchemaError.self) { try Schema(parsing: text) }
        #expect(error?.message.contains("deeper than") == true)
    }

    @Test("deeply nested types are refused, not overflowed")
    func deepNesting() {
        let text = "entity A { a: " + String(repeating: "Set<", count: 5000) + "Long" + String(repeating: ">", count: 5000) + " };"
        #expect(throws: SchemaError.self) { try Schema(parsing: text) }
    }
}
