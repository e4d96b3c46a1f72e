import Foundation
import LeashCore
import Testing

@testable import LeashEngine

private func estate() async throws -> (TokenFixture, secretA: String, secretB: String, admin: String) {
    let fixture = try await TokenFixture.make()
    try await fixture.addAPI("billing", audience: "https://billing.example")
    try await fixture.addIdentity("svc-a")
    try await fixture.addIdentity("svc-b")
    let secretA = try await fixture.addSecret(to: "svc-a")
    let secretB = try await fixture.addSecret(to: "svc-b")
    try await fixture.addGrant("svc-a", api: "billing", scope: "invoices:read")
    try await fixture.addGrant("svc-b", api: "billing", scope: "invoices:read")
    let admin = SecretHashing.generate(kind: .admin)
    let now = fixture.now
    try await fixture.write { transaction in
        try transaction.insert(AdminCredential(id: "admin_test", name: "test", role: .admin, secretHash: SecretHashing.hash(admin), createdAt: now))
    }
    return (fixture, secretA, secretB, admin)
}

private func introspection(_ token: String, authorization: String?) -> OAuthRequest {
    OAuthRequest(parameters: ["token": token], authorization: authorization)
}

@Suite("introspection (RFC 7662) and revocation (RFC 7009)")
struct IntrospectionRevocationTests {
    @Test("an active token introspects with its claims, for a client or an admin")
    func active() async throws {
        let (fixture, secretA, secretB, admin) = try await estate()
        defer { fixture.close() }
        let token = try await fixture.clientCredentials("svc-a", secretA)
        let byClient = try await fixture.service.introspect(introspection(token.accessToken, authorization: TokenFixture.basic("svc-b", secretB)))
        #expect(byClient.active)
        #expect(byClient.sub == "svc-a")
        #expect(byClient.clientID == "svc-a")
        #expect(byClient.scope == "invoices:read")
        #expect(byClient.aud == "https://billing.example")
        #expect(byClient.iss == TokenFixture.issuer)
        #expect(byClient.tokenType == "Bearer")
        #expect(byClient.exp != nil && byClient.iat != nil && byClient.nbf != nil && byClient.jti != nil)
        let byAdmin = try await fixture.service.introspect(introspection(token.accessToken, authorization: "Bearer \(admin)"))
        #expect(byAdmin == byClient)
    }

