import Foundation
import LeashCore
import Testing

@testable import LeashEngine

@Suite("decision point: the bearer token")
struct TokenValidationTests {
    @Test("a token from the token service calling a granted operation is allowed, with who and what")
    func allowed() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        let outcome = fixture.decide(token)
        #expect(outcome.allowed)
        #expect(outcome.reason == .allowed)
        #expect(outcome.httpStatus == 200)
        #expect(outcome.identityID == "svc-a")
        #expect(outcome.clientID == "svc-a")
        #expect(outcome.credentialID == fixture.credentialID)
        #expect(outcome.api == "orders")
        #expect(outcome.operationID == "getOrder")
        #expect(outcome.scopes == "orders:read orders:write")
        #expect(outcome.policyIDs == ["baseline-permit"])
        #expect(outcome.shadow == nil)
        #expect(outcome.jti != nil)
    }

    @Test("no token, an empty bearer or another scheme is token_missing", arguments: [nil, "Bearer ", "Basic c3ZjOnNlY3JldA==", "bearer"])
    func missing(authorization: String?) async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let outcome = fixture.engine.decide(
            DecisionInput(method: "GET", path: "/orders/1", authorization: authorization, time: fixture.clock.now))
        #expect(!outcome.allowed)
        #expect(outcome.reason == .tokenMissing)
        #expect(outcome.httpStatus == 401)
        #expect(outcome.identityID == nil)
    }

    @Test("the bearer scheme is case-insensitive (RFC 6750 §2.1)")
    func schemeCase() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        let outcome = fixture.engine.decide(
            DecisionInput(method: "get", path: "/orders/1", authorization: "BEARER \(token)", time: fixture.clock.now))
        #expect(outcome.reason == .allowed)
    }

    @Test("a token whose signature was tampered with is token_invalid")
    func forgedSignature() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        var bytes = Array(token.utf8)
        let index = bytes.count - 5
        bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let outcome = fixture.decide(String(decoding: bytes, as: UTF8.self))
        #expect(outcome.reason == .tokenInvalid)
        #expect(outcome.identityID == nil)
    }

    @Test("a token whose claims were altered after signing is token_invalid")
    func alteredClaims() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token(scope: "orders:read")
        let parts = token.split(separator: ".").map(String.init)
        var claims = try JSONSerialization.jsonObject(with: Base64URL.decode(parts[1]) ?? Data()) as? [String: Any] ?? [:]
        claims["scope"] = "orders:read orders:admin"
        let payload = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
        #expect(fixture.decide([parts[0], payload, parts[2]].joined(separator: "."), "GET", "/admin").reason == .tokenInvalid)
    }

    @Test("alg none, an HMAC token keyed with the public key, and garbage are token_invalid")
    func unsigned() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let kid = fixture.tokens.service.keyRing.signingKeyID
        let claims: [String: JSONValue] = [
            "iss": .string(TokenFixture.issuer), "sub": .string("svc-a"), "client_id": .string("svc-a"),
            "aud": .string(DecisionFixture.audience), "scope": .string("orders:read"), "jti": .string("x"),
            "iat": .integer(1_900_000_000), "nbf": .integer(1_900_000_000), "exp": .integer(1_900_000_300),
        ]
        let jwks = String(decoding: try JSONEncoder().encode(fixture.tokens.service.keyRing.jwks), as: UTF8.self)
        for token in [
            ForgedToken.unsecured(claims: claims, kid: kid),
            ForgedToken.encode(header: ["alg": "none", "typ": "at+jwt", "kid": kid], claims: claims, signature: []),
            ForgedToken.hmacWithPublicKey(jwks, claims: claims, kid: kid),
            "not-a-jwt", "a.b.c", "",
        ] {
            #expect(fixture.decide(token).reason == (token.isEmpty ? .tokenMissing : .tokenInvalid))
        }
    }

    @Test("a JWT signed by Leash's key but not typed at+jwt is token_invalid (RFC 9068 §4)")
    func wrongType() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let claims = fixture.standardClaims()
        let good = try await fixture.signWithLeashKey(header: ["typ": "at+jwt"], claims: claims)
        #expect(fixture.decide(good).reason == .allowed)
        for typ in ["JWT", "id_token+jwt"] {
            let token = try await fixture.signWithLeashKey(header: ["typ": typ], claims: claims)
            #expect(fixture.decide(token).reason == .tokenInvalid)
        }
        let untyped = try await fixture.signWithLeashKey(header: [:], claims: claims)
        #expect(fixture.decide(untyped).reason == .tokenInvalid)
    }

    @Test("a token naming another issuer is token_invalid")
    func wrongIssuer() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        var claims = fixture.standardClaims()
        claims["iss"] = "https://evil.example"
        let token = try await fixture.signWithLeashKey(header: ["typ": "at+jwt"], claims: claims)
        #expect(fixture.decide(token).reason == .tokenInvalid)
    }

    @Test("a token for an audience that is no registered API is audience_unknown")
    func unknownAudience() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        var claims = fixture.standardClaims()
        claims["aud"] = "https://unknown.example"
        let token = try await fixture.signWithLeashKey(header: ["typ": "at+jwt"], claims: claims)
        let outcome = fixture.decide(token)
        #expect(outcome.reason == .audienceUnknown)
        #expect(outcome.httpStatus == 401)
        #expect(outcome.identityID == "svc-a")
    }

    @Test("a token past its exp (beyond the leeway) is token_expired, within the leeway still valid")
    func expired() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let token = try await fixture.token()
        #expect(fixture.decide(token).reason == .allowed)
        fixture.clock.advance(by: 300 + 4)
        fixture.engine.confirm(at: fixture.clock.now)
        #expect(fixture.decide(token).reason == .allowed)
        fixture.clock.advance(by: 2)
        fixture.engine.confirm(at: fixture.clock.now)
        #expect(fixture.decide(token).reason == .tokenExpired)
    }

    @Test("a token whose nbf lies in the future is token_invalid until then")
    func notYetValid() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        var claims = fixture.standardClaims()
        let now = Int64(fixture.clock.now.timeIntervalSince1970)
        claims["nbf"] = now + 60
        claims["iat"] = now
        let token = try await fixture.signWithLeashKey(header: ["typ": "at+jwt"], claims: claims)
        #expect(fixture.decide(token).reason == .tokenInvalid)
        fixture.clock.advance(by: 60)
        fixture.engine.confirm(at: fixture.clock.now)
        #expect(fixture.decide(token).reason == .allowed)
    }

    @Test("a token signed by a key Leash never published is token_invalid")
    func foreignKey() async throws {
        let fixture = try await DecisionFixture.make()
        defer { fixture.close() }
        let signer = try await TestSigner.make(.eddsa, kid: fixture.tokens.service.keyRing.signingKeyID)
        let now = Int64(fixture.clock.now.timeIntervalSince1970)
        let token = try await signer.sign(
            [
                "iss": .string(TokenFixture.issuer), "sub": .string("svc-a"), "client_id": .string("svc-a"),
                "aud": .string(DecisionFixture.audience), "scope": .string("orders:read"), "jti": .string("j"),
                "iat": .integer(now), "nbf": .integer(now), "exp": .integer(now + 60),
            ], typ: "at+jwt")
        #expect(fixture.decide(token).reason == .tokenInvalid)
    }
}
