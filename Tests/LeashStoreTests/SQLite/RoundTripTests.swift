import Foundation
import LeashCore
import LeashStore
import Testing

@Suite("Records round-trip through SQLite")
struct RoundTripTests {
    @Test("identities: insert, read, filter, update")
    func identities() async throws {
        try await withStore { store, _ in
            let bot = Sample.identity("deploy-bot", owner: "team-ci", kind: .pipeline)
            try await store.write { transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(bot)
            }
            #expect(try await store.identity(id: "payments-api") == Sample.identity())
            #expect(try await store.identity(id: "missing") == nil)
            #expect(try await store.identities().map(\.id) == ["deploy-bot", "payments-api"])
            #expect(try await store.identities(IdentityFilter(kind: .pipeline)) == [bot])
            #expect(try await store.identities(IdentityFilter(owner: "team-payments")).map(\.id) == ["payments-api"])

            var suspended = bot
            suspended.status = .suspended
            suspended.expiresAt = Sample.now.addingTimeInterval(10)
            suspended.labels = [:]
            try await store.write { [suspended] transaction in try transaction.update(suspended) }
            #expect(try await store.identity(id: "deploy-bot") == suspended)
            #expect(try await store.identities(IdentityFilter(status: .active)).map(\.id) == ["payments-api"])
            #expect(try await store.identities(IdentityFilter(status: .suspended, kind: .pipeline)) == [suspended])
        }
    }

    @Test("credentials: secrets and keys, by identity and by secret hash")
    func credentials() async throws {
        try await withStore { store, _ in
            var revoked = Sample.secret("cred_2", hash: "cd34")
            revoked.revokedAt = Sample.now
            revoked.rotatedFrom = "cred_1"
            revoked.lastUsedAt = Sample.now
            try await store.write { [revoked] transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(Sample.secret())
                try transaction.insert(Sample.key())
                try transaction.insert(revoked)
            }
            #expect(try await store.credential(id: "cred_k1") == Sample.key())
            #expect(try await store.credential(id: "cred_2") == revoked)
            #expect(try await store.credentials(identityID: "payments-api").count == 3)
            #expect(try await store.read { try $0.credential(secretHash: "ab12") } == Sample.secret())
            #expect(try await store.read { try $0.credential(secretHash: "nope") } == nil)
        }
    }

    @Test("APIs: by name and by audience, update, delete")
    func apis() async throws {
        try await withStore { store, _ in
            try await store.write { try $0.insert(Sample.api()) }
            #expect(try await store.api(name: "orders") == Sample.api())
            #expect(try await store.read { try $0.api(audience: "https://orders.example.com") } == Sample.api())
            var changed = Sample.api()
            changed.maxTokenTTL = nil
            changed.status = .retired
            try await store.write { [changed] transaction in try transaction.update(changed) }
            #expect(try await store.apis() == [changed])
            try await store.write { try $0.deleteAPI(name: "orders") }
            #expect(try await store.apis().isEmpty)
        }
    }

    @Test("grants: by identity, by API, delete")
    func grants() async throws {
        try await withStore { store, _ in
            try await store.write { transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(Sample.api())
                try transaction.insert(Sample.grant())
                try transaction.insert(Sample.grant("grant_2", scope: "orders:write"))
            }
            #expect(try await store.grant(id: "grant_1") == Sample.grant())
            #expect(try await store.grants(identityID: "payments-api").map(\.scope) == ["orders:read", "orders:write"])
            #expect(try await store.read { try $0.grants(api: "orders") }.count == 2)
            try await store.write { try $0.deleteGrant(id: "grant_1") }
            #expect(try await store.read { try $0.allGrants() }.map(\.id) == ["grant_2"])
        }
    }

    @Test("trusted issuers keep their lists and claim rules")
    func trustedIssuers() async throws {
        try await withStore { store, _ in
            var inline = Sample.issuer("issuer_2")
            inline.jwksURL = nil
            inline.jwks = #"{"keys":[]}"#
            inline.maxScopes = nil
            try await store.write { [inline] transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(Sample.issuer())
                try transaction.insert(inline)
            }
            #expect(try await store.trustedIssuer(id: "issuer_1") == Sample.issuer())
            #expect(try await store.trustedIssuer(id: "issuer_2") == inline)
            var changed = Sample.issuer()
            changed.claimRules = ["sub": "repo:acme/pay:ref:refs/heads/main"]
            try await store.write { [changed] transaction in try transaction.update(changed) }
            #expect(try await store.trustedIssuers() == [changed, inline])
            try await store.write { try $0.deleteTrustedIssuer(id: "issuer_2") }
            #expect(try await store.trustedIssuers() == [changed])
        }
    }

    @Test("admin credentials, signing keys and revoked tokens")
    func adminKeysRevocations() async throws {
        try await withStore { store, _ in
            let admin = AdminCredential(id: "admin_1", name: "bootstrap", role: .admin, secretHash: "ff", createdAt: Sample.now)
            let key = SigningKey(
                kid: "k1", algorithm: .eddsa, privateKey: Data([1, 2, 3, 0, 255]), publicJWK: "{}", createdAt: Sample.now)
            try await store.write { transaction in
                try transaction.insert(admin)
                try transaction.insert(key)
                try transaction.insert(RevokedToken(jti: "j1", expiresAt: Sample.now))
            }
            #expect(try await store.adminCredentials() == [admin])
            #expect(try await store.read { try $0.adminCredential(secretHash: "ff") } == admin)
            #expect(try await store.signingKeys() == [key])
            var retired = key
            retired.retiredAt = Sample.now
            retired.removeAfter = Sample.now.addingTimeInterval(300)
            try await store.write { [retired] transaction in try transaction.update(retired) }
            #expect(try await store.signingKeys() == [retired])
            try await store.write { try $0.deleteSigningKey(kid: "k1") }
            #expect(try await store.signingKeys().isEmpty)
            #expect(try await store.revokedTokens() == [RevokedToken(jti: "j1", expiresAt: Sample.now)])
        }
    }

    @Test("contents() reads the whole snapshot in one go")
    func contents() async throws {
        try await withStore { store, _ in
            try await store.write { transaction in
                try transaction.insert(Sample.identity())
                try transaction.insert(Sample.api())
                try transaction.insert(Sample.grant())
                try transaction.insert(Sample.secret())
            }
            let contents = try await store.contents()
            #expect(contents.identities.count == 1)
            #expect(contents.apis.count == 1)
            #expect(contents.grants.count == 1)
            #expect(contents.credentials.count == 1)
            #expect(contents.version == store.changeVersion)
        }
    }
}
