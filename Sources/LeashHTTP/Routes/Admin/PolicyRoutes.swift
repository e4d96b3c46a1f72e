import Cedar
import Foundation
import Hummingbird
import LeashCore
import LeashEngine
import LeashStore

/// `/v1/policies`: the central Cedar policy set — push, history, current, one version, rollback, diff,
/// clearing the shadow set, and the generated Leash schema.
struct PolicyRoutes: Sendable {
    /// Largest policy push accepted, in bytes: a set with its static entities outgrows the admin body limit.
    static let maximumPushSize = 4 * 1024 * 1024

    let policies: PolicyService

    func register(on admin: AdminRouter) {
        let policies = self.policies
        let body = admin.body
        let pushes = RequestBodyReader(limit: max(Self.maximumPushSize, admin.body.limit))

        admin.on(.post, "/policies", role: .operator) { request, _, caller in
            let push = try PolicyPushBody(try await pushes.bytes(of: request), contentType: request.headers[.contentType])
            do {
                let result = try await policies.push(
                    files: push.files, entities: push.entities, schema: push.schema, mode: push.mode,
                    message: push.message, strict: push.strict, actor: caller.id)
                return try JSONResponse(PolicyChangeView(result), status: result.created ? .created : .ok)
            } catch let error as PolicySetError where error.category == .invalidInput && !error.problems.isEmpty {
                // 400 with every problem, structured, beside the usual error/error_description pair.
                return try JSONResponse(PolicyRefusal(error), status: .badRequest)
            }
        }
        admin.on(.get, "/policies", role: .viewer) { _, _, _ in
            try JSONResponse(ItemList(items: try await policies.history().map(PolicyVersionSummary.init)))
        }
        admin.on(.get, "/policies/current", role: .viewer) { _, _, _ in
            try JSONResponse(try await policies.current())
        }
        admin.on(.get, "/policies/schema", role: .viewer) { _, _, _ in
            // The schema pushes are validated against: generated from the catalog, with the enforced set's own.
            PlainText(try await policies.currentSchema())
        }
        admin.on(.get, "/policies/diff", role: .viewer) { request, _, _ in
            let from = try Self.versionNumber(request.uri.queryParameters["from"].map(String.init), name: "from")
            let to = try Self.versionNumber(request.uri.queryParameters["to"].map(String.init), name: "to")
            return try JSONResponse(try await policies.diff(from: from, to: to))
        }
        admin.on(.delete, "/policies/shadow", role: .operator) { _, _, caller in
            let cleared = try await policies.clearShadow(actor: caller.id)
            return try JSONResponse(ClearedShadow(cleared: cleared?.version))
        }
        admin.on(.get, "/policies/:version", role: .viewer) { _, context, _ in
            let number = try Self.versionNumber(try context.pathParameter("version"), name: "version")
            return try JSONResponse(try await policies.version(number))
        }
        admin.on(.post, "/policies/:version/rollback", role: .operator) { request, context, caller in
            let number = try Self.versionNumber(try context.pathParameter("version"), name: "version")
            let options = try await body.optionalJSON(RollbackBody.self, from: request)
            let mode = try options?.mode.map(PolicyPushBody.mode)
            let result = try await policies.rollback(to: number, mode: mode, message: options?.message, actor: caller.id)
            return try JSONResponse(PolicyChangeView(result), status: result.created ? .created : .ok)
        }
    }

    /// A positive version number from a path or query parameter.
    static func versionNumber(_ text: String?, name: String) throws -> Int {
        guard let text, !text.isEmpty else { throw APIError.invalidRequest("\(name) is required") }
        guard let number = Int(text), number > 0 else {
            throw APIError.invalidRequest("\(name) must be a positive version number, not \(text)")
        }
        return number
    }
}

/// The body of `POST /v1/policies`, read with Cedar's JSON reader so the static entities keep their
/// exact numbers and key order.
struct PolicyPushBody {
    var files: [String: String]
    var entities: String?
    var schema: String?
    var mode: PolicyMode
    var message: String?
    /// False skips strict validation against the Leash schema (parsing is always checked).
    var strict: Bool

    static let knownFields: Set<String> = ["files", "entities", "schema", "mode", "message", "strict"]

