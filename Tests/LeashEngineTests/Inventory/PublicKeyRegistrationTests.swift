import Crypto
import Foundation
import LeashCore
import LeashEngine
import LeashStore
import Testing

/// JWKs built from real keys (and a few deliberately broken ones).
enum JWKSamples {
    static func base64URL(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func ed25519(kid: String? = nil) -> String {
        let x = base64URL(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)
        let kidMember = kid.map { #","kid":"\#($0)""# } ?? ""
        return #"{"kty":"OKP","crv":"Ed25519","x":"\#(x)"\#(kidMember)}"#
    }

    static func p256() -> String {
        let point = P256.Signing.PrivateKey().publicKey.x963Representation
        return #"{"kty":"EC","crv":"P-256","x":"\#(base64URL(point[1..<33]))","y":"\#(base64URL(point[33..<65]))","alg":"ES256"}"#
    }

    /// An RSA public JWK whose modulus has exactly `bits` bits (bit length is what registration checks).
    static func rsa(bits: Int) -> String {
        var modulus = [UInt8](repeating: 0xA5, count: bits / 8)
        modulus[0] = 0xC1
        modulus[modulus.count - 1] |= 1
        return #"{"kty":"RSA","n":"\#(base64URL(modulus))","e":"AQAB"}"#
    }
}

@Suite("Inventory: public keys for private_key_jwt")
struct PublicKeyRegistrationTests {
    @Test("Ed25519, P-256 and RSA-2048 keys are accepted", arguments: [JWKSamples.ed25519(), JWKSamples.p256(), JWKSamples.rsa(bits: 2048)])
    func accepted(jwk: String) async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let credential = try await fixture.service.registerPublicKey(identityID: "payments-api", jwk: jwk, actor: "a")
            #expect(credential.kind == .publicKey)
            #expect(credential.secretHash == nil)
            let kid = try #require(credential.kid)
            #expect(!kid.isEmpty)
            #expect(credential.publicJWK?.contains(#""kid":"\#(kid)""#) == true)
            #expect(try await fixture.service.credential(id: credential.id) == credential)
        }
    }

    @Test("without a kid, the kid is the RFC 7638 thumbprint (RFC 8037 Appendix A.3 example)")
    func thumbprint() throws {
        let jwk = #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#
        let key = try ClientPublicKey(jwkJSON: jwk, kid: nil)
        #expect(key.kid == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }

    @Test("a given kid is used, and must agree with the JWK's own kid")
    func kids() throws {
        #expect(try ClientPublicKey(jwkJSON: JWKSamples.ed25519(kid: "own"), kid: nil).kid == "own")
        #expect(try ClientPublicKey(jwkJSON: JWKSamples.ed25519(), kid: "given").kid == "given")
        #expect(throws: InventoryError.invalidField("kid")) {
            try ClientPublicKey(jwkJSON: JWKSamples.ed25519(kid: "own"), kid: "other")
        }
    }

    static let refused: [String] = [
        "not json",
        "[]",
        #"{"crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
        #"{"kty":"OKP","crv":"X25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
        #"{"kty":"OKP","crv":"Ed25519","x":"c2hvcnQ"}"#,
        #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"secret"}"#,
        #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","use":"enc"}"#,
        #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","alg":"RS256"}"#,
        #"{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
        #"{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}"#,
        #"{"kty":"oct","k":"c2VjcmV0"}"#,
        JWKSamples.rsa(bits: 1024),
        JWKSamples.rsa(bits: 2040),
        #"{"kty":"RSA","n":"\#(JWKSamples.base64URL([UInt8](repeating: 0xC1, count: 256)))","e":"AA"}"#,
    ]

    @Test("malformed, private, symmetric, weak and off-curve keys are refused naming the jwk field", arguments: refused)
    func refusedKeys(jwk: String) async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            await #expect(throws: InventoryError.invalidField("jwk")) {
                try await fixture.service.registerPublicKey(identityID: "payments-api", jwk: jwk, actor: "a")
            }
            #expect(try await fixture.service.credentials(identityID: "payments-api").isEmpty)
        }
    }

    @Test("the same kid twice on one identity is a conflict until the first is revoked")
    func duplicateKid() async throws {
        try await InventoryFixture.with { fixture async throws in
            try await fixture.identity()
            let first = try await fixture.service.registerPublicKey(
                identityID: "payments-api", jwk: JWKSamples.ed25519(), kid: "k1", actor: "a")
            await #expect(throws: InventoryError.conflict) {
                try await fixture.service.registerPublicKey(
                    identityID: "payments-api", jwk: JWKSamples.p256(), kid: "k1", actor: "a")
            }
            _ = try await fixture.service.revokeCredential(id: first.id, actor: "a")
            _ = try await fixture.service.registerPublicKey(
                identityID: "payments-api", jwk: JWKSamples.p256(), kid: "k1", actor: "a")
        }
    }
}
