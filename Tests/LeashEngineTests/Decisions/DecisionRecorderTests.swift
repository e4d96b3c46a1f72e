import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Logging
import ServiceLifecycle
import Testing

@Suite("Decision recorder")
struct DecisionRecorderTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func record(_ n: Int, identity: String = "orders-svc", day: Int = 0, allowed: Bool = true) -> DecisionRecord {
        DecisionRecord(
            time: start.addingTimeInterval(Double(day) * 86_400 + Double(n) / 1_000), identityID: identity,
            jti: "jti-\(n)", api: "orders", operationID: n % 2 == 0 ? "getOrder" : "listOrders", method: "GET",
            path: "/orders/\(n)", allowed: allowed, reason: allowed ? "allowed" : "scope_missing",
            sourceAddress: "10.0.\(n % 3).1", latencyMicroseconds: n)
    }

    /// Runs `recorder` as a service while `body` runs, then shuts it down gracefully and waits for it.
    static func running(_ recorder: DecisionRecorder, _ body: () async throws -> Void) async throws {
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [recorder], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            do {
                try await body()
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    @Test("under overload callers wait for room and no record is lost")
    func backPressure() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        let gate = GatedDecisionLog(base: temporary.store, open: false)
        let metrics = CountingMetrics()
        let recorder = DecisionRecorder(
            store: gate, configuration: .init(capacity: 8, batchSize: 4, flushInterval: .milliseconds(5), retention: nil),
            metricsFactory: metrics)
        try await Self.running(recorder) {
            try await withThrowingTaskGroup(of: Void.self) { callers in
                for n in 0..<200 { callers.addTask { await recorder.record(Self.record(n)) } }
                // The store is blocked: the buffer fills to capacity and the rest wait.
                #expect(await eventually { recorder.statistics.backPressureWaits > 0 })
                #expect(recorder.statistics.buffered <= 8)
                #expect(metrics.value("leash_decision_records_backpressure_waits_total") > 0)
                gate.open()
                try await callers.waitForAll()
            }
            #expect(await eventually { recorder.statistics.written == 200 })
        }
        let stored = try await temporary.allRecords()
        #expect(stored.count == 200)
        #expect(Set(stored.map(\.path)).count == 200)
        #expect(metrics.value("leash_decision_records_written_total") == 200)
        #expect(metrics.value("leash_decision_records_buffered") == 0)
        #expect(metrics.value("leash_decision_records_write_seconds_count") >= 50)
    }

    @Test("a wake-up writes what was buffered when it came; records arriving meanwhile wait for the tick or a full batch")
    func wakeUpWritesWhatItFound() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        let gate = GatedDecisionLog(base: temporary.store, open: false)
        let recorder = DecisionRecorder(
            store: gate, configuration: .init(capacity: 100, batchSize: 4, flushInterval: .seconds(3_600), retention: nil))
        // Generous waits: under a loaded CI machine the service may start seconds late. What the test
        // asserts is an order of events, never a duration.
        try await Self.running(recorder) {
            for n in 0..<4 { await recorder.record(Self.record(n)) }  // a full batch wakes the writer
            #expect(await eventually(within: 60) { gate.heldWrites == 1 })  // and its write is held at the gate
            for n in 4..<6 { await recorder.record(Self.record(n)) }  // a trickle arrives meanwhile
            gate.open()
            #expect(await eventually(within: 60) { recorder.statistics.written == 4 })
            try await Task.sleep(for: .milliseconds(200))
            // The trickle is not chased with a transaction of its own: it waits for the next tick...
            #expect(recorder.statistics.written == 4)
            #expect(gate.appendCalls == 1)
            // ...or for its batch to fill.
            for n in 6..<8 { await recorder.record(Self.record(n)) }
            #expect(await eventually(within: 60) { recorder.statistics.written == 8 })
            #expect(gate.appendCalls == 2)
            await recorder.record(Self.record(8))
        }
        // Graceful shutdown writes what is left.
        #expect(try await temporary.allRecords().count == 9)
    }

    @Test("graceful shutdown writes every buffered record before run returns")
    func shutdownFlush() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        // An hour between ticks and batches larger than the load: only the shutdown drain writes.
        let recorder = DecisionRecorder(
            store: temporary.store,
            configuration: .init(capacity: 100_000, batchSize: 50_000, flushInterval: .seconds(3_600), retention: nil))
        try await Self.running(recorder) {
            for n in 0..<5_000 { await recorder.record(Self.record(n)) }
            #expect(recorder.statistics.written == 0)
            #expect(recorder.statistics.buffered == 5_000)
        }
        #expect(recorder.statistics.written == 5_000)
        #expect(recorder.statistics.buffered == 0)
        #expect(try await temporary.allRecords().count == 5_000)
    }

    @Test("shutdown also writes the records of callers still waiting for room")
    func shutdownWithWaiters() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        let gate = GatedDecisionLog(base: temporary.store, open: false)
        let recorder = DecisionRecorder(
            store: gate, configuration: .init(capacity: 4, batchSize: 2, flushInterval: .seconds(3_600), retention: nil))
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [recorder], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            for n in 0..<20 { group.addTask { await recorder.record(Self.record(n)) } }
            #expect(await eventually { recorder.statistics.backPressureWaits >= 16 })
            await services.triggerGracefulShutdown()
            try await Task.sleep(for: .milliseconds(20))
            gate.open()
            try await group.waitForAll()
        }
        #expect(try await temporary.allRecords().count == 20)
    }

    @Test("a failed write keeps its records and the next attempt writes them")
    func retryAfterFailure() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        let gate = GatedDecisionLog(base: temporary.store)
        gate.fail(next: 2)
        let metrics = CountingMetrics()
        let recorder = DecisionRecorder(
            store: gate, configuration: .init(batchSize: 10, flushInterval: .seconds(3_600), retention: nil),
            metricsFactory: metrics)
        for n in 0..<25 { await recorder.record(Self.record(n)) }
        #expect(await recorder.flush() == false)
        #expect(await recorder.flush() == false)
        #expect(recorder.statistics.buffered == 25)
        #expect(await recorder.flush())
        #expect(recorder.statistics.writeFailures == 2)
        #expect(metrics.value("leash_decision_records_write_failures_total") == 2)
        let stored = try await temporary.allRecords()
        #expect(stored.map(\.path) == (0..<25).map { "/orders/\($0)" })
    }

    @Test("usage is aggregated per identity × operation × day across batches")
    func usageAcrossBatches() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        let recorder = DecisionRecorder(
            store: temporary.store, configuration: .init(batchSize: 3, flushInterval: .seconds(3_600), retention: nil))
        // Day 0: 10 calls (5 getOrder, 5 listOrders; 2 denied); day 1: 4 calls; another identity: 1.
        for n in 0..<10 { await recorder.record(Self.record(n, allowed: n >= 2)) }
        await recorder.flush()
        for n in 0..<4 { await recorder.record(Self.record(n, day: 1)) }
        await recorder.record(Self.record(0, identity: "billing-svc"))
        await recorder.flush()
        let usage = try await temporary.store.usage(identity: "orders-svc")
        let byKey = Dictionary(uniqueKeysWithValues: usage.map { ("\($0.key.operationID)@\($0.key.day - 20_833)", $0.counters) })
        #expect(byKey.keys.sorted() == ["getOrder@0", "getOrder@1", "listOrders@0", "listOrders@1"])
        #expect(byKey["getOrder@0"]?.allowed == 4)
        #expect(byKey["getOrder@0"]?.denied == 1)
        #expect(byKey["listOrders@0"]?.allowed == 4)
        #expect(byKey["listOrders@0"]?.denied == 1)
        #expect(byKey["getOrder@0"]?.distinctSources == 3)
        #expect(byKey["getOrder@0"]?.firstSeen == Self.start)
        // Stored times are whole milliseconds.
        #expect(byKey["getOrder@0"]?.lastSeen.timeIntervalSince1970.milliseconds == Self.start.addingTimeInterval(0.008).timeIntervalSince1970.milliseconds)
        #expect(byKey["getOrder@1"]?.total == 2)
        #expect(try await temporary.store.usage(identity: "billing-svc").count == 1)
    }

    @Test("retention prunes raw records older than the period and keeps usage")
    func retention() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        let recorder = DecisionRecorder(
            store: temporary.store,
            configuration: .init(flushInterval: .seconds(3_600), retention: .seconds(7 * 86_400)))
        for day in 0..<10 { await recorder.record(Self.record(day, day: day)) }
        await recorder.flush()
        let now = Self.start.addingTimeInterval(10 * 86_400)
        #expect(await recorder.prune(now: now) == 3)
        let left = try await temporary.allRecords()
        #expect(left.count == 7)
        #expect(left.allSatisfy { $0.time >= now.addingTimeInterval(-7 * 86_400) })
        let usageTotal = try await temporary.store.usage(identity: "orders-svc").map(\.counters.total).reduce(0, +)
        #expect(usageTotal == 10)
        #expect(recorder.statistics.pruned == 3)

        let keepForever = DecisionRecorder(store: temporary.store, configuration: .init(retention: nil))
        #expect(await keepForever.prune(now: now.addingTimeInterval(1_000 * 86_400)) == 0)
        #expect(try await temporary.allRecords().count == 7)
    }

    @Test("the running service prunes on its own schedule")
    func scheduledPruning() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        let old = (0..<3).map { n in
            var record = Self.record(n)
            record.time = Date().addingTimeInterval(-30 * 86_400 + Double(n))
            return record
        }
        try await temporary.store.appendDecisions(old, usage: .aggregating(old))
        let recorder = DecisionRecorder(
            store: temporary.store,
            configuration: .init(flushInterval: .milliseconds(5), retention: .seconds(86_400), pruneInterval: .milliseconds(10)))
        try await Self.running(recorder) {
            #expect(await eventually { recorder.statistics.pruned == 3 })
            var fresh = Self.record(1)
            fresh.time = Date()
            await recorder.record(fresh)
            #expect(await eventually { recorder.statistics.written == 1 })
        }
        #expect(try await temporary.allRecords().count == 1)
        #expect(try await temporary.store.usage(identity: "orders-svc").map(\.counters.total).reduce(0, +) == 4)
    }

    @Test("after shutdown a record is written by its caller")
    func afterShutdown() async throws {
        let temporary = try TemporarySQLiteStore()
        defer { temporary.close() }
        let recorder = DecisionRecorder(store: temporary.store, configuration: .init(retention: nil))
        try await Self.running(recorder) {}
        await recorder.record(Self.record(1))
        #expect(try await temporary.allRecords().count == 1)
    }
}

extension TimeInterval {
    /// Whole milliseconds, as the store keeps times.
    var milliseconds: Int64 { Int64((self * 1_000).rounded()) }
}
