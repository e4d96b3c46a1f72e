import Synchronization

/// Verified access tokens by their exact text, so a token's signature is checked once, not on every
/// call (Ed25519 verification costs far more than the rest of a decision).
///
/// Only what the signature proves is cached; expiry, revocation, identity, API and policy are still
/// checked on every call. An entry lives until the token's `exp`; the cache holds at most `capacity`
/// entries, split over shards chosen by the token's last bytes (signature bytes, so uniformly spread)
/// so concurrent calls rarely wait on the same lock.
public final class VerifiedTokenCache: Sendable {
    private static let shardCount = 16
    private let shards: [Shard]
    private let shardCapacity: Int

    /// A cache of at most `capacity` tokens (0 disables it).
    public init(capacity: Int) {
        shardCapacity = capacity <= 0 ? 0 : max(1, capacity / Self.shardCount)
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    /// The verified claims of `token`, if cached and not expired at `now` (seconds since the epoch).
    public func lookup(_ token: Substring, now: Int64) -> VerifiedAccessToken? {
        guard shardCapacity > 0 else { return nil }
        return shards[Self.shard(of: token)].entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            if entry.expiresAt <= now {
                entries[token] = nil
                return nil
            }
            return entry
        }
    }

    /// Remembers `claims` for `token` until its `exp`; a full shard first drops expired entries,
    /// then an arbitrary one.
    public func insert(_ token: Substring, _ claims: VerifiedAccessToken, now: Int64) {
        guard shardCapacity > 0, claims.expiresAt > now else { return }
        // Own the bytes: the caller's substring may view a larger request buffer.
        let key = Substring(String(token))
        let capacity = shardCapacity
        let shard = shards[Self.shard(of: token)]
        shard.entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                // Sweeping expired entries costs a pass over the shard: at most once a second.
                if now >= shard.nextSweep.load(ordering: .relaxed) {
                    shard.nextSweep.store(now + 1, ordering: .relaxed)
                    entries = entries.filter { $0.value.expiresAt > now }
                }
                if entries.count >= capacity, let victim = entries.keys.first { entries[victim] = nil }
            }
            entries[key] = claims
        }
    }

    /// Forgets every entry (for example when the signing keys change).
    public func removeAll() {
        for shard in shards { shard.entries.withLock { $0.removeAll(keepingCapacity: true) } }
    }

    /// The number of cached tokens.
    public var count: Int { shards.reduce(0) { total, shard in total + shard.entries.withLock { $0.count } } }

    /// One lock-protected part of the cache.
    private final class Shard: Sendable {
        let entries = Mutex<[Substring: VerifiedAccessToken]>([:])
        /// When (seconds since the epoch) a full shard may next be swept for expired entries.
        let nextSweep = Atomic<Int64>(0)
    }

    private static func shard(of token: Substring) -> Int {
        var hash = 0
        var taken = 0
        for byte in token.utf8.reversed() {
            hash = hash &* 31 &+ Int(byte)
            taken += 1
            if taken == 4 { break }
        }
        return (hash & Int.max) % shardCount
    }
}
