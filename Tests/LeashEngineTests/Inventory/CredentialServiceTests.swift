import Crypto
import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Inventory: credentials")
struct CredentialServiceTests {
    @Test("a client secret is returned once in the leash_cs_ format and only its SHA-256 is stored")
    func clientSecret() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let issued = try await fixture.service.createClientSecret(identityID: "payments-api", actor: "a")
            #expect(SecretFormat.isValid(issued.secret, kind: .clientSecret))
            #expect(issued.record.id.hasPrefix("cred_"))
            #expect(issued.record.kind == .clientSecret)
            #expect(issued.record.hint == String(issued.secret.prefix(12)))
            #expect(issued.record.secretHash == SecretHashing.hash(issued.secret))
            #expect(SecretHashing.matches(issued.secret, storedHash: try #require(issued.record.secretHash)))
            #expect(!SecretHashing.matches(issued.secret + "x", storedHash: try #require(issued.record.secretHash)))
            let stored = try await fixture.service.credential(id: issued.record.id)
            #expect(stored == issued.record)
            // The secret itself appears nowhere: not in the record, not in the audit trail.
            let audit = try await fixture.audit()
            let hash = try #require(issued.record.secretHash)
            #expect(!audit.contains { ($0.after ?? "").contains(issued.secret) })
            #expect(!audit.contains { ($0.after ?? "").contains(hash) })
        }
    }

    @Test("two secrets are never the same")
    func distinct() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let first = try await fixture.service.createClientSecret(identityID: "payments-api", actor: "a")
            let second = try await fixture.service.createClientSecret(identityID: "payments-api", actor: "a")
            #expect(first.secret != second.secret)
            #expect(first.record.id != second.record.id)
        }
    }

    @Test("credentials need an existing identity and a future expiry")
    func refusals() async throws {
        try await InventoryFixture.with { fixture async throws in
            await #expect(throws: InventoryError.notFound) {
                try await fixture.service.createClientSecret(identityID: "nobody", actor: "a")
            }
            try await fixture.identity()
            await #expect(throws: InventoryError.invalidField("expiresAt")) {
                try await fixture.service.createClientSecret(
                    identityID: "payments-api", expiresAt: InventoryFixture.start, actor: "a")
            }
            await #expect(throws: InventoryError.notFound) { try await fixture.service.credential(id: "cred_none") }
            await #expect(throws: InventoryError.notFound) { try await fixture.service.credentials(identityID: "nobody") }
        }
    }

    @Test("revoking sets revokedAt at once; a second revoke is a conflict")
    func revoke() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let issued = try await fixture.service.createClientSecret(identityID: "payments-api", actor: "a")
            let revoked = try await fixture.service.revokeCredential(id: issued.record.id, actor: "a")
            #expect(revoked.revokedAt == InventoryFixture.start)
            #expect(!revoked.isUsable(at: InventoryFixture.start))
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.revokeCredential(id: issued.record.id, actor: "a")
            }
            await #expect(throws: InventoryError.notFound) { try await fixture.service.revokeCredential(id: "x", actor: "a") }
        }
    }

    @Test("rotation issues a new secret; the old one works for the overlap, then is dead")
    func rotate() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let old = try await fixture.service.createClientSecret(identityID: "payments-api", actor: "a")
            let new = try await fixture.service.rotateClientSecret(id: old.record.id, overlap: 3600, actor: "a")
            #expect(new.secret != old.secret)
            #expect(new.record.rotatedFrom == old.record.id)
            #expect(new.record.expiresAt == nil)
            let retired = try await fixture.service.credential(id: old.record.id)
            #expect(retired.replacedBy == new.record.id)
            #expect(retired.expiresAt == InventoryFixture.start.addingTimeInterval(3600))
            #expect(retired.isUsable(at: InventoryFixture.start.addingTimeInterval(3599)))
            #expect(!retired.isUsable(at: InventoryFixture.start.addingTimeInterval(3600)))
            // The old secret cannot be rotated again, and a bad overlap is refused.
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.rotateClientSecret(id: old.record.id, overlap: 60, actor: "a")
            }
            for overlap in [-1.0, 31 * 86_400, .infinity] {
                await #expect(throws: InventoryError.invalidField("overlap")) {
                    try await fixture.service.rotateClientSecret(id: new.record.id, overlap: overlap, actor: "a")
                }
            }
            #expect(try await fixture.audit().suffix(2).map(\.action) == ["credential.rotate", "credential.create"])
        }
    }

    @Test("an overlap of zero ends the old secret immediately")
    func rotateWithoutOverlap() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let old = try await fixture.service.createClientSecret(identityID: "payments-api", actor: "a")
            _ = try await fixture.service.rotateClientSecret(id: old.record.id, overlap: 0, actor: "a")
            #expect(!(try await fixture.service.credential(id: old.record.id)).isUsable(at: InventoryFixture.start))
        }
    }

    @Test("public keys are not rotated; revoked secrets cannot be")
    func rotateRefusals() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let key = try await fixture.service.registerPublicKey(
                identityID: "payments-api", jwk: JWKSamples.ed25519(), actor: "a")
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.rotateClientSecret(id: key.id, overlap: 0, actor: "a")
            }
            let secret = try await fixture.service.createClientSecret(identityID: "payments-api", actor: "a")
            _ = try await fixture.service.revokeCredential(id: secret.record.id, actor: "a")
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.rotateClientSecret(id: secret.record.id, overlap: 0, actor: "a")
            }
        }
    }

    @Test("constant-time comparison agrees with equality")
    func constantTime() {
        #expect(SecretHashing.constantTimeEquals("abc", "abc"))
        #expect(!SecretHashing.constantTimeEquals("abc", "abd"))
        #expect(!SecretHashing.constantTimeEquals("abc", "abcd"))
        #expect(SecretHashing.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
