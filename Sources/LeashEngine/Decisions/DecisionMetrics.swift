import LeashCore
import Metrics

/// The decision point's metrics (swift-metrics; the HTTP layer bootstraps the Prometheus backend).
struct DecisionMetrics: Sendable {
    /// `leash_decision_snapshot_age_seconds`: time since the store last confirmed the snapshot current.
    let snapshotAge: Gauge
    /// One counter per reason kind, in `kinds` order (an array index, not a string hash, per decision).
    private let decisions: [Counter]

    /// The reason kinds, bounded (policy ids are not a label).
    private static let kinds = [
        "allowed", "token_missing", "token_invalid", "token_expired", "token_revoked", "credential_revoked",
        "identity_inactive", "api_revoked", "audience_unknown", "no_route", "scope_missing", "policy_denied",
        "rate_limited", "snapshot_stale",
    ]

    init() {
        snapshotAge = Gauge(label: "leash_decision_snapshot_age_seconds")
        decisions = Self.kinds.map { Counter(label: "leash_decisions_total", dimensions: [("reason", $0)]) }
    }

    /// Counts one decision by its reason (`leash_decisions_total{reason}`).
    func count(_ reason: DecisionReason) { decisions[Self.index(of: reason)].increment() }

    /// The position of `reason`'s kind in `kinds`.
    private static func index(of reason: DecisionReason) -> Int {
        switch reason {
        case .allowed: 0
        case .tokenMissing: 1
        case .tokenInvalid: 2
        case .tokenExpired: 3
        case .tokenRevoked: 4
        case .credentialRevoked: 5
        case .identityInactive: 6
        case .apiRevoked: 7
        case .audienceUnknown: 8
        case .noRoute: 9
        case .scopeMissing: 10
        case .policyDenied: 11
        case .rateLimited: 12
        case .snapshotStale: 13
        }
    }
}
