import Foundation
import LeashCore
import LeashStore
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Records every decision of the decision point: a bounded in-memory buffer written to the store in
/// batches, with usage aggregated per identity × operation × day and merged into the stored aggregates
/// in the same transaction.
///
/// **Nothing is dropped.** When `capacity` records are in memory, `record(_:)` waits until a write
/// frees room (back-pressure, counted by `leash_decision_records_backpressure_waits_total`): under
/// overload the decision point slows to the store's write speed rather than losing evidence. A write
/// that fails keeps its records at the head of the buffer and is retried on the next tick.
/// (Back-pressure was chosen over spilling to a local file: one durable place, no replay step, and a
/// store that cannot keep up is visible at once in latency and in the metric.)
///
/// Runs as a `Service`: it writes a batch as soon as `batchSize` records are buffered and everything
/// buffered every `flushInterval`; on graceful shutdown (SIGTERM) it writes everything still in memory,
/// including callers waiting for room, before `run()` returns. When `retention` is set it prunes raw
/// records older than that at start and every `pruneInterval` (usage aggregates are kept).
public final class DecisionRecorder: Service, Sendable {
    private struct State {
        /// Buffered records in batches of at most `batchSize`, oldest first.
        var batches: [[DecisionRecord]] = []
        /// Records in `batches` plus records being written.
        var inMemory = 0
        /// Callers waiting for room, with the record each brings, oldest first.
        var waiting: [(DecisionRecord, CheckedContinuation<Bool, Never>)] = []
        /// Set once `run()` has drained: later records are written by their caller.
        var stopped = false
        var statistics = DecisionRecorderStatistics()
    }

    private let state = Mutex(State())
    private let store: any DecisionLogStore
    private let configuration: DecisionRecorderConfiguration
    private let clock: any Clock<Duration>
    private let metrics: DecisionRecorderMetrics
    private let logger: Logger
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// Creates a recorder writing to `store`.
    public init(
        store: any DecisionLogStore,
        configuration: DecisionRecorderConfiguration = .init(),
        clock: any Clock<Duration> = ContinuousClock(),
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger = Logger(label: "leash.decisions.recorder")
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.metrics = DecisionRecorderMetrics(factory: metricsFactory)
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    // MARK: Recording

    /// Records one decision. Returns at once while there is room; when `capacity` records are in
    /// memory it waits until a write frees room (the record is never dropped).
    public func record(_ record: DecisionRecord) async {
        enum Outcome { case buffered, batchFull, mustWait, stopped }
        let outcome = state.withLock { state -> Outcome in
            if state.stopped { return .stopped }
            guard state.inMemory < configuration.capacity, state.waiting.isEmpty else { return .mustWait }
            return append(record, to: &state) ? .batchFull : .buffered
        }
        switch outcome {
        case .buffered:
            return
        case .batchFull:
            metrics.buffered.record(statistics.buffered)
            wake.yield()
        case .mustWait:
            await waitForRoom(record)
        case .stopped:
            await writeAfterStop(record)
        }
    }

    /// Appends to the newest batch (or starts one); true when that batch just became full.
    private func append(_ record: DecisionRecord, to state: inout State) -> Bool {
        state.inMemory += 1
        state.statistics.buffered = state.inMemory
        if let last = state.batches.indices.last, state.batches[last].count < configuration.batchSize {
            state.batches[last].append(record)
            return state.batches[last].count == configuration.batchSize
        }
        var batch: [DecisionRecord] = []
        batch.reserveCapacity(configuration.batchSize)
        batch.append(record)
        state.batches.append(batch)
        return configuration.batchSize == 1
    }

    private func waitForRoom(_ record: DecisionRecord) async {
        metrics.backPressureWaits.increment()
        wake.yield()
        // Not cancellable on purpose: a cancelled caller's decision is still evidence.
        let writeItself = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let outcome = state.withLock { state -> Bool? in
                state.statistics.backPressureWaits += 1
                if state.stopped { return true }
                if state.inMemory < configuration.capacity && state.waiting.isEmpty {
                    _ = append(record, to: &state)
                    return false
                }
                state.waiting.append((record, continuation))
                return nil
            }
            if let outcome { continuation.resume(returning: outcome) }
        }
        if writeItself { await writeAfterStop(record) }
    }

