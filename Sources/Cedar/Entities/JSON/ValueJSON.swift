/// An error reading Cedar's JSON formats: where in the document (`entity User::"a", attribute "age"`) and what.
public struct JSONDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is, outermost first (`["entity User::\"a\"", "attribute \"age\""]`).
    public var path: [String]
    public var message: String

    public init(_ message: String, path: [String] = []) {
        self.path = path
        self.message = message
    }

    /// The same error, placed inside `outer`.
    public func inside(_ outer: String) -> JSONDecodingError {
        JSONDecodingError(message, path: [outer] + path)
    }

    public var description: String {
        path.isEmpty ? message : path.joined(separator: ", ") + ": " + message
    }
}

/// Reads Cedar values from Cedar's JSON value format, optionally directed by a schema type.
///
/// Without an expected type only the explicit forms are understood: JSON booleans, integers,
/// strings, arrays (sets) and objects (records), plus the escapes `{"__entity": {"type", "id"}}`
/// and `{"__extn": {"fn", "arg"}}` (or `"args": [...]` for a multi-argument function such as
/// `offset`); an escape is an object with that single key (with other keys beside it, it is a record).
/// An object `{"type", "id"}` is a record, as in Cedar.
///
/// With an expected type (Cedar's schema-based parsing): where an entity is expected, `{"type", "id"}`
/// is an entity reference; where an extension type is expected, a plain value is the argument of
/// that type's constructor (`"10.0.0.1"` becomes `ip("10.0.0.1")`) and `{"fn", "arg"}` is accepted
/// without `__extn`; sets and records are read element by element with their declared types.
/// The result is then checked against the expected type.
public struct ValueJSONDecoder: Sendable {
    /// The schema, used to check that entity references to enumerated entity types name a declared id.
    public var schema: Schema?

    public init(schema: Schema? = nil) {
        self.schema = schema
    }

    /// Reads `json` as a Cedar value; with `expected`, reads it schema-directed and checks it conforms.
    public func value(_ json: JSONValue, expected: SchemaType? = nil) throws(JSONDecodingError) -> Value {
        let value = try read(json, expected: expected)
        if let expected, let schema {
            try schema.check(value, against: expected)
        } else if let expected {
            try Schema.checkShape(value, against: expected, schema: nil)
        }
        return value
    }

    /// Reads a record (context or attributes) against a record type: declared attributes with their
    /// types, required ones present, no others.
    public func record(_ json: JSONValue, expected: RecordType?) throws(JSONDecodingError) -> [String: Value] {
        guard case .object = json else {
            throw JSONDecodingError("expected a record (JSON object), found \(json.kindName)")
        }
        let value = try self.value(json, expected: expected.map { .record($0) })
        guard case .record(let fields) = value else {
            throw JSONDecodingError("expected a record, found \(value.jsonTypeName)")
        }
        return fields
    }

    /// Reads an entity uid: `{"type": "T", "id": "i"}` or `{"__entity": {"type": "T", "id": "i"}}`.
    ///
    /// Where a uid is expected (an entity's uid, a parent, a schema-typed entity value) Cedar ignores
    /// other keys, both beside `__entity` and beside `type`/`id`; `__entity` wins over `type`/`id`.
    public static func entityUID(_ json: JSONValue) throws(JSONDecodingError) -> EntityUID {
        guard let object = json.object else {
            throw JSONDecodingError("expected an entity uid {\"type\": …, \"id\": …}, found \(json.kindName)")
        }
        if object.contains("__expr") { throw exprEscapeError }
        if let inner = object["__entity"] { return try typeAndID(inner) }
        return try typeAndID(json)
    }

    static let exprEscapeError = JSONDecodingError("the \"__expr\" escape is not supported since Cedar 3.0")

    private static func typeAndID(_ json: JSONValue) throws(JSONDecodingError) -> EntityUID {
        guard let object = json.object else {
            throw JSONDecodingError("expected an entity uid {\"type\": …, \"id\": …}, found \(json.kindName)")
        }
        guard case .string(let typeText)? = object["type"] else {
            throw JSONDecodingError("entity uid needs a string \"type\"")
        }
        guard case .string(let id)? = object["id"] else {
            throw JSONDecodingError("entity uid needs a string \"id\"")
        }
        guard let type = EntityTypeName.parse(typeText) else {
            throw JSONDecodingError("invalid entity type name \(CedarString.quoted(typeText))")
        }
        return EntityUID(type: type, id: id)
    }

