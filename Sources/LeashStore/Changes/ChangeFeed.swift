import Synchronization

/// Fans committed changes out to any number of subscribers and keeps the change counter.
///
/// Each subscriber gets its own `AsyncStream` holding at most `bufferedChanges` unread changes; older ones
/// are dropped, so a slow reader cannot make the store hold an unbounded queue. A jump of more than one
/// in `version` tells the reader it missed some and should reload everything.
final class ChangeFeed: Sendable {
    private struct State {
        var version: UInt64 = 0
        var nextSubscriber = 0
        var subscribers: [Int: AsyncStream<StoreChange>.Continuation] = [:]
        var finished = false
    }

    /// Unread changes kept per subscriber.
    static let bufferedChanges = 64

    private let state = Mutex(State())

    /// The current change counter.
    var version: UInt64 { state.withLock { $0.version } }

    /// Announces a committed change touching `collections`; returns the new version.
    @discardableResult
    func publish(_ collections: StoreChange.Collections) -> UInt64 {
        guard !collections.isEmpty else { return version }
        let (change, subscribers) = state.withLock { state in
            state.version += 1
            return (StoreChange(version: state.version, collections: collections), Array(state.subscribers.values))
        }
        for subscriber in subscribers { subscriber.yield(change) }
        return change.version
    }

    /// A new stream for one subscriber; it ends when the subscriber stops iterating or the feed finishes.
    func subscribe() -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream<StoreChange>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferedChanges))
        let id: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every subscriber's stream; later subscribers get an already finished stream.
    func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
