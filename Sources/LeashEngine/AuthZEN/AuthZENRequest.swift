import Cedar

// OpenID AuthZEN Authorization API 1.0 §5 (information model): subject, resource, action, context.

/// A subject or resource of an AuthZEN request: a `type`, an `id` scoped to it, and optional `properties`.
public struct AuthZENEntity: Hashable, Sendable {
    /// The entity type; used verbatim as the Cedar entity type (`user`, `Leash::Identity`).
    public var type: String
    /// The id within the type.
    public var id: String
    /// Attributes given with the request; they override the stored ones for this request.
    public var properties: Cedar.JSONValue.Object?

    /// Creates an entity.
    public init(type: String, id: String, properties: Cedar.JSONValue.Object? = nil) {
        self.type = type
        self.id = id
        self.properties = properties
    }
}

/// The action of an AuthZEN request (§5.3): a `name` and optional `properties`.
public struct AuthZENAction: Hashable, Sendable {
    /// The action name; `Action::"<name>"` in Cedar (or `Leash::Action::"<name>"` when that is known).
    public var name: String
    /// Action properties; the Cedar context carries them as `context.action`.
    public var properties: Cedar.JSONValue.Object?

    /// Creates an action.
    public init(name: String, properties: Cedar.JSONValue.Object? = nil) {
        self.name = name
        self.properties = properties
    }
}

/// One access evaluation request (§6.1): who wants to do what to which resource, in which context.
public struct AuthZENEvaluation: Hashable, Sendable {
    /// The subject.
    public var subject: AuthZENEntity
    /// The action.
    public var action: AuthZENAction
    /// The resource.
    public var resource: AuthZENEntity
    /// The request context (free-form object), if any.
    public var context: Cedar.JSONValue.Object?

    /// Creates an evaluation request.
    public init(subject: AuthZENEntity, action: AuthZENAction, resource: AuthZENEntity, context: Cedar.JSONValue.Object? = nil) {
        self.subject = subject
        self.action = action
        self.resource = resource
        self.context = context
    }
}

/// How a batch of evaluations runs (§7.1.2 `options.evaluations_semantic`).
public struct AuthZENEvaluationsSemantic: Hashable, Sendable, CustomStringConvertible {
    private enum Code: String { case executeAll = "execute_all", denyOnFirstDeny = "deny_on_first_deny", permitOnFirstPermit = "permit_on_first_permit" }
    private let code: Code

    /// Run every item and answer one decision per item (the default).
    public static var executeAll: Self { .init(code: .executeAll) }
    /// Stop after the first deny (or error), answering the decisions up to and including it.
    public static var denyOnFirstDeny: Self { .init(code: .denyOnFirstDeny) }
    /// Stop after the first permit, answering the decisions up to and including it.
    public static var permitOnFirstPermit: Self { .init(code: .permitOnFirstPermit) }

    /// The semantic named on the wire, or nil for an unknown name.
    public init?(wireName: String) {
        guard let code = Code(rawValue: wireName) else { return nil }
        self.code = code
    }

    private init(code: Code) { self.code = code }

    /// The wire name.
    public var description: String { code.rawValue }

    /// Whether a run stops after an item with this outcome (`nil` decision: the item failed).
    func stops(after decision: Bool?) -> Bool {
        switch code {
        case .executeAll: false
        case .denyOnFirstDeny: decision != true
        case .permitOnFirstPermit: decision == true
        }
    }
}

/// One item of a batch: the evaluation it resolved to with the defaults, or why it could not.
public enum AuthZENBatchItem: Hashable, Sendable {
    /// A complete evaluation.
    case evaluation(AuthZENEvaluation)
    /// The item (with the defaults) is not a valid evaluation; it is answered `decision: false` with the error.
    case invalid(AuthZENRequestError)
}

/// A boxcarred request (§7): items already merged with the top-level defaults.
public struct AuthZENEvaluationsRequest: Hashable, Sendable {
    /// The items in request order.
    public var items: [AuthZENBatchItem]
    /// How the batch runs.
    public var semantic: AuthZENEvaluationsSemantic
}

/// What a `POST /access/v1/evaluations` body asks for.
public enum AuthZENEvaluationsBody: Hashable, Sendable {
    /// `evaluations` absent or empty: a single evaluation answered with a single decision (§7.1).
    case single(AuthZENEvaluation)
    /// A batch answered with `{"evaluations": [...]}`.
    case batch(AuthZENEvaluationsRequest)
}

/// Which entity a search asks for (§8).
public enum AuthZENSearchKind: String, Hashable, Sendable, CaseIterable {
    case subject, resource, action
}

/// A search request (§8): the complete entities, the type searched for, and the page asked.
public struct AuthZENSearch: Hashable, Sendable {
    /// What is searched.
    public var kind: AuthZENSearchKind
    /// The subject (only its `type` matters in a subject search).
    public var subject: AuthZENEntity
    /// The action (absent in an action search).
    public var action: AuthZENAction?
    /// The resource (only its `type` matters in a resource search).
    public var resource: AuthZENEntity
    /// The request context.
    public var context: Cedar.JSONValue.Object?
    /// The page size asked for, if any.
    public var pageLimit: Int?
    /// The opaque token of the page asked for, if any.
    public var pageToken: String?
}

/// A malformed AuthZEN request, answered 400 (or a per-item error inside a batch).
public struct AuthZENRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public let message: String

    /// A request error with a message naming the problem.
    public static func invalid(_ message: String) -> Self { .init(message: message) }

    public var description: String { message }
}
