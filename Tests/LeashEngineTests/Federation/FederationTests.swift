import Foundation
import LeashCore
import Synchronization
import Testing

@testable import LeashEngine

private let spiffeIssuer = "https://spire.example.org"
private let audience = "https://leash.test"

/// `sa-billing` federated from a SPIFFE-like issuer (ES256 key in an inline JWKS) with rules on
/// `sub` and a nested Kubernetes-style claim; it holds two billing scopes, capped to one.
private func estate(maxScopes: [String]? = ["invoices:read"], maxTTL: Int = 120, jwksURL: String? = nil, fetch: IssuerKeyCache.Fetch? = nil) async throws -> (TokenFixture, TestSigner) {
    let fixture = try await TokenFixture.make(fetch: fetch)
    let signer = try await TestSigner.make(.es256, kid: "jwt-authority-1")
    try await fixture.addAPI("billing", audience: "https://billing.example")
    try await fixture.addIdentity("sa-billing")
    try await fixture.addGrant("sa-billing", api: "billing", scope: "invoices:read")
    try await fixture.addGrant("sa-billing", api: "billing", scope: "invoices:write")
    let x509Entry = #"{"kty":"EC","crv":"P-256","use":"x509-svid","x":"AAAA","y":"AAAA"}"#
    let jwks = #"{"keys":[\#(x509Entry),\#(signer.jwk(includeKid: true, extra: ["use": "jwt-svid"]))],"spiffe_sequence":1}"#
    try await fixture.addIssuer(
        TrustedIssuer(
            id: "issuer_spire", issuer: spiffeIssuer, jwks: jwksURL == nil ? jwks : nil, jwksURL: jwksURL,
            allowedAudiences: [audience],
            claimRules: ["sub": "spiffe://example.org/ns/prod/sa/billing", "kubernetes.io.namespace": "prod"],
            identityID: "sa-billing", maxScopes: maxScopes, maxTTL: maxTTL, createdAt: fixture.now))
    return (fixture, signer)
}

private func svidClaims(now: Date, sub: String = "spiffe://example.org/ns/prod/sa/billing") -> [String: JSONValue] {
    let seconds = Int64(now.timeIntervalSince1970)
    return [
        "iss": .string(spiffeIssuer), "sub": .string(sub), "aud": .array([.string(audience)]),
        "iat": .integer(seconds), "exp": .integer(seconds + 300),
        "kubernetes.io": .object(["namespace": .string("prod"), "serviceaccount": .object(["name": .string("billing")])]),
    ]
}

private func exchange(_ token: String, type: String = TokenService.jwtTokenType, extra: [String: String] = [:]) -> OAuthRequest {
    OAuthRequest(
        parameters: [
            "grant_type": TokenService.tokenExchangeGrantType, "subject_token": token, "subject_token_type": type,
            "audience": "https://billing.example",
        ].merging(extra) { _, new in new })
}

