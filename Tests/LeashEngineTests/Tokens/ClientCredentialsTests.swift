import Foundation
import LeashCore
import Testing

@testable import LeashEngine

/// A small estate: `svc-a` holds invoices:read+write on billing; `svc-b` holds grants on two APIs.
private func estate() async throws -> (TokenFixture, secretA: String, secretB: String) {
    let fixture = try await TokenFixture.make()
    try await fixture.addAPI("billing", audience: "https://billing.example")
    try await fixture.addAPI("ledger", audience: "https://ledger.example", maxTokenTTL: 120)
    try await fixture.addAPI("legacy", audience: "https://legacy.example", status: .retired)
    try await fixture.addIdentity("svc-a")
    try await fixture.addIdentity("svc-b")
    let secretA = try await fixture.addSecret(to: "svc-a")
    let secretB = try await fixture.addSecret(to: "svc-b")
    try await fixture.addGrant("svc-a", api: "billing", scope: "invoices:read")
    try await fixture.addGrant("svc-a", api: "billing", scope: "invoices:write")
    try await fixture.addGrant("svc-b", api: "billing", scope: "invoices:read")
    try await fixture.addGrant("svc-b", api: "ledger", scope: "entries:read")
    try await fixture.addGrant("svc-b", api: "legacy", scope: "old:read")
    return (fixture, secretA, secretB)
}