    private func read(_ json: JSONValue, expected: SchemaType?) throws(JSONDecodingError) -> Value {
        switch expected {
        case .entity?:
            return .entity(try Self.entityUID(json))
        case .extension(let type)?:
            if let object = json.object {
                // Here Cedar takes `__extn` as the escape even with other keys beside it.
                if object.contains("__expr") { throw Self.exprEscapeError }
                if let inner = object["__extn"] { return try extensionCall(inner) }
                if object.contains("__entity") { return try plain(json) }
                if object.contains("fn") {
                    return try extensionCall(json)  // the implicit `{"fn", "arg"}` form
                }
            }
            // Only a string is an implicit constructor argument; anything else is checked as it is.
            guard case .string(let text) = json else { return try plain(json) }
            return try JSONExtensionCall.call(type.constructorName, [.string(text)])
        case .set(let element)?:
            guard case .array(let items) = json else { return try plain(json) }
            var result = Set<Value>()
            for (i, item) in items.enumerated() {
                do {
                    result.insert(try read(item, expected: element))
                } catch {
                    throw error.inside("element \(i)")
                }
            }
            return .set(result)
        case .record(let type)?:
            // Where a record is expected, an object is a record, even one with an `__entity` or `__extn` key.
            guard case .object(let object) = json else { return try plain(json) }
            var result: [String: Value] = [:]
            for (key, member) in object.members {
                do {
                    result[key] = try read(member, expected: type.attributes[key]?.type)
                } catch {
                    throw error.inside("attribute \(CedarString.quoted(key))")
                }
            }
            return .record(result)
        case .bool?, .long?, .string?, nil:
            return try plain(json)
        }
    }

    /// The explicit, schema-less form.
    private func plain(_ json: JSONValue) throws(JSONDecodingError) -> Value {
        switch json {
        case .null:
            throw JSONDecodingError("null is not a Cedar value")
        case .bool(let b):
            return .bool(b)
        case .number(let text):
            guard let n = Int64(text) else {
                throw JSONDecodingError("\(text) is not a Cedar long (a 64-bit integer)")
            }
            return .long(n)
        case .string(let s):
            return .string(s)
        case .array(let items):
            var result = Set<Value>()
            for (i, item) in items.enumerated() {
                do {
                    result.insert(try plain(item))
                } catch {
                    throw error.inside("element \(i)")
                }
            }
            return .set(result)
        case .object(let object):
            // As in Cedar, an escape is an object with that single key whose content has the escape's
            // shape (`{"type": string, "id": string}`, `{"fn": string, "arg" or "args": array}`, a string
            // for `__expr`); any other object, such as one with other keys beside, is an ordinary record.
            if object.count == 1 {
                if let inner = object["__entity"], Self.hasTypeAndIDShape(inner) {
                    return .entity(try Self.typeAndID(inner))
                }
                if let inner = object["__extn"], Self.hasCallShape(inner) { return try extensionCall(inner) }
                if case .string? = object["__expr"] { throw Self.exprEscapeError }
            }
            var result: [String: Value] = [:]
            for (key, member) in object.members {
                do {
                    result[key] = try plain(member)
                } catch {
                    throw error.inside("attribute \(CedarString.quoted(key))")
                }
            }
            return .record(result)
        }
    }

    private static func hasTypeAndIDShape(_ json: JSONValue) -> Bool {
        guard case .string? = json.object?["type"], case .string? = json.object?["id"] else { return false }
        return true
    }

    private static func hasCallShape(_ json: JSONValue) -> Bool {
        guard let object = json.object, case .string? = object["fn"] else { return false }
        if object.contains("arg") { return true }
        if case .array? = object["args"] { return true }
        return false
    }

    /// `{"fn": "ip", "arg": "10.0.0.1"}` or `{"fn": "offset", "args": [ … ]}`.
    private func extensionCall(_ json: JSONValue) throws(JSONDecodingError) -> Value {
        guard let object = json.object else {
            throw JSONDecodingError("expected {\"fn\": …, \"arg\": …} in \"__extn\", found \(json.kindName)")
        }
        guard case .string(let function)? = object["fn"] else {
            throw JSONDecodingError("extension value needs a string \"fn\"")
        }
        // As in Cedar, other keys are ignored, and "arg" wins over "args".
        var arguments: [Value] = []
        switch (object["arg"], object["args"]) {
        case (let arg?, _):
            arguments = [try plain(arg)]
        case (nil, .array(let args)?):
            for arg in args { arguments.append(try plain(arg)) }
        default:
            throw JSONDecodingError("extension value \(CedarString.quoted(function)) needs \"arg\" or \"args\" (an array)")
        }
        return try JSONExtensionCall.call(function, arguments)
    }
}

/// Entity type names as Cedar's JSON formats write them: `::`-separated identifiers, no spaces.
enum EntityTypeName {
    /// Parses a normalized name such as `App::User`; `nil` if it is not one.
    static func parse(_ text: String) -> Name? {
        let parts = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard let last = parts.last, parts.allSatisfy(isIdentifier) else { return nil }
        return Name(namespace: Array(parts.dropLast()), basename: last)
    }

    /// Words Cedar reserves: they cannot be a component of a name.
    static let reserved: Set<String> = ["true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"]

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.isASCIILetter, !reserved.contains(s) else {
            return false
        }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.isASCIILetter || ("0"..."9").contains($0) }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

extension Value {
    /// The value's Cedar type, as JSON decoding errors name it.
    var jsonTypeName: String {
        switch self {
        case .bool: "bool"
        case .long: "long"
        case .string: "string"
        case .entity(let uid): "entity of type \(uid.type)"
        case .set: "set"
        case .record: "record"
        case .ext(.ipaddr): "ipaddr"
        case .ext(.decimal): "decimal"
        case .ext(.datetime): "datetime"
        case .ext(.duration): "duration"
        }
    }
}
