/// Where an operation's required scope came from when its OpenAPI document was imported.
public enum ScopeSource: String, Codable, Hashable, Sendable, CaseIterable {
    /// The operation's (or the document's) OAuth 2.0 / OpenID Connect security requirement.
    case security
    /// The `x-leash-scope` extension on the operation.
    case leashExtension = "x-leash-scope"
    /// Nothing named a scope: `NAME:read` for GET and HEAD, `NAME:write` otherwise.
    case `default`
}

/// One operation of an API: an HTTP method on a path template, the action a token's scopes and the
/// Cedar policy set are checked against.
public struct Operation: Codable, Hashable, Sendable {
    /// The API (by name) the operation belongs to.
    public var api: String
    /// The OpenAPI `operationId`, or `"METHOD /path/template"` when the document gives none.
    public var id: String
    /// The HTTP method, upper-case (`GET`, `POST`, …).
    public var method: String
    /// The OpenAPI path template, such as `/orders/{id}`.
    public var pathTemplate: String
    /// The scope a token must carry to call the operation.
    public var scope: String
    /// How sensitive the data behind the operation is.
    public var sensitivity: Sensitivity
    /// The OpenAPI `summary`, if any.
    public var summary: String?
    /// Where `scope` came from.
    public var scopeSource: ScopeSource

    /// Creates an operation.
    public init(
        api: String, id: String, method: String, pathTemplate: String, scope: String, sensitivity: Sensitivity,
        summary: String? = nil, scopeSource: ScopeSource
    ) {
        self.api = api
        self.id = id
        self.method = method
        self.pathTemplate = pathTemplate
        self.scope = scope
        self.sensitivity = sensitivity
        self.summary = summary
        self.scopeSource = scopeSource
    }

    /// The operation's route, `"METHOD /path/template"`: unique within its API.
    public var route: String { "\(method) \(pathTemplate)" }
}

extension Sensitivity: Comparable {
    /// `public < internal < confidential < restricted`.
    public static func < (lhs: Sensitivity, rhs: Sensitivity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .public: 0
        case .internal: 1
        case .confidential: 2
        case .restricted: 3
        }
    }
}
