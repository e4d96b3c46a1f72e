import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Synchronization

/// A wall clock that tests move by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// An inventory service over a real SQLite file in a fresh temp dir, with a manual clock.
struct InventoryFixture {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let actor = "admin_test"

    let directory: URL
    let store: SQLiteStore
    let clock: ManualClock
    let service: InventoryService

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("leash-inventory-\(UUID().uuidString)")
        store = try SQLiteStore(dataDirectory: directory)
        let clock = ManualClock(Self.start)
        self.clock = clock
        service = InventoryService(store: store, now: { clock.now })
    }

    /// Runs `body` with a fresh fixture and removes its files afterwards.
    static func with(_ body: (InventoryFixture) async throws -> Void) async throws {
        let fixture = try InventoryFixture()
        defer {
            try? fixture.store.close()
            try? FileManager.default.removeItem(at: fixture.directory)
        }
        try await body(fixture)
    }

    /// Creates an active identity with sensible fields.
    @discardableResult
    func identity(_ id: String = "payments-api", kind: String = "service") async throws -> Identity {
        try await service.createIdentity(
            IdentityDraft(id: id, kind: kind, name: "Payments API", owner: "team-payments"), actor: Self.actor)
    }

    /// Registers an API.
    @discardableResult
    func api(_ name: String = "orders", audience: String = "https://orders.example.com") async throws -> API {
        try await service.createAPI(APIDraft(name: name, audience: audience, owner: "team-orders"), actor: Self.actor)
    }

    /// Every audit event so far.
    func audit() async throws -> [AuditEvent] { try await store.allAuditEvents() }
}
