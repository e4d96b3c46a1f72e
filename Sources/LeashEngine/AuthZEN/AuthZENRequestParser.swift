import Cedar

/// Reads AuthZEN request bodies, refusing what the spec calls malformed and ignoring unknown fields.
///
/// AuthZEN 1.0 §Transport: a missing required attribute is a 400; receivers MUST ignore unknown
/// fields; `null`-valued members count as absent. Beyond the spec, the nesting depth and the batch
/// size are bounded (§Security Considerations asks a PDP to cap both).
public struct AuthZENRequestParser: Sendable {
    /// Deepest nesting of arrays and objects accepted in a body.
    public var maximumDepth: Int
    /// Most items accepted in one `evaluations` array.
    public var maximumEvaluations: Int
    /// Largest `page.limit` honoured; larger limits are lowered to it.
    public var maximumPageLimit: Int

    /// Creates a parser with the given bounds.
    public init(maximumDepth: Int = 32, maximumEvaluations: Int = 256, maximumPageLimit: Int = 1000) {
        self.maximumDepth = maximumDepth
        self.maximumEvaluations = maximumEvaluations
        self.maximumPageLimit = maximumPageLimit
    }

    /// The body of `POST /access/v1/evaluation` (§6.1).
    public func evaluation(_ body: [UInt8]) throws(AuthZENRequestError) -> AuthZENEvaluation {
        let object = try document(body)
        return try Self.evaluation(in: object, defaults: nil)
    }

    /// The body of `POST /access/v1/evaluations` (§7.1): top-level keys are defaults that an item's
    /// key replaces as a whole; absent or empty `evaluations` means a single evaluation.
    public func evaluations(_ body: [UInt8]) throws(AuthZENRequestError) -> AuthZENEvaluationsBody {
        let object = try document(body)
        let semantic = try Self.semantic(in: object)
        let items: [Cedar.JSONValue]
        switch object["evaluations"] {
        case nil, .null?: items = []
        case .array(let array)?: items = array
        case let other?: throw .invalid("evaluations must be an array, not \(other.kindName)")
        }
        guard !items.isEmpty else { return .single(try Self.evaluation(in: object, defaults: nil)) }
        guard items.count <= maximumEvaluations else {
            throw .invalid("evaluations holds \(items.count) items; at most \(maximumEvaluations) are accepted")
        }
        // A default that is present must itself be well formed: a broken default breaks the whole payload.
        let defaults = try Defaults(object)
        var resolved: [AuthZENBatchItem] = []
        for (index, item) in items.enumerated() {
            guard case .object(let fields) = item else {
                resolved.append(.invalid(.invalid("evaluations[\(index)] must be an object, not \(item.kindName)")))
                continue
            }
            do throws(AuthZENRequestError) {
                resolved.append(.evaluation(try Self.evaluation(in: fields, defaults: defaults)))
            } catch {
                resolved.append(.invalid(.invalid("evaluations[\(index)]: \(error.message)")))
            }
        }
        return .batch(AuthZENEvaluationsRequest(items: resolved, semantic: semantic))
    }

    /// The body of `POST /access/v1/search/{kind}` (§8): the searched entity needs only its `type`
    /// (an `id` is ignored); an action search carries no action; the other entities are complete.
    public func search(_ kind: AuthZENSearchKind, _ body: [UInt8]) throws(AuthZENRequestError) -> AuthZENSearch {
        let object = try document(body)
        let subject = kind == .subject ? try Self.searchedEntity("subject", object["subject"]) : try Self.entity("subject", object["subject"])
        let resource = kind == .resource ? try Self.searchedEntity("resource", object["resource"]) : try Self.entity("resource", object["resource"])
        let action = kind == .action ? nil : try Self.action(object["action"])
        let context = try Self.optionalObject("context", object["context"])
        var limit: Int?
        var token: String?
        if let page = try Self.optionalObject("page", object["page"]) {
            switch page["limit"] {
            case nil, .null?: break
            case let value?:
                guard let number = value.int64, number >= 1 else { throw .invalid("page.limit must be a positive integer") }
                limit = Int(min(number, Int64(maximumPageLimit)))
            }
            switch page["token"] {
            case nil, .null?: break
            case .string(let text)?: token = text.isEmpty ? nil : text
            case let other?: throw .invalid("page.token must be a string, not \(other.kindName)")
            }
        }
        return AuthZENSearch(
            kind: kind, subject: subject, action: action, resource: resource, context: context, pageLimit: limit, pageToken: token)
    }

    /// The body as a JSON object within the depth bound.
    func document(_ body: [UInt8]) throws(AuthZENRequestError) -> Cedar.JSONValue.Object {
        guard body.contains(where: { !Self.isJSONSpace($0) }) else { throw .invalid("the request body is empty") }
        let value: Cedar.JSONValue
        do {
            value = try Cedar.JSONValue(parsing: body)
        } catch {
            throw .invalid("the request body is not valid JSON (\(error.location): \(error.message))")
        }
        guard case .object(let object) = value else { throw .invalid("the request body must be a JSON object, not \(value.kindName)") }
        guard Self.depth(of: value, limit: maximumDepth) <= maximumDepth else {
            throw .invalid("the request body nests deeper than \(maximumDepth) levels")
        }
        return object
    }

    // MARK: - Fields

    /// The top-level defaults of a batch, each checked when present.
    struct Defaults {
        var subject: AuthZENEntity?
        var action: AuthZENAction?
        var resource: AuthZENEntity?
        var context: Cedar.JSONValue.Object?

