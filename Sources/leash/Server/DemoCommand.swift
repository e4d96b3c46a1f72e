import ArgumentParser
import Foundation
import LeashHTTP
import Logging
import Synchronization

/// `leash demo`: a server with a realistic small estate on a throw-away data directory.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a server on a temporary data directory with a demo estate, and print what to try."
    )

    @Option(help: ArgumentHelp("Address to listen on, HOST:PORT.", valueName: "host:port"))
    var listen: String = "127.0.0.1:8414"

    @Option(help: "Log level for the JSON logs on standard error.")
    var logLevel: String = "warning"

    func run() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("leash-demo-\(UUID().uuidString.prefix(8).lowercased())").path
        let configuration: LeashConfiguration
        do {
            configuration = try LeashConfiguration.resolve(
                flags: ConfigurationOverrides(listen: listen, dataDir: dataDirectory), environment: ConfigurationOverrides())
        } catch {
            throw ValidationError(error.description)
        }
        // The issuer (and so every URL the demo prints) is derived from the address, so it must be fixed.
        guard configuration.http.port != 0 else { throw ValidationError("the demo needs a fixed port, not 0") }
        let logger = ServerSettings.bootstrapLogging(level: logLevel)
        let registry = ServerSettings.bootstrapMetrics()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }

        // The guide is printed once the server listens, so that every command it shows works at once.
        let pending = PendingGuide()
        let server = try await buildApplication(
            configuration: configuration, metrics: registry, logger: logger,
            onServerRunning: { _ in pending.print() })
        guard let adminSecret = server.bootstrapAdminSecret else {
            throw CLIError("the demo data directory was not fresh")
        }
        let seeded = try await DemoEstate.seed(server.inventory, issuer: server.tokenConfiguration.issuer)
        pending.set(Self.guide(
            base: server.tokenConfiguration.issuer, adminSecret: adminSecret, seeded: seeded, dataDirectory: dataDirectory))
        try await server.application.runService()
    }

    static func guide(base: String, adminSecret: String, seeded: DemoEstate.Seeded, dataDirectory: String) -> String {
        """

        Leash demo is running at \(base)  (data in \(dataDirectory), deleted on exit; Ctrl-C stops)

        Admin secret (admin role):
          export LEASH_SERVER=\(base)
          export LEASH_ADMIN_TOKEN=\(adminSecret)

        Demo client:
          client_id     \(seeded.clientID)
          client_secret \(seeded.clientSecret)

        Get a token (client_credentials, client_secret_basic):
          TOKEN=$(curl -s -u '\(seeded.clientID):\(seeded.clientSecret)' \\
            -d grant_type=client_credentials -d resource=\(seeded.audience) -d scope='\(seeded.scopes)' \\
            \(base)/oauth/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

        Ask the decision point what nginx's auth_request would (200 with X-Leash-Identity, or 401/403 with X-Leash-Reason):
          curl -si -H "Authorization: Bearer $TOKEN" -H 'X-Original-Method: GET' -H 'X-Original-URI: /orders/42' \(base)/gateway/check
          curl -si -H "Authorization: Bearer $TOKEN" -H 'X-Original-Method: POST' -H 'X-Original-URI: /deployments' \(base)/gateway/check
          curl -si -H "Authorization: Bearer $TOKEN" -H 'X-Original-Method: GET' -H 'X-Original-URI: /orders/%2e%2e/admin' \(base)/gateway/check
          leash usage \(seeded.clientID)        # what it really used, from the recorded decisions
          leash policy history                 # the Cedar policy set in force (examples/policies)

        Introspect it, revoke it, introspect again:
          curl -s -u '\(seeded.clientID):\(seeded.clientSecret)' -d token=$TOKEN \(base)/oauth/introspect
          curl -s -u '\(seeded.clientID):\(seeded.clientSecret)' -d token=$TOKEN \(base)/oauth/revoke
          curl -s -u '\(seeded.clientID):\(seeded.clientSecret)' -d token=$TOKEN \(base)/oauth/introspect

        Ask for a scope that is not granted (refused with invalid_scope):
          curl -s -u '\(seeded.clientID):\(seeded.clientSecret)' -d grant_type=client_credentials \\
            -d resource=\(seeded.audience) -d scope=orders.delete \(base)/oauth/token

        Look around:
          leash identity list
          leash grant list --identity \(seeded.clientID)
          leash api list
          leash issuer list
          leash audit verify
          leash api operations orders
          leash analyze --data-dir \(dataDirectory)   # findings, read straight from the database
          curl -s \(base)/.well-known/oauth-authorization-server
          curl -s \(base)/jwks.json

        """
    }
}

/// The demo's guide, written to standard output when the server starts listening (not before:
/// a command copied from it at once must not be refused).
private final class PendingGuide: Sendable {
    private let text = Mutex<String?>(nil)

    func set(_ guide: String) { text.withLock { $0 = guide } }

    func print() {
        guard let guide = text.withLock({ $0 }) else { return }
        FileHandle.standardOutput.write(Data(guide.utf8))
    }
}
