import Foundation
import LeashCore
import Testing

@testable import LeashEngine

/// `user-agent` (the subject) holds a, b, c on docs; `svc-actor` holds b, c, d; `svc-third` holds c.
private func estate() async throws -> (TokenFixture, subject: String, actor: String, third: String) {
    let fixture = try await TokenFixture.make()
    try await fixture.addAPI("docs", audience: "https://docs.example")
    try await fixture.addAPI("mail", audience: "https://mail.example")
    for id in ["user-agent", "svc-actor", "svc-third"] { try await fixture.addIdentity(id) }
    let subject = try await fixture.addSecret(to: "user-agent")
    let actor = try await fixture.addSecret(to: "svc-actor")
    let third = try await fixture.addSecret(to: "svc-third")
    for scope in ["a", "b", "c"] { try await fixture.addGrant("user-agent", api: "docs", scope: scope) }
    for scope in ["b", "c", "d"] { try await fixture.addGrant("svc-actor", api: "docs", scope: scope) }
    try await fixture.addGrant("svc-actor", api: "mail", scope: "send")
    try await fixture.addGrant("svc-third", api: "docs", scope: "c")
    return (fixture, subject, actor, third)
}

private func delegation(_ subjectToken: String, by client: String, _ secret: String, _ extra: [String: String] = [:]) -> OAuthRequest {
    OAuthRequest(
        parameters: [
            "grant_type": TokenService.tokenExchangeGrantType, "subject_token": subjectToken,
            "subject_token_type": TokenService.accessTokenType,
        ].merging(extra) { _, new in new },
        authorization: TokenFixture.basic(client, secret))
}

@Suite("delegation by token exchange (RFC 8693)")
struct DelegationTests {
    @Test("the delegated token keeps sub, names the caller in client_id and act, and holds subject ∩ caller")
    func delegates() async throws {
        let (fixture, subject, actor, _) = try await estate()
        defer { fixture.close() }
        let original = try await fixture.clientCredentials("user-agent", subject, ["audience": "docs"])
        let delegated = try await fixture.service.token(delegation(original.accessToken, by: "svc-actor", actor))
        #expect(delegated.scope == "b c")
        #expect(delegated.issuedTokenType == TokenService.accessTokenType)
        let claims = try await fixture.claims(of: delegated.accessToken)
        #expect(claims.subject == "user-agent")
        #expect(claims.clientID == "svc-actor")
        #expect(claims.audience == "https://docs.example")
        #expect(claims.actor == ActorClaim(subject: "svc-actor"))
    }

    @Test("a chain nests act, current actor outermost (RFC 8693 §4.1), and narrows again")
    func chain() async throws {
        let (fixture, subject, actor, third) = try await estate()
        defer { fixture.close() }
        let original = try await fixture.clientCredentials("user-agent", subject, ["audience": "docs"])
        let first = try await fixture.service.token(delegation(original.accessToken, by: "svc-actor", actor))
        let second = try await fixture.service.token(delegation(first.accessToken, by: "svc-third", third))
        #expect(second.scope == "c")
        let claims = try await fixture.claims(of: second.accessToken)
        #expect(claims.subject == "user-agent")
        #expect(claims.actor?.chain == ["svc-third", "svc-actor"])
    }

