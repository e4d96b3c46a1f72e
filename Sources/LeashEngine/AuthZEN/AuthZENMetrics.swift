import Metrics

/// The AuthZEN decision point's metrics (swift-metrics; the HTTP layer bootstraps Prometheus).
struct AuthZENMetrics: Sendable {
    /// `leash_authzen_decisions_total{outcome}`: evaluations and batch items, by outcome.
    private let permits: Counter
    private let denies: Counter
    private let invalidItems: Counter
    /// `leash_authzen_searches_total{kind}`.
    private let searches: [AuthZENSearchKind: Counter]

    init() {
        permits = Counter(label: "leash_authzen_decisions_total", dimensions: [("outcome", "permit")])
        denies = Counter(label: "leash_authzen_decisions_total", dimensions: [("outcome", "deny")])
        invalidItems = Counter(label: "leash_authzen_decisions_total", dimensions: [("outcome", "invalid")])
        searches = Dictionary(uniqueKeysWithValues: AuthZENSearchKind.allCases.map {
            ($0, Counter(label: "leash_authzen_searches_total", dimensions: [("kind", $0.rawValue)]))
        })
    }

    /// Counts one answered evaluation or batch item.
    func count(_ decision: AuthZENDecision) {
        if decision.error != nil {
            invalidItems.increment()
        } else if decision.decision {
            permits.increment()
        } else {
            denies.increment()
        }
    }

    /// Counts one answered search.
    func count(_ kind: AuthZENSearchKind) { searches[kind]?.increment() }
}
