/// One Cedar integration-test file (the format of cedar-policy/cedar-integration-tests): a policy set,
/// entities, an optional schema, and requests with their expected answers.
///
/// The `policies`, `entities` and `schema` values are paths relative to the conformance root (the
/// folder holding `tests/`, `corpus-tests/` and `sample-data/`), not to the test file.
public struct ConformanceTest: Hashable, Sendable {
    public var policiesPath: String
    public var entitiesPath: String
    /// `nil` when the test has no schema (`"schema"` absent or `null`).
    public var schemaPath: String?
    /// Whether strict validation of the policies against the schema should succeed, if stated.
    public var shouldValidate: Bool?
    public var requests: [ConformanceRequest]

    public init(
        policiesPath: String, entitiesPath: String, schemaPath: String?, shouldValidate: Bool?,
        requests: [ConformanceRequest]
    ) {
        self.policiesPath = policiesPath
        self.entitiesPath = entitiesPath
        self.schemaPath = schemaPath
        self.shouldValidate = shouldValidate
        self.requests = requests
    }

    /// Reads a test file's JSON.
    public init(json text: String) throws(JSONDecodingError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw JSONDecodingError("invalid JSON at \(error.location): \(error.message)")
        }
        guard let object = document.object else {
            throw JSONDecodingError("a test file must be a JSON object, found \(document.kindName)")
        }
        func path(_ key: String) throws(JSONDecodingError) -> String {
            guard case .string(let s)? = object[key] else { throw JSONDecodingError("missing string \"\(key)\"") }
            return s
        }
        policiesPath = try path("policies")
        entitiesPath = try path("entities")
        switch object["schema"] {
        case nil, .null?: schemaPath = nil
        case .string(let s)?: schemaPath = s
        case let other?: throw JSONDecodingError("\"schema\" must be a string or null, found \(other.kindName)")
        }
        switch object["shouldValidate"] {
        case nil, .null?: shouldValidate = nil
        case .bool(let b)?: shouldValidate = b
        case let other?: throw JSONDecodingError("\"shouldValidate\" must be a boolean, found \(other.kindName)")
        }
        guard case .array(let items)? = object["requests"] else {
            throw JSONDecodingError("missing array \"requests\"")
        }
        var requests: [ConformanceRequest] = []
        for (i, item) in items.enumerated() {
            do {
                requests.append(try ConformanceRequest(json: item, index: i))
            } catch {
                throw error.inside("request \(i)")
            }
        }
        self.requests = requests
    }
}

/// One request of a test and its expected answer.
public struct ConformanceRequest: Hashable, Sendable {
    public var description: String
    public var principal: EntityUID
    public var action: EntityUID
    public var resource: EntityUID
    /// The context as JSON: it is read with the schema's context type for the action when run.
    public var context: JSONValue
    /// Whether the request is validated against the schema before authorization (default `true`).
    public var validateRequest: Bool
    public var expected: ConformanceOutcome

    public init(
        description: String, principal: EntityUID, action: EntityUID, resource: EntityUID,
        context: JSONValue = .object(JSONValue.Object()), validateRequest: Bool = true, expected: ConformanceOutcome
    ) {
        self.description = description
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
        self.validateRequest = validateRequest
        self.expected = expected
    }

    init(json: JSONValue, index: Int) throws(JSONDecodingError) {
        guard let object = json.object else { throw JSONDecodingError("a request must be an object") }
        description = object["description"]?.string ?? "request \(index)"
        func uid(_ key: String) throws(JSONDecodingError) -> EntityUID {
            guard let value = object[key] else { throw JSONDecodingError("missing \"\(key)\"") }
            do {
                return try ValueJSONDecoder.entityUID(value)
            } catch {
                throw error.inside("\"\(key)\"")
            }
        }
        principal = try uid("principal")
        action = try uid("action")
        resource = try uid("resource")
        context = object["context"] ?? .object(JSONValue.Object())
        switch object["validateRequest"] {
        case nil, .null?: validateRequest = true
        case .bool(let b)?: validateRequest = b
        case let other?: throw JSONDecodingError("\"validateRequest\" must be a boolean, found \(other.kindName)")
        }
        let decision: ConformanceOutcome.Decision
        switch object["decision"]?.string?.lowercased() {
        case "allow": decision = .allow
        case "deny": decision = .deny
        default: throw JSONDecodingError("\"decision\" must be \"allow\" or \"deny\"")
        }
        func ids(_ key: String) throws(JSONDecodingError) -> Set<PolicyID> {
            guard let value = object[key] else { return [] }
            guard case .array(let items) = value else { throw JSONDecodingError("\"\(key)\" must be an array of policy ids") }
            var result = Set<PolicyID>()
            for item in items {
                guard let s = item.string else { throw JSONDecodingError("\"\(key)\" must be an array of policy ids") }
                result.insert(PolicyID(s))
            }
            return result
        }
        expected = ConformanceOutcome(decision: decision, reasons: try ids("reason"), erroringPolicies: try ids("errors"))
    }
}

/// What a request is answered with, in the terms the tests compare: the decision, the determining
/// policies and the policies whose evaluation raised an error (both as sets).
public struct ConformanceOutcome: Hashable, Sendable, CustomStringConvertible {
    public enum Decision: String, Hashable, Sendable {
        case allow, deny
    }

    public var decision: Decision
    public var reasons: Set<PolicyID>
    public var erroringPolicies: Set<PolicyID>

    public init(decision: Decision, reasons: Set<PolicyID>, erroringPolicies: Set<PolicyID>) {
        self.decision = decision
        self.reasons = reasons
        self.erroringPolicies = erroringPolicies
    }

    public var description: String {
        func list(_ ids: Set<PolicyID>) -> String { "[" + ids.map(\.rawValue).sorted().joined(separator: ", ") + "]" }
        return "\(decision.rawValue), reasons \(list(reasons)), errors \(list(erroringPolicies))"
    }
}
