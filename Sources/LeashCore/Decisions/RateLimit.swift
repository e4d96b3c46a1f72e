import Foundation

/// A per-identity rate limit: a token bucket of `burst` calls refilled at `requestsPerSecond`,
/// for all of the identity's calls (`api == nil`) or only those to one API.
///
/// Buckets are kept per node: with N nodes an identity may make up to N × the limit in total.
public struct RateLimit: Codable, Hashable, Sendable {
    /// The identity the limit applies to (the token's subject).
    public var identityID: String
    /// The API (by name) the limit applies to; nil for every API together.
    public var api: String?
    /// Sustained calls per second (the refill rate), > 0.
    public var requestsPerSecond: Double
    /// Calls allowed at once (the bucket's capacity), ≥ 1.
    public var burst: Int
    /// When the limit was last set.
    public var updatedAt: Date

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case identityID = "identityId"
        case api
        case requestsPerSecond
        case burst
        case updatedAt
    }

    /// Creates a limit.
    public init(identityID: String, api: String? = nil, requestsPerSecond: Double, burst: Int, updatedAt: Date) {
        self.identityID = identityID
        self.api = api
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.updatedAt = updatedAt
    }

    /// What the limit is keyed on.
    public var key: RateLimitKey { RateLimitKey(identityID: identityID, api: api) }

    /// Why the limit's values cannot be used, or nil when they can.
    public var problem: String? {
        if !requestsPerSecond.isFinite || requestsPerSecond <= 0 || requestsPerSecond > 1_000_000 {
            return "requestsPerSecond must be greater than 0 and at most 1000000"
        }
        if burst < 1 || burst > 1_000_000 { return "burst must be between 1 and 1000000" }
        return nil
    }
}

/// The identity (and optionally API) a rate limit and its bucket are kept for.
public struct RateLimitKey: Hashable, Sendable, Codable {
    /// The identity.
    public var identityID: String
    /// The API, or nil for all of the identity's calls.
    public var api: String?

    /// Creates a key.
    public init(identityID: String, api: String?) {
        self.identityID = identityID
        self.api = api
    }
}

/// A token bucket (the classic traffic-shaping algorithm): holds up to `capacity` tokens, gains
/// `rate` per second, and each call takes one. Times are seconds on any monotonic scale.
public struct TokenBucket: Hashable, Sendable {
    /// Tokens in the bucket at `updated`.
    public private(set) var tokens: Double
    /// When `tokens` was last brought up to date.
    public private(set) var updated: Double

    /// A full bucket at `now`.
    public init(capacity: Int, now: Double) {
        tokens = Double(capacity)
        updated = now
    }

    /// The tokens held at `now` after refilling at `rate` up to `capacity`.
    public func available(rate: Double, capacity: Int, now: Double) -> Double {
        let elapsed = max(0, now - updated)
        return min(Double(capacity), tokens + elapsed * rate)
    }

    /// Seconds until one token is available at `now` (0 when one is there already).
    public func wait(rate: Double, capacity: Int, now: Double) -> Double {
        let held = available(rate: rate, capacity: capacity, now: now)
        return held >= 1 ? 0 : (1 - held) / rate
    }

    /// Takes one token at `now`; false (and nothing taken) when the bucket holds less than one.
    public mutating func take(rate: Double, capacity: Int, now: Double) -> Bool {
        let held = available(rate: rate, capacity: capacity, now: now)
        // Never move time backwards: a late caller with an older `now` refills nothing.
        updated = max(updated, now)
        tokens = held
        guard held >= 1 else { return false }
        tokens = held - 1
        return true
    }
}
