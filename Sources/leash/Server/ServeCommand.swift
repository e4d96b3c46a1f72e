import ArgumentParser
import Foundation
import LeashHTTP
import Logging
import Metrics
import Prometheus

/// `leash serve`: run the control plane until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Leash server.",
        discussion: """
            Settings come from flags, then LEASH_* environment variables, then the JSON config file, \
            then defaults (see docs/configuration.md). The first start creates the database, a signing \
            key and prints the bootstrap admin secret once.
            """
    )

    @OptionGroup var settings: ServerSettings

    func run() async throws {
        let configuration = try settings.resolve()
        let logger = ServerSettings.bootstrapLogging(level: settings.logLevel)
        let registry = ServerSettings.bootstrapMetrics()
        let server = try await buildApplication(configuration: configuration, metrics: registry, logger: logger)
        if let secret = server.bootstrapAdminSecret {
            BootstrapBanner.print(secret: secret)
        }
        logger.info(
            "leash listening",
            metadata: [
                "address": "\(configuration.http.host):\(configuration.http.port)",
                "issuer": "\(server.tokenConfiguration.issuer)",
                "database": "\((try? configuration.storage.sqlitePath()) ?? "")",
            ])
        try await server.application.runService()
    }
}

/// The settings `serve` and `demo` share, as flags.
struct ServerSettings: ParsableArguments {
    @Option(help: ArgumentHelp("Address to listen on, HOST:PORT (env LEASH_LISTEN; default 127.0.0.1:8414).", valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("Directory for the database (env LEASH_DATA_DIR; default ./leash-data).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("Database URL sqlite:PATH (env LEASH_DATABASE).", valueName: "url"))
    var database: String?

    @Option(help: ArgumentHelp("Issuer URL: token `iss` and endpoint base (env LEASH_ISSUER).", valueName: "url"))
    var issuer: String?

    @Option(help: ArgumentHelp("JSON config file (env LEASH_CONFIG).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("TLS certificate chain, PEM (env LEASH_TLS_CERT).", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("TLS private key, PEM (env LEASH_TLS_KEY).", valueName: "file"))
    var tlsKey: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env LEASH_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: ArgumentHelp("Decision records held in memory before decisions wait (env LEASH_DECISION_BUFFER; default 65536).", valueName: "records"))
    var decisionBuffer: Int?

    @Option(help: ArgumentHelp("Longest wait of a decision record before it is written (env LEASH_DECISION_FLUSH_MS; default 250).", valueName: "ms"))
    var decisionFlushMs: Int?

    @Option(help: ArgumentHelp("Days raw decision records are kept, 0 forever (env LEASH_DECISION_RETENTION_DAYS; default 90).", valueName: "days"))
    var decisionRetentionDays: Int?

    @Option(help: ArgumentHelp("Seconds the decision snapshot may go unconfirmed before decisions fail closed (env LEASH_DECISION_STALENESS_SECONDS; default 30).", valueName: "seconds"))
    var decisionStalenessSeconds: Int?

    @Option(help: ArgumentHelp("Comma-separated addresses or CIDR ranges whose X-Real-IP/X-Forwarded-For the gateway check believes (env LEASH_GATEWAY_TRUSTED_PROXIES; default 127.0.0.0/8,::1).", valueName: "ranges"))
    var gatewayTrustedProxies: String?

    /// The flags as overrides.
    var flags: ConfigurationOverrides {
        ConfigurationOverrides(
            listen: listen, dataDir: dataDir, database: database, issuer: issuer, tlsCert: tlsCert, tlsKey: tlsKey,
            decisionBuffer: decisionBuffer, decisionFlushMs: decisionFlushMs, decisionRetentionDays: decisionRetentionDays,
            decisionStalenessSeconds: decisionStalenessSeconds,
            gatewayTrustedProxies: gatewayTrustedProxies.map(ConfigurationOverrides.list))
    }

    /// Flags > environment > config file > defaults.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LeashConfiguration {
        do {
            let fromEnvironment = try ConfigurationOverrides(environment: environment)
            var fromFile = ConfigurationOverrides()
            if let path = config ?? environment["LEASH_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ConfigurationError.invalid("cannot read config file \(path)")
                }
                fromFile = try ConfigurationOverrides(configFile: data, path: path)
            }
            return try LeashConfiguration.resolve(flags: flags, environment: fromEnvironment, file: fromFile)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// Installs the JSON log handler (on standard error, so standard output carries only what
    /// a person must read, such as the bootstrap secret) and returns the server's logger.
    static func bootstrapLogging(level: String?) -> Logger {
        let text = level ?? ProcessInfo.processInfo.environment["LEASH_LOG_LEVEL"] ?? "info"
        let logLevel = Logger.Level(rawValue: text.lowercased()) ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: logLevel, output: .standardError) }
        return Logger(label: "leash")
    }

    /// Routes swift-metrics into a Prometheus registry (once per process) and returns it.
    static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}

/// The one-time display of the bootstrap admin secret.
enum BootstrapBanner {
    static func print(secret: String) {
        let text = """

            ================================================================
             LEASH BOOTSTRAP ADMIN SECRET (shown once, never again)
             Store it now; it has the admin role.

             LEASH_ADMIN_TOKEN=\(secret)
            ================================================================

            """
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
