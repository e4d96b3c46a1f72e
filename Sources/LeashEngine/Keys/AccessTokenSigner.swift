import Crypto
import Foundation
import LeashCore

/// Signs access tokens with one key, writing the JWS compact serialization directly (RFC 7515 §7.1).
///
/// The protected header (`alg`, `kid`, `typ: at+jwt`, RFC 9068 §2.1) is fixed per key, so it is
/// encoded once; each token costs one claims object, one base64url pass and one signature. This
/// skips jwt-kit's key-collection actor and serializer on the hot path; jwt-kit still verifies.
struct AccessTokenSigner: Sendable {
    private enum Key: Sendable {
        case eddsa(Curve25519.Signing.PrivateKey)
        case es256(P256.Signing.PrivateKey)
    }

    private let key: Key
    /// `base64url(header) + "."`, as bytes.
    private let encodedHeader: [UInt8]

    /// Prepares the signer for a stored key.
    init(_ stored: SigningKey) throws {
        switch stored.algorithm {
        case .eddsa: key = .eddsa(try Curve25519.Signing.PrivateKey(rawRepresentation: stored.privateKey))
        case .es256: key = .es256(try P256.Signing.PrivateKey(rawRepresentation: stored.privateKey))
        }
        var header = JSONObjectWriter()
        header.member("alg", stored.algorithm.rawValue)
        header.member("kid", stored.kid)
        header.member("typ", "at+jwt")
        var encoded: [UInt8] = []
        Base64URL.append(header.finishBytes(), to: &encoded)
        encoded.append(UInt8(ascii: "."))
        encodedHeader = encoded
    }

    /// The signed JWT for `claims`.
    func sign(_ claims: AccessTokenClaims) throws -> String {
        var payload = JSONObjectWriter()
        claims.write(into: &payload)
        var token = encodedHeader
        token.reserveCapacity(640)
        Base64URL.append(payload.finishBytes(), to: &token)
        // RFC 7515 §5.1: the signature is over ASCII(header "." payload).
        let signature: Data
        switch key {
        case .eddsa(let privateKey):
            signature = try privateKey.signature(for: token)
        case .es256(let privateKey):
            // RFC 7518 §3.4: ES256 signatures are R || S, 64 bytes.
            signature = try privateKey.signature(for: token).rawRepresentation
        }
        token.append(UInt8(ascii: "."))
        Base64URL.append(signature, to: &token)
        return String(decoding: token, as: UTF8.self)
    }
}
