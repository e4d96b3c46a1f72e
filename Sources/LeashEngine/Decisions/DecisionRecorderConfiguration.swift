/// Settings of the decision recorder; every field has a working default.
public struct DecisionRecorderConfiguration: Sendable, Equatable {
    /// Most records held in memory (buffered plus being written). When it is reached, `record(_:)`
    /// waits until a write frees room (back-pressure): nothing is dropped. Default 65 536 (~20 MiB).
    public var capacity: Int
    /// Records per write transaction; a full batch is written at once, without waiting for the
    /// interval. Default 4 096.
    public var batchSize: Int
    /// Longest time a record waits in memory before it is written. Default 250 ms.
    public var flushInterval: Duration
    /// How long raw records are kept; older ones are pruned (usage aggregates are kept). `nil`
    /// keeps them forever. Default 90 days, the analyzer's default window.
    public var retention: Duration?
    /// How often retention pruning runs. Default 1 hour (the first run is at start).
    public var pruneInterval: Duration

    /// Creates a configuration; omitted fields take their documented defaults.
    public init(
        capacity: Int = 65_536,
        batchSize: Int = 4_096,
        flushInterval: Duration = .milliseconds(250),
        retention: Duration? = .seconds(90 * 86_400),
        pruneInterval: Duration = .seconds(3_600)
    ) {
        self.capacity = max(1, capacity)
        self.batchSize = min(max(1, batchSize), self.capacity)
        self.flushInterval = flushInterval
        self.retention = retention
        self.pruneInterval = pruneInterval
    }
}
