import CoreMetrics
import Foundation
import LeashCore
import LeashStore
import Synchronization

/// A real SQLite store in a fresh temp dir, removed by `close()`.
struct TemporarySQLiteStore {
    let store: SQLiteStore
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-recorder-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
    }

    func close() {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Every stored record, in time order.
    func allRecords() async throws -> [DecisionRecord] {
        var records: [DecisionRecord] = []
        try await store.forEachDecision { records.append($0) }
        return records
    }
}

/// Passes writes to a real store, but holds them while closed and can fail the next few on purpose:
/// a slow, blocked or failing database for the recorder to cope with.
final class GatedDecisionLog: DecisionLogStore {
    private struct State {
        var open = true
        var waiting: [CheckedContinuation<Void, Never>] = []
        var failuresLeft = 0
        var appendCalls = 0
    }

    struct InjectedFailure: Error {}

    private let state = Mutex(State())
    let base: SQLiteStore

    init(base: SQLiteStore, open: Bool = true) {
        self.base = base
        state.withLock { $0.open = open }
    }

    /// Blocks further writes until `open()`.
    func close() { state.withLock { $0.open = false } }

    /// Lets held and further writes through.
    func open() {
        let waiting = state.withLock { state in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Makes the next `count` writes fail.
    func fail(next count: Int) { state.withLock { $0.failuresLeft = count } }

    /// How many writes are held at the closed gate.
    var heldWrites: Int { state.withLock { $0.waiting.count } }

    /// How many writes were attempted.
    var appendCalls: Int { state.withLock { $0.appendCalls } }

    func appendDecisions(_ records: [DecisionRecord], usage: [UsageKey: UsageCounters]) async throws {
        await withCheckedContinuation { continuation in
            let proceed = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiting.append(continuation)
                return false
            }
            if proceed { continuation.resume() }
        }
        let fails = state.withLock { state -> Bool in
            state.appendCalls += 1
            guard state.failuresLeft > 0 else { return false }
            state.failuresLeft -= 1
            return true
        }
        if fails { throw InjectedFailure() }
        try await base.appendDecisions(records, usage: usage)
    }

    func decisionRecords(identity: String?, since: Date?, until: Date?, limit: Int) async throws -> [DecisionRecord] {
        try await base.decisionRecords(identity: identity, since: since, until: until, limit: limit)
    }

    func forEachDecision(
        identity: String?, since: Date?, until: Date?, chunkSize: Int, _ body: (DecisionRecord) async throws -> Void
    ) async throws {
        try await base.forEachDecision(identity: identity, since: since, until: until, chunkSize: chunkSize, body)
    }

    func usage(identity: String, sinceDay: Int?) async throws -> [UsageEntry] {
        try await base.usage(identity: identity, sinceDay: sinceDay)
    }

    func pruneDecisions(before date: Date) async throws -> Int {
        try await base.pruneDecisions(before: date)
    }
}

/// A swift-metrics backend that keeps each counter's total and each recorder's last value by label.
final class CountingMetrics: MetricsFactory, Sendable {
    private let values = Mutex<[String: Double]>([:])

    /// The value of the metric named `label` (0 if never touched).
    func value(_ label: String) -> Double { values.withLock { $0[label] ?? 0 } }

    fileprivate func add(_ label: String, _ amount: Double) { values.withLock { $0[label, default: 0] += amount } }
    fileprivate func set(_ label: String, _ value: Double) { values.withLock { $0[label] = value } }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { Handler(label: label, metrics: self) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(label: label, metrics: self)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { Handler(label: label, metrics: self) }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    private final class Handler: CounterHandler, RecorderHandler, TimerHandler, Sendable {
        let label: String
        let metrics: CountingMetrics
        init(label: String, metrics: CountingMetrics) {
            self.label = label
            self.metrics = metrics
        }
        func increment(by amount: Int64) { metrics.add(label, Double(amount)) }
        func reset() { metrics.set(label, 0) }
        func record(_ value: Int64) { metrics.set(label, Double(value)) }
        func record(_ value: Double) { metrics.set(label, value) }
        func recordNanoseconds(_ duration: Int64) { metrics.add(label + "_count", 1) }
    }
}

/// Polls `condition` every few milliseconds for up to `seconds`.
func eventually(within seconds: Double = 5, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return try await condition()
}
