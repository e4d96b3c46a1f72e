import Foundation
import LeashCore
import LeashEngine
import LeashStore

/// A catalog service over a real SQLite file in a fresh temp dir, with a fixed clock.
struct CatalogFixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let actor = "admin_test"

    let directory: URL
    let store: SQLiteStore
    let catalog: CatalogService

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-catalog-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        catalog = CatalogService(store: store, now: { Self.now })
    }

    /// Runs `body` with a fresh fixture and removes its files afterwards.
    static func with(_ body: (CatalogFixture) async throws -> Void) async throws {
        let fixture = try CatalogFixture()
        defer {
            try? fixture.store.close()
            try? FileManager.default.removeItem(at: fixture.directory)
        }
        try await body(fixture)
    }

    /// Imports `document` into `api`, creating it with a default audience and owner.
    @discardableResult
    func load(_ document: String, api: String = "orders", format: OpenAPIFormat? = nil) async throws -> CatalogImport {
        try await catalog.importOpenAPI(
            api: api, document: Data(document.utf8), format: format, audience: "https://\(api).example.com",
            owner: "team-\(api)", actor: Self.actor)
    }

    /// Every audit event so far.
    func audit() async throws -> [AuditEvent] { try await store.auditEvents(after: 0, limit: 1000) }
}

/// A minimal OpenAPI document around `paths` (YAML, indented under `paths:`), with an OAuth scheme `oauth`,
/// an OIDC scheme `oidc` and an API key scheme `key`.
func yamlDocument(version: String = "3.1.0", root: String = "", paths: String) -> String {
    """
    openapi: \(version)
    info:
      title: Orders
      version: 1.0.0
    \(root)
    paths:
    \(paths)
    components:
      securitySchemes:
        oauth:
          type: oauth2
          flows:
            clientCredentials:
              tokenUrl: https://auth.example.com/token
              scopes:
                orders.read: Read orders
                orders.write: Change orders
                orders.admin: Administer
        oidc:
          type: openIdConnect
          openIdConnectUrl: https://auth.example.com/.well-known/openid-configuration
        key:
          type: apiKey
          in: header
          name: X-API-Key
    """
}
