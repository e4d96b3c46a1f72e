import LeashCore
import Metrics

/// The decision point's metrics (swift-metrics; the HTTP layer bootstraps the Prometheus backend).
struct DecisionMetrics: Sendable {
    /// `leash_decision_snapshot_age_seconds`: time since the store last confirmed the snapshot current.
    let snapshotAge: Gauge
    private let decisions: [String: Counter]

    /// The reason kinds, bounded (policy ids are not a label).
    private static let kinds = [
        "allowed", "token_missing", "token_invalid", "token_expired", "token_revoked", "credential_revoked",
        "identity_inactive", "api_revoked", "audience_unknown", "no_route", "scope_missing", "policy_denied",
        "rate_limited", "snapshot_stale",
    ]

    init() {
        snapshotAge = Gauge(label: "leash_decision_snapshot_age_seconds")
        decisions = Dictionary(
            uniqueKeysWithValues: Self.kinds.map {
                ($0, Counter(label: "leash_decisions_total", dimensions: [("reason", $0)]))
            })
    }

    /// Counts one decision by its reason (`leash_decisions_total{reason}`).
    func count(_ reason: DecisionReason) { decisions[reason.kind]?.increment() }
}
