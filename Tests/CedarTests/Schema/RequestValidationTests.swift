import Testing
@testable import Cedar

@Suite("Request validation against a schema: action declared, principal and resource types, context")
struct RequestValidationTests {
    static let schema = """
        entity User; entity Admin; entity Doc; entity Kind enum ["a", "b"];
        action view appliesTo { principal: [User, Admin], resource: [Doc, Kind], context: { ip: ipaddr, note?: String } };
        action group;
        """

    static let ip = Value.ext(.ipaddr(IPAddr(family: .v4, address: 1, prefixLength: 32)))

    static func request(
        principal: EntityUID = EntityUID("User", "u"), action: String = "view",
        resource: EntityUID = EntityUID("Doc", "d"), context: [String: Value] = ["ip": ip]
    ) -> Request {
        Request(principal: principal, action: EntityUID("Action", action), resource: resource, context: context)
    }

    @Test("a conforming request is accepted")
    func accepted() throws {
        let schema = try Schema(parsing: Self.schema)
        try schema.validate(Self.request())
        try schema.validate(Self.request(principal: EntityUID("Admin", "x"), context: ["ip": Self.ip, "note": .string("n")]))
        try schema.validate(Self.request(resource: EntityUID("Kind", "a")))
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let request: Request
        let message: String
        var testDescription: String { message }
    }

    static let refusals: [Refusal] = [
        Refusal(request: request(action: "edit"), message: "action Action::\"edit\" is not declared in the schema"),
        Refusal(request: request(action: "group"), message: "action Action::\"group\" does not apply to any principal or resource"),
        Refusal(request: request(principal: EntityUID("Doc", "x")),
                message: "principal Doc::\"x\" has type Doc, but action Action::\"view\" applies to principals of type [Admin, User]"),
        Refusal(request: request(resource: EntityUID("User", "x")),
                message: "resource User::\"x\" has type User, but action Action::\"view\" applies to resources of type [Doc, Kind]"),
        Refusal(request: request(resource: EntityUID("Kind", "c")),
                message: "resource: Kind::\"c\" is not one of the ids of enumerated entity type Kind (\"a\", \"b\")"),
        Refusal(request: request(context: [:]), message: "context of action Action::\"view\": missing required attribute \"ip\""),
        Refusal(request: request(context: ["ip": .string("1.2.3.4")]),
                message: "context of action Action::\"view\": attribute \"ip\": expected ipaddr, found string"),
        Refusal(request: request(context: ["ip": ip, "extra": .bool(true)]),
                message: "context of action Action::\"view\": attribute \"extra\" is not declared"),
    ]

    @Test("a request that does not conform is refused with the reason", arguments: refusals)
    func refused(_ r: Refusal) throws {
        let schema = try Schema(parsing: Self.schema)
        let error = #expect(throws: RequestValidationError.self) { try schema.validate(r.request) }
        #expect(error?.message == r.message)
    }

    @Test("a context is read with the action's context type from JSON")
    func contextFromJSON() throws {
        let schema = try Schema(parsing: Self.schema)
        let json = try JSONValue(parsing: #"{"ip": "0.0.0.1"}"#)
        let context = try Request.context(json: json, schema: schema, action: EntityUID("Action", "view"))
        #expect(context == ["ip": Self.ip])
        let error = #expect(throws: JSONDecodingError.self) {
            try Request.context(json: json, schema: schema, action: EntityUID("Action", "nope"))
        }
        #expect(error?.description == "context: action Action::\"nope\" is not declared in the schema")
    }
}
