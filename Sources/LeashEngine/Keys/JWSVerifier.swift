import Foundation
import JWTKit

/// Verifies the signature of a JWT from another party against candidate public keys.
///
/// The algorithm is checked BEFORE any key is used: `none` and every HMAC algorithm are refused
/// outright (RFC 8725 §3.1, §3.2 — an HS256 token "signed" with a public key must never verify),
/// and the header's `alg` must be one the chosen key is for. With a `kid` only keys with that
/// `kid` (or, failing those, keys registered without any `kid`) are tried; without one every
/// candidate is tried (authlib's `private_key_jwt` sends none).
public enum JWSVerifier {
    /// Verifies `jws` with one of `keys`, returning its claims and the key that verified it.
    public static func verify(
        _ jws: CompactJWS, keys: [VerificationKey]
    ) async throws(JWSError) -> (claims: JWTClaimSet, key: VerificationKey) {
        let algorithm = jws.algorithm
        guard VerificationKey.acceptedAlgorithms.contains(algorithm) else {
            throw .algorithmNotAllowed(algorithm)
        }
        var candidates = keys
        if let kid = jws.keyID {
            // Keys registered with a kid match only that kid; a key registered without one
            // stands for any kid, so it is tried when no key carries the token's kid.
            candidates = keys.filter { $0.keyID == kid }
            if candidates.isEmpty { candidates = keys.filter { $0.keyID == nil } }
        }
        guard !candidates.isEmpty else { throw .unknownKey }
        candidates = candidates.filter { $0.algorithms.contains(algorithm) }
        guard !candidates.isEmpty, let jwkAlgorithm = JWK.Algorithm(rawValue: algorithm) else {
            throw .algorithmNotAllowed(algorithm)
        }
        for candidate in candidates {
            var jwk = candidate.jwk
            // Pin the key to the one algorithm already vetted, so jwt-kit cannot pick another.
            jwk.algorithm = jwkAlgorithm
            jwk.keyIdentifier = JWKIdentifier(string: "candidate")
            let collection = JWTKeyCollection()
            do {
                try await collection.add(jwk: jwk)
                return (try await collection.verify(jws.token, as: JWTClaimSet.self), candidate)
            } catch {
                continue
            }
        }
        throw .signatureInvalid
    }
}
