import Foundation

/// One decision of the decision point, as it is recorded: who called what, from where, the answer
/// and why. Records feed usage, the analyzer's findings and replay proofs (issue 5).
///
/// Fields the decision could not establish are `nil`: a call without a token has no identity, a call
/// to an unknown route no operation. Such records are kept (they are evidence of probing) but count
/// toward no usage aggregate.
public struct DecisionRecord: Sendable, Hashable, Codable {
    /// When the call was decided.
    public var time: Date
    /// The calling identity (the token's `sub`), when the token named one.
    public var identityID: String?
    /// The credential the token was issued from, when known.
    public var credentialID: String?
    /// The access token's `jti`, when the token carried one.
    public var jti: String?
    /// The API the call was for, when its audience was known.
    public var api: String?
    /// The operation the route matched (`operationId` or `METHOD /path`), when one did.
    public var operationID: String?
    /// The request method, uppercase.
    public var method: String
    /// The request path as the gateway forwarded it (no query string is stored).
    public var path: String
    /// Whether the call was allowed.
    public var allowed: Bool
    /// The reason code (`allowed`, `scope_missing`, `policy_denied:<ids>`, …).
    public var reason: String
    /// The Cedar policies that determined the enforced answer (empty when Cedar was not reached).
    public var policyIDs: [String]
    /// What the shadow policy set would have answered, when one was installed.
    public var shadow: ShadowOutcome?
    /// The caller's address (`X-Forwarded-For` / `X-Real-IP` / peer), when known.
    public var sourceAddress: String?
    /// Time taken to decide, in microseconds.
    public var latencyMicroseconds: Int
    /// The delegation chain of the token's `act` claim, current actor first (RFC 8693 §4.1); empty without one.
    public var act: [String]

    /// Creates a record.
    public init(
        time: Date, identityID: String?, credentialID: String? = nil, jti: String? = nil, api: String?,
        operationID: String?, method: String, path: String, allowed: Bool, reason: String, policyIDs: [String] = [],
        shadow: ShadowOutcome? = nil, sourceAddress: String? = nil, latencyMicroseconds: Int = 0, act: [String] = []
    ) {
        self.time = time
        self.identityID = identityID
        self.credentialID = credentialID
        self.jti = jti
        self.api = api
        self.operationID = operationID
        self.method = method
        self.path = path
        self.allowed = allowed
        self.reason = reason
        self.policyIDs = policyIDs
        self.shadow = shadow
        self.sourceAddress = sourceAddress
        self.latencyMicroseconds = latencyMicroseconds
        self.act = act
    }

    /// The usage aggregate this record counts toward, or nil when identity, API or operation is unknown.
    public var usageKey: UsageKey? {
        guard let identityID, let api, let operationID else { return nil }
        return UsageKey(identityID: identityID, api: api, operationID: operationID, day: UsageKey.day(of: time))
    }
}

/// What the shadow policy set would have decided for a call: recorded, never enforced.
public struct ShadowOutcome: Sendable, Hashable, Codable {
    /// Whether the shadow set would have allowed the call.
    public var allowed: Bool
    /// The shadow policies that determined that answer.
    public var policyIDs: [String]

    /// Creates a shadow outcome.
    public init(allowed: Bool, policyIDs: [String] = []) {
        self.allowed = allowed
        self.policyIDs = policyIDs
    }
}