    @Test("introspection requires an authenticated caller")
    func unauthenticated() async throws {
        let (fixture, secretA, _, _) = try await estate()
        defer { fixture.close() }
        let token = try await fixture.clientCredentials("svc-a", secretA)
        let error = await #expect(throws: OAuthError.invalidClient) { try await fixture.service.introspect(introspection(token.accessToken, authorization: nil)) }
        #expect(error?.status == 401)
        await #expect(throws: OAuthError.invalidClient) {
            try await fixture.service.introspect(introspection(token.accessToken, authorization: "Bearer \(token.accessToken)"))
        }
        await #expect(throws: OAuthError.invalidRequest) {
            try await fixture.service.introspect(OAuthRequest(parameters: [:], authorization: TokenFixture.basic("svc-a", secretA)))
        }
    }

    @Test("malformed, foreign, forged and expired tokens are simply inactive")
    func inactive() async throws {
        let (fixture, secretA, _, _) = try await estate()
        defer { fixture.close() }
        let auth = TokenFixture.basic("svc-a", secretA)
        let token = try await fixture.clientCredentials("svc-a", secretA)
        let other = try await TokenFixture.make()
        defer { other.close() }
        let forged = ForgedToken.unsecured(claims: ["iss": .string(TokenFixture.issuer), "sub": .string("svc-a"), "exp": .integer(4_000_000_000)], kid: fixture.service.keyRing.signingKeyID)
        for candidate in ["garbage", "a.b.c", forged, secretA] {
            #expect(try await fixture.service.introspect(introspection(candidate, authorization: auth)) == .inactive)
        }
        fixture.clock.advance(by: 300)
        #expect(try await fixture.service.introspect(introspection(token.accessToken, authorization: auth)) == .inactive)
    }

    @Test("a revoked token introspects inactive at once, and stays revoked after a reload from the store")
    func revokedIsInactive() async throws {
        let (fixture, secretA, _, _) = try await estate()
        defer { fixture.close() }
        let auth = TokenFixture.basic("svc-a", secretA)
        let token = try await fixture.clientCredentials("svc-a", secretA)
        try await fixture.service.revoke(OAuthRequest(parameters: ["token": token.accessToken, "token_type_hint": "access_token"], authorization: auth))
        #expect(try await fixture.service.introspect(introspection(token.accessToken, authorization: auth)) == .inactive)
        try await fixture.engine.refresher.refresh()
        #expect(try await fixture.service.introspect(introspection(token.accessToken, authorization: auth)) == .inactive)
        let stored = try await fixture.store.revokedTokens()
        #expect(stored.count == 1)
        let audit = try await fixture.store.allAuditEvents().filter { $0.action == "token.revoke" }
        #expect(audit.first?.actor == "svc-a")
        #expect(audit.first?.after?.contains(token.accessToken) == false)
    }

    @Test("a suspended identity's tokens introspect inactive")
    func suspendedIdentity() async throws {
        let (fixture, secretA, secretB, _) = try await estate()
        defer { fixture.close() }
        let token = try await fixture.clientCredentials("svc-a", secretA)
        let now = fixture.now
        try await fixture.write { transaction in
            guard var identity = try transaction.identity(id: "svc-a") else { return }
            identity.status = .suspended
            identity.updatedAt = now
            try transaction.update(identity)
        }
        #expect(try await fixture.service.introspect(introspection(token.accessToken, authorization: TokenFixture.basic("svc-b", secretB))) == .inactive)
    }

    @Test("a client may revoke only its own tokens; an admin may revoke any")
    func revokeOwnership() async throws {
        let (fixture, secretA, secretB, admin) = try await estate()
        defer { fixture.close() }
        let token = try await fixture.clientCredentials("svc-a", secretA)
        await #expect(throws: OAuthError.unauthorizedClient) {
            try await fixture.service.revoke(OAuthRequest(parameters: ["token": token.accessToken], authorization: TokenFixture.basic("svc-b", secretB)))
        }
        #expect(try await fixture.service.introspect(introspection(token.accessToken, authorization: "Bearer \(admin)")).active)
        try await fixture.service.revoke(OAuthRequest(parameters: ["token": token.accessToken], authorization: "Bearer \(admin)"))
        #expect(try await fixture.service.introspect(introspection(token.accessToken, authorization: "Bearer \(admin)")) == .inactive)
    }

    @Test("revoking an unknown, invalid or already revoked token succeeds quietly; an unauthenticated caller does not")
    func revokeIsIdempotent() async throws {
        let (fixture, secretA, _, _) = try await estate()
        defer { fixture.close() }
        let auth = TokenFixture.basic("svc-a", secretA)
        let token = try await fixture.clientCredentials("svc-a", secretA)
        try await fixture.service.revoke(OAuthRequest(parameters: ["token": "not-a-token"], authorization: auth))
        try await fixture.service.revoke(OAuthRequest(parameters: ["token": token.accessToken], authorization: auth))
        try await fixture.service.revoke(OAuthRequest(parameters: ["token": token.accessToken], authorization: auth))
        #expect(try await fixture.store.revokedTokens().count == 1)
        await #expect(throws: OAuthError.invalidClient) {
            try await fixture.service.revoke(OAuthRequest(parameters: ["token": token.accessToken]))
        }
        await #expect(throws: OAuthError.invalidRequest) { try await fixture.service.revoke(OAuthRequest(parameters: [:], authorization: auth)) }
    }
}
