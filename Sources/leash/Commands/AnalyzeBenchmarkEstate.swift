import ArgumentParser
import Foundation
import LeashCore
import LeashStore

/// `leash analyze generate`: a large synthetic estate with its decision records, for the analysis benchmark
/// (Benchmarks/analysis/run.sh).
struct AnalyzeBenchmarkEstate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic estate and its decision records into a new data directory (benchmarks)."
    )

    @Option(help: ArgumentHelp("New data directory (must not hold a database yet).", valueName: "dir")) var dataDir: String
    @Option(help: "Decision records to write.") var records = 10_000_000
    @Option(help: "Identities.") var identities = 10_000
    @Option(help: "Days the records span, ending now.") var days = 120
    @Option(help: "Records per transaction.") var batchSize = 50_000

    func validate() throws {
        guard records > 0, identities > 0, days > 0, batchSize > 0 else { throw ValidationError("every count must be positive") }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: dataDir)
        guard !FileManager.default.fileExists(atPath: directory.appendingPathComponent("leash.sqlite").path) else {
            throw ValidationError("\(dataDir) already holds a database")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(dataDirectory: directory)
        defer { try? store.close() }
        let now = Date()
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        let verbs = [("get", "GET", "read"), ("list", "GET", "read"), ("create", "POST", "write"), ("update", "PUT", "write"), ("delete", "DELETE", "admin")]
        let apiNames = ["orders", "billing", "inventory", "shipping", "users", "payments", "reports", "search", "audit", "profiles"]
        let sensitivities: [Sensitivity] = [.internal, .confidential, .internal, .public, .restricted]
        let operations = apiNames.enumerated().flatMap { apiIndex, api in
            verbs.map { verb, method, scope in
                Operation(
                    api: api, id: "\(verb)\(api.capitalized)", method: method, pathTemplate: verb == "list" ? "/\(api)" : "/\(api)/{id}",
                    scope: "\(api):\(scope)", sensitivity: sensitivities[apiIndex % sensitivities.count], scopeSource: .leashExtension)
            }
        }
        let identityCount = identities
        try await store.write { transaction in
            for (index, api) in apiNames.enumerated() {
                try transaction.insert(
                    API(name: api, audience: "https://\(api).example.com", owner: "team-\(index)",
                        sensitivity: sensitivities[index % sensitivities.count], createdAt: start, updatedAt: start))
                try transaction.replaceOperations(api: api, with: operations.filter { $0.api == api })
            }
            for index in 0..<identityCount {
                let id = "svc-\(index)"
                try transaction.insert(
                    Identity(
                        id: id, kind: .service, name: id, owner: index % 97 == 0 ? "" : "team-\(index % 50)",
                        trustTier: index % 53 == 0 ? .partner : .internal, environment: index % 2 == 0 ? "production" : "staging",
                        reviewBy: index % 31 == 0 ? start : nil, createdAt: start.addingTimeInterval(-86_400 * 200), updatedAt: start))
                try transaction.insert(
                    Credential(id: "cred_\(index)", identityID: id, kind: .clientSecret, secretHash: String(format: "%064x", index),
                        createdAt: start.addingTimeInterval(-86_400 * Double(index % 300))))
                for scope in ["read", "write", "admin"] {
                    let api = apiNames[index % apiNames.count]
                    try transaction.insert(
                        Grant(id: "grant_\(index)_\(scope)", identityID: id, api: api, scope: "\(api):\(scope)", grantedBy: "system",
                            createdAt: start.addingTimeInterval(-86_400 * 200)))
                }
            }
        }
        let totalRecords = records
        let span = now.timeIntervalSince(start) - 1
        let sources = (0..<2_000).map { "10.\($0 / 256).\($0 % 256).9" }
        let began = ContinuousClock.now
        var written = 0
        while written < totalRecords {
            let count = min(batchSize, totalRecords - written)
            var batch: [DecisionRecord] = []
            batch.reserveCapacity(count)
            for index in written..<(written + count) {
                // Identities call mostly their own API's read operations; a tenth are denied.
                let identity = (index &* 7_919) % identityCount
                let api = apiNames[identity % apiNames.count]
                let operation = operations[(identity % apiNames.count) * verbs.count + (index % 11 == 0 ? 2 : index % 2)]
                let allowed = index % 10 != 0
                batch.append(
                    DecisionRecord(
                        time: start.addingTimeInterval(span * Double(index) / Double(totalRecords)), identityID: "svc-\(identity)",
                        credentialID: "cred_\(identity)", jti: nil, api: api, operationID: operation.id, method: operation.method,
                        path: "/\(api)/\(index % 997)", allowed: allowed, reason: allowed ? "allowed" : "scope_missing",
                        sourceAddress: sources[(identity + index % 3) % sources.count], latencyMicroseconds: 50,
                        act: index % 1_000 == 0 ? ["agent-\(identity % 10)"] : []))
            }
            try await store.appendDecisions(batch)
            written += count
            let seconds = Double((ContinuousClock.now - began).components.seconds)
            FileHandle.standardError.write(Data("\r\(written.formatted()) / \(totalRecords.formatted()) records (\(Int(seconds)) s)".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print("wrote \(identityCount) identities, \(operations.count) operations and \(written) records into \(dataDir)")
    }
}
