/// Why the decision point allowed or refused a call: one code per rule of the decision, in the
/// order the rules are checked (see docs/gateway.md).
public enum DecisionReason: Hashable, Sendable {
    /// Every rule held.
    case allowed
    /// The call carried no bearer token (RFC 6750 §3.1: no error code).
    case tokenMissing
    /// The token is malformed, not signed by a Leash key, not an access token, or not ours.
    case tokenInvalid
    /// The token's `exp` has passed.
    case tokenExpired
    /// The token's `jti` was revoked.
    case tokenRevoked
    /// The credential the token was issued from was revoked.
    case credentialRevoked
    /// The token's subject or client is suspended, decommissioned, expired or unknown.
    case identityInactive
    /// The token's API was revoked (retired): it accepts no calls.
    case apiRevoked
    /// The token's `aud` names no registered API.
    case audienceUnknown
    /// The method and path match no operation of the token's API.
    case noRoute
    /// The token's scopes do not include the operation's scope.
    case scopeMissing
    /// The enforced Cedar policy set denied; the determining `forbid` policies (empty: no permit applied).
    case policyDenied([String])
    /// The identity's token bucket is empty.
    case rateLimited
    /// The node's snapshot is older than its staleness bound: it fails closed.
    case snapshotStale

    /// The wire code: `allowed`, `token_missing`, …, `policy_denied:<ids joined by ,>`.
    public var code: String {
        switch self {
        case .allowed: "allowed"
        case .tokenMissing: "token_missing"
        case .tokenInvalid: "token_invalid"
        case .tokenExpired: "token_expired"
        case .tokenRevoked: "token_revoked"
        case .credentialRevoked: "credential_revoked"
        case .identityInactive: "identity_inactive"
        case .apiRevoked: "api_revoked"
        case .audienceUnknown: "audience_unknown"
        case .noRoute: "no_route"
        case .scopeMissing: "scope_missing"
        case .policyDenied(let ids): ids.isEmpty ? "policy_denied" : "policy_denied:" + ids.joined(separator: ",")
        case .rateLimited: "rate_limited"
        case .snapshotStale: "snapshot_stale"
        }
    }

    /// The code without the policy ids (`policy_denied` for every policy denial): a metric label.
    public var kind: String {
        if case .policyDenied = self { return "policy_denied" }
        return code
    }

    /// Reads a wire code back; `nil` for anything unknown.
    public init?(code: String) {
        switch code {
        case "allowed": self = .allowed
        case "token_missing": self = .tokenMissing
        case "token_invalid": self = .tokenInvalid
        case "token_expired": self = .tokenExpired
        case "token_revoked": self = .tokenRevoked
        case "credential_revoked": self = .credentialRevoked
        case "identity_inactive": self = .identityInactive
        case "api_revoked": self = .apiRevoked
        case "audience_unknown": self = .audienceUnknown
        case "no_route": self = .noRoute
        case "scope_missing": self = .scopeMissing
        case "rate_limited": self = .rateLimited
        case "snapshot_stale": self = .snapshotStale
        case "policy_denied": self = .policyDenied([])
        default:
            guard code.hasPrefix("policy_denied:") else { return nil }
            let ids = code.dropFirst("policy_denied:".count).split(separator: ",").map(String.init)
            self = .policyDenied(ids)
        }
    }

    /// Whether the reason means the bearer token itself cannot be used (answered with 401 and an
    /// RFC 6750 `invalid_token` challenge, or a bare challenge when there was no token).
    public var isTokenProblem: Bool {
        switch self {
        case .tokenMissing, .tokenInvalid, .tokenExpired, .tokenRevoked, .credentialRevoked, .identityInactive,
            .apiRevoked, .audienceUnknown:
            true
        default: false
        }
    }

    /// The HTTP status a gateway answers with: 200 allowed; 401 for token problems (RFC 6750 §3.1);
    /// 403 for a valid token that may not make this call; 429 rate limited (RFC 6585 §4); 503 when the
    /// node cannot decide safely.
    public var httpStatus: Int {
        switch self {
        case .allowed: 200
        case .noRoute, .scopeMissing, .policyDenied: 403
        case .rateLimited: 429
        case .snapshotStale: 503
        default: 401
        }
    }
}

extension DecisionReason: CustomStringConvertible {
    /// A sentence for people (used as the RFC 6750 `error_description`); never names the token.
    public var description: String {
        switch self {
        case .allowed: "the call is allowed"
        case .tokenMissing: "no bearer token was presented"
        case .tokenInvalid: "the access token is not valid"
        case .tokenExpired: "the access token has expired"
        case .tokenRevoked: "the access token was revoked"
        case .credentialRevoked: "the credential the token was issued from was revoked"
        case .identityInactive: "the identity is not active"
        case .apiRevoked: "the API the token is for was revoked"
        case .audienceUnknown: "the token's audience is not a registered API"
        case .noRoute: "no operation of the API matches the method and path"
        case .scopeMissing: "the token lacks the scope the operation requires"
        case .policyDenied(let ids):
            ids.isEmpty ? "no policy permits the call" : "denied by policy " + ids.joined(separator: ", ")
        case .rateLimited: "the identity's rate limit is exhausted"
        case .snapshotStale: "the decision point's state is stale"
        }
    }
}
