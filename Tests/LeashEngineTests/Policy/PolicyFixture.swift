import Foundation
import LeashCore
import LeashEngine
import LeashStore

/// A policy service over a real SQLite file in a fresh temp dir, with a manual clock.
struct PolicyFixture {
    static let actor = "adm_policy"

    let directory: URL
    let store: SQLiteStore
    let clock: ManualClock
    let service: PolicyService

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-policy-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        let clock = ManualClock(InventoryFixture.start)
        self.clock = clock
        service = PolicyService(store: store, now: { clock.now })
    }

    /// Runs `body` with a fresh fixture (the APIs and operations of ``ModelEstate`` in its catalog, so
    /// pushes validate) and removes its files afterwards.
    static func with(_ body: (PolicyFixture) async throws -> Void) async throws {
        let fixture = try PolicyFixture()
        try await fixture.store.write { transaction in
            for api in ModelEstate.apis {
                try transaction.insert(api)
                try transaction.replaceOperations(api: api.name, with: ModelEstate.operations.filter { $0.api == api.name })
            }
        }
        defer {
            try? fixture.store.close()
            try? FileManager.default.removeItem(at: fixture.directory)
        }
        try await body(fixture)
    }

    /// Every audit event so far.
    func audit() async throws -> [AuditEvent] { try await store.allAuditEvents() }

    /// Pushes `files` as `actor`.
    @discardableResult
    func push(
        _ files: [String: String], entities: String? = nil, schema: String? = nil, mode: PolicyMode = .enforced,
        message: String? = nil, strict: Bool = true
    ) async throws -> PolicyChangeResult {
        try await service.push(
            files: files, entities: entities, schema: schema, mode: mode, message: message, strict: strict,
            actor: Self.actor)
    }
}

/// Small policy texts used across the policy tests.
enum Policies {
    static let permitAll = "permit (principal, action, resource);\n"
    static let readOnly = """
        @id("read-only")
        permit (principal, action in Leash::Action::"orders:read", resource);

        """
    static let noAgents = """
        @id("no-agents")
        forbid (principal, action, resource) when { principal.kind == "agent" };

        """
}
