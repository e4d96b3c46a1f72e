import Foundation
import LeashCore
import LeashStore
import Logging
import ServiceLifecycle
import Synchronization

/// Collects what the token path observes — credential last-use times and tokens issued — and
/// writes it to the store in batches, so issuing a token never waits on the database.
///
/// Bounded: at most `capacity` distinct pending entries; beyond that new keys are dropped (and
/// counted) until the next flush. Tokens issued are aggregated per identity and grant type into
/// one `token.issue` audit event per flush. Runs as a `Service`: it flushes every `interval`
/// and once more on graceful shutdown.
public final class UsageRecorder: Service, Sendable {
    private struct Pending {
        var credentialUses: [String: Date] = [:]
        var issued: [IssuedKey: Int] = [:]
        var dropped = 0
        var firstIssue: Date?
    }

    private struct IssuedKey: Hashable {
        let identityID: String
        let grantType: String
    }

    private let pending = Mutex(Pending())
    private let store: any LeashStore
    private let capacity: Int
    private let interval: Duration
    private let logger: Logger

    /// Creates a recorder writing to `store`.
    public init(store: any LeashStore, capacity: Int, interval: Duration, logger: Logger = Logger(label: "leash.usage")) {
        self.store = store
        self.capacity = max(1, capacity)
        self.interval = interval
        self.logger = logger
    }

    /// Notes that `credentialID` authenticated at `time` and a token of `grantType` was issued to `identityID`.
    public func recordIssue(identityID: String, credentialID: String?, grantType: String, at time: Date) {
        pending.withLock { state in
            let size = state.credentialUses.count + state.issued.count
            if let credentialID {
                if state.credentialUses[credentialID] != nil || size < capacity {
                    state.credentialUses[credentialID] = max(state.credentialUses[credentialID] ?? time, time)
                } else {
                    state.dropped += 1
                }
            }
            let key = IssuedKey(identityID: identityID, grantType: grantType)
            if state.issued[key] != nil || size < capacity {
                state.issued[key, default: 0] += 1
                state.firstIssue = state.firstIssue ?? time
            } else {
                state.dropped += 1
            }
        }
    }

    /// How many records are waiting to be written.
    public var pendingCount: Int { pending.withLock { $0.credentialUses.count + $0.issued.count } }

    /// Writes everything pending now. On failure the records are put back (within capacity).
    public func flush() async {
        let batch = pending.withLock { state -> Pending in
            defer { state = Pending() }
            return state
        }
        if batch.dropped > 0 {
            logger.warning("usage records dropped: buffer full", metadata: ["dropped": "\(batch.dropped)"])
        }
        guard !batch.credentialUses.isEmpty || !batch.issued.isEmpty else { return }
        do {
            if !batch.credentialUses.isEmpty {
                try await store.recordCredentialUse(batch.credentialUses)
            }
            if !batch.issued.isEmpty {
                let time = batch.firstIssue ?? Date()
                let drafts = batch.issued.sorted { ($0.key.identityID, $0.key.grantType) < ($1.key.identityID, $1.key.grantType) }
                    .map { key, count in
                        AuditDraft(
                            time: time, actor: key.identityID, action: "token.issue", targetType: "identity",
                            targetID: key.identityID,
                            after: #"{"count":\#(count),"grant_type":"\#(key.grantType)"}"#)
                    }
                try await store.appendAudit(drafts)
            }
        } catch {
            logger.error("usage records could not be written", metadata: ["error": "\(error)"])
            pending.withLock { state in
                for (id, time) in batch.credentialUses where state.credentialUses.count < capacity {
                    state.credentialUses[id] = max(state.credentialUses[id] ?? time, time)
                }
                for (key, count) in batch.issued where state.issued.count < capacity {
                    state.issued[key, default: 0] += count
                }
            }
        }
    }

    /// Flushes every `interval` until graceful shutdown, then flushes what is left.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.interval)
                await self.flush()
            }
        }
        await flush()
    }
}
