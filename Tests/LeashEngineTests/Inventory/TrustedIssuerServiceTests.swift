import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

@Suite("Inventory: trusted issuers")
struct TrustedIssuerServiceTests {
    static func draft(
        issuer: String = "https://token.actions.githubusercontent.com", jwks: String? = nil,
        jwksURL: String? = "https://token.actions.githubusercontent.com/.well-known/jwks",
        audiences: [String] = ["https://leash.example.com"], rules: [String: String] = ["repository_id": "42"],
        identity: String = "payments-api", maxScopes: [String]? = nil, maxTTL: Int? = nil
    ) -> TrustedIssuerDraft {
        TrustedIssuerDraft(
            issuer: issuer, jwks: jwks, jwksURL: jwksURL, allowedAudiences: audiences, claimRules: rules,
            identityID: identity, maxScopes: maxScopes, maxTTL: maxTTL)
    }

    @Test("an issuer with a JWKS URL or an inline JWKS is trusted for an identity")
    func create() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let byURL = try await fixture.service.createTrustedIssuer(Self.draft(), actor: "a")
            #expect(byURL.id.hasPrefix("issuer_"))
            #expect(byURL.maxTTL == InventoryService.defaultFederatedTTL)
            let inline = try await fixture.service.createTrustedIssuer(
                Self.draft(
                    issuer: "spiffe://prod.example", jwks: #"{"keys":[\#(JWKSamples.ed25519(kid: "svid-1"))]}"#,
                    jwksURL: nil, rules: ["sub": "spiffe://prod.example/ns/pay/sa/api"], maxScopes: ["orders:read"],
                    maxTTL: 120),
                actor: "a")
            #expect(try await fixture.service.trustedIssuers() == [byURL, inline])
            #expect(try await fixture.service.trustedIssuer(id: inline.id) == inline)
            #expect(try await fixture.audit().map(\.action) == ["identity.create", "issuer.create", "issuer.create"])
        }
    }

    static let invalid: [(TrustedIssuerDraft, String)] = [
        (draft(issuer: "not a url"), "issuer"),
        (draft(jwks: nil, jwksURL: nil), "jwks"),
        (draft(jwks: #"{"keys":[]}"#), "jwks"),
        (draft(jwks: #"{"keys":[]}"#, jwksURL: nil), "jwks"),
        (draft(jwks: #"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#, jwksURL: nil), "jwks"),
        (draft(jwks: "[1,2]", jwksURL: nil), "jwks"),
        (draft(jwksURL: "http://issuer.example.com/jwks"), "jwksURL"),
        (draft(audiences: []), "allowedAudiences"),
        (draft(audiences: [""]), "allowedAudiences"),
        (draft(rules: [:]), "claimRules"),
        (draft(rules: ["sub": ""]), "claimRules"),
        (draft(maxScopes: ["read write"]), "maxScopes"),
        (draft(maxTTL: 0), "maxTTL"),
        (draft(maxTTL: 86_401), "maxTTL"),
    ]

    @Test("every issuer field rule refuses with an error naming the field", arguments: invalid)
    func validation(draft: TrustedIssuerDraft, field: String) async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            await #expect(throws: InventoryError.invalidField(field)) {
                try await fixture.service.createTrustedIssuer(draft, actor: "a")
            }
        }
    }

    @Test("the mapped identity must exist and not be decommissioned")
    func identityRequired() async throws {
        try await InventoryFixture.with { fixture async throws in
            await #expect(throws: InventoryError.notFound) {
                try await fixture.service.createTrustedIssuer(Self.draft(), actor: "a")
            }
            try await fixture.identity()
            _ = try await fixture.service.decommissionIdentity(id: "payments-api", actor: "a")
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.createTrustedIssuer(Self.draft(), actor: "a")
            }
        }
    }

    @Test("update replaces the settings; delete removes the issuer")
    func updateAndDelete() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let created = try await fixture.service.createTrustedIssuer(Self.draft(), actor: "a")
            let updated = try await fixture.service.updateTrustedIssuer(
                id: created.id, Self.draft(rules: ["repository_id": "43"], maxTTL: 60), actor: "a")
            #expect(updated.claimRules == ["repository_id": "43"])
            #expect(updated.createdAt == created.createdAt)
            #expect(try await fixture.service.trustedIssuer(id: created.id) == updated)
            await #expect(throws: InventoryError.invalidField("claimRules")) {
                try await fixture.service.updateTrustedIssuer(id: created.id, Self.draft(rules: [:]), actor: "a")
            }
            try await fixture.service.deleteTrustedIssuer(id: created.id, actor: "a")
            await #expect(throws: InventoryError.notFound) { try await fixture.service.trustedIssuer(id: created.id) }
            await #expect(throws: InventoryError.notFound) {
                try await fixture.service.deleteTrustedIssuer(id: created.id, actor: "a")
            }
        }
    }
}
