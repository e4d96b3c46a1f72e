import Foundation
import LeashCore
import Testing

@testable import LeashEngine

@Suite("signing keys and the JWKS")
struct KeyRingTests {
    @Test("first start creates one EdDSA key, published as an RFC 7517 JWK with an RFC 7638 kid")
    func firstStart() async throws {
        let fixture = try await TokenFixture.make()
        defer { fixture.close() }
        let stored = try await fixture.store.signingKeys()
        #expect(stored.count == 1)
        let jwks = fixture.service.keyRing.jwks
        #expect(jwks.keys.count == 1)
        let key = try #require(jwks.keys.first)
        #expect(key.kty == "OKP" && key.crv == "Ed25519" && key.alg == "EdDSA" && key.use == "sig" && key.y == nil)
        #expect(key.kid == stored.first?.kid)
        #expect(key.kid == PublicJWK.thumbprint(kty: "OKP", crv: "Ed25519", x: key.x, y: nil))
        #expect(Base64URL.decode(key.x)?.count == 32)
        let encoded = String(decoding: try JSONEncoder().encode(jwks), as: UTF8.self)
        #expect(!encoded.contains("\"d\""))
        let reopened = try await KeyRing.open(store: fixture.store, algorithm: .eddsa, now: fixture.now)
        #expect(reopened.signingKeyID == key.kid)
        #expect(try await fixture.store.signingKeys().count == 1)
    }

    @Test("ES256 can be configured and publishes an EC P-256 JWK")
    func es256() async throws {
        let fixture = try await TokenFixture.make(configuration: TokenConfiguration(issuer: TokenFixture.issuer, signingAlgorithm: .es256))
        defer { fixture.close() }
        let key = try #require(fixture.service.keyRing.jwks.keys.first)
        #expect(key.kty == "EC" && key.crv == "P-256" && key.alg == "ES256")
        #expect(Base64URL.decode(key.x)?.count == 32 && key.y.flatMap(Base64URL.decode)?.count == 32)
        try await fixture.addAPI("billing", audience: "https://billing.example")
        try await fixture.addIdentity("svc-a")
        let secret = try await fixture.addSecret(to: "svc-a")
        try await fixture.addGrant("svc-a", api: "billing", scope: "read")
        let token = try await fixture.clientCredentials("svc-a", secret)
        #expect(try CompactJWS(parsing: token.accessToken).algorithm == "ES256")
        #expect(try await fixture.claims(of: token.accessToken).subject == "svc-a")
    }

    @Test("rotation signs new tokens with the new kid, keeps old tokens verifiable, and drops the old key after max TTL")
    func rotation() async throws {
        let fixture = try await TokenFixture.make()
        defer { fixture.close() }
        try await fixture.addAPI("billing", audience: "https://billing.example")
        try await fixture.addIdentity("svc-a")
        let secret = try await fixture.addSecret(to: "svc-a")
        try await fixture.addGrant("svc-a", api: "billing", scope: "read")
        let oldKid = fixture.service.keyRing.signingKeyID
        let before = try await fixture.clientCredentials("svc-a", secret)
        let newKid = try await fixture.engine.rotateSigningKey(store: fixture.store)
        #expect(newKid != oldKid)
        #expect(fixture.service.keyRing.signingKeyID == newKid)
        #expect(fixture.service.keyRing.jwks.keys.map(\.kid) == [newKid, oldKid])
        let after = try await fixture.clientCredentials("svc-a", secret)
        #expect(try CompactJWS(parsing: after.accessToken).keyID == newKid)
        #expect(try CompactJWS(parsing: before.accessToken).keyID == oldKid)
        #expect(try await fixture.claims(of: before.accessToken).subject == "svc-a")
        let auth = TokenFixture.basic("svc-a", secret)
        #expect(try await fixture.service.introspect(OAuthRequest(parameters: ["token": before.accessToken], authorization: auth)).active)
        // The refresher reloads keys from the store with the same result.
        try await fixture.engine.refresher.refresh()
        #expect(fixture.service.keyRing.jwks.keys.count == 2)
        // After max TTL (3600 s) the old key leaves the JWKS, and the next rotation deletes it.
        fixture.clock.advance(by: 3601)
        try await fixture.engine.refresher.refresh()
        #expect(fixture.service.keyRing.jwks.keys.map(\.kid) == [newKid])
        await #expect(throws: AccessTokenError.self) { try await fixture.service.keyRing.verify(before.accessToken) }
        _ = try await fixture.engine.rotateSigningKey(store: fixture.store)
        #expect(try await fixture.store.signingKeys().map(\.kid).contains(oldKid) == false)
        let audit = try await fixture.store.allAuditEvents().map(\.action)
        #expect(audit.filter { $0 == "signing_key.rotate" }.count == 2)
    }

    @Test("a token whose header claims another algorithm, another typ, or no kid is not ours")
    func verifyRefusals() async throws {
        let fixture = try await TokenFixture.make()
        defer { fixture.close() }
        let kid = fixture.service.keyRing.signingKeyID
        let claims: [String: JSONValue] = ["iss": .string(TokenFixture.issuer), "sub": .string("x")]
        let hmac = ForgedToken.hmacWithPublicKey(fixture.service.keyRing.jwks.keys[0].x, claims: claims, kid: kid)
        await #expect(throws: AccessTokenError.self) { try await fixture.service.keyRing.verify(hmac) }
        let none = ForgedToken.encode(header: ["alg": "none", "typ": "at+jwt", "kid": kid], claims: claims, signature: [])
        await #expect(throws: AccessTokenError.self) { try await fixture.service.keyRing.verify(none) }
        let signer = try await TestSigner.make(.eddsa, kid: kid)
        let foreign = try await signer.sign(claims, typ: "at+jwt")
        await #expect(throws: AccessTokenError.self) { try await fixture.service.keyRing.verify(foreign) }
    }
}

@Suite("compact JSON for access tokens")
struct CompactJSONEncoderTests {
    @Test("claims written directly decode to the same values, whatever the characters", arguments: [
        "plain", "quote\"and\\backslash", "control\u{0}\u{1F}\n\t", "unicode café ✓ 🐕", "",
    ])
    func roundTrip(text: String) throws {
        let claims = AccessTokenClaims(
            issuer: text, subject: "svc", clientID: text, audience: "https://a.example", scope: "a b", tokenID: "j",
            issuedAt: 1, notBefore: 2, expiresAt: -3,
            actor: ActorClaim(subject: text, previous: ActorClaim(subject: "first")))
        let data = try CompactJSONEncoder().encode(claims)
        #expect(try JSONDecoder().decode(AccessTokenClaims.self, from: data) == claims)
    }
}
