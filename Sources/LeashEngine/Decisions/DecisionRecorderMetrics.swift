import Metrics

/// The recorder's metrics (swift-metrics; the HTTP layer bootstraps the Prometheus backend).
struct DecisionRecorderMetrics: Sendable {
    /// `leash_decision_records_buffered`: records in memory, waiting or being written.
    let buffered: Gauge
    /// `leash_decision_records_written_total`: records committed to the store.
    let written: Counter
    /// `leash_decision_records_backpressure_waits_total`: calls to `record(_:)` that had to wait for room.
    let backPressureWaits: Counter
    /// `leash_decision_records_write_failures_total`: batch writes that failed (their records are retried).
    let writeFailures: Counter
    /// `leash_decision_records_write_seconds`: time to write one batch with its usage.
    let writeLatency: Timer
    /// `leash_decision_records_pruned_total`: raw records removed by retention.
    let pruned: Counter

    init(factory: any MetricsFactory) {
        buffered = Gauge(label: "leash_decision_records_buffered", factory: factory)
        written = Counter(label: "leash_decision_records_written_total", factory: factory)
        backPressureWaits = Counter(label: "leash_decision_records_backpressure_waits_total", factory: factory)
        writeFailures = Counter(label: "leash_decision_records_write_failures_total", factory: factory)
        writeLatency = Timer(label: "leash_decision_records_write_seconds", factory: factory)
        pruned = Counter(label: "leash_decision_records_pruned_total", factory: factory)
    }
}

/// What the recorder has done since it started (the same numbers its metrics report).
public struct DecisionRecorderStatistics: Sendable, Equatable {
    /// Records in memory now, waiting or being written.
    public var buffered: Int = 0
    /// Records committed to the store.
    public var written: Int = 0
    /// Calls to `record(_:)` that waited for room (back-pressure).
    public var backPressureWaits: Int = 0
    /// Batch writes that failed and were retried.
    public var writeFailures: Int = 0
    /// Raw records removed by retention.
    public var pruned: Int = 0
}
