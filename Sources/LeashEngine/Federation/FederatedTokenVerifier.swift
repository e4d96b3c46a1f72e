import Foundation
import LeashCore
import Logging

/// A federated token that passed every check, and the trust policy it matched.
struct FederatedSubject: Sendable {
    /// The trust policy (trusted issuer record) the token matched.
    let policy: TrustedIssuer
    /// The identity the token is exchanged for.
    let identity: Identity
    /// The verified claims.
    let claims: JWTClaimSet
}

/// Workload identity federation: verifies a JWT from a trusted external issuer (SPIFFE JWT-SVID,
/// Kubernetes service-account token, CI OIDC token) and finds the identity it maps to.
struct FederatedTokenVerifier: Sendable {
    let configuration: TokenConfiguration
    let issuerKeys: IssuerKeyCache
    let logger: Logger

    /// Checks, in order: a trusted `iss` (exact), the signature against that issuer's JWKS, the
    /// times, then the trust policies of that issuer: `aud` in the allowed audiences and every
    /// claim rule matched exactly. Failures are `invalid_grant` (RFC 8693 §2.2.2, RFC 7523 §3.1).
    func verify(_ jws: CompactJWS, snapshot: InventorySnapshot, now: Date) async throws(OAuthError) -> FederatedSubject {
        // Swift's `==` on String ignores Unicode normalization differences; trust needs bytes.
        guard let issuer = jws.unverifiedClaims.string("iss"),
            let policies = snapshot.trustedIssuers[issuer]?.filter({ ClaimRules.exactlyEqual($0.issuer, issuer) }),
            !policies.isEmpty
        else {
            throw .invalidGrant("the token's issuer is not trusted")
        }
        let keys = try await verificationKeys(for: policies, keyID: jws.keyID, snapshot: snapshot, now: now)
        let claims: JWTClaimSet
        do { claims = try await JWSVerifier.verify(jws, keys: keys).claims } catch {
            throw .invalidGrant("the subject token was refused: \(error)")
        }
        // The signature is now known good; re-read iss from the verified claims (exact match).
        guard let verifiedIssuer = claims.string("iss"), ClaimRules.exactlyEqual(verifiedIssuer, issuer) else { throw .invalidGrant("the token's issuer is not trusted") }
        let policy = TimeClaimsPolicy(leeway: TimeInterval(configuration.clockLeeway), maximumLifetime: nil)
        if let problem = policy.check(claims, now: now) {
            throw .invalidGrant("the subject token was refused: \(problem)")
        }
        guard let audiences = claims.audiences, !audiences.isEmpty else {
            throw .invalidGrant("the subject token has no audience")
        }
        let audienceMatches = policies.filter { policy in
            policy.allowedAudiences.contains { allowed in audiences.contains { ClaimRules.exactlyEqual($0, allowed) } }
        }
        guard !audienceMatches.isEmpty else {
            throw .invalidGrant("the subject token's audience is not accepted")
        }
        let matches = audienceMatches.filter { ClaimRules.match($0.claimRules, claims: claims) }
        guard !matches.isEmpty else {
            throw .invalidGrant("the subject token's claims do not match any trust policy of its issuer")
        }
        // Two policies that map the same token to different identities is a configuration
        // ambiguity; refuse rather than pick one.
        guard Set(matches.map(\.identityID)).count == 1, let matched = matches.first else {
            throw .invalidGrant("the subject token matches trust policies for different identities")
        }
        guard let identity = snapshot.identities[matched.identityID], identity.isUsable(at: now) else {
            throw .invalidGrant("the identity this token maps to is not active")
        }
        return FederatedSubject(policy: matched, identity: identity, claims: claims)
    }

    private func verificationKeys(
        for policies: [TrustedIssuer], keyID: String?, snapshot: InventorySnapshot, now: Date
    ) async throws(OAuthError) -> [VerificationKey] {
        var keys: [VerificationKey] = []
        for policy in policies {
            if policy.jwks != nil {
                keys += snapshot.inlineIssuerKeys[policy.id] ?? []
            } else if let url = policy.jwksURL {
                do {
                    keys += try await issuerKeys.keys(url: url, keyID: keyID, owner: policy.id, now: now)
                } catch {
                    logger.warning("trusted issuer keys unavailable", metadata: ["issuer": "\(policy.id)", "error": "\(error)"])
                }
            }
        }
        guard !keys.isEmpty else { throw .invalidGrant("the token issuer's keys are not available") }
        return keys
    }
}

/// The claim-matching rules of a trust policy: every rule's path must hold exactly its value.
public enum ClaimRules {
    /// Whether every rule matches. Comparison is exact and whole-value: never a prefix, substring,
    /// or case-insensitive match (`repo:org/repo` does not match `repo:org/repo-evil`).
    public static func match(_ rules: [String: String], claims: JWTClaimSet) -> Bool {
        rules.allSatisfy { path, expected in
            guard let actual = claims.value(atPath: path)?.scalarText else { return false }
            return exactlyEqual(actual, expected)
        }
    }

    /// Byte-for-byte equality of UTF-8 text (Swift's `==` treats canonically equivalent
    /// Unicode sequences as equal, which is too loose for identifiers that grant access).
    public static func exactlyEqual(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }
}
