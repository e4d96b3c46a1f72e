import Cedar

/// The AuthZEN policy decision point: answers evaluations, batches and searches with Cedar,
/// against the snapshot its source hands out (no store access per request).
public struct AuthZENDecisionPoint: Sendable {
    /// Where the policies and entities come from.
    public let source: any AuthZENPolicySource
    private let metrics = AuthZENMetrics()

    /// Creates a decision point over `source`.
    public init(source: any AuthZENPolicySource) {
        self.source = source
    }

    /// Decides one evaluation (AuthZEN §6).
    public func evaluate(_ evaluation: AuthZENEvaluation) async throws -> AuthZENDecision {
        let decision = Self.decide(evaluation, in: try await source.snapshot())
        metrics.count(decision)
        return decision
    }

    /// Decides a batch in request order under its semantic (AuthZEN §7.1.2): `execute_all` answers
    /// every item; the short-circuit semantics stop after the item that settles the outcome.
    /// An invalid item is answered `decision: false` with its error and counts as a deny.
    public func evaluate(_ batch: AuthZENEvaluationsRequest) async throws -> [AuthZENDecision] {
        let snapshot = try await source.snapshot()
        var decisions: [AuthZENDecision] = []
        for item in batch.items {
            let decision: AuthZENDecision
            switch item {
            case .evaluation(let evaluation): decision = Self.decide(evaluation, in: snapshot)
            case .invalid(let error): decision = .failed(error)
            }
            decisions.append(decision)
            metrics.count(decision)
            if batch.semantic.stops(after: decision.error == nil ? decision.decision : nil) { break }
        }
        return decisions
    }

    /// Answers a search (AuthZEN §8): every known entity of the searched type (or every known
    /// action) is evaluated in the request's place, in id order, and the permitted ones are
    /// returned, one page at a time.
    public func search(_ search: AuthZENSearch) async throws -> AuthZENSearchResult {
        let snapshot = try await source.snapshot()
        let page = try AuthZENPageToken.Cursor(search)
        var candidates: ArraySlice<String>
        switch search.kind {
        case .subject: candidates = snapshot.ids(of: AuthZENCedarMapping.entityType(search.subject.type))[...]
        case .resource: candidates = snapshot.ids(of: AuthZENCedarMapping.entityType(search.resource.type))[...]
        case .action: candidates = snapshot.actionNames[...]
        }
        if let after = page.after {
            let start = candidates.firstIndex { $0 > after } ?? candidates.endIndex
            candidates = candidates[start...]
        }
        let limit = search.pageLimit ?? AuthZENSearchResult.defaultPageLimit
        // The entities that stay fixed carry their properties into every candidate's evaluation:
        // apply them to the store once, not once per candidate.
        var fixed = AuthZENEvaluation(
            subject: search.subject, action: search.action ?? AuthZENAction(name: ""), resource: search.resource, context: search.context)
        if search.kind == .subject { fixed.subject.properties = nil }
        if search.kind == .resource { fixed.resource.properties = nil }
        let entities = AuthZENCedarMapping.request(for: fixed, entities: snapshot.entities, overlay: .wholeStore).1
        fixed.subject.properties = nil
        fixed.resource.properties = nil
        var results: [AuthZENSearchResult.Hit] = []
        var nextToken: String?
        for candidate in candidates {
            guard results.count < limit else {
                nextToken = page.token(after: results.last.map(\.key) ?? "")
                break
            }
            var evaluation = fixed
            let hit: AuthZENSearchResult.Hit
            switch search.kind {
            case .subject:
                // The searched entity's own id and properties are ignored (§8.4): each candidate stands as stored.
                evaluation.subject = AuthZENEntity(type: search.subject.type, id: candidate)
                hit = .entity(type: search.subject.type, id: candidate)
            case .resource:
                evaluation.resource = AuthZENEntity(type: search.resource.type, id: candidate)
                hit = .entity(type: search.resource.type, id: candidate)
            case .action:
                evaluation.action = AuthZENAction(name: candidate)
                hit = .action(name: candidate)
            }
            if Self.decide(evaluation, in: snapshot, entities: entities).decision { results.append(hit) }
        }
        metrics.count(search.kind)
        let paged = search.pageLimit != nil || search.pageToken != nil || nextToken != nil
        return AuthZENSearchResult(results: results, nextToken: paged ? (nextToken ?? "") : nil)
    }

