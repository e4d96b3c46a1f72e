import Crypto
import Foundation
import LeashCore

/// The public half of a Leash signing key as published in the JWKS (RFC 7517 §4).
public struct PublicJWK: Codable, Hashable, Sendable {
    /// `kty`: `OKP` for Ed25519 (RFC 8037 §2), `EC` for P-256 (RFC 7518 §6.2).
    public var kty: String
    /// `crv`: `Ed25519` or `P-256`.
    public var crv: String
    /// `x`: the public key (OKP) or its x coordinate (EC), base64url.
    public var x: String
    /// `y`: the y coordinate (EC only), base64url.
    public var y: String?
    /// `kid`: the RFC 7638 thumbprint of the key.
    public var kid: String
    /// `alg`: `EdDSA` or `ES256` (RFC 7517 §4.4).
    public var alg: String
    /// `use`: always `sig` (RFC 7517 §4.2).
    public var use: String

    /// The public JWK of a raw private key of `algorithm`; throws if the bytes are not a valid key.
    public init(algorithm: SigningAlgorithm, privateKey: Data) throws {
        switch algorithm {
        case .eddsa:
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey)
            self.init(kty: "OKP", crv: "Ed25519", x: Base64URL.encode(key.publicKey.rawRepresentation), y: nil, alg: "EdDSA")
        case .es256:
            let key = try P256.Signing.PrivateKey(rawRepresentation: privateKey)
            let point = key.publicKey.x963Representation  // 0x04 ‖ X ‖ Y (SEC 1 §2.3.3)
            self.init(
                kty: "EC", crv: "P-256", x: Base64URL.encode(point[1..<33]), y: Base64URL.encode(point[33..<65]),
                alg: "ES256")
        }
    }

    private init(kty: String, crv: String, x: String, y: String?, alg: String) {
        self.kty = kty
        self.crv = crv
        self.x = x
        self.y = y
        self.alg = alg
        self.use = "sig"
        self.kid = Self.thumbprint(kty: kty, crv: crv, x: x, y: y)
    }

    /// RFC 7638 §3: base64url SHA-256 of the required members in lexicographic order, no spaces
    /// (RFC 8037 §2 for OKP: `crv`, `kty`, `x`; EC: `crv`, `kty`, `x`, `y`).
    static func thumbprint(kty: String, crv: String, x: String, y: String?) -> String {
        var canonical = #"{"crv":"\#(crv)","kty":"\#(kty)","x":"\#(x)""#
        if let y { canonical += #","y":"\#(y)""# }
        canonical += "}"
        return Base64URL.encode(Array(SHA256.hash(data: Data(canonical.utf8))))
    }

    /// The JWK as a compact JSON object string, as stored in `SigningKey.publicJWK`.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A JWK Set document (RFC 7517 §5), as served at `/jwks.json`.
public struct JWKSDocument: Codable, Hashable, Sendable {
    /// The published public keys, current signer first.
    public var keys: [PublicJWK]
}

extension SigningKey {
    /// A fresh signing key for `algorithm`, created at `now`, with its RFC 7638 thumbprint as `kid`.
    public static func generate(algorithm: SigningAlgorithm, now: Date) -> SigningKey {
        let privateKey: Data =
            switch algorithm {
            case .eddsa: Curve25519.Signing.PrivateKey().rawRepresentation
            case .es256: P256.Signing.PrivateKey().rawRepresentation
            }
        // A freshly generated key always has a valid raw form, so this cannot fail in practice.
        let jwk = try? PublicJWK(algorithm: algorithm, privateKey: privateKey)
        return SigningKey(
            kid: jwk?.kid ?? UUID().uuidString, algorithm: algorithm, privateKey: privateKey,
            publicJWK: jwk?.json ?? "{}", createdAt: now)
    }
}
