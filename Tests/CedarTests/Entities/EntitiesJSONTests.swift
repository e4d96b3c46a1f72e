import Testing
@testable import Cedar

@Suite("Cedar's JSON entity format, with and without a schema")
struct EntitiesJSONTests {
    static let schema = """
        entity Group;
        entity User in [Group] { age: Long, ip?: ipaddr, manager?: User };
        entity Doc tags decimal;
        entity Color enum ["red", "green"];
        action read;
        action view in [read] appliesTo { principal: User, resource: Doc };
        """

    @Test("without a schema: uids, attributes, parents, tags and the transitive closure")
    func plain() throws {
        let entities = try Entities(json: """
            [{"uid": {"type": "User", "id": "a"}, "attrs": {"age": 3, "boss": {"__entity": {"type": "User", "id": "b"}}},
              "parents": [{"type": "Group", "id": "g"}], "tags": {"t": "x"}},
             {"uid": {"__entity": {"type": "Group", "id": "g"}}, "parents": [{"type": "Group", "id": "top"}]}]
            """)
        let a = try #require(entities.entity(EntityUID("User", "a")))
        #expect(a.attributes == ["age": .long(3), "boss": .entity(EntityUID("User", "b"))])
        #expect(a.tags == ["t": .string("x")])
        #expect(entities.isDescendant(EntityUID("User", "a"), of: EntityUID("Group", "top")))
    }

    @Test("with a schema: attributes and tags are read with their types and action entities are added")
    func schemaDirected() throws {
        let schema = try Schema(parsing: Self.schema)
        let entities = try Entities(json: """
            [{"uid": {"type": "User", "id": "a"}, "attrs": {"age": 3, "ip": "10.0.0.1", "manager": {"type": "User", "id": "b"}},
              "parents": [{"type": "Group", "id": "g"}]},
             {"uid": {"type": "Doc", "id": "d"}, "attrs": {}, "parents": [], "tags": {"score": "1.5"}},
             {"uid": {"type": "Color", "id": "red"}}]
            """, schema: schema)
        let a = try #require(entities.entity(EntityUID("User", "a")))
        #expect(a.attributes["manager"] == .entity(EntityUID("User", "b")))
        #expect(a.attributes["ip"] == .ext(.ipaddr(IPAddr(family: .v4, address: 0x0A00_0001, prefixLength: 32))))
        #expect(entities.entity(EntityUID("Doc", "d"))?.tags["score"] == .ext(.decimal(CedarDecimal(scaled: 15000))))
        #expect(entities.isDescendant(EntityUID("Action", "view"), of: EntityUID("Action", "read")))
    }

    @Test("action entities in the data may list their groups transitively")
    func actionEntitiesInData() throws {
        let schema = try Schema(parsing: "action a; action b in [a]; action c in [b];")
        let entities = try Entities(json: """
            [{"uid": {"type": "Action", "id": "c"}, "attrs": {}, "parents": [{"type": "Action", "id": "b"}, {"type": "Action", "id": "a"}]}]
            """, schema: schema)
        #expect(entities.isDescendant(EntityUID("Action", "c"), of: EntityUID("Action", "a")))
    }

    @Test("an entity listed twice with equal contents is accepted once: Cedar compares attributes and tags as values and parents as a set")
    func identicalDuplicates() throws {
        let entities = try Entities(json: """
            [{"uid": {"type": "U", "id": "a"}, "attrs": {"x": {"y": 1}, "s": [1, 2], "d": {"__extn": {"fn": "decimal", "arg": "1.0"}}},
              "parents": [{"type": "G", "id": "g"}, {"type": "G", "id": "h"}], "tags": {}},
             {"uid": {"__entity": {"type": "U", "id": "a"}}, "attrs": {"s": [2, 1, 1], "d": {"__extn": {"fn": "decimal", "arg": "1.0000"}}, "x": {"y": 1}},
              "parents": [{"type": "G", "id": "h"}, {"type": "G", "id": "g"}]}]
            """)
        let a = try #require(entities.entity(EntityUID("U", "a")))
        #expect(a.parents == [EntityUID("G", "g"), EntityUID("G", "h")])
        #expect(a.attributes["s"] == .set([.long(1), .long(2)]))
        #expect(entities.byUID.count == 1)
    }

    @Test("keys other than uid, attrs, parents and tags, and other than type and id in a uid, are ignored, as in Cedar")
    func unknownKeysIgnored() throws {
        let entities = try Entities(json: """
            [{"uid": {"type": "U", "id": "a", "note": 1}, "attrs": {"x": 1}, "parents": [{"type": "G", "id": "g", "z": []}],
              "comment": {"__expr": "ignored"}},
             {"uid": {"__entity": {"type": "G", "id": "g", "extra": true}, "y": 1}}]
            """)
        let a = try #require(entities.entity(EntityUID("U", "a")))
        #expect(a.attributes == ["x": .long(1)])
        #expect(a.parents == [EntityUID("G", "g")])
        #expect(entities.entity(EntityUID("G", "g")) != nil)
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let json: String
        let withSchema: Bool
        let message: String
        var testDescription: String { message }
    }

