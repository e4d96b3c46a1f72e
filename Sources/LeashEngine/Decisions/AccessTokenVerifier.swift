import Crypto
import Foundation
import LeashCore

/// The claims of a Leash access token whose signature, `typ` and `iss` have been checked, as the
/// decision point keeps them (in the verified-token cache) and reads them on every call.
public struct VerifiedAccessToken: Sendable, Hashable {
    /// The `kid` of the key that signed it: the entry is void once that key leaves the JWKS.
    public let keyID: String
    /// `sub`.
    public let subject: String
    /// `client_id`.
    public let clientID: String
    /// `aud`.
    public let audience: String
    /// `scope`, as carried (space-delimited).
    public let scope: String
    /// The scopes as a set.
    public let scopes: Set<String>
    /// `jti`.
    public let jti: String
    /// `iat`, `nbf` and `exp`, seconds since the epoch.
    public let issuedAt: Int64
    public let notBefore: Int64
    public let expiresAt: Int64
    /// `leash_cred`: the credential the token was issued from, when it names one.
    public let credentialID: String?
    /// The `act` chain, current actor first (RFC 8693 §4.1); empty without delegation.
    public let actors: [String]
}

/// Verifies Leash access tokens (RFC 9068) against Leash's own published signing keys, without
/// waiting on anything: swift-crypto checks the signature directly (no key-collection actor).
///
/// RFC 8725 §3.1: the key is chosen by `kid` and its algorithm is the key's, never the header's;
/// `alg: none`, HMAC and any other algorithm than the key's are refused before any verification.
public struct AccessTokenVerifier: Sendable {
    enum PublicKey: Sendable {
        case eddsa(Curve25519.Signing.PublicKey)
        case es256(P256.Signing.PublicKey)

        var algorithm: String {
            switch self {
            case .eddsa: SigningAlgorithm.eddsa.rawValue
            case .es256: SigningAlgorithm.es256.rawValue
            }
        }
    }

    /// The issuer identifier every token must carry as `iss`.
    public let issuer: String
    private let keys: [String: PublicKey]

    /// Prepares the public halves of the signing keys still published at `now` (as the JWKS does).
    public init(issuer: String, signingKeys: [SigningKey], now: Date) {
        self.issuer = issuer
        var keys: [String: PublicKey] = [:]
        for key in signingKeys where key.removeAfter.map({ $0 > now }) ?? true {
            switch key.algorithm {
            case .eddsa:
                if let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: key.privateKey) {
                    keys[key.kid] = .eddsa(privateKey.publicKey)
                }
            case .es256:
                if let privateKey = try? P256.Signing.PrivateKey(rawRepresentation: key.privateKey) {
                    keys[key.kid] = .es256(privateKey.publicKey)
                }
            }
        }
        self.keys = keys
    }

    /// The kids of the keys tokens may be signed with.
    public var keyIDs: Set<String> { Set(keys.keys) }

    /// Whether the key with `kid` is still published.
    public func publishes(keyID: String) -> Bool { keys[keyID] != nil }

    /// Checks `token`'s form, header, signature and issuer; time, audience and revocation are the
    /// decision's to check on every call. Nil when any of these fails (the reason is `token_invalid`).
    public func verify(_ token: Substring) -> VerifiedAccessToken? {
        guard token.utf8.count <= CompactJWS.maximumLength else { return nil }
        let parts = token.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        // RFC 7515 §7.1: exactly three parts.
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]),
            let header = try? JSONDecoder().decode(Header.self, from: headerBytes)
        else { return nil }
        // RFC 9068 §2.1 / §4: `typ` must be `at+jwt` so other JWTs cannot pose as access tokens.
        guard let type = header.typ?.lowercased(), type == "at+jwt" || type == "application/at+jwt" else { return nil }
        // RFC 7515 §4.1.11: Leash understands no extension.
        guard header.crit == nil, let kid = header.kid, let key = keys[kid], header.alg == key.algorithm else {
            return nil
        }
        guard let signature = Base64URL.decode(parts[2]) else { return nil }
        // RFC 7515 §5.2: the signature is over ASCII(header "." payload), exactly as received.
        let signingInput = token.utf8[parts[0].startIndex..<parts[1].endIndex]
        switch key {
        case .eddsa(let publicKey):
            guard publicKey.isValidSignature(signature, for: Data(signingInput)) else { return nil }
        case .es256(let publicKey):
            // RFC 7518 §3.4: R || S, 64 bytes.
            guard let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature),
                publicKey.isValidSignature(ecdsa, for: Data(signingInput))
            else { return nil }
        }
        guard let payload = Base64URL.decode(parts[1]),
            let claims = try? JSONDecoder().decode(AccessTokenClaims.self, from: payload),
            claims.issuer == issuer
        else { return nil }
        // RFC 6749 §3.3: a scope the grammar forbids makes the token malformed, not narrower.
        guard let scopes = ScopeSet(parsing: claims.scope) else { return nil }
        return VerifiedAccessToken(
            keyID: kid, subject: claims.subject, clientID: claims.clientID, audience: claims.audience,
            scope: claims.scope, scopes: scopes.scopes, jti: claims.tokenID, issuedAt: claims.issuedAt,
            notBefore: claims.notBefore, expiresAt: claims.expiresAt, credentialID: claims.credentialID,
            actors: claims.actor?.chain ?? [])
    }

    /// The protected header members Leash reads (RFC 7515 §4.1).
    private struct Header: Decodable {
        var alg: String
        var kid: String?
        var typ: String?
        var crit: [String]?
    }
}
