import Foundation
import Synchronization

/// Verified access tokens by their exact text, so a token's signature is checked once, not on every
/// call (Ed25519 verification costs far more than the rest of a decision).
///
/// Only what the signature proves is cached; expiry, revocation, identity, API and policy are still
/// checked on every call. An entry lives until the token's `exp`; the cache holds at most `capacity`
/// entries, split over shards chosen by the token's last bytes (signature bytes, so uniformly spread)
/// so concurrent calls rarely wait on the same lock. Beside the claims, an entry keeps what the token
/// contributes to every Cedar context (``LeashCedarModel/TokenValues``), built once per token.
public final class VerifiedTokenCache: Sendable {
    /// One cached token: its verified claims and their Cedar values.
    public struct Entry: Sendable {
        public let claims: VerifiedAccessToken
        public let cedar: LeashCedarModel.TokenValues

        /// Pairs `claims` with their Cedar values.
        public init(_ claims: VerifiedAccessToken) {
            self.claims = claims
            cedar = LeashCedarModel.TokenValues(claims)
        }
    }

    private static let shardCount = 16
    private let shards: [Shard]
    private let shardCapacity: Int

    /// A cache of at most `capacity` tokens (0 disables it).
    public init(capacity: Int) {
        shardCapacity = capacity <= 0 ? 0 : max(1, capacity / Self.shardCount)
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    /// The verified claims of `token`, if cached and not expired at `now` (seconds since the epoch).
    public func lookup(_ token: Substring, now: Int64) -> Entry? {
        guard shardCapacity > 0 else { return nil }
        let key = TokenKey(token)
        return shards[Self.shard(of: token)].entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if entry.claims.expiresAt <= now {
                entries[key] = nil
                return nil
            }
            return entry
        }
    }

    /// Remembers `claims` for `token` until its `exp`; a full shard first drops expired entries,
    /// then an arbitrary one.
    public func insert(_ token: Substring, _ entry: Entry, now: Int64) {
        guard shardCapacity > 0, entry.claims.expiresAt > now else { return }
        // Own the bytes: the caller's substring may view a larger request buffer.
        let key = TokenKey(Substring(String(token)))
        let capacity = shardCapacity
        let shard = shards[Self.shard(of: token)]
        shard.entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                // Sweeping expired entries costs a pass over the shard: at most once a second.
                if now >= shard.nextSweep.load(ordering: .relaxed) {
                    shard.nextSweep.store(now + 1, ordering: .relaxed)
                    entries = entries.filter { $0.value.claims.expiresAt > now }
                }
                if entries.count >= capacity, let victim = entries.keys.first { entries[victim] = nil }
            }
            entries[key] = entry
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
        let entries = Mutex<[TokenKey: Entry]>([:])
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

/// A token's text as a cache key, hashed by its length and last 16 bytes only. A Leash access token
/// ends in its signature (86 base64url characters of an Ed25519 or ES256 signature), so those bytes
/// are already uniformly spread, and hashing the whole token (hundreds of bytes) on every call would
/// buy nothing. Equality still compares every byte. Only tokens whose signature verified are ever
/// stored, so nobody can fill a bucket with chosen collisions.
struct TokenKey: Hashable, Sendable {
    let text: Substring

    init(_ text: Substring) { self.text = text }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool {
        let a = lhs.text.utf8, b = rhs.text.utf8
        guard a.count == b.count else { return false }
        let compared = a.withContiguousStorageIfAvailable { pa in
            b.withContiguousStorageIfAvailable { pb in
                pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0
            }
        }
        return (compared ?? nil) ?? a.elementsEqual(b)
    }

    func hash(into hasher: inout Hasher) {
        let utf8 = text.utf8
        hasher.combine(utf8.count)
        var low: UInt64 = 0, high: UInt64 = 0, taken = 0
        var index = utf8.endIndex
        while index > utf8.startIndex, taken < 16 {
            index = utf8.index(before: index)
            if taken < 8 { low = low << 8 | UInt64(utf8[index]) } else { high = high << 8 | UInt64(utf8[index]) }
            taken += 1
        }
        hasher.combine(low)
        hasher.combine(high)
    }
}
