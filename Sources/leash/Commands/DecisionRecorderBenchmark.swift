import ArgumentParser
import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Logging
import ServiceLifecycle

/// `leash decisions benchmark`: how many decisions per second this machine's disk can record.
///
/// Appends synthetic records through a real `DecisionRecorder` into a real SQLite file (a fresh
/// temporary one unless `--data-dir` is given), from several concurrent producers, and counts until
/// the graceful-shutdown drain has written the last one; then optionally streams them back in time
/// order as the analyzer does.
struct DecisionRecorderBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure decision-record write throughput into a local SQLite file (no server needed)."
    )

    @Option(help: "Records to append.") var records = 1_000_000
    @Option(help: "Concurrent producers (decision threads).") var producers = 4
    @Option(help: "Distinct identities in the synthetic records.") var identities = 10_000
    @Option(help: "Recorder buffer capacity.") var capacity = 65_536
    @Option(help: "Records per write transaction.") var batchSize = 4_096
    @Option(help: ArgumentHelp("Directory for the database (default: a fresh temporary one, removed afterwards).", valueName: "dir"))
    var dataDir: String?
    @Flag(help: "Also stream every record back in time order and report the read rate.") var read = false

    func validate() throws {
        guard records > 0, producers > 0, identities > 0, capacity > 0, batchSize > 0 else {
            throw ValidationError("every count must be positive")
        }
    }

    func run() async throws {
        let temporary = dataDir == nil
        let directory =
            dataDir.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("leash-record-bench-\(UUID().uuidString)")
        defer { if temporary { try? FileManager.default.removeItem(at: directory) } }
        let store = try SQLiteStore(dataDirectory: directory)
        defer { try? store.close() }

        let recorder = DecisionRecorder(
            store: store,
            configuration: DecisionRecorderConfiguration(
                capacity: capacity, batchSize: batchSize, flushInterval: .milliseconds(250), retention: nil))
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [recorder], gracefulShutdownSignals: [], logger: Logger(label: "leash.benchmark")))
        let corpus = SyntheticDecisions(identities: identities)
        let (records, producers) = (self.records, self.producers)

        let start = ContinuousClock.now
        var produced = start
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            await withTaskGroup(of: Void.self) { producing in
                for producer in 0..<producers {
                    producing.addTask {
                        for index in stride(from: producer, to: records, by: producers) {
                            await recorder.record(corpus.record(index))
                        }
                    }
                }
            }
            produced = ContinuousClock.now
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
        let written = ContinuousClock.now
        let statistics = recorder.statistics
        let total = Self.seconds(written - start)
        print("records:            \(statistics.written) of \(records) written (\(producers) producers, capacity \(capacity), batch \(batchSize))")
        print("recorded in:        \(String(format: "%.2f", total)) s (producers done after \(String(format: "%.2f", Self.seconds(produced - start))) s)")
        print("throughput:         \(Int(Double(statistics.written) / total)) records/s")
        print("back-pressure waits: \(statistics.backPressureWaits), write failures: \(statistics.writeFailures)")
        print("database:           \(Self.megabytes(directory)) MiB in \(directory.path)")
        if statistics.written != records { throw ExitCode(1) }

        if read {
            var count = 0
            var previous = Date.distantPast
            var ordered = true
            let readStart = ContinuousClock.now
            try await store.forEachDecision { record in
                count += 1
                if record.time < previous { ordered = false }
                previous = record.time
            }
            let readSeconds = Self.seconds(ContinuousClock.now - readStart)
            print("streamed back:      \(count) records in \(String(format: "%.2f", readSeconds)) s, \(Int(Double(count) / readSeconds)) records/s, time order \(ordered ? "kept" : "BROKEN")")
            if count != records || !ordered { throw ExitCode(1) }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func megabytes(_ directory: URL) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.fileSizeKey])) ?? []
        let bytes = files.reduce(0) { $0 + ((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        return bytes / (1024 * 1024)
    }
}

/// Realistic decision records from fixed pools: identities, operations, sources, reasons.
struct SyntheticDecisions: Sendable {
    let identityIDs: [String]
    let operations: [(api: String, id: String, method: String, path: String)]
    let sources: [String]
    let start = Date()

    init(identities: Int) {
        identityIDs = (0..<identities).map { "svc-\($0)" }
        let apis = ["orders", "billing", "inventory", "shipping", "users"]
        operations = apis.flatMap { api in
            ["get", "list", "create", "update", "delete"].enumerated().map { index, verb in
                (api, "\(verb)\(api.capitalized)", ["GET", "GET", "POST", "PUT", "DELETE"][index], "/\(api)/{id}")
            }
        }
        sources = (0..<1_000).map { "10.\($0 / 256).\($0 % 256).7" }
    }

    func record(_ index: Int) -> DecisionRecord {
        let operation = operations[index % operations.count]
        let allowed = index % 10 != 0
        return DecisionRecord(
            time: start.addingTimeInterval(Double(index) / 1_000_000), identityID: identityIDs[index % identityIDs.count],
            credentialID: "cred_\(index % identityIDs.count)", jti: "jti-\(index)", api: operation.api,
            operationID: operation.id, method: operation.method, path: "/\(operation.api)/\(index % 997)", allowed: allowed,
            reason: allowed ? "allowed" : "scope_missing", policyIDs: allowed ? ["baseline-permit"] : [],
            sourceAddress: sources[(index / 7) % sources.count], latencyMicroseconds: 40 + index % 60)
    }
}
