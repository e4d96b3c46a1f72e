import Foundation
import LeashCore
import Testing

@Suite("Lifecycle of identities, credentials and grants")
struct LifecycleRulesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func identity(status: IdentityStatus = .active, expiresAt: Date? = nil) -> Identity {
        Identity(
            id: "svc", kind: .service, name: "svc", owner: "team", status: status, createdAt: now, updatedAt: now
        ).with(expiresAt: expiresAt)
    }

    @Test("only an active, unexpired identity is usable")
    func identityUsable() {
        #expect(identity().isUsable(at: now))
        #expect(!identity(status: .suspended).isUsable(at: now))
        #expect(!identity(status: .decommissioned).isUsable(at: now))
        #expect(!identity(expiresAt: now).isUsable(at: now))
        #expect(identity(expiresAt: now.addingTimeInterval(1)).isUsable(at: now))
    }

    @Test("a revoked or expired credential is not usable")
    func credentialUsable() {
        let credential = Credential(id: "cred_1", identityID: "svc", kind: .clientSecret, createdAt: now)
        #expect(credential.isUsable(at: now))
        var revoked = credential
        revoked.revokedAt = now
        #expect(!revoked.isUsable(at: now))
        var expiring = credential
        expiring.expiresAt = now.addingTimeInterval(60)
        #expect(expiring.isUsable(at: now))
        #expect(!expiring.isUsable(at: now.addingTimeInterval(60)))
    }

    @Test("an expired grant is never effective")
    func grantEffective() {
        let grant = Grant(
            id: "grant_1", identityID: "svc", api: "orders", scope: "read", expiresAt: now, grantedBy: "admin_1",
            createdAt: now.addingTimeInterval(-10))
        #expect(grant.isEffective(at: now.addingTimeInterval(-1)))
        #expect(!grant.isEffective(at: now))
    }

    @Test("admin roles are ordered by privilege")
    func roles() {
        #expect(AdminRole.viewer < .operator)
        #expect(AdminRole.operator < .admin)
        #expect(AdminRole.admin >= .operator)
    }

    @Test("enum wire spellings", arguments: [
        (IdentityKind.delegatedHuman.rawValue, "delegated-human"), (TrustTier.thirdParty.rawValue, "third-party"),
        (CredentialKind.clientSecret.rawValue, "client_secret"), (CredentialKind.publicKey.rawValue, "public_key"),
        (SigningAlgorithm.eddsa.rawValue, "EdDSA"),
    ])
    func wireSpellings(actual: String, expected: String) {
        #expect(actual == expected)
    }
}

extension Identity {
    fileprivate func with(expiresAt: Date?) -> Identity {
        var copy = self
        copy.expiresAt = expiresAt
        return copy
    }
}