    static let refusals: [Refusal] = [
        Refusal(json: "{}", withSchema: false, message: "expected an array of entities, found object"),
        Refusal(json: "[{\"attrs\": {}}]", withSchema: false, message: "entity 0: missing \"uid\""),
        Refusal(json: #"[{"uid": {"type": "U", "id": "a"}, "parents": 1, "comment": "x"}]"#, withSchema: false,
                message: "entity U::\"a\": \"parents\" must be an array, found number"),
        Refusal(json: #"[{"uid": {"type": "U", "id": "a", "note": 1}}, {"uid": {"type": "U"}}]"#, withSchema: false,
                message: "entity 1, \"uid\": entity uid needs a string \"id\""),
        Refusal(json: #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"x": 1}}, {"uid": {"type": "U", "id": "a"}, "attrs": {"x": 2}}]"#,
                withSchema: false, message: "entity U::\"a\" appears twice with different attributes, parents or tags"),
        Refusal(json: #"[{"uid": {"type": "U", "id": "a"}, "parents": [{"type": "G", "id": "g"}]}, {"uid": {"type": "U", "id": "a"}}]"#,
                withSchema: false, message: "entity U::\"a\" appears twice with different attributes, parents or tags"),
        Refusal(json: #"[{"uid": {"type": "U", "id": "a"}, "tags": {"t": 1}}, {"uid": {"type": "U", "id": "a"}}]"#,
                withSchema: false, message: "entity U::\"a\" appears twice with different attributes, parents or tags"),
        Refusal(json: #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"x": {"__extn": {"fn": "ip", "arg": "10.0.0.1/24"}}}}, {"uid": {"type": "U", "id": "a"}, "attrs": {"x": {"__extn": {"fn": "ip", "arg": "10.0.0.2/24"}}}}]"#,
                withSchema: false, message: "entity U::\"a\" appears twice with different attributes, parents or tags"),
        Refusal(json: #"[{"uid": {"type": "User", "id": "a"}, "attrs": {"age": "old"}}]"#, withSchema: true,
                message: "entity User::\"a\", attribute \"age\": expected Long, found string"),
        Refusal(json: #"[{"uid": {"type": "User", "id": "a"}, "attrs": {}}]"#, withSchema: true,
                message: "entity User::\"a\": missing required attribute \"age\""),
        Refusal(json: #"[{"uid": {"type": "User", "id": "a"}, "attrs": {"age": 1, "height": 2}}]"#, withSchema: true,
                message: "entity User::\"a\": attribute \"height\" is not declared"),
        Refusal(json: #"[{"uid": {"type": "User", "id": "a"}, "attrs": {"age": 1, "ip": "nope"}}]"#, withSchema: true,
                message: "entity User::\"a\", attribute \"ip\": ip(…):"),
        Refusal(json: #"[{"uid": {"type": "Robot", "id": "a"}}]"#, withSchema: true,
                message: "entity Robot::\"a\": entity type Robot is not declared in the schema"),
        Refusal(json: #"[{"uid": {"type": "User", "id": "a"}, "attrs": {"age": 1}, "parents": [{"type": "Doc", "id": "d"}]}]"#,
                withSchema: true, message: "entity User::\"a\": parent Doc::\"d\" has type Doc, which User cannot be a member of"),
        Refusal(json: #"[{"uid": {"type": "User", "id": "a"}, "attrs": {"age": 1}, "tags": {"t": 1}}]"#, withSchema: true,
                message: "entity User::\"a\": entity type User does not declare tags"),
        Refusal(json: #"[{"uid": {"type": "Doc", "id": "d"}, "tags": {"t": true}}]"#, withSchema: true,
                message: "entity Doc::\"d\", tag \"t\": expected decimal, found bool"),
        Refusal(json: #"[{"uid": {"type": "Color", "id": "blue"}}]"#, withSchema: true,
                message: "entity Color::\"blue\": Color::\"blue\" is not one of the ids of enumerated entity type Color (\"red\", \"green\")"),
        Refusal(json: #"[{"uid": {"type": "Action", "id": "view"}, "parents": []}]"#, withSchema: true,
                message: "the entity data for action Action::\"view\" does not match its declaration in the schema"),
        Refusal(json: "[", withSchema: false, message: "invalid JSON at 1:2: expected a JSON value, found end of input"),
    ]

    @Test("malformed entity data is refused with the entity and attribute named", arguments: refusals)
    func refusal(_ r: Refusal) throws {
        let schema = r.withSchema ? try Schema(parsing: Self.schema) : nil
        let error = #expect(throws: JSONDecodingError.self) { try Entities(json: r.json, schema: schema) }
        #expect(error?.description.hasPrefix(r.message) == true, "\(String(describing: error))")
    }
}
