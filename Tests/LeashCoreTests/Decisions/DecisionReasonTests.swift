import Foundation
import LeashCore
import Testing

@Suite("decision reason codes and bearer tokens")
struct DecisionReasonTests {
    static let all: [DecisionReason] = [
        .allowed, .tokenMissing, .tokenInvalid, .tokenExpired, .tokenRevoked, .credentialRevoked, .identityInactive,
        .apiRevoked, .audienceUnknown, .noRoute, .scopeMissing, .policyDenied([]), .policyDenied(["a", "b-c"]),
        .rateLimited, .snapshotStale,
    ]

    @Test("every code reads back as the reason it came from", arguments: all)
    func roundTrip(reason: DecisionReason) {
        #expect(DecisionReason(code: reason.code) == reason)
        #expect(!reason.description.isEmpty)
    }

    @Test("codes and statuses are the documented ones")
    func table() {
        #expect(DecisionReason.policyDenied(["p1", "p2"]).code == "policy_denied:p1,p2")
        #expect(DecisionReason.policyDenied(["p1"]).kind == "policy_denied")
        #expect(DecisionReason.policyDenied([]).code == "policy_denied")
        #expect(DecisionReason(code: "nonsense") == nil)
        let statuses = Dictionary(uniqueKeysWithValues: Self.all.map { ($0.code, $0.httpStatus) })
        #expect(statuses["allowed"] == 200)
        for code in ["token_missing", "token_invalid", "token_expired", "token_revoked", "credential_revoked",
            "identity_inactive", "api_revoked", "audience_unknown"]
        {
            #expect(statuses[code] == 401, "\(code)")
        }
        for code in ["no_route", "scope_missing", "policy_denied", "policy_denied:a,b-c"] { #expect(statuses[code] == 403) }
        #expect(statuses["rate_limited"] == 429)
        #expect(statuses["snapshot_stale"] == 503)
    }

    @Test(
        "a Bearer authorization yields its token; anything else yields none",
        arguments: [
            ("Bearer abc.def.ghi", "abc.def.ghi"), ("bearer abc", "abc"), ("BEARER  abc  ", "abc"), ("Bearer ", nil),
            ("Bearer", nil), ("Basic abc", nil), ("Bearerabc", nil), ("", nil), ("Token abc", nil),
        ] as [(String, String?)])
    func bearer(header: String, token: String?) {
        let input = DecisionInput(method: "GET", path: "/", authorization: header, time: Date())
        #expect(input.bearerToken.map(String.init) == token)
    }
}

@Suite("token bucket")
struct TokenBucketTests {
    @Test("a full bucket gives its capacity at once, then one token per 1/rate seconds")
    func refill() {
        var bucket = TokenBucket(capacity: 3, now: 100)
        do { let taken = bucket.take(rate: 2, capacity: 3, now: 100); #expect(taken) }
        do { let taken = bucket.take(rate: 2, capacity: 3, now: 100); #expect(taken) }
        do { let taken = bucket.take(rate: 2, capacity: 3, now: 100); #expect(taken) }
        do { let taken = bucket.take(rate: 2, capacity: 3, now: 100); #expect(!taken) }
        #expect(bucket.wait(rate: 2, capacity: 3, now: 100) == 0.5)
        do { let taken = bucket.take(rate: 2, capacity: 3, now: 100.25); #expect(!taken) }
        do { let taken = bucket.take(rate: 2, capacity: 3, now: 100.5); #expect(taken) }
        // Never more than the capacity, however long it rests.
        #expect(bucket.available(rate: 2, capacity: 3, now: 10_000) == 3)
    }

    @Test("an earlier time than the last one refills nothing")
    func clockGoingBack() {
        var bucket = TokenBucket(capacity: 1, now: 50)
        do { let taken = bucket.take(rate: 1, capacity: 1, now: 50); #expect(taken) }
        do { let taken = bucket.take(rate: 1, capacity: 1, now: 10); #expect(!taken) }
        do { let taken = bucket.take(rate: 1, capacity: 1, now: 51); #expect(taken) }
    }

    @Test("limits outside the accepted ranges are named")
    func problems() {
        let now = Date()
        #expect(RateLimit(identityID: "a", requestsPerSecond: 1, burst: 1, updatedAt: now).problem == nil)
        #expect(RateLimit(identityID: "a", requestsPerSecond: 0, burst: 1, updatedAt: now).problem != nil)
        #expect(RateLimit(identityID: "a", requestsPerSecond: .nan, burst: 1, updatedAt: now).problem != nil)
        #expect(RateLimit(identityID: "a", requestsPerSecond: 1, burst: 0, updatedAt: now).problem != nil)
    }
}
