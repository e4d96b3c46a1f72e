import Foundation
import LeashCore
import LeashStore

/// Sets, lists and removes per-identity rate limits; each change is audited and in force on this
/// node when the call returns (other nodes follow the store's change feed).
public struct RateLimitService: Sendable {
    let engine: DecisionEngine
    let inventory: InventoryService
    let now: @Sendable () -> Date

    /// Creates the service.
    public init(engine: DecisionEngine, inventory: InventoryService, now: @escaping @Sendable () -> Date = { Date() }) {
        self.engine = engine
        self.inventory = inventory
        self.now = now
    }

    /// Sets the limit of `identityID` (for one API, or all of them when `api` is nil), replacing any before.
    public func set(
        identityID: String, api: String?, requestsPerSecond: Double, burst: Int?, actor: String
    ) async throws -> RateLimit {
        let time = AuditChain.roundedToMilliseconds(now())
        // Default burst: one second's worth of calls, at least one.
        let limit = RateLimit(
            identityID: identityID, api: api, requestsPerSecond: requestsPerSecond,
            burst: burst ?? max(1, Int(requestsPerSecond.rounded(.up).clamped(to: 1...1_000_000))), updatedAt: time)
        if let problem = limit.problem {
            throw InventoryError.invalidField(problem.hasPrefix("burst") ? "burst" : "requestsPerSecond", problem)
        }
        try await inventory.write { transaction in
            guard try transaction.identity(id: identityID) != nil else {
                throw InventoryError.notFound("identity \(identityID)")
            }
            if let api, try transaction.api(name: api) == nil { throw InventoryError.notFound("API \(api)") }
            let before = try transaction.rateLimit(limit.key)
            try transaction.upsert(limit)
            try transaction.appendAudit(
                AuditDraft(
                    time: time, actor: actor, action: "rate_limit.set", targetType: "rate_limit",
                    targetID: Self.target(limit.key), before: before.map { AuditRecord.json($0) },
                    after: AuditRecord.json(limit)))
        }
        try await engine.refresh()
        return limit
    }

    /// Every limit, ordered by identity then API.
    public func list(identityID: String? = nil) async throws -> [RateLimit] {
        let limits = try await inventory.read { try $0.rateLimits() }
        guard let identityID else { return limits }
        return limits.filter { $0.identityID == identityID }
    }

    /// Removes the limit of `identityID` (for `api`, or the all-API one when nil).
    public func delete(identityID: String, api: String?, actor: String) async throws {
        let time = AuditChain.roundedToMilliseconds(now())
        let key = RateLimitKey(identityID: identityID, api: api)
        try await inventory.write { transaction in
            guard let before = try transaction.rateLimit(key) else {
                throw InventoryError.notFound("rate limit of \(Self.target(key))")
            }
            try transaction.deleteRateLimit(key)
            try transaction.appendAudit(
                AuditDraft(
                    time: time, actor: actor, action: "rate_limit.delete", targetType: "rate_limit",
                    targetID: Self.target(key), before: AuditRecord.json(before)))
        }
        try await engine.refresh()
    }

    /// `identity` or `identity/api`: the audit target of a limit.
    static func target(_ key: RateLimitKey) -> String {
        key.api.map { "\(key.identityID)/\($0)" } ?? key.identityID
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
