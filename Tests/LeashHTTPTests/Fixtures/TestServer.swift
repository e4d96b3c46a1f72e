import Foundation
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Logging
import Metrics
import Prometheus

/// A Leash server on a fresh SQLite file in a temporary directory, with its logs captured.
struct TestServer {
    let server: LeashServer
    let adminSecret: String
    let logs: LogCapture
    let directory: URL

    /// The registry swift-metrics records into; bootstrapped once for the whole test process.
    static let metrics: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Builds a server; `configure` may change the configuration first.
    static func make(
        port: Int = 0, configure: (inout LeashConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-http-test-\(UUID().uuidString)")
        var configuration = LeashConfiguration(
            http: HTTPConfiguration(host: "127.0.0.1", port: port),
            storage: StorageConfiguration(dataDirectory: directory.path),
            tokens: TokensConfiguration(issuer: "https://leash.test"))
        configure(&configuration)
        let logs = LogCapture()
        let server = try await buildApplication(configuration: configuration, metrics: metrics, logger: logs.logger())
        guard let secret = server.bootstrapAdminSecret else { throw TestFailure("a fresh database printed no bootstrap secret") }
        return TestServer(server: server, adminSecret: secret, logs: logs, directory: directory)
    }

    /// Runs `body` against the application in process, then removes the data directory.
    func test<Value>(_ setup: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await server.application.test(setup, body)
    }
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
