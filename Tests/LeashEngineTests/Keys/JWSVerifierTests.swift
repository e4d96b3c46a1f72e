import Foundation
import Testing

@testable import LeashEngine

@Suite("verifying JWTs from other parties")
struct JWSVerifierTests {
    @Test("compact JWS parsing refuses what is not a three-part signed JWT", arguments: [
        "", "abc", "a.b", "a.b.c.d", "a.b.c.d.e", "!!!.e30.", "e30.e30.", "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.",
        "eyJ0eXAiOiJKV1QifQ.e30.", "eyJhbGciOiJFUzI1NiIsImNyaXQiOlsiYiJdfQ.e30.",
    ])
    func malformed(token: String) {
        #expect(throws: JWSError.malformed) { try CompactJWS(parsing: token) }
    }

    @Test("symmetric, private and unknown keys are never accepted as verification keys", arguments: [
        #"{"kty":"oct","k":"c2VjcmV0"}"#, #"{"kty":"OKP","crv":"Ed25519","x":"AAAA","d":"AAAA"}"#,
        #"{"kty":"OKP","crv":"X25519","x":"AAAA"}"#, #"{"kty":"RSA","n":"AQAB","e":"AQAB","alg":"HS256"}"#, "not json",
    ])
    func refusedKeys(jwk: String) {
        #expect(VerificationKey(jwkJSON: jwk) == nil)
    }

    @Test("a key's alg member restricts it to that algorithm")
    func algRestricts() throws {
        let rsa = try #require(VerificationKey(jwkJSON: TestSigner.rsaPublicJWK))
        #expect(rsa.algorithms == ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"])
        let pinned = try #require(VerificationKey(jwkJSON: TestSigner.rsaPublicJWK.replacingOccurrences(of: "}", with: #", "alg": "PS256"}"#)))
        #expect(pinned.algorithms == ["PS256"])
    }

    @Test("without a kid every key is tried; with one only the keys with that kid (or with none)")
    func kidSelection() async throws {
        let first = try await TestSigner.make(.eddsa, kid: nil)
        let second = try await TestSigner.make(.eddsa, kid: nil)
        let keys = [first, second].enumerated().compactMap { VerificationKey(jwkJSON: $1.jwk(), owner: "k\($0)") }
        let token = try await second.sign(["sub": .string("x")])
        let verified = try await JWSVerifier.verify(try CompactJWS(parsing: token), keys: keys)
        #expect(verified.key.owner == "k1")
        let named = try await TestSigner.make(.eddsa, kid: "other")
        let byNamed = try await named.sign(["sub": .string("x")])
        await #expect(throws: JWSError.signatureInvalid) { try await JWSVerifier.verify(try CompactJWS(parsing: byNamed), keys: keys) }
        let withKids = [first, second].enumerated().compactMap { index, signer in
            VerificationKey(jwkJSON: signer.jwk(extra: ["kid": "k\(index)"]), owner: "k\(index)")
        }
        await #expect(throws: JWSError.unknownKey) { try await JWSVerifier.verify(try CompactJWS(parsing: byNamed), keys: withKids) }
    }

    @Test("alg none and HMAC are refused before any key is tried", arguments: ["none", "HS256", "HS512", "None", "RSA-OAEP"])
    func refusedAlgorithms(alg: String) async throws {
        let signer = try await TestSigner.make(.eddsa, kid: "k")
        let key = try #require(VerificationKey(jwkJSON: signer.jwk(includeKid: true)))
        let token = ForgedToken.encode(header: ["alg": alg, "kid": "k"], claims: ["sub": .string("x")], signature: [1, 2, 3])
        await #expect(throws: JWSError.algorithmNotAllowed) { try await JWSVerifier.verify(try CompactJWS(parsing: token), keys: [key]) }
    }

    @Test("dotted claim paths reach into nested objects, including names that hold dots")
    func claimPaths() {
        let claims = JWTClaimSet(claims: [
            "kubernetes.io": .object(["namespace": .string("prod"), "serviceaccount": .object(["uid": .string("u-1")])]),
            "repository_id": .string("456"), "run_attempt": .integer(2), "flag": .bool(true),
        ])
        #expect(claims.value(atPath: "kubernetes.io.namespace")?.scalarText == "prod")
        #expect(claims.value(atPath: "kubernetes.io.serviceaccount.uid")?.scalarText == "u-1")
        #expect(claims.value(atPath: "kubernetes.io.missing") == nil)
        #expect(ClaimRules.match(["repository_id": "456", "run_attempt": "2", "flag": "true"], claims: claims))
        #expect(!ClaimRules.match(["repository_id": "45"], claims: claims))
        #expect(!ClaimRules.match(["kubernetes.io": "prod"], claims: claims))
        #expect(!ClaimRules.match(["absent": ""], claims: claims))
        // Canonically equivalent but byte-different Unicode does not match.
        let composed = JWTClaimSet(claims: ["sub": .string("caf\u{E9}")])
        #expect(!ClaimRules.match(["sub": "cafe\u{301}"], claims: composed))
    }

    @Test("the replay cache refuses a second use until expiry and fails closed when full")
    func replayCache() {
        let cache = ReplayCache(capacity: 2)
        let now = Date(timeIntervalSince1970: 1000)
        #expect(cache.use("a", until: now.addingTimeInterval(10), now: now) == .fresh)
        #expect(cache.use("a", until: now.addingTimeInterval(10), now: now) == .replayed)
        #expect(cache.use("b", until: now.addingTimeInterval(20), now: now) == .fresh)
        #expect(cache.use("c", until: now.addingTimeInterval(20), now: now) == .full)
        let later = now.addingTimeInterval(11)
        #expect(cache.use("c", until: later.addingTimeInterval(20), now: later) == .fresh)
        #expect(cache.use("a", until: later.addingTimeInterval(20), now: later) == .full)
    }
}

@Suite("verification key selection by kid")
struct KeySelectionTests {
    @Test("a key registered without a kid verifies a token that names one, unless another key owns that kid")
    func kidlessKeyStandsForAnyKid() async throws {
        let signer = try await TestSigner.make(.eddsa, kid: "ec-1")
        let kidless = try #require(VerificationKey(jwkJSON: signer.jwk(), owner: "kidless"))
        let token = try CompactJWS(parsing: try await signer.sign(["sub": .string("x")]))
        #expect(try await JWSVerifier.verify(token, keys: [kidless]).key.owner == "kidless")
        let other = try await TestSigner.make(.eddsa, kid: "ec-1")
        let owner = try #require(VerificationKey(jwkJSON: other.jwk(includeKid: true), owner: "owner"))
        await #expect(throws: JWSError.signatureInvalid) { try await JWSVerifier.verify(token, keys: [kidless, owner]) }
    }
}