@Suite("workload identity federation")
struct FederationTests {
    @Test("token exchange of a trusted JWT issues a token for the mapped identity, capped by the policy")
    func tokenExchange() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let svid = try await signer.sign(svidClaims(now: fixture.now), typ: "JWT")
        let response = try await fixture.service.token(exchange(svid))
        #expect(response.issuedTokenType == TokenService.accessTokenType)
        #expect(response.scope == "invoices:read")
        #expect(response.expiresIn == 120)
        let claims = try await fixture.claims(of: response.accessToken)
        #expect(claims.subject == "sa-billing")
        #expect(claims.clientID == "sa-billing")
        #expect(claims.audience == "https://billing.example")
    }

    @Test("the jwt-bearer grant (RFC 7523 §2.1) works the same way, with no client secret")
    func jwtBearer() async throws {
        let (fixture, signer) = try await estate(maxScopes: nil)
        defer { fixture.close() }
        let svid = try await signer.sign(svidClaims(now: fixture.now))
        let response = try await fixture.service.token(
            OAuthRequest(parameters: ["grant_type": TokenService.jwtBearerGrantType, "assertion": svid, "scope": "invoices:write"]))
        #expect(response.scope == "invoices:write")
        #expect(response.issuedTokenType == nil)
    }

    @Test("a scope beyond the policy's max scopes is invalid_scope")
    func beyondMaxScopes() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let svid = try await signer.sign(svidClaims(now: fixture.now))
        await #expect(throws: OAuthError.invalidScope) {
            try await fixture.service.token(exchange(svid, extra: ["scope": "invoices:write"]))
        }
    }

    @Test("sub prefix, suffix, case and encoding tricks do not match", arguments: [
        "spiffe://example.org/ns/prod/sa/billing-evil", "spiffe://example.org/ns/prod/sa/billin",
        "spiffe://example.org/ns/prod/sa/billing/", "SPIFFE://example.org/ns/prod/sa/billing",
        "spiffe://example.org/ns/prod/sa/billing%2F", "spiffe://example.org/ns/prod/sa/billing\u{0}",
        "spiffe://example.org/ns/prod/sa/billing ",
    ])
    func subTricks(sub: String) async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let svid = try await signer.sign(svidClaims(now: fixture.now, sub: sub))
        let error = await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(svid)) }
        #expect(error?.message.contains("do not match") == true)
    }

    @Test("a nested claim rule must match too")
    func nestedClaimRule() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        var claims = svidClaims(now: fixture.now)
        claims["kubernetes.io"] = .object(["namespace": .string("staging")])
        let svid = try await signer.sign(claims)
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(svid)) }
    }

    @Test("wrong issuer, wrong or missing audience, bad times are invalid_grant", arguments: [
        ("iss", JSONValue.string("https://spire.example.org/")), ("iss", .string("https://evil.example")),
        ("aud", .string("https://github.com/org")), ("aud", .null), ("exp", .integer(-60)), ("exp", .null),
        ("nbf", .integer(600)), ("iat", .integer(600)),
    ])
    func refusedClaims(claim: String, value: JSONValue) async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        var claims = svidClaims(now: fixture.now)
        switch value {
        case .null: claims[claim] = nil
        case .integer(let offset): claims[claim] = .integer(Int64(fixture.now.timeIntervalSince1970) + offset)
        default: claims[claim] = value
        }
        let svid = try await signer.sign(claims)
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(svid)) }
    }

    @Test("an expired federated token is refused once the clock passes exp")
    func expiresWithClock() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let svid = try await signer.sign(svidClaims(now: fixture.now))
        _ = try await fixture.service.token(exchange(svid))
        fixture.clock.advance(by: 300 + 31)
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(svid)) }
    }

    @Test("alg none, HS256 with the issuer's public key, and an unknown key are refused")
    func forgedSignatures() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let claims = svidClaims(now: fixture.now)
        let none = ForgedToken.unsecured(claims: claims, kid: "jwt-authority-1")
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(none)) }
        let hmac = ForgedToken.hmacWithPublicKey(signer.jwk(includeKid: true), claims: claims, kid: "jwt-authority-1")
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(hmac)) }
        let stranger = try await TestSigner.make(.es256, kid: "jwt-authority-2")
        let unknown = try await stranger.sign(claims)
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(unknown)) }
        let impostor = try await TestSigner.make(.es256, kid: "jwt-authority-1")
        let wrongKey = try await impostor.sign(claims)
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(wrongKey)) }
    }

    @Test("a suspended mapped identity gets nothing")
    func suspendedIdentity() async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let now = fixture.now
        try await fixture.write { transaction in
            guard var identity = try transaction.identity(id: "sa-billing") else { return }
            identity.status = .suspended
            identity.updatedAt = now
            try transaction.update(identity)
        }
        let svid = try await signer.sign(svidClaims(now: fixture.now))
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(svid)) }
    }

    @Test("token exchange parameters are checked", arguments: [
        ["subject_token_type": ""], ["subject_token_type": "urn:ietf:params:oauth:token-type:saml2"],
        ["requested_token_type": "urn:ietf:params:oauth:token-type:refresh_token"],
        ["actor_token": "x.y.z"], ["actor_token_type": TokenService.jwtTokenType],
    ])
    func exchangeParameters(extra: [String: String]) async throws {
        let (fixture, signer) = try await estate()
        defer { fixture.close() }
        let svid = try await signer.sign(svidClaims(now: fixture.now))
        await #expect(throws: OAuthError.invalidRequest) { try await fixture.service.token(exchange(svid, extra: extra)) }
    }

    @Test("a JWKS URL is fetched once and cached for its TTL; an unknown kid refetches")
    func jwksURLCache() async throws {
        let fetches = Mutex(0)
        let signerBox = Mutex<String?>(nil)
        let (fixture, signer) = try await estate(jwksURL: "https://spire.example.org/keys") { _ in
            fetches.withLock { $0 += 1 }
            return Data((signerBox.withLock { $0 } ?? #"{"keys":[]}"#).utf8)
        }
        defer { fixture.close() }
        signerBox.withLock { $0 = #"{"keys":[\#(signer.jwk(includeKid: true))]}"# }
        for _ in 0..<3 {
            let svid = try await signer.sign(svidClaims(now: fixture.now))
            _ = try await fixture.service.token(exchange(svid))
        }
        #expect(fetches.withLock { $0 } == 1)
        fixture.clock.advance(by: 31)
        let rotated = try await TestSigner.make(.es256, kid: "jwt-authority-2")
        signerBox.withLock { $0 = #"{"keys":[\#(signer.jwk(includeKid: true)),\#(rotated.jwk(includeKid: true))]}"# }
        let svid = try await rotated.sign(svidClaims(now: fixture.now))
        _ = try await fixture.service.token(exchange(svid))
        #expect(fetches.withLock { $0 } == 2)
    }

    @Test("an unreachable JWKS URL refuses the token")
    func unreachableJWKS() async throws {
        struct Unreachable: Error {}
        let (fixture, signer) = try await estate(jwksURL: "https://spire.example.org/keys") { _ in throw Unreachable() }
        defer { fixture.close() }
        let svid = try await signer.sign(svidClaims(now: fixture.now))
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(exchange(svid)) }
    }
}
