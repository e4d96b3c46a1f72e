import Foundation
import Synchronization

/// Remembers the `jti` of every client assertion until it expires, so each is used once
/// (RFC 7523 §3 item 7). Bounded: when full of unexpired entries it refuses new ones, failing
/// closed rather than forgetting an entry that could then be replayed.
public final class ReplayCache: Sendable {
    private struct State {
        var entries: [String: Date] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Creates a cache holding at most `capacity` unexpired entries.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The outcome of recording an identifier.
    public enum Outcome: Sendable, Equatable {
        /// First use: recorded.
        case fresh
        /// Seen before and not yet expired.
        case replayed
        /// The cache is full of unexpired entries; the use is refused.
        case full
    }

    /// Records `key` as used until `expiresAt`; reports whether it was already used.
    public func use(_ key: String, until expiresAt: Date, now: Date) -> Outcome {
        state.withLock { state in
            if let expiry = state.entries[key], expiry > now { return .replayed }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value > now }
                if state.entries.count >= capacity { return .full }
            }
            state.entries[key] = expiresAt
            return .fresh
        }
    }

    /// How many entries are held (expired ones included until the next purge).
    public var count: Int { state.withLock { $0.entries.count } }
}
