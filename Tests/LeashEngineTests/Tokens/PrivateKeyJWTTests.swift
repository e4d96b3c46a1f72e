import Foundation
import LeashCore
import Testing

@testable import LeashEngine

/// `svc-jwt` with one registered key of `kind`, holding invoices:read on billing.
private func estate(_ kind: TestSigner.Kind = .eddsa, kid: String? = "key-1", registerKid: Bool = true) async throws -> (TokenFixture, TestSigner) {
    let fixture = try await TokenFixture.make()
    try await fixture.addAPI("billing", audience: "https://billing.example")
    try await fixture.addIdentity("svc-jwt")
    try await fixture.addGrant("svc-jwt", api: "billing", scope: "invoices:read")
    let signer = try await TestSigner.make(kind, kid: kid)
    try await fixture.addPublicKey(to: "svc-jwt", jwk: signer.jwk(), kid: registerKid ? kid : nil)
    return (fixture, signer)
}

private func request(assertion: String, clientID: String? = nil) -> OAuthRequest {
    var parameters = [
        "grant_type": "client_credentials", "client_assertion_type": ClientAuthenticator.jwtBearerAssertionType,
        "client_assertion": assertion,
    ]
    parameters["client_id"] = clientID
    return OAuthRequest(parameters: parameters)
}

@Suite("private_key_jwt client authentication (RFC 7523)")
struct PrivateKeyJWTTests {
    @Test("an assertion signed with a registered key authenticates the client", arguments: [TestSigner.Kind.eddsa, .es256, .rs256])
    func signedAssertion(kind: TestSigner.Kind) async throws {
        let (fixture, signer) = try await estate(kind)
        defer { fixture.close() }
        let assertion = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now))
        let response = try await fixture.service.token(request(assertion: assertion, clientID: "svc-jwt"))
        #expect(try await fixture.claims(of: response.accessToken).clientID == "svc-jwt")
    }

    @Test("without client_id and without kid (authlib's default) the client is found from iss/sub")
    func noClientIDNoKid() async throws {
        let (fixture, signer) = try await estate(.eddsa, kid: nil)
        defer { fixture.close() }
        let assertion = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now))
        let response = try await fixture.service.token(request(assertion: assertion))
        #expect(response.scope == "invoices:read")
    }

    @Test("the assertion audience may be the issuer, the token endpoint, or an array holding one", arguments: [
        JSONValue.string(TokenFixture.issuer), .string(TokenFixture.tokenEndpoint),
        .array([.string("https://other.example"), .string(TokenFixture.issuer)]),
    ])
    func acceptedAudiences(audience: JSONValue) async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let assertion = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", audience: audience, now: fixture.now))
        _ = try await fixture.service.token(request(assertion: assertion))
    }

    @Test("a wrong or missing audience is refused", arguments: [
        JSONValue.string("https://other.example"), .string(TokenFixture.issuer + "/"), .array([]), .null,
        .string("https://leash.test/oauth/token/extra"),
    ])
    func wrongAudience(audience: JSONValue) async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let assertion = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", audience: audience, now: fixture.now))
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: assertion)) }
    }

    @Test("expired, not-yet-valid, future-issued and overlong assertions are refused", arguments: [
        ("exp", -120), ("nbf", 600), ("iat", 600), ("exp", 7200),
    ])
    func timeClaims(claim: String, offset: Int) async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        var claims = TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now)
        claims[claim] = .integer(Int64(fixture.now.timeIntervalSince1970) + Int64(offset))
        let assertion = try await signer.sign(claims)
        let error = await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: assertion)) }
        #expect(error?.status == 401)
    }

    @Test("an assertion without exp or jti is refused", arguments: ["exp", "jti"])
    func missingClaims(claim: String) async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        var claims = TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now)
        claims[claim] = nil
        let assertion = try await signer.sign(claims)
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: assertion)) }
    }

    @Test("a replayed jti is refused until the assertion expires")
    func replayedJTI() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let assertion = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now, jti: "once"))
        _ = try await fixture.service.token(request(assertion: assertion))
        let error = await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: assertion)) }
        #expect(error?.message.contains("already been used") == true)
        let again = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now, jti: "once"))
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: again)) }
    }

    @Test("iss and sub must both be the client; client_id must agree")
    func issSubMismatch() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        var claims = TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now)
        claims["sub"] = .string("svc-other")
        let mismatched = try await signer.sign(claims)
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: mismatched)) }
        let good = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now))
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: good, clientID: "svc-other")) }
    }

    @Test("alg none is refused")
    func algNone() async throws {
        let (fixture, _) = try await estate()
        defer { fixture.close() }
        let forged = ForgedToken.unsecured(claims: TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now), kid: "key-1")
        let error = await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: forged)) }
        #expect(error?.message.contains("algorithm") == true)
    }

    @Test("HS256 signed with the registered public key is refused")
    func hmacKeyConfusion() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let claims = TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now)
        for secret in [signer.jwk(), signer.publicJWK["x"] ?? ""] {
            let forged = ForgedToken.hmacWithPublicKey(secret, claims: claims, kid: "key-1")
            await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: forged)) }
        }
    }

    @Test("an unknown kid, another key, or an algorithm the key is not for is refused")
    func wrongKey() async throws {
        let (fixture, _) = try await estate(.eddsa)
        defer { fixture.close() }
        let stranger = try await TestSigner.make(.eddsa, kid: "key-1")
        let byStranger = try await stranger.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now))
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: byStranger)) }
        let unknownKid = try await TestSigner.make(.eddsa, kid: "key-9")
        let byUnknownKid = try await unknownKid.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now))
        let error = await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: byUnknownKid)) }
        #expect(error?.message.contains("unknown key") == true)
        let es256 = try await TestSigner.make(.es256, kid: "key-1")
        let wrongAlgorithm = try await es256.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now))
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: wrongAlgorithm)) }
    }

    @Test("a revoked key credential no longer authenticates")
    func revokedKey() async throws {
        let fixture = try await TokenFixture.make()
        defer { fixture.close() }
        try await fixture.addAPI("billing", audience: "https://billing.example")
        try await fixture.addIdentity("svc-jwt")
        try await fixture.addGrant("svc-jwt", api: "billing", scope: "invoices:read")
        let signer = try await TestSigner.make(.eddsa, kid: "key-1")
        try await fixture.addPublicKey(to: "svc-jwt", jwk: signer.jwk(), kid: "key-1", revoked: true)
        let assertion = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now))
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: assertion)) }
    }

    @Test("a wrong assertion type or a malformed assertion is refused", arguments: ["a.b", "a.b.c.d.e", "", "not-a-jwt"])
    func malformed(assertion: String) async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        await #expect(throws: OAuthError.invalidClient) { try await fixture.service.token(request(assertion: assertion)) }
        let good = try await signer.sign(TestSigner.assertionClaims(client: "svc-jwt", now: fixture.now))
        await #expect(throws: OAuthError.invalidClient) {
            try await fixture.service.token(
                OAuthRequest(parameters: ["grant_type": "client_credentials", "client_assertion_type": "urn:other", "client_assertion": good]))
        }
    }
}
