import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeashHTTP
import Testing

/// A real server on a loopback port over a real SQLite file.
@Suite("live server")
struct LiveServerTests {
    @Test("a live server creates its database, serves tokens over TCP, and a restart keeps the data without a new bootstrap secret")
    func liveAndRestart() async throws {
        let first = try await TestServer.make()
        let directory = first.directory
        defer { try? FileManager.default.removeItem(at: directory) }
        let estate = try await first.server.application.test(.live) { client in
            #expect(client.port != nil)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            let estate = try await Estate.make(client, adminSecret: first.adminSecret)
            _ = try await estate.token(client)
            return estate
        }
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("leash.sqlite").path))

        var configuration = LeashConfiguration(
            http: HTTPConfiguration(port: 0), storage: StorageConfiguration(dataDirectory: directory.path),
            tokens: TokensConfiguration(issuer: "https://leash.test"))
        configuration.http.host = "127.0.0.1"
        let second = try await buildApplication(configuration: configuration, metrics: TestServer.metrics, logger: LogCapture().logger())
        #expect(second.bootstrapAdminSecret == nil)
        try await second.application.test(.live) { client in
            let identity = try await client.execute(uri: "/v1/identities/\(estate.identityID)", method: .get, headers: Requests.admin(first.adminSecret))
            #expect(identity.status == .ok)
            _ = try await estate.token(client)
        }
    }

    @Test("with a certificate and key the server speaks HTTPS, and its issuer is https")
    func tls() async throws {
        let pemDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-tls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: pemDirectory) }
        let paths = try TestCertificate.write(into: pemDirectory)
        let server = try await TestServer.make { configuration in
            configuration.http.tlsCertificatePath = paths.certificate
            configuration.http.tlsKeyPath = paths.key
            configuration.tokens.issuer = nil
        }
        #expect(server.server.tokenConfiguration.issuer.hasPrefix("https://127.0.0.1:"))
        try await server.test(.ahc(.https)) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
        }
    }

    @Test("a TLS key that cannot be read stops the server from being built")
    func badTLS() async throws {
        await #expect(throws: ConfigurationError.self) {
            _ = try await TestServer.make { configuration in
                configuration.http.tlsCertificatePath = "/nonexistent/tls.crt"
                configuration.http.tlsKeyPath = "/nonexistent/tls.key"
            }
        }
    }
}
