import Foundation
import LeashCore
import Testing

@testable import LeashEngine

@Suite("decision point: rate limits")
struct RateLimitDecisionTests {
    @Test("without a limit an identity is never rate limited")
    func unlimited() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        for _ in 0..<200 { #expect(fixture.decide(token).reason == .allowed) }
    }

    @Test("an identity's bucket allows its burst, then refuses with Retry-After until it refills")
    func identityLimit() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let limit = try await fixture.rateLimits.set(
            identityID: "svc-a", api: nil, requestsPerSecond: 0.5, burst: 2, actor: "admin_test")
        #expect(limit.burst == 2)
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .allowed)
        #expect(fixture.decide(token).reason == .allowed)
        let limited = fixture.decide(token)
        #expect(limited.reason == .rateLimited)
        #expect(limited.httpStatus == 429)
        #expect(limited.retryAfterSeconds == 2)
        fixture.clock.advance(by: 2)
        fixture.engine.confirm(at: fixture.clock.now)
        #expect(fixture.decide(token).reason == .allowed)
        #expect(fixture.decide(token).reason == .rateLimited)
    }

    @Test("a per-API limit applies beside the identity's, and refused calls take no token")
    func apiLimit() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        _ = try await fixture.rateLimits.set(identityID: "svc-a", api: "orders", requestsPerSecond: 1, burst: 1, actor: "a")
        let token = try await fixture.token(scope: "orders:read")
        // A call refused for its scope does not spend the bucket.
        #expect(fixture.decide(token, "DELETE", "/orders/1").reason == .scopeMissing)
        #expect(fixture.decide(token).reason == .allowed)
        #expect(fixture.decide(token).reason == .rateLimited)
        try await fixture.rateLimits.delete(identityID: "svc-a", api: "orders", actor: "a")
        #expect(fixture.decide(token).reason == .allowed)
        #expect(try await fixture.rateLimits.list().isEmpty)
    }

    @Test("limits are validated, need an existing identity and API, and are audited")
    func validation() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        await #expect(throws: InventoryError.self) {
            try await fixture.rateLimits.set(identityID: "svc-a", api: nil, requestsPerSecond: 0, burst: 1, actor: "a")
        }
        await #expect(throws: InventoryError.self) {
            try await fixture.rateLimits.set(identityID: "svc-a", api: nil, requestsPerSecond: 1, burst: 0, actor: "a")
        }
        await #expect(throws: InventoryError.notFound) {
            try await fixture.rateLimits.set(identityID: "nobody", api: nil, requestsPerSecond: 1, burst: 1, actor: "a")
        }
        await #expect(throws: InventoryError.notFound) {
            try await fixture.rateLimits.set(identityID: "svc-a", api: "nothing", requestsPerSecond: 1, burst: 1, actor: "a")
        }
        await #expect(throws: InventoryError.notFound) {
            try await fixture.rateLimits.delete(identityID: "svc-a", api: nil, actor: "a")
        }
        _ = try await fixture.rateLimits.set(identityID: "svc-a", api: nil, requestsPerSecond: 2.5, burst: nil, actor: "a")
        let limits = try await fixture.rateLimits.list()
        #expect(limits.map(\.burst) == [3])
        let audit = try await fixture.store.auditEvents(after: 0, limit: 1000)
        #expect(audit.contains { $0.action == "rate_limit.set" && $0.targetID == "svc-a" })
    }
}

@Suite("decision point: snapshot staleness and the verified-token cache")
struct SnapshotAndCacheTests {
    @Test("a snapshot the store has not confirmed within the staleness bound fails closed")
    func stale() async throws {
        let fixture = try await DecisionFixture.make(
            configuration: DecisionConfiguration(issuer: TokenFixture.issuer, stalenessBound: 10))
        defer { fixture.close() }
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .allowed)
        fixture.clock.advance(by: 11)
        let outcome = fixture.decide(token)
        #expect(outcome.reason == .snapshotStale)
        #expect(outcome.httpStatus == 503)
        #expect(fixture.engine.snapshotAge(at: fixture.clock.now) == 11)
        // A heartbeat that reaches the store confirms the snapshot again.
        await fixture.engine.refresher.heartbeat()
        #expect(fixture.decide(token).reason == .allowed)
    }

    @Test("a heartbeat that finds a change the feed missed rebuilds the snapshot")
    func heartbeatCatchesUp() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        _ = try await fixture.inventory.suspendIdentity(id: "svc-a", actor: "a")
        #expect(fixture.decide(token).reason == .allowed)
        await fixture.engine.refresher.heartbeat()
        #expect(fixture.decide(token).reason == .identityInactive)
    }

    @Test("the cache holds a verified token until its exp and refuses nothing by itself")
    func cacheBounds() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let (token, verified) = try await fixture.verifiedToken()
        let cache = VerifiedTokenCache(capacity: 32)
        cache.insert(Substring(token), VerifiedTokenCache.Entry(verified), now: verified.issuedAt)
        #expect(cache.lookup(Substring(token), now: verified.issuedAt)?.claims == verified)
        #expect(cache.lookup(Substring(token), now: verified.expiresAt) == nil)
        #expect(cache.count == 0)
        // Bounded: far more inserts than capacity keep it at most at capacity.
        for index in 0..<500 { cache.insert(Substring("\(token)\(index)"), VerifiedTokenCache.Entry(verified), now: verified.issuedAt) }
        #expect(cache.count <= 32)
        #expect(VerifiedTokenCache(capacity: 0).lookup(Substring(token), now: 0) == nil)
    }

    @Test("a tampered token is refused even when the genuine one is cached")
    func cacheKeyedOnExactText() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .allowed)
        #expect(fixture.decide(token + "x").reason == .tokenInvalid)
        #expect(fixture.decide(String(token.dropLast())).reason == .tokenInvalid)
    }

    @Test("after key rotation tokens of the old key still verify until it leaves the JWKS")
    func rotation() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let old = try await fixture.token()
        #expect(fixture.decide(old).reason == .allowed)
        try await fixture.tokens.engine.rotateSigningKey(store: fixture.store)
        try await fixture.tokens.engine.refresher.refresh()
        try await fixture.engine.refresh()
        let new = try await fixture.token()
        #expect(fixture.decide(new).reason == .allowed)
        #expect(fixture.decide(old).reason == .allowed)
    }
}