    init(_ buffer: ByteBuffer, contentType: String?) throws {
        guard let contentType, RequestBodyReader.mediaType(of: contentType, is: "application/json") else {
            throw APIError.invalidRequest("Content-Type must be application/json")
        }
        let document: Cedar.JSONValue
        do throws(JSONSyntaxError) {
            document = try Cedar.JSONValue(parsing: Array(buffer.readableBytesView))
        } catch {
            throw APIError.invalidRequest("request body is not valid JSON: \(error.message) at \(error.location)")
        }
        guard let object = document.object else { throw APIError.invalidRequest("request body must be a JSON object") }
        for (key, _) in object.members where !Self.knownFields.contains(key) {
            throw APIError.invalidRequest("unknown field \(key)")
        }
        guard let files = object["files"]?.object else {
            throw APIError.invalidRequest("files is required: an object of file name to Cedar text")
        }
        var texts: [String: String] = [:]
        for (name, value) in files.members {
            guard let text = value.string else { throw APIError.invalidRequest("files.\(name) must be a string of Cedar text") }
            texts[name] = text
        }
        self.files = texts
        switch object["entities"] {
        case nil, .null?: entities = nil
        case .array?: entities = (object["entities"]?.serialized(pretty: true)).map { $0 + "\n" }
        case .string(let text)?: entities = text
        case let other?: throw APIError.invalidRequest("entities must be an array of Cedar entities, not \(other.kindName)")
        }
        schema = try Self.optionalString(object, "schema")
        message = try Self.optionalString(object, "message")
        mode = try Self.mode(try Self.optionalString(object, "mode") ?? PolicyMode.enforced.rawValue)
        switch object["strict"] {
        case nil, .null?: strict = true
        case .bool(let value)?: strict = value
        case let other?: throw APIError.invalidRequest("strict must be a boolean, not \(other.kindName)")
        }
    }

    static func optionalString(_ object: Cedar.JSONValue.Object, _ field: String) throws -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw APIError.invalidRequest("\(field) must be a string, not \(other.kindName)")
        }
    }

    static func mode(_ text: String) throws -> PolicyMode {
        guard let mode = PolicyMode(rawValue: text) else {
            throw APIError.invalidRequest("mode must be enforced or shadow, not \(text)")
        }
        return mode
    }
}

/// The optional body of `POST /v1/policies/{version}/rollback`.
struct RollbackBody: StrictDecodable {
    var mode: String?
    var message: String?
    static var knownFields: Set<String> { ["mode", "message"] }
}

/// One history entry: the version without its file texts.
struct PolicyVersionSummary: Encodable, Sendable {
    var version: Int
    var mode: PolicyMode
    var files: [String]
    var hasEntities: Bool
    var hasSchema: Bool
    var createdAt: Date
    var createdBy: String
    var message: String?
    var digest: String
    var restoredFrom: Int?

    init(_ version: PolicyVersion) {
        self.version = version.version
        mode = version.mode
        files = version.files.keys.sorted()
        hasEntities = version.entitiesJSON != nil
        hasSchema = version.schemaText != nil
        createdAt = version.createdAt
        createdBy = version.createdBy
        message = version.message
        digest = version.digest
        restoredFrom = version.restoredFrom
    }
}

/// The answer to a push or rollback.
struct PolicyChangeView: Encodable, Sendable {
    var created: Bool
    var previous: Int?
    var summary: String
    var warnings: [String]
    var version: PolicyVersionSummary

    init(_ result: PolicyChangeResult) {
        created = result.created
        previous = result.previous
        summary = result.summary
        warnings = result.warnings
        version = PolicyVersionSummary(result.version)
    }
}

/// The answer to `DELETE /v1/policies/shadow`: the version that stopped being the shadow set, if any.
struct ClearedShadow: Encodable, Sendable {
    var cleared: Int?
}

/// A `text/plain` answer.
struct PlainText: ResponseGenerator {
    let text: String

    init(_ text: String) { self.text = text }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The 400 body of a refused push: `{"error": "invalid_policy", "error_description": …, "problems": [
/// {"file", "line", "column", "message", "text"}]}`, where `text` is `file:line:column: message`.
struct PolicyRefusal: Encodable, Sendable {
    struct Problem: Encodable, Sendable {
        var file: String?
        var line: Int?
        var column: Int?
        var message: String
        var text: String
    }

    var error = "invalid_policy"
    var errorDescription: String
    var problems: [Problem]

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case problems
    }

    init(_ error: PolicySetError) {
        errorDescription = error.description
        problems = error.problems.map {
            Problem(file: $0.file, line: $0.line, column: $0.column, message: $0.message, text: $0.description)
        }
    }
}

extension PolicySetError: APIErrorConvertible {
    /// invalid ⇒ 400 (problems listed in the description, one per line); not found ⇒ 404; store failure ⇒ 500.
    public var apiError: APIError {
        switch category {
        case .invalidInput: .invalidRequest(description)
        case .notFound: .notFound(message)
        case .unavailable: .internalError
        }
    }
}
