import Cedar
import Foundation
import Hummingbird
import LeashCore
import LeashEngine

/// The OpenID AuthZEN Authorization API 1.0 endpoints: access evaluation (§6), evaluations (§7),
/// the three searches (§8) and PDP metadata discovery (§9). See docs/authzen.md.
struct AuthZENRoutes: Sendable {
    /// Decides with the enforced policy snapshot.
    let decisionPoint: AuthZENDecisionPoint
    /// Reads and checks request bodies.
    let parser: AuthZENRequestParser
    /// Reads bodies within the server's size limit.
    let body: RequestBodyReader
    /// The PDP identifier (`policy_decision_point`): the server's issuer / base URL, no trailing `/`.
    let baseURL: String
    /// Checks a PEP's presented secret; nil when unauthenticated PEPs are allowed.
    let authenticatePEP: (@Sendable (String) -> Bool)?

    /// Routes deciding with `decisions`' enforced snapshot; PEPs authenticate with an admin secret
    /// known to `admins` unless `configuration` allows unauthenticated PEPs.
    init(
        decisions: DecisionEngine, admins: SnapshotHolder, baseURL: String, body: RequestBodyReader,
        configuration: AuthZENConfiguration
    ) {
        self.decisionPoint = AuthZENDecisionPoint(source: AuthZENDecisionSnapshotSource(engine: decisions))
        self.parser = AuthZENRequestParser()
        self.body = body
        self.baseURL = baseURL
        let isAdmin: @Sendable (String) -> Bool = { secret in Self.isAdminSecret(secret, in: admins.snapshot) }
        self.authenticatePEP = configuration.allowUnauthenticatedPEP ? nil : isAdmin
    }

    /// Creates routes from their parts (tests).
    init(
        decisionPoint: AuthZENDecisionPoint, parser: AuthZENRequestParser = AuthZENRequestParser(), body: RequestBodyReader,
        baseURL: String, authenticatePEP: (@Sendable (String) -> Bool)?
    ) {
        self.decisionPoint = decisionPoint
        self.parser = parser
        self.body = body
        self.baseURL = baseURL
        self.authenticatePEP = authenticatePEP
    }

    /// Whether `secret` is an admin credential in force (any role), looked up in memory: the
    /// inventory snapshot holds the admin credentials' hashes.
    static func isAdminSecret(_ secret: String, in snapshot: InventorySnapshot) -> Bool {
        guard SecretFormat.isValid(secret, kind: .admin) else { return false }
        let hash = SecretHashing.hash(secret)
        guard let credential = snapshot.adminCredentials[hash.lowercased()] else { return false }
        return SecretHashing.constantTimeEquals(credential.secretHash, hash) && credential.revokedAt == nil
    }

    /// The paths, relative to the base URL.
    static let evaluationPath = "/access/v1/evaluation"
    static let evaluationsPath = "/access/v1/evaluations"
    static func searchPath(_ kind: AuthZENSearchKind) -> String { "/access/v1/search/\(kind.rawValue)" }

    func register(on router: Router<LeashRequestContext>) {
        let access = router.group("access/v1")
            .add(middleware: AuthZENRequestIDMiddleware())
            .add(middleware: AuthZENPEPAuthMiddleware(authenticate: authenticatePEP))
        access.post("evaluation") { request, _ in
            let evaluation = try parser.evaluation(try await jsonBody(request))
            return AuthZENJSON(try await decisionPoint.evaluate(evaluation).singleResponse)
        }
        access.post("evaluations") { request, _ in
            switch try parser.evaluations(try await jsonBody(request)) {
            case .single(let evaluation):
                return AuthZENJSON(try await decisionPoint.evaluate(evaluation).singleResponse)
            case .batch(let batch):
                return AuthZENJSON(AuthZENDecision.batchResponse(try await decisionPoint.evaluate(batch)))
            }
        }
        for kind in AuthZENSearchKind.allCases {
            access.post("search/\(kind.rawValue)") { request, _ in
                let search = try parser.search(kind, try await jsonBody(request))
                return AuthZENJSON(try await decisionPoint.search(search).response)
            }
        }
        // Anything else under /access/v1 is refused here, so that it too carries the X-Request-ID back.
        let otherMethods: [HTTPRequest.Method] = [.get, .head, .put, .patch, .delete]
        for path in ["evaluation", "evaluations"] + AuthZENSearchKind.allCases.map({ "search/\($0.rawValue)" }) {
            for method in otherMethods {
                access.on(RouterPath(path), method: method) { request, _ -> Response in
                    // RFC 9110 §15.5.6: a 405 names the allowed methods.
                    throw APIError(
                        status: .methodNotAllowed, code: "invalid_request", message: "use POST on \(request.uri.path)",
                        headers: ["Allow": "POST"])
                }
            }
        }
        for method in otherMethods + [.post] {
            access.on("**", method: method) { request, _ -> Response in
                throw APIError.notFound("no AuthZEN endpoint at \(request.uri.path)")
            }
        }
        // §9.1: metadata is public (a PEP reads it before it can authenticate anywhere).
        router.group(".well-known").add(middleware: AuthZENRequestIDMiddleware())
            .get("authzen-configuration") { _, _ in AuthZENJSON(metadata, cacheControl: "public, max-age=300") }
    }

    /// §9.2 PDP metadata: the identifier, every endpoint this PDP offers, and its capabilities
    /// (none registered yet: the array is empty rather than invented).
    var metadata: Cedar.JSONValue {
        var members: [(String, Cedar.JSONValue)] = [
            ("policy_decision_point", .string(baseURL)),
            ("access_evaluation_endpoint", .string(baseURL + Self.evaluationPath)),
            ("access_evaluations_endpoint", .string(baseURL + Self.evaluationsPath)),
        ]
        for kind in AuthZENSearchKind.allCases {
            members.append(("search_\(kind.rawValue)_endpoint", .string(baseURL + Self.searchPath(kind))))
        }
        members.append(("capabilities", .array([])))
        return .object(.init(members))
    }

    /// The body bytes of a request that must be `application/json` (AuthZEN §10: JSON only; the
    /// certification scenario expects 400 for any other content type).
    private func jsonBody(_ request: Request) async throws -> [UInt8] {
        guard let contentType = request.headers[.contentType] else {
            throw APIError.invalidRequest("Content-Type must be application/json")
        }
        guard RequestBodyReader.mediaType(of: contentType, is: "application/json") else {
            throw APIError.invalidRequest("Content-Type must be application/json, not \(contentType)")
        }
        return Array(try await body.bytes(of: request).readableBytesView)
    }
}

extension AuthZENUnavailable: APIErrorConvertible {
    /// The PDP cannot decide now: 503, and the PEP fails closed.
    public var apiError: APIError { .init(status: .serviceUnavailable, code: "temporarily_unavailable", message: description) }
}

extension AuthZENRequestError: APIErrorConvertible {
    /// A malformed AuthZEN request is a 400 naming the problem.
    public var apiError: APIError { .invalidRequest(message) }
}

/// A JSON body built as a Cedar JSON value (member order kept), sent with `Cache-Control`.
struct AuthZENJSON: ResponseGenerator {
    let value: Cedar.JSONValue
    let cacheControl: String

    init(_ value: Cedar.JSONValue, cacheControl: String = "no-store") {
        self.value = value
        self.cacheControl = cacheControl
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = cacheControl
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }
}
