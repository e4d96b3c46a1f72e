import Testing
@testable import Cedar

@Suite("The JSON schema format reads into the same schema as the .cedarschema syntax")
struct SchemaJSONTests {
    static let json = """
        {
          "PhotoApp": {
            "commonTypes": {
              "Address": { "type": "Record", "attributes": {
                "street": { "type": "String" },
                "zip": { "type": "Long", "required": false } } }
            },
            "entityTypes": {
              "Group": {},
              "User": {
                "memberOfTypes": ["Group"],
                "shape": { "type": "Record", "attributes": {
                  "level": { "type": "Long" },
                  "home": { "type": "Address", "required": false },
                  "friends": { "type": "Set", "element": { "type": "Entity", "name": "User" } },
                  "ip": { "type": "Extension", "name": "ipaddr" },
                  "admin": { "type": "EntityOrCommon", "name": "Bool" } } }
              },
              "Photo": { "shape": { "type": "Record", "attributes": {} }, "tags": { "type": "String" } },
              "Color": { "enum": ["red", "green"] }
            },
            "actions": {
              "view": { "appliesTo": { "principalTypes": ["User"], "resourceTypes": ["Photo"],
                        "context": { "type": "Record", "attributes": { "ok": { "type": "Boolean" } } } } },
              "all": {},
              "share": { "memberOf": [{ "id": "view" }, { "id": "all", "type": "PhotoApp::Action" }],
                         "appliesTo": { "principalTypes": ["User"], "resourceTypes": ["Photo"] } }
            }
          }
        }
        """

    static let text = """
        namespace PhotoApp {
          type Address = { street: String, zip?: Long };
          entity Group;
          entity User in [Group] = { level: Long, home?: Address, friends: Set<User>, ip: ipaddr, admin: Bool };
          entity Photo tags String;
          entity Color enum ["red", "green"];
          action view appliesTo { principal: User, resource: Photo, context: { ok: Bool } };
          action all;
          action share in [view, "all"] appliesTo { principal: User, resource: Photo };
        }
        """

    @Test("both formats give equal schemas")
    func sameSchema() throws {
        #expect(try Schema(json: Self.json) == Schema(parsing: Self.text))
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let json: String
        let message: String
        var testDescription: String { message }
    }

    static let refusals: [Refusal] = [
        Refusal(json: "[]", message: "a JSON schema must be an object of namespaces, found array"),
        Refusal(json: #"{"": {"entityTypes": {"A": {"shape": {"type": "Nope"}}}}}"#,
                message: "undeclared type Nope"),
        Refusal(json: #"{"": {"entityTypes": {"A": {"shape": {"kind": "Long"}}}}}"#,
                message: "namespace \"\": entity type A: a type needs a string \"type\""),
        Refusal(json: #"{"": {"entityTypes": {"A": {"parents": []}}}}"#,
                message: "namespace \"\": entity type A: unexpected key \"parents\" in an entity type"),
        Refusal(json: #"{"": {"entityTypes": {"A": {"shape": {"type": "Set"}}}}}"#,
                message: "namespace \"\": entity type A: a Set type needs \"element\""),
        Refusal(json: #"{"": {"entityTypes": {"A": {"shape": {"type": "Long"}}}}}"#,
                message: "the attributes of entity type A must be a record type"),
        Refusal(json: #"{"": {"actions": {"a": {"memberOf": [{"id": "missing"}]}}}}"#,
                message: "action Action::\"a\" is in undeclared action group Action::\"missing\""),
        Refusal(json: #"{"": {"entityTypes": {"A": {}}, "entityTypes": {}}}"#,
                message: "invalid JSON: duplicate key \"entityTypes\""),
    ]

    @Test("malformed JSON schemas are refused with a message naming the problem", arguments: refusals)
    func refusal(_ r: Refusal) {
        let error = #expect(throws: SchemaError.self) { try Schema(json: r.json) }
        #expect(error?.message == r.message)
    }
}
