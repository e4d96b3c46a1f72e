import Cedar
import Foundation
import LeashCore
import Testing

@testable import LeashEngine

/// What the decision point prepares ahead of the call (per token, per snapshot, per address) must
/// give exactly what building everything per call gave.
@Suite("decision point: values prepared ahead")
struct HotPathPreparationTests {
    @Test("the context built from a token's prepared values equals the one built from the call's parts")
    func preparedContextMatches() {
        let time = Date(timeIntervalSince1970: 1_790_000_000.123)
        let context = LeashCedarModel.Context(
            sourceIP: "10.1.2.3", time: time, method: "PUT", path: "/orders/7", parameters: ["id": "7"],
            scopes: ["orders:read", "orders:write"], clientID: "svc-a", jti: "jti-1", actors: ["agent-1", "svc-b"])
        let prepared = LeashCedarModel.cedarContext(
            time: time, method: "PUT", path: "/orders/7", parameters: ["id": "7"],
            sourceIP: try? IPAddr(parsing: "10.1.2.3"),
            token: LeashCedarModel.TokenValues(
                scopes: ["orders:read", "orders:write"], clientID: "svc-a", jti: "jti-1", actors: ["agent-1", "svc-b"]))
        #expect(prepared == LeashCedarModel.cedarContext(context))
        #expect(prepared["scopes"] == .set([.string("orders:read"), .string("orders:write")]))
        #expect(prepared["act"] == .set([.string("agent-1"), .string("svc-b")]))
        #expect(prepared["params"] == .record(["id": .string("7")]))
        // Without parameters or a parseable address: an empty record, and no source_ip at all.
        let bare = LeashCedarModel.cedarContext(
            .init(sourceIP: "not-an-ip", time: time, method: "GET", path: "/", scopes: [], clientID: "c", jti: "j"))
        #expect(bare["params"] == .record([:]))
        #expect(bare["source_ip"] == nil)
        #expect(bare["act"] == .set([]))
    }

    @Test("a token key is equal only to the same bytes, even when the hashed tail is the same")
    func tokenKeys() {
        let token = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJzdmMtYSJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMDEyMzQ1Njc4OQ"
        var tampered = Array(token.utf8)
        tampered[25] ^= 0x01  // inside the payload: same length, same last 16 bytes
        let other = String(decoding: tampered, as: UTF8.self)
        #expect(TokenKey(Substring(token)) == TokenKey(Substring(String(token))))
        #expect(TokenKey(Substring(token)).hashValue == TokenKey(Substring(other)).hashValue)
        #expect(TokenKey(Substring(token)) != TokenKey(Substring(other)))
        #expect(TokenKey(Substring(token)) != TokenKey(Substring(token.dropLast())))
        // A substring of a larger buffer is equal to the same text on its own.
        let framed = "Bearer " + token
        #expect(TokenKey(framed.dropFirst(7)) == TokenKey(Substring(token)))
        #expect(TokenKey("") == TokenKey(""))
    }

    @Test("the verified-token cache misses a token that differs from a cached one only before its tail")
    func cacheComparesWholeToken() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let (token, verified) = try await fixture.verifiedToken()
        let cache = VerifiedTokenCache(capacity: 32)
        cache.insert(Substring(token), VerifiedTokenCache.Entry(verified), now: verified.issuedAt)
        var bytes = Array(token.utf8)
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = String(decoding: bytes, as: UTF8.self)
        #expect(cache.lookup(Substring(tampered), now: verified.issuedAt) == nil)
        #expect(cache.lookup(Substring(token), now: verified.issuedAt)?.cedar == LeashCedarModel.TokenValues(verified))
        // And the engine refuses it, though the genuine token is cached.
        #expect(fixture.decide(token).reason == .allowed)
        #expect(fixture.decide(tampered).reason == .tokenInvalid)
    }

    @Test("the address cache parses addresses and ranges, remembers junk as junk, and stays bounded")
    func addressCache() {
        let cache = AddressCache(capacity: 4)
        #expect(cache.address("10.0.0.1") == (try? IPAddr(parsing: "10.0.0.1")))
        #expect(cache.address("::1") == (try? IPAddr(parsing: "::1")))
        #expect(cache.address("10.0.0.0/8") == (try? IPAddr(parsing: "10.0.0.0/8")))
        #expect(cache.address("nonsense") == nil)
        #expect(cache.address("nonsense") == nil)
        for n in 0..<50 { #expect(cache.address("192.0.2.\(n)") == (try? IPAddr(parsing: "192.0.2.\(n)"))) }
        #expect(cache.address("10.0.0.1") == (try? IPAddr(parsing: "10.0.0.1")))
        // Text longer than any address is answered, not kept.
        let long = String(repeating: "1", count: 10_000)
        #expect(cache.address(long) == nil)
        #expect(cache.address("2001:0db8:0000:0000:0000:ff00:0042:8329") == (try? IPAddr(parsing: "2001:0db8:0000:0000:0000:ff00:0042:8329")))
    }

    @Test("every operation of the snapshot has its action and resource uids prepared")
    func operationUIDs() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let snapshot = fixture.engine.snapshot
        let operations = snapshot.routes.values.flatMap(\.operations)
        #expect(!operations.isEmpty)
        for operation in operations {
            let uids = snapshot.operationUIDs[operation.api]?[operation.id]
            #expect(uids?.action == LeashCedarModel.actionUID(operation))
            #expect(uids?.resource == LeashCedarModel.operationUID(operation))
        }
    }
}
