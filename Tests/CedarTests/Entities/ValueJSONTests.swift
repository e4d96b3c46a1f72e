import Testing
@testable import Cedar

@Suite("Cedar's JSON value format: explicit escapes, schema-directed implicit forms, and refusals")
struct ValueJSONTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let json: String
        let expected: SchemaType?
        let value: Value
        var testDescription: String { name }
    }

    static let ip = Value.ext(.ipaddr(IPAddr(family: .v4, address: 0x0A00_0001, prefixLength: 32)))
    static let half = Value.ext(.decimal(CedarDecimal(scaled: 5000)))
    static let epoch = Value.ext(.datetime(CedarDatetime(millisecondsSinceEpoch: 0)))
    static let hour = Value.ext(.duration(CedarDuration(milliseconds: 3_600_000)))

    static let acceptedCases: [Case] = [
        Case(name: "booleans, longs and strings", json: #"[true, -9223372036854775808, "s"]"#, expected: nil,
             value: .set([.bool(true), .long(.min), .string("s")])),
        Case(name: "an object is a record", json: #"{"a": {"b": 1}}"#, expected: nil,
             value: .record(["a": .record(["b": .long(1)])])),
        Case(name: "__entity escape", json: #"{"__entity": {"type": "App::User", "id": "a\"b"}}"#, expected: nil,
             value: .entity(EntityUID("App::User", "a\"b"))),
        Case(name: "without a schema {type, id} is a record", json: #"{"type": "User", "id": "a"}"#, expected: nil,
             value: .record(["type": .string("User"), "id": .string("a")])),
        Case(name: "__extn escape", json: #"{"__extn": {"fn": "ip", "arg": "10.0.0.1"}}"#, expected: nil, value: ip),
        Case(name: "__extn with args (offset)",
             json: #"{"__extn": {"fn": "offset", "args": [{"__extn": {"fn": "datetime", "arg": "1970-01-01"}}, {"__extn": {"fn": "duration", "arg": "1h"}}]}}"#,
             expected: nil, value: .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: 3_600_000)))),
        Case(name: "__entity with another key beside it is a record, as in Cedar",
             json: #"{"__entity": {"type": "User", "id": "b"}, "y": 1}"#, expected: nil,
             value: .record(["__entity": .record(["type": .string("User"), "id": .string("b")]), "y": .long(1)])),
        Case(name: "__extn with another key beside it is a record, as in Cedar",
             json: #"{"__extn": {"fn": "ip", "arg": "1.2.3.4"}, "y": 1}"#, expected: nil,
             value: .record(["__extn": .record(["fn": .string("ip"), "arg": .string("1.2.3.4")]), "y": .long(1)])),
        Case(name: "__expr with another key beside it is a record, as in Cedar",
             json: #"{"__expr": "1", "y": 1}"#, expected: nil, value: .record(["__expr": .string("1"), "y": .long(1)])),
        Case(name: "an escape whose content has not the escape's shape is a record, as in Cedar",
             json: #"[{"__entity": {"type": "User"}}, {"__extn": {"fn": "ip"}}, {"__expr": 5}]"#, expected: nil,
             value: .set([.record(["__entity": .record(["type": .string("User")])]),
                          .record(["__extn": .record(["fn": .string("ip")])]), .record(["__expr": .long(5)])])),
        Case(name: "inside __entity and __extn, other keys are ignored, as in Cedar",
             json: #"[{"__entity": {"type": "User", "id": "a", "z": 1}}, {"__extn": {"fn": "ip", "arg": "10.0.0.1", "z": 1}}]"#,
             expected: nil, value: .set([.entity(EntityUID("User", "a")), ip])),
        Case(name: "schema entity: other keys beside __entity are ignored",
             json: #"{"__entity": {"type": "User", "id": "a"}, "y": 1}"#,
             expected: .entity(typeName("User")), value: .entity(EntityUID("User", "a"))),
        Case(name: "schema extension: other keys beside __extn are ignored",
             json: #"{"__extn": {"fn": "ip", "arg": "10.0.0.1"}, "y": 1}"#, expected: .extension(.ipaddr), value: ip),
        Case(name: "schema record: __entity and __extn are ordinary attribute names",
             json: #"{"__entity": {"type": "User", "id": "a"}, "__extn": "10.0.0.1"}"#,
             expected: .record(RecordType(attributes: [
                 "__entity": AttributeType(.entity(typeName("User"))),
                 "__extn": AttributeType(.extension(.ipaddr)),
             ])),
             value: .record(["__entity": .entity(EntityUID("User", "a")), "__extn": ip])),
        Case(name: "schema: {type, id} is an entity", json: #"{"type": "User", "id": "a"}"#,
             expected: .entity(typeName("User")), value: .entity(EntityUID("User", "a"))),
        Case(name: "schema: __entity still accepted", json: #"{"__entity": {"type": "User", "id": "a"}}"#,
             expected: .entity(typeName("User")), value: .entity(EntityUID("User", "a"))),
        Case(name: "schema: a string is an ipaddr", json: #""10.0.0.1""#, expected: .extension(.ipaddr), value: ip),
        Case(name: "schema: a string is a decimal", json: #""0.5""#, expected: .extension(.decimal), value: half),
        Case(name: "schema: a string is a datetime", json: #""1970-01-01""#, expected: .extension(.datetime), value: epoch),
        Case(name: "schema: a string is a duration", json: #""1h""#, expected: .extension(.duration), value: hour),
        Case(name: "schema: implicit {fn, arg}", json: #"{"fn": "decimal", "arg": "0.5"}"#, expected: .extension(.decimal), value: half),
        Case(name: "schema: __extn still accepted", json: #"{"__extn": {"fn": "duration", "arg": "1h"}}"#,
             expected: .extension(.duration), value: hour),
        Case(name: "schema: sets read element by element", json: #"["10.0.0.1"]"#,
             expected: .set(.extension(.ipaddr)), value: .set([ip])),
        Case(name: "schema: records read attribute by attribute",
             json: #"{"who": {"type": "User", "id": "a"}, "score": "0.5"}"#,
             expected: .record(RecordType(attributes: [
                 "who": AttributeType(.entity(typeName("User"))),
                 "score": AttributeType(.extension(.decimal)),
                 "note": AttributeType(.string, isRequired: false),
             ])),
             value: .record(["who": .entity(EntityUID("User", "a")), "score": half])),
    ]

    @Test("accepted forms", arguments: acceptedCases)
    func accepted(_ c: Case) throws {
        let json = try JSONValue(parsing: c.json)
        #expect(try ValueJSONDecoder().value(json, expected: c.expected) == c.value)
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let json: String
        let expected: SchemaType?
        let message: String
        var testDescription: String { message }
    }

    static let refusedCases: [Refusal] = [
        Refusal(json: "null", expected: nil, message: "null is not a Cedar value"),
        Refusal(json: "1.5", expected: nil, message: "1.5 is not a Cedar long (a 64-bit integer)"),
        Refusal(json: "9223372036854775808", expected: nil, message: "9223372036854775808 is not a Cedar long (a 64-bit integer)"),
        Refusal(json: #"{"__expr": "1 + 1"}"#, expected: nil, message: "the \"__expr\" escape is not supported since Cedar 3.0"),
        Refusal(json: #"{"__entity": {"type": "not a name", "id": ""}}"#, expected: nil,
                message: "invalid entity type name \"not a name\""),
        Refusal(json: #"{"__extn": {"fn": "ip", "arg": "nope"}}"#, expected: nil,
                message: "ip(…): \"nope\" is not a valid IP address or range: expected four decimal components or IPv6 groups"),
        Refusal(json: #"{"__extn": {"fn": "toTime", "args": []}}"#, expected: nil,
                message: "toTime(…): wrong number or types of arguments"),
        Refusal(json: #"{"__extn": {"fn": "ip", "arg": null}}"#, expected: nil, message: "null is not a Cedar value"),
        Refusal(json: #"{"__extn": {"fn": "frobnicate", "arg": "x"}}"#, expected: nil,
                message: "\"frobnicate\" is not an extension function that builds a value"),
        Refusal(json: #"{"__expr": "1", "__entity": {"type": "User", "id": "a"}}"#, expected: .entity(typeName("User")),
                message: "the \"__expr\" escape is not supported since Cedar 3.0"),
        Refusal(json: #"{"__entity": {"type": "User", "id": "a"}, "y": 1}"#, expected: .long,
                message: "expected Long, found record"),
        Refusal(json: #"{"__entity": {"type": "User", "id": "a"}}"#, expected: .record(RecordType(attributes: ["y": AttributeType(.long, isRequired: false)])),
                message: "attribute \"__entity\" is not declared"),
        Refusal(json: #"{"__extn": {"fn": "ip"}, "y": 1}"#, expected: .extension(.ipaddr),
                message: "extension value \"ip\" needs \"arg\" or \"args\" (an array)"),
        Refusal(json: #""x""#, expected: .long, message: "expected Long, found string"),
        Refusal(json: #"{"type": "Photo", "id": "a"}"#, expected: .entity(typeName("User")),
                message: "expected User, found entity of type Photo"),
        Refusal(json: #""1h""#, expected: .extension(.decimal), message: "decimal(…): \"1h\" is not a valid decimal"),
        Refusal(json: #"[1, "a"]"#, expected: .set(.long), message: "set element: expected Long, found string"),
        Refusal(json: #"{}"#, expected: .record(RecordType(attributes: ["a": AttributeType(.long)])),
                message: "missing required attribute \"a\""),
        Refusal(json: #"{"b": 1}"#, expected: .record(.empty), message: "attribute \"b\" is not declared"),
        Refusal(json: #"{"a": "x"}"#, expected: .record(RecordType(attributes: ["a": AttributeType(.long)])),
                message: "attribute \"a\": expected Long, found string"),
    ]

    @Test("refused forms name the problem and where it is", arguments: refusedCases)
    func refused(_ r: Refusal) throws {
        let json = try JSONValue(parsing: r.json)
        let error = #expect(throws: JSONDecodingError.self) { try ValueJSONDecoder().value(json, expected: r.expected) }
        // Extension parse messages belong to the extension code; compare only their start there.
        if r.message.hasPrefix("ip(") || r.message.hasPrefix("decimal(") {
            let function = String(r.message.prefix { $0 != "(" })
            #expect(error?.description.hasPrefix(function + "(…): ") == true)
            #expect(error?.description.contains(r.message.contains("nope") ? "\"nope\"" : "\"1h\"") == true)
        } else {
            #expect(error?.description == r.message)
        }
    }

    @Test("duplicate keys and malformed JSON are syntax errors with line:column")
    func syntax() {
        let duplicate = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: "{\n \"a\": 1,\n \"a\": 2}") }
        #expect(duplicate?.description == "3:2: duplicate key \"a\"")
        let trailing = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: "[1,]") }
        #expect(trailing?.description == "1:4: expected a JSON value, found ']'")
        let deep = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: String(repeating: "[", count: 100_000)) }
        #expect(deep?.message.contains("nested deeper") == true)
    }

    @Test("values nested up to the JSON depth limit decode without exhausting the stack")
    func deepValues() throws {
        let depth = JSONValue.maximumDepth - 1
        let text = String(repeating: "{\"a\": [", count: depth / 2) + "1" + String(repeating: "]}", count: depth / 2)
        let value = try ValueJSONDecoder().value(try JSONValue(parsing: text))
        var level = value
        var levels = 0
        while case .record(let r) = level, case .set(let s)? = r["a"], let inner = s.first {
            level = inner
            levels += 1
        }
        #expect(levels == depth / 2)
        #expect(level == .long(1))
    }

    @Test("JSON text round-trips through serialization")
    func roundTrip() throws {
        let text = #"{"a":[1,true,null,"x\n\u0001"],"b":{}}"#
        #expect(try JSONValue(parsing: text).serialized() == text)
    }
}

@Suite("Cedar values written as Cedar JSON read back equal")
struct ValueJSONEncodingTests {
    static let values: [Value] = [
        .bool(false), .long(.min), .string("a\"b\u{1}"), .entity(EntityUID("App::User", "x")),
        .set([.long(1), .string("1")]), .record(["a": .record(["b": .set([])])]),
        .ext(.ipaddr(IPAddr(family: .v6, address: 1, prefixLength: 128))),
        .ext(.decimal(CedarDecimal(scaled: -12_345))),
        .ext(.duration(CedarDuration(milliseconds: -90_061_001))),
        .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: 0))),
        .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: -62_167_219_200_000))),  // 0000-01-01
        .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: 1_700_000_000_123))),
        .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: -62_167_219_200_001))),  // before year 0: offset form
        .ext(.datetime(CedarDatetime(millisecondsSinceEpoch: .max))),
    ]

    @Test("every kind of value round-trips", arguments: values)
    func roundTrip(_ value: Value) throws {
        let text = try JSONValue(cedar: value).serialized()
        #expect(try ValueJSONDecoder().value(try JSONValue(parsing: text)) == value, "\(text)")
    }

    @Test("a datetime in years 0000–9999 is written as its ISO text")
    func isoText() throws {
        let value = Value.ext(.datetime(CedarDatetime(millisecondsSinceEpoch: 1_700_000_000_123)))
        #expect(try JSONValue(cedar: value).serialized() == #"{"__extn":{"fn":"datetime","arg":"2023-11-14T22:13:20.123Z"}}"#)
    }

    @Test("a record with a reserved key cannot be written")
    func reservedKey() {
        #expect(throws: JSONEncodingError.self) { try JSONValue(cedar: .record(["__entity": .long(1)])) }
    }

    @Test("entities round-trip through the JSON entity format")
    func entities() throws {
        let entity = Entity(
            uid: EntityUID("User", "a"), attributes: ["n": .long(1)], parents: [EntityUID("Group", "g")],
            tags: ["t": .string("x")])
        let text = JSONValue.array([try JSONValue(entity: entity)]).serialized()
        #expect(try Entities(json: text).entity(entity.uid) == entity)
    }
}