        init(_ object: Cedar.JSONValue.Object) throws(AuthZENRequestError) {
            if let value = present(object["subject"]) { subject = try AuthZENRequestParser.entity("subject", value) }
            if let value = present(object["action"]) { action = try AuthZENRequestParser.action(value) }
            if let value = present(object["resource"]) { resource = try AuthZENRequestParser.entity("resource", value) }
            context = try AuthZENRequestParser.optionalObject("context", object["context"])
        }
    }

    static func evaluation(in object: Cedar.JSONValue.Object, defaults: Defaults?) throws(AuthZENRequestError) -> AuthZENEvaluation {
        let subject: AuthZENEntity
        if let value = present(object["subject"]) {
            subject = try entity("subject", value)
        } else if let fallback = defaults?.subject {
            subject = fallback
        } else {
            throw .invalid("subject is required")
        }
        let action: AuthZENAction
        if let value = present(object["action"]) {
            action = try Self.action(value)
        } else if let fallback = defaults?.action {
            action = fallback
        } else {
            throw .invalid("action is required")
        }
        let resource: AuthZENEntity
        if let value = present(object["resource"]) {
            resource = try entity("resource", value)
        } else if let fallback = defaults?.resource {
            resource = fallback
        } else {
            throw .invalid("resource is required")
        }
        let context = try optionalObject("context", object["context"]) ?? defaults?.context
        return AuthZENEvaluation(subject: subject, action: action, resource: resource, context: context)
    }

    /// A complete subject or resource: `type` and `id` strings, optional `properties` object.
    static func entity(_ field: String, _ value: Cedar.JSONValue?) throws(AuthZENRequestError) -> AuthZENEntity {
        guard let value = present(value) else { throw .invalid("\(field) is required") }
        guard case .object(let object) = value else { throw .invalid("\(field) must be an object, not \(value.kindName)") }
        let type = try requiredString("\(field).type", object["type"])
        let id = try requiredString("\(field).id", object["id"])
        return AuthZENEntity(type: type, id: id, properties: try optionalObject("\(field).properties", object["properties"]))
    }

    /// The searched entity: only `type` is required; an `id` is ignored whatever it holds (§8.4, §8.5).
    static func searchedEntity(_ field: String, _ value: Cedar.JSONValue?) throws(AuthZENRequestError) -> AuthZENEntity {
        guard let value = present(value) else { throw .invalid("\(field) is required") }
        guard case .object(let object) = value else { throw .invalid("\(field) must be an object, not \(value.kindName)") }
        let type = try requiredString("\(field).type", object["type"])
        return AuthZENEntity(type: type, id: "", properties: try optionalObject("\(field).properties", object["properties"]))
    }

    /// An action: a `name` string and optional `properties` object.
    static func action(_ value: Cedar.JSONValue?) throws(AuthZENRequestError) -> AuthZENAction {
        guard let value = present(value) else { throw .invalid("action is required") }
        guard case .object(let object) = value else { throw .invalid("action must be an object, not \(value.kindName)") }
        let name = try requiredString("action.name", object["name"])
        return AuthZENAction(name: name, properties: try optionalObject("action.properties", object["properties"]))
    }

    static func semantic(in object: Cedar.JSONValue.Object) throws(AuthZENRequestError) -> AuthZENEvaluationsSemantic {
        guard let options = try optionalObject("options", object["options"]) else { return .executeAll }
        switch options["evaluations_semantic"] {
        case nil, .null?: return .executeAll
        case .string(let name)?:
            guard let semantic = AuthZENEvaluationsSemantic(wireName: name) else {
                throw .invalid("options.evaluations_semantic must be execute_all, deny_on_first_deny or permit_on_first_permit, not '\(name)'")
            }
            return semantic
        case let other?: throw .invalid("options.evaluations_semantic must be a string, not \(other.kindName)")
        }
    }

    static func requiredString(_ field: String, _ value: Cedar.JSONValue?) throws(AuthZENRequestError) -> String {
        guard let value = present(value) else { throw .invalid("\(field) is required") }
        guard case .string(let text) = value else { throw .invalid("\(field) must be a string, not \(value.kindName)") }
        guard !text.isEmpty else { throw .invalid("\(field) must not be empty") }
        return text
    }

    static func optionalObject(_ field: String, _ value: Cedar.JSONValue?) throws(AuthZENRequestError) -> Cedar.JSONValue.Object? {
        guard let value = present(value) else { return nil }
        guard case .object(let object) = value else { throw .invalid("\(field) must be an object, not \(value.kindName)") }
        return object
    }

    /// The value unless it is absent or `null` (AuthZEN §Transport: null-valued members SHOULD be omitted; treat them so).
    static func present(_ value: Cedar.JSONValue?) -> Cedar.JSONValue? {
        if case .null? = value { return nil }
        return value
    }

    static func isJSONSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The nesting depth of `value`, counting stops once past `limit` (iterative: no recursion on input).
    static func depth(of value: Cedar.JSONValue, limit: Int) -> Int {
        var deepest = 0
        var stack: [(Cedar.JSONValue, Int)] = [(value, 1)]
        while let (next, level) = stack.popLast() {
            switch next {
            case .array(let items):
                deepest = max(deepest, level)
                if level <= limit { stack.append(contentsOf: items.map { ($0, level + 1) }) }
            case .object(let object):
                deepest = max(deepest, level)
                if level <= limit { stack.append(contentsOf: object.members.map { ($0.value, level + 1) }) }
            default: break
            }
        }
        return deepest
    }
}

private func present(_ value: Cedar.JSONValue?) -> Cedar.JSONValue? { AuthZENRequestParser.present(value) }