    @Test("asking for more than subject ∩ caller is invalid_scope", arguments: ["a", "d", "b d", "a b c d"])
    func widerScope(scope: String) async throws {
        let (fixture, subject, actor, _) = try await estate()
        defer { fixture.close() }
        let original = try await fixture.clientCredentials("user-agent", subject, ["audience": "docs"])
        await #expect(throws: OAuthError.invalidScope) {
            try await fixture.service.token(delegation(original.accessToken, by: "svc-actor", actor, ["scope": scope]))
        }
    }

    @Test("the delegated token never outlives the subject token")
    func lifetime() async throws {
        let (fixture, subject, actor, _) = try await estate()
        defer { fixture.close() }
        let original = try await fixture.clientCredentials("user-agent", subject, ["audience": "docs"])
        fixture.clock.advance(by: 200)
        let delegated = try await fixture.service.token(delegation(original.accessToken, by: "svc-actor", actor))
        #expect(delegated.expiresIn == 100)
        fixture.clock.advance(by: 100)
        await #expect(throws: OAuthError.invalidGrant) {
            try await fixture.service.token(delegation(original.accessToken, by: "svc-actor", actor))
        }
    }

    @Test("another audience than the subject token's is invalid_target")
    func otherAudience() async throws {
        let (fixture, subject, actor, _) = try await estate()
        defer { fixture.close() }
        let original = try await fixture.clientCredentials("user-agent", subject, ["audience": "docs"])
        await #expect(throws: OAuthError.invalidTarget) {
            try await fixture.service.token(delegation(original.accessToken, by: "svc-actor", actor, ["audience": "https://mail.example"]))
        }
    }

    @Test("a revoked, forged or foreign subject token is invalid_grant")
    func badSubjectToken() async throws {
        let (fixture, subject, actor, _) = try await estate()
        defer { fixture.close() }
        let original = try await fixture.clientCredentials("user-agent", subject, ["audience": "docs"])
        try await fixture.service.revoke(OAuthRequest(parameters: ["token": original.accessToken], authorization: TokenFixture.basic("user-agent", subject)))
        await #expect(throws: OAuthError.invalidGrant) {
            try await fixture.service.token(delegation(original.accessToken, by: "svc-actor", actor))
        }
        let claims: [String: JSONValue] = [
            "iss": .string(TokenFixture.issuer), "sub": .string("user-agent"), "aud": .string("https://docs.example"),
            "exp": .integer(Int64(fixture.now.timeIntervalSince1970) + 60),
        ]
        let forged = ForgedToken.unsecured(claims: claims, kid: fixture.service.keyRing.signingKeyID)
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(delegation(forged, by: "svc-actor", actor)) }
    }

    @Test("delegation requires the caller to authenticate; actor_token must be the caller's")
    func callerChecks() async throws {
        let (fixture, subject, actor, third) = try await estate()
        defer { fixture.close() }
        let original = try await fixture.clientCredentials("user-agent", subject, ["audience": "docs"])
        await #expect(throws: OAuthError.invalidClient) {
            try await fixture.service.token(
                OAuthRequest(parameters: [
                    "grant_type": TokenService.tokenExchangeGrantType, "subject_token": original.accessToken,
                    "subject_token_type": TokenService.accessTokenType,
                ]))
        }
        let thirdToken = try await fixture.clientCredentials("svc-third", third)
        await #expect(throws: OAuthError.invalidGrant) {
            try await fixture.service.token(
                delegation(original.accessToken, by: "svc-actor", actor, ["actor_token": thirdToken.accessToken, "actor_token_type": TokenService.accessTokenType]))
        }
        let actorToken = try await fixture.clientCredentials("svc-actor", actor, ["audience": "docs"])
        _ = try await fixture.service.token(
            delegation(original.accessToken, by: "svc-actor", actor, ["actor_token": actorToken.accessToken, "actor_token_type": TokenService.accessTokenType]))
    }

    @Test("a suspended subject identity cannot be delegated")
    func suspendedSubject() async throws {
        let (fixture, subject, actor, _) = try await estate()
        defer { fixture.close() }
        let original = try await fixture.clientCredentials("user-agent", subject, ["audience": "docs"])
        let now = fixture.now
        try await fixture.write { transaction in
            guard var identity = try transaction.identity(id: "user-agent") else { return }
            identity.status = .suspended
            identity.updatedAt = now
            try transaction.update(identity)
        }
        await #expect(throws: OAuthError.invalidGrant) { try await fixture.service.token(delegation(original.accessToken, by: "svc-actor", actor)) }
    }

    @Test("delegation never widens: random grants and requests always give ⊆ subject ∩ caller or a refusal")
    func neverWidens() async throws {
        let fixture = try await TokenFixture.make()
        defer { fixture.close() }
        try await fixture.addAPI("docs", audience: "https://docs.example")
        let universe = ["s0", "s1", "s2", "s3", "s4", "s5"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<12 {
            let subjectID = "subject-\(round)", actorID = "actor-\(round)"
            try await fixture.addIdentity(subjectID)
            try await fixture.addIdentity(actorID)
            let subjectSecret = try await fixture.addSecret(to: subjectID)
            let actorSecret = try await fixture.addSecret(to: actorID)
            let subjectGrants = Set(universe.filter { _ in Bool.random(using: &generator) }).union(["s0"])
            let actorGrants = Set(universe.filter { _ in Bool.random(using: &generator) })
            for scope in subjectGrants { try await fixture.addGrant(subjectID, api: "docs", scope: scope) }
            for scope in actorGrants { try await fixture.addGrant(actorID, api: "docs", scope: scope) }
            let subjectToken = try await fixture.clientCredentials(subjectID, subjectSecret)
            let held = Set(subjectToken.scope.split(separator: " ").map(String.init))
            for _ in 0..<6 {
                let requested = Set(universe.filter { _ in Bool.random(using: &generator) })
                var extra: [String: String] = [:]
                if !requested.isEmpty { extra["scope"] = requested.sorted().joined(separator: " ") }
                do {
                    let response = try await fixture.service.token(delegation(subjectToken.accessToken, by: actorID, actorSecret, extra))
                    let got = Set(response.scope.split(separator: " ").map(String.init))
                    #expect(!got.isEmpty)
                    #expect(got.isSubset(of: held.intersection(actorGrants)))
                    if !requested.isEmpty { #expect(got == requested) }
                    #expect(response.expiresIn <= subjectToken.expiresIn)
                } catch {
                    #expect(error == .invalidScope)
                    #expect(requested.isEmpty ? held.isDisjoint(with: actorGrants) : !requested.isSubset(of: held.intersection(actorGrants)))
                }
            }
        }
    }
}
