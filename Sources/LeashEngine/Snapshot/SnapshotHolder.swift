import LeashCore
import Synchronization

/// Holds the current `InventorySnapshot`; readers take it without waiting on the store.
public final class SnapshotHolder: Sendable {
    private let current: Mutex<InventorySnapshot>

    /// Starts with `snapshot`.
    public init(_ snapshot: InventorySnapshot) {
        current = Mutex(snapshot)
    }

    /// The snapshot in force.
    public var snapshot: InventorySnapshot { current.withLock { $0 } }

    /// Installs a newer snapshot; an older one (lower store version) is ignored.
    public func replace(with snapshot: InventorySnapshot) {
        current.withLock { held in
            if snapshot.version >= held.version { held = snapshot }
        }
    }

    /// Adds revocations to the snapshot in force at once.
    public func addRevocations(_ revoked: [RevokedToken]) {
        current.withLock { $0 = $0.addingRevocations(revoked) }
    }
}