@Suite("client_credentials grant")
struct ClientCredentialsTests {
    @Test("client_secret_basic issues an RFC 9068 token with every claim")
    func basicIssuesToken() async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        let response = try await fixture.clientCredentials("svc-a", secret, ["scope": "invoices:read"])
        #expect(response.tokenType == "Bearer")
        #expect(response.expiresIn == 300)
        #expect(response.scope == "invoices:read")
        #expect(response.issuedTokenType == nil)
        let jws = try CompactJWS(parsing: response.accessToken)
        #expect(jws.type == "at+jwt")
        #expect(jws.algorithm == "EdDSA")
        #expect(jws.keyID == fixture.service.keyRing.signingKeyID)
        let claims = try await fixture.claims(of: response.accessToken)
        #expect(claims.issuer == TokenFixture.issuer)
        #expect(claims.subject == "svc-a")
        #expect(claims.clientID == "svc-a")
        #expect(claims.audience == "https://billing.example")
        #expect(claims.scope == "invoices:read")
        #expect(claims.expiresAt - claims.issuedAt == 300)
        #expect(claims.notBefore == claims.issuedAt)
        #expect(claims.tokenID.count >= 22)
        #expect(claims.actor == nil)
    }

    @Test("client_secret_post works and no scope means every granted scope")
    func postWithoutScope() async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        let response = try await fixture.service.token(
            OAuthRequest(parameters: ["grant_type": "client_credentials", "client_id": "svc-a", "client_secret": secret]))
        #expect(response.scope == "invoices:read invoices:write")
    }

    @Test("Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1)")
    func basicIsFormDecoded() async throws {
        let (fixture, _, _) = try await estate()
        defer { fixture.close() }
        try await fixture.addIdentity("svc.odd")
        let secret = try await fixture.addSecret(to: "svc.odd", secret: "a secret+with:odd/chars%")
        try await fixture.addGrant("svc.odd", api: "billing", scope: "invoices:read")
        let response = try await fixture.clientCredentials("svc.odd", secret)
        #expect(response.scope == "invoices:read")
    }

    @Test("resource and audience pick the API; a client with grants on several APIs must name one")
    func audienceSelection() async throws {
        let (fixture, _, secretB) = try await estate()
        defer { fixture.close() }
        await #expect(throws: OAuthError.invalidRequest) { try await fixture.clientCredentials("svc-b", secretB) }
        let byResource = try await fixture.clientCredentials("svc-b", secretB, ["resource": "https://ledger.example"])
        #expect(try await fixture.claims(of: byResource.accessToken).audience == "https://ledger.example")
        let byAudience = try await fixture.clientCredentials("svc-b", secretB, ["audience": "https://billing.example"])
        #expect(byAudience.scope == "invoices:read")
        let byName = try await fixture.clientCredentials("svc-b", secretB, ["audience": "ledger"])
        #expect(try await fixture.claims(of: byName.accessToken).audience == "https://ledger.example")
    }

    @Test("an API's max TTL caps the token lifetime")
    func apiCapsLifetime() async throws {
        let (fixture, _, secretB) = try await estate()
        defer { fixture.close() }
        let response = try await fixture.clientCredentials("svc-b", secretB, ["resource": "https://ledger.example"])
        #expect(response.expiresIn == 120)
    }

    @Test("the earliest expiring grant used and the identity's expiry cap the lifetime")
    func grantAndIdentityCapLifetime() async throws {
        let (fixture, _, _) = try await estate()
        defer { fixture.close() }
        try await fixture.addIdentity("svc-temp", expiresAt: fixture.now.addingTimeInterval(200))
        let secret = try await fixture.addSecret(to: "svc-temp")
        try await fixture.addGrant("svc-temp", api: "billing", scope: "invoices:read", expiresAt: fixture.now.addingTimeInterval(90))
        try await fixture.addGrant("svc-temp", api: "billing", scope: "invoices:write")
        let narrow = try await fixture.clientCredentials("svc-temp", secret, ["scope": "invoices:read"])
        #expect(narrow.expiresIn == 90)
        let other = try await fixture.clientCredentials("svc-temp", secret, ["scope": "invoices:write"])
        #expect(other.expiresIn == 200)
    }

    @Test("asking for a scope that is not granted is invalid_scope, never silently narrowed")
    func ungrantedScope() async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        let error = await #expect(throws: OAuthError.invalidScope) {
            try await fixture.clientCredentials("svc-a", secret, ["scope": "invoices:read payments:write"])
        }
        #expect(error?.message.contains("payments:write") == true)
        #expect(error?.status == 400)
    }

    @Test("an expired grant no longer counts")
    func expiredGrant() async throws {
        let (fixture, _, _) = try await estate()
        defer { fixture.close() }
        try await fixture.addIdentity("svc-c")
        let secret = try await fixture.addSecret(to: "svc-c")
        try await fixture.addGrant("svc-c", api: "billing", scope: "invoices:read", expiresAt: fixture.now.addingTimeInterval(10))
        _ = try await fixture.clientCredentials("svc-c", secret, ["resource": "https://billing.example"])
        fixture.clock.advance(by: 11)
        await #expect(throws: OAuthError.invalidScope) {
            try await fixture.clientCredentials("svc-c", secret, ["resource": "https://billing.example", "scope": "invoices:read"])
        }
    }

    @Test("a malformed scope is invalid_scope")
    func malformedScope() async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        await #expect(throws: OAuthError.invalidScope) {
            try await fixture.clientCredentials("svc-a", secret, ["scope": "invoices:read \"quoted\""])
        }
    }

    @Test("an unregistered or retired audience is invalid_target", arguments: [
        ["resource": "https://unknown.example"], ["audience": "unknown"], ["resource": "https://legacy.example"],
        ["resource": "https://billing.example#frag"], ["resource": "not a uri"],
    ])
    func unknownAudience(parameters: [String: String]) async throws {
        let (fixture, _, secretB) = try await estate()
        defer { fixture.close() }
        await #expect(throws: OAuthError.invalidTarget) { try await fixture.clientCredentials("svc-b", secretB, parameters) }
    }

    @Test("two resources in one request are invalid_target")
    func twoResources() async throws {
        let (fixture, _, secretB) = try await estate()
        defer { fixture.close() }
        let request = OAuthRequest(
            form: [("grant_type", "client_credentials"), ("resource", "https://billing.example"), ("resource", "https://ledger.example")],
            authorization: TokenFixture.basic("svc-b", secretB))
        await #expect(throws: OAuthError.invalidTarget) { try await fixture.service.token(request) }
    }

    @Test("a repeated parameter is invalid_request (RFC 6749 §3.2)")
    func repeatedParameter() async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        let request = OAuthRequest(
            form: [("grant_type", "client_credentials"), ("scope", "invoices:read"), ("scope", "invoices:write")],
            authorization: TokenFixture.basic("svc-a", secret))
        await #expect(throws: OAuthError.invalidRequest) { try await fixture.service.token(request) }
    }

    @Test("unknown or missing grant types are refused", arguments: ["password", "authorization_code", "refresh_token", "urn:x"])
    func unknownGrantType(grantType: String) async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        await #expect(throws: OAuthError.unsupportedGrantType) {
            try await fixture.service.token(OAuthRequest(parameters: ["grant_type": grantType], authorization: TokenFixture.basic("svc-a", secret)))
        }
        await #expect(throws: OAuthError.invalidRequest) {
            try await fixture.service.token(OAuthRequest(parameters: [:], authorization: TokenFixture.basic("svc-a", secret)))
        }
    }

    @Test("a wrong secret is invalid_client 401 with a Basic challenge")
    func wrongSecret() async throws {
        let (fixture, _, secretB) = try await estate()
        defer { fixture.close() }
        let error = await #expect(throws: OAuthError.invalidClient) { try await fixture.clientCredentials("svc-a", secretB) }
        #expect(error?.status == 401)
        #expect(error?.challenge == #"Basic realm="leash""#)
        #expect(error?.message.contains(secretB) == false)
        let post = await #expect(throws: OAuthError.invalidClient) {
            try await fixture.service.token(OAuthRequest(parameters: ["grant_type": "client_credentials", "client_id": "svc-a", "client_secret": "nope"]))
        }
        #expect(post?.challenge == nil)
    }

    @Test("no client authentication is invalid_client")
    func noClientAuthentication() async throws {
        let (fixture, _, _) = try await estate()
        defer { fixture.close() }
        await #expect(throws: OAuthError.invalidClient) {
            try await fixture.service.token(OAuthRequest(parameters: ["grant_type": "client_credentials", "client_id": "svc-a"]))
        }
    }

    @Test("two client authentication methods in one request are invalid_request")
    func twoMethods() async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        await #expect(throws: OAuthError.invalidRequest) {
            try await fixture.service.token(
                OAuthRequest(
                    parameters: ["grant_type": "client_credentials", "client_id": "svc-a", "client_secret": secret],
                    authorization: TokenFixture.basic("svc-a", secret)))
        }
        await #expect(throws: OAuthError.invalidRequest) {
            try await fixture.service.token(
                OAuthRequest(
                    parameters: [
                        "grant_type": "client_credentials", "client_assertion_type": ClientAuthenticator.jwtBearerAssertionType,
                        "client_assertion": "a.b.c",
                    ],
                    authorization: TokenFixture.basic("svc-a", "")))
        }
    }

    @Test("suspended, decommissioned and expired identities get nothing", arguments: [IdentityStatus.suspended, .decommissioned])
    func inactiveIdentity(status: IdentityStatus) async throws {
        let (fixture, _, _) = try await estate()
        defer { fixture.close() }
        try await fixture.addIdentity("svc-off", status: status)
        let secret = try await fixture.addSecret(to: "svc-off")
        try await fixture.addGrant("svc-off", api: "billing", scope: "invoices:read")
        await #expect(throws: OAuthError.invalidClient) { try await fixture.clientCredentials("svc-off", secret) }
        try await fixture.addIdentity("svc-old", expiresAt: fixture.now.addingTimeInterval(-1))
        let old = try await fixture.addSecret(to: "svc-old")
        try await fixture.addGrant("svc-old", api: "billing", scope: "invoices:read")
        await #expect(throws: OAuthError.invalidClient) { try await fixture.clientCredentials("svc-old", old) }
    }

    @Test("a suspension takes effect on the next request")
    func suspensionIsImmediate() async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        _ = try await fixture.clientCredentials("svc-a", secret)
        let now = fixture.now
        try await fixture.write { transaction in
            guard var identity = try transaction.identity(id: "svc-a") else { return }
            identity.status = .suspended
            identity.updatedAt = now
            try transaction.update(identity)
        }
        await #expect(throws: OAuthError.invalidClient) { try await fixture.clientCredentials("svc-a", secret) }
    }

    @Test("a revoked credential gets nothing")
    func revokedCredential() async throws {
        let (fixture, _, _) = try await estate()
        defer { fixture.close() }
        let revoked = try await fixture.addSecret(to: "svc-a", revoked: true)
        await #expect(throws: OAuthError.invalidClient) { try await fixture.clientCredentials("svc-a", revoked) }
    }

    @Test("a rotated secret works during the overlap and is dead after it")
    func rotatedSecretAfterOverlap() async throws {
        let (fixture, _, _) = try await estate()
        defer { fixture.close() }
        let old = try await fixture.addSecret(to: "svc-a", expiresAt: fixture.now.addingTimeInterval(60))
        let during = try await fixture.clientCredentials("svc-a", old)
        #expect(during.expiresIn == 60)  // never outlives the credential it came from
        fixture.clock.advance(by: 60)
        await #expect(throws: OAuthError.invalidClient) { try await fixture.clientCredentials("svc-a", old) }
    }

    @Test("credential use and issued tokens are batched to the store")
    func usageIsBatched() async throws {
        let (fixture, secret, _) = try await estate()
        defer { fixture.close() }
        _ = try await fixture.clientCredentials("svc-a", secret)
        _ = try await fixture.clientCredentials("svc-a", secret)
        #expect(fixture.engine.usage.pendingCount == 2)
        let before = try await fixture.store.credentials(identityID: "svc-a")
        #expect(before.allSatisfy { $0.lastUsedAt == nil })
        await fixture.engine.usage.flush()
        #expect(fixture.engine.usage.pendingCount == 0)
        let after = try await fixture.store.credentials(identityID: "svc-a")
        #expect(after.contains { $0.lastUsedAt != nil })
        let events = try await fixture.store.allAuditEvents().filter { $0.action == "token.issue" }
        #expect(events.count == 1)
        #expect(events.first?.after?.contains(#""count":2"#) == true)
    }
}
