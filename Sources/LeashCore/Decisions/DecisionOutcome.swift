/// The decision point's answer to one call, with everything a gateway forwards and a record keeps.
///
/// Fields the decision did not establish are nil: a call without a valid token has no identity,
/// a call that matched no route no operation.
public struct DecisionOutcome: Sendable, Hashable {
    /// Whether the call may proceed.
    public var allowed: Bool
    /// Why.
    public var reason: DecisionReason
    /// The token's subject identity.
    public var identityID: String?
    /// The token's `client_id` (differs from the subject under delegation).
    public var clientID: String?
    /// The credential the token was issued from, when the token names it.
    public var credentialID: String?
    /// The token's `jti`.
    public var jti: String?
    /// The API (by name) of the token's audience.
    public var api: String?
    /// The operation the route matched.
    public var operationID: String?
    /// The token's scopes, RFC 6749 §3.3 space-delimited (as the token carries them).
    public var scopes: String?
    /// The delegation chain of the token's `act` claim, current actor first; empty without one.
    public var act: [String]
    /// The Cedar policies that determined the enforced answer (empty when Cedar was not reached).
    public var policyIDs: [String]
    /// What the shadow policy set would have decided; nil when there is none or Cedar was not reached.
    public var shadow: ShadowOutcome?
    /// For `rateLimited`: seconds until the identity's bucket holds a token again (RFC 9110 §10.2.3 `Retry-After`).
    public var retryAfterSeconds: Int?
    /// Time taken to decide, in nanoseconds.
    public var latencyNanoseconds: Int64

    /// Creates an outcome.
    public init(
        allowed: Bool, reason: DecisionReason, identityID: String? = nil, clientID: String? = nil,
        credentialID: String? = nil, jti: String? = nil, api: String? = nil, operationID: String? = nil,
        scopes: String? = nil, act: [String] = [], policyIDs: [String] = [], shadow: ShadowOutcome? = nil,
        retryAfterSeconds: Int? = nil, latencyNanoseconds: Int64 = 0
    ) {
        self.allowed = allowed
        self.reason = reason
        self.identityID = identityID
        self.clientID = clientID
        self.credentialID = credentialID
        self.jti = jti
        self.api = api
        self.operationID = operationID
        self.scopes = scopes
        self.act = act
        self.policyIDs = policyIDs
        self.shadow = shadow
        self.retryAfterSeconds = retryAfterSeconds
        self.latencyNanoseconds = latencyNanoseconds
    }

    /// The HTTP status a gateway answers with (see `DecisionReason.httpStatus`).
    public var httpStatus: Int { reason.httpStatus }
}