    /// After shutdown nothing runs the writer: the caller writes its own record.
    private func writeAfterStop(_ record: DecisionRecord) async {
        do {
            try await store.appendDecisions([record])
            state.withLock { $0.statistics.written += 1 }
            metrics.written.increment()
        } catch {
            logger.error("a decision record could not be written after shutdown", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Writing

    /// What the recorder has done so far (the numbers its metrics report).
    public var statistics: DecisionRecorderStatistics { state.withLock { $0.statistics } }

    /// Writes every record in memory now, including those of callers waiting for room. Returns false
    /// if a write failed (the unwritten records stay buffered for the next attempt).
    @discardableResult
    public func flush() async -> Bool {
        while let batch = takeBatch() {
            guard await write(batch) else { return false }
        }
        return true
    }

    private func takeBatch() -> [DecisionRecord]? {
        state.withLock { state in
            state.batches.isEmpty ? nil : state.batches.removeFirst()
        }
    }

    /// What one wake-up writes: the batches buffered when it came, then any batch that fills (or any
    /// caller that waits for room) meanwhile. A batch still filling after that waits for the next
    /// tick, so under steady load each transaction carries up to `batchSize` records rather than the
    /// few that arrived while the previous one was written: a commit writes every page it touched, and
    /// chasing each trickle of records would pay that for a handful of rows. Returns false if a write
    /// failed.
    private func writeBuffered() async -> Bool {
        var pending = state.withLock { $0.batches.count }
        while true {
            let batch = state.withLock { state -> [DecisionRecord]? in
                guard let first = state.batches.first else { return nil }
                guard pending > 0 || first.count >= configuration.batchSize || !state.waiting.isEmpty else { return nil }
                return state.batches.removeFirst()
            }
            guard let batch else { return true }
            pending -= 1
            guard await write(batch) else { return false }
        }
    }

    /// Writes one batch and its usage in one transaction; on success frees its room for waiting callers.
    private func write(_ batch: [DecisionRecord]) async -> Bool {
        let start = ContinuousClock.now
        do {
            try await store.appendDecisions(batch)
        } catch {
            let buffered = state.withLock { state in
                state.batches.insert(batch, at: 0)
                state.statistics.writeFailures += 1
                return state.inMemory
            }
            metrics.writeFailures.increment()
            logger.error(
                "decision records could not be written; retrying", metadata: ["records": "\(buffered)", "error": "\(error)"])
            return false
        }
        metrics.writeLatency.recordNanoseconds(Self.nanoseconds(ContinuousClock.now - start))
        metrics.written.increment(by: batch.count)
        let (admitted, buffered) = state.withLock { state in
            state.inMemory -= batch.count
            state.statistics.written += batch.count
            var admitted: [CheckedContinuation<Bool, Never>] = []
            while state.inMemory < configuration.capacity, !state.waiting.isEmpty {
                let (record, continuation) = state.waiting.removeFirst()
                _ = append(record, to: &state)
                admitted.append(continuation)
            }
            state.statistics.buffered = state.inMemory
            return (admitted, state.inMemory)
        }
        metrics.buffered.record(buffered)
        for continuation in admitted { continuation.resume(returning: false) }
        return true
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    // MARK: Retention

    /// Deletes raw records older than the retention period before `now`; returns how many (0 when
    /// retention is off or the store failed, which is logged and retried on the next run).
    @discardableResult
    public func prune(now: Date = Date()) async -> Int {
        guard let retention = configuration.retention else { return 0 }
        let (seconds, attoseconds) = retention.components
        let cutoff = now.addingTimeInterval(-(Double(seconds) + Double(attoseconds) / 1e18))
        do {
            let removed = try await store.pruneDecisions(before: cutoff)
            state.withLock { $0.statistics.pruned += removed }
            metrics.pruned.increment(by: removed)
            if removed > 0 { logger.info("pruned decision records past retention", metadata: ["records": "\(removed)"]) }
            return removed
        } catch {
            logger.error("decision records could not be pruned", metadata: ["error": "\(error)"])
            return 0
        }
    }

    // MARK: Service

    /// Writes full batches at once and everything every `flushInterval`, prunes on schedule, and on
    /// graceful shutdown writes everything still in memory before returning. Run it once.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await self.clock.sleep(for: self.configuration.flushInterval)
                    self.wake.yield()
                }
            }
            if self.configuration.retention != nil {
                group.addTask {
                    while !Task.isCancelled {
                        await self.prune()
                        try? await self.clock.sleep(for: self.configuration.pruneInterval)
                    }
                }
            }
            // A wake-up is a full batch, a waiting caller or a tick: write what is buffered.
            // Graceful shutdown ends the wake-ups rather than cancelling, so a write in progress
            // completes instead of being interrupted.
            await withGracefulShutdownHandler {
                for await _ in self.wakeups {
                    _ = await self.writeBuffered()
                }
            } onGracefulShutdown: {
                self.wake.finish()
            }
            group.cancelAll()
        }
        await drain()
    }

    /// Writes everything in memory, retrying a failing store a few times; then later records are
    /// written by their callers.
    private func drain() async {
        var attempt = 0
        while true {
            if await flush() {
                // Stop only when nothing arrived meanwhile, atomically with the check.
                let done = state.withLock { state -> Bool in
                    guard state.batches.isEmpty, state.waiting.isEmpty else { return false }
                    state.stopped = true
                    return true
                }
                if done { return }
            } else {
                attempt += 1
                if attempt >= 5 {
                    let (lost, waiting) = state.withLock { state in
                        state.stopped = true
                        let waiting = state.waiting.map(\.1)
                        state.waiting = []
                        return (state.inMemory, waiting)
                    }
                    logger.critical(
                        "decision records could not be written at shutdown", metadata: ["records": "\(lost)"])
                    // Waiting callers try once more themselves.
                    for continuation in waiting { continuation.resume(returning: true) }
                    return
                }
                try? await clock.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }
}
