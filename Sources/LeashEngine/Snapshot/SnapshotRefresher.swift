import Foundation
import LeashStore
import Logging
import ServiceLifecycle

/// Rebuilds the inventory snapshot and reloads the signing keys whenever the store reports a
/// committed change; a `Service` run by swift-service-lifecycle until graceful shutdown.
public struct SnapshotRefresher: Service {
    let store: any LeashStore
    let holder: SnapshotHolder
    let keyRing: KeyRing
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates a refresher for `holder` and `keyRing`, fed by `store`.
    public init(
        store: any LeashStore, holder: SnapshotHolder, keyRing: KeyRing,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "leash.snapshot")
    ) {
        self.store = store
        self.holder = holder
        self.keyRing = keyRing
        self.now = now
        self.logger = logger
    }

    /// Reads the store once and builds a snapshot.
    public static func load(from store: any LeashStore) async throws -> InventorySnapshot {
        let contents = try await store.contents()
        let admins = try await store.adminCredentials()
        return InventorySnapshot(contents: contents, adminCredentials: admins)
    }

    /// Rebuilds the snapshot (and the key ring, if keys changed) from the store now.
    public func refresh(keys: Bool = true) async throws {
        let snapshot = try await Self.load(from: store)
        if keys {
            try await keyRing.reload(try await store.signingKeys(), now: now())
        }
        holder.replace(with: snapshot)
    }

    /// Follows the store's change feed until graceful shutdown.
    public func run() async throws {
        // Subscribe before the first load so no change slips between the two.
        let changes = store.changes()
        try await refresh()
        for await change in changes.cancelOnGracefulShutdown() {
            guard change.version > holder.snapshot.version else { continue }
            do {
                try await refresh(keys: change.collections.contains(.signingKeys))
            } catch {
                // Keep serving from the last good snapshot; the next change retries.
                logger.error("snapshot refresh failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
