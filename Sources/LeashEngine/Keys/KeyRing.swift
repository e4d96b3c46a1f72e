import Crypto
import Foundation
import JWTKit
import LeashCore
import Synchronization

/// Why a Leash access token could not be verified as one of ours.
public struct AccessTokenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A sentence naming the problem (never the token).
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The signing keys of this Leash: the current signer and every key still in the JWKS.
///
/// Holds an immutable key set behind a `Mutex`, swapped whole when the store's keys change, so
/// signing and verifying never wait on the store. Rotation (see `rotate(in:)`) makes a new key the
/// signer and keeps the old one published until `now + maxTokenTTL`, when its last token has expired.
public final class KeyRing: Sendable {
    /// One immutable generation of keys.
    struct Keys: Sendable {
        /// The key that signs new tokens.
        let signer: SigningKey
        /// The signer, prepared for the hot path.
        let accessTokenSigner: AccessTokenSigner
        /// Every published key by kid (signer included).
        let published: [String: SigningKey]
        /// jwt-kit signers for every published key, registered under their kids.
        let collection: JWTKeyCollection
        /// The JWKS document, current signer first.
        let document: JWKSDocument
    }

    private let keys: Mutex<Keys>

    /// Loads keys read from the store; throws if none is a current (unretired) key.
    public init(keys: [SigningKey], now: Date) async throws {
        self.keys = Mutex(try await Self.build(keys, now: now))
    }

    /// Replaces the keys with a newer reading of the store.
    public func reload(_ keys: [SigningKey], now: Date) async throws {
        let built = try await Self.build(keys, now: now)
        self.keys.withLock { $0 = built }
    }

    /// The kid of the key that signs new tokens.
    public var signingKeyID: String { keys.withLock { $0.signer.kid } }

    /// The RFC 7517 JWK Set of every published key.
    public var jwks: JWKSDocument { keys.withLock { $0.document } }

    /// Signs access token claims as an RFC 9068 JWT: header `typ: at+jwt` (§2.1) and the signer's `kid`.
    public func sign(_ claims: AccessTokenClaims) async throws -> String {
        let signer = keys.withLock { $0.accessTokenSigner }
        return try signer.sign(claims)
    }

    /// Verifies that `token` is a Leash access token signed by a published key and returns its
    /// claims. Expiry and revocation are the caller's to check (with its clock and snapshot).
    public func verify(_ token: String) async throws(AccessTokenError) -> AccessTokenClaims {
        let jws: CompactJWS
        do { jws = try CompactJWS(parsing: token) } catch { throw AccessTokenError("the token is malformed") }
        // RFC 9068 §4: the `typ` header must be `at+jwt`, so other JWTs cannot pose as access tokens.
        guard jws.type?.lowercased() == "at+jwt" || jws.type?.lowercased() == "application/at+jwt" else {
            throw AccessTokenError("the token is not an access token")
        }
        guard let kid = jws.keyID else { throw AccessTokenError("the token names no signing key") }
        let (key, collection) = keys.withLock { ($0.published[kid], $0.collection) }
        guard let key else { throw AccessTokenError("the token was not signed by a Leash key") }
        // RFC 8725 §3.1: the algorithm is the key's, never the header's choice.
        guard jws.algorithm == key.algorithm.rawValue else { throw AccessTokenError("the token's algorithm is wrong") }
        do {
            return try await collection.verify(token, as: AccessTokenClaims.self)
        } catch {
            throw AccessTokenError("the token signature does not verify")
        }
    }

    private static func build(_ stored: [SigningKey], now: Date) async throws -> Keys {
        let published = stored.filter { key in key.removeAfter.map { $0 > now } ?? true }
        guard
            let signer = published.filter({ $0.retiredAt == nil }).max(by: { $0.createdAt < $1.createdAt })
        else {
            throw KeyRingError("no current signing key")
        }
        let collection = JWTKeyCollection()
        let serializer = DefaultJWTSerializer(jsonEncoder: CompactJSONEncoder())
        var jwks: [PublicJWK] = []
        for key in published {
            let kid = JWKIdentifier(string: key.kid)
            switch key.algorithm {
            case .eddsa:
                let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: key.privateKey)
                await collection.add(eddsa: EdDSA.PrivateKey(backing: privateKey), kid: kid, serializer: serializer)
            case .es256:
                let privateKey = try P256.Signing.PrivateKey(rawRepresentation: key.privateKey)
                await collection.add(ecdsa: try ES256PrivateKey(backing: privateKey), kid: kid, serializer: serializer)
            }
            var jwk = try PublicJWK(algorithm: key.algorithm, privateKey: key.privateKey)
            jwk.kid = key.kid
            jwks.append(jwk)
        }
        jwks.sort { lhs, rhs in lhs.kid == signer.kid ? true : (rhs.kid == signer.kid ? false : lhs.kid < rhs.kid) }
        return Keys(
            signer: signer,
            accessTokenSigner: try AccessTokenSigner(signer),
            published: Dictionary(published.map { ($0.kid, $0) }, uniquingKeysWith: { first, _ in first }),
            collection: collection,
            document: JWKSDocument(keys: jwks))
    }
}

/// A failure to set up or change the signing keys.
public struct KeyRingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