    /// One Cedar decision, against `entities` (default: the snapshot's).
    static func decide(_ evaluation: AuthZENEvaluation, in snapshot: AuthZENSnapshot, entities base: Entities? = nil) -> AuthZENDecision {
        let (request, entities) = AuthZENCedarMapping.request(
            for: evaluation, entities: base ?? snapshot.entities, overlay: .reachable(literals: snapshot.entityLiterals))
        let response = Authorizer().isAuthorized(request, policies: snapshot.policies, entities: entities)
        let names = snapshot.displayIDs
        let reasons = response.reasons.map { names[$0] ?? $0.rawValue }.sorted()
        let erroring = response.errors.map { names[$0.id] ?? $0.id.rawValue }
        let forbidden = response.decision == .deny && !response.reasons.isEmpty
        return AuthZENDecision(decision: response.decision == .allow, policies: reasons, forbidden: forbidden, erroringPolicies: erroring)
    }
}

/// The answer to one evaluation.
public struct AuthZENDecision: Hashable, Sendable {
    /// Permit (`true`) or deny.
    public var decision: Bool
    /// The determining policies (their `@id` annotation, else their id): the satisfied permits of
    /// a permit, the satisfied forbids of a forbid, none when no policy applied.
    public var policies: [String]
    /// Whether a `forbid` decided (rather than no `permit` applying).
    public var forbidden: Bool
    /// Policies skipped because their evaluation failed.
    public var erroringPolicies: [String]
    /// Why a batch item could not be evaluated (it is then a deny).
    public var error: AuthZENRequestError?

    /// Creates a decision.
    public init(decision: Bool, policies: [String] = [], forbidden: Bool = false, erroringPolicies: [String] = [], error: AuthZENRequestError? = nil) {
        self.decision = decision
        self.policies = policies
        self.forbidden = forbidden
        self.erroringPolicies = erroringPolicies
        self.error = error
    }

    /// A batch item that could not be evaluated.
    static func failed(_ error: AuthZENRequestError) -> Self { .init(decision: false, error: error) }

    /// The administrator-facing reason (AuthZEN §6.2 `reason_admin`), in English.
    public var adminReason: String {
        var text: String
        if decision {
            text = "permitted by \(policies.joined(separator: ", "))"
        } else if forbidden {
            text = "forbidden by \(policies.joined(separator: ", "))"
        } else {
            text = "no policy permits the request"
        }
        if !erroringPolicies.isEmpty { text += "; skipped on evaluation errors: \(erroringPolicies.joined(separator: ", "))" }
        return text
    }
}

/// The answer to a search: the permitted entities or actions of one page.
public struct AuthZENSearchResult: Hashable, Sendable {
    /// Page size when the request names none.
    public static let defaultPageLimit = 1000

    /// One result.
    public enum Hit: Hashable, Sendable {
        /// A subject or resource.
        case entity(type: String, id: String)
        /// An action.
        case action(name: String)

        /// The id or name (what pages are ordered by).
        var key: String {
            switch self {
            case .entity(_, let id): id
            case .action(let name): name
            }
        }
    }

    /// The results of this page, in id order.
    public var results: [Hit]
    /// The token of the next page: empty on the last page; nil when the response carries no page
    /// object (no paging asked and everything fit).
    public var nextToken: String?
}

extension Policy {
    /// The `@id` annotation when present (how people name policies), else the policy id.
    var displayID: String {
        if let annotation = annotations.first(where: { $0.key == "id" }), let value = annotation.value { return value }
        return id.rawValue
    }
}
