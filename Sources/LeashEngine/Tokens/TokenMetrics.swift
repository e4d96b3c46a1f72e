import Metrics

/// The token service's counters (swift-metrics; the HTTP layer bootstraps the Prometheus backend).
struct TokenMetrics: Sendable {
    /// Grant type labels, bounded to what the service supports.
    enum GrantLabel: String, CaseIterable, Sendable {
        case clientCredentials = "client_credentials"
        case tokenExchange = "token_exchange"
        case jwtBearer = "jwt_bearer"
        case delegation = "delegation"
    }

    private let issued: [GrantLabel: Counter]
    private let refused: [String: Counter]

    init() {
        issued = Dictionary(
            uniqueKeysWithValues: GrantLabel.allCases.map {
                ($0, Counter(label: "leash_tokens_issued_total", dimensions: [("grant_type", $0.rawValue)]))
            })
        let reasons = [
            "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type",
            "invalid_scope", "invalid_target", "unsupported_token_type", "server_error",
        ]
        refused = Dictionary(
            uniqueKeysWithValues: reasons.map {
                ($0, Counter(label: "leash_tokens_refused_total", dimensions: [("reason", $0)]))
            })
    }

    /// Counts one issued token (`leash_tokens_issued_total{grant_type}`).
    func recordIssued(_ grant: GrantLabel) { issued[grant]?.increment() }

    /// Counts one refusal by its OAuth error code (`leash_tokens_refused_total{reason}`).
    func recordRefused(_ error: OAuthError) { refused[error.code.rawValue]?.increment() }
}
