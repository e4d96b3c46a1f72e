import Foundation
import JWTKit

/// A public key that may verify JWTs from a party other than Leash: a client's registered key
/// for `private_key_jwt`, or a key of a trusted issuer's JWKS.
public struct VerificationKey: Sendable {
    /// The key as a JWK (RFC 7517).
    public let jwk: JWK
    /// The key's `kid`, if it has one.
    public let keyID: String?
    /// The JWS algorithms this key may verify: those its type supports, narrowed to its `alg`
    /// member when it has one (RFC 7517 §4.4). Never `none`, never an HMAC algorithm.
    public let algorithms: Set<String>
    /// What the key belongs to (a credential id, an issuer id), reported back on a match.
    public let owner: String

    /// Every asymmetric algorithm Leash verifies (RFC 7518 §3.1, RFC 8037 §3.1).
    public static let acceptedAlgorithms: Set<String> = [
        "EdDSA", "ES256", "ES384", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    ]

    /// Reads a JWK given as JSON text; `nil` for private, symmetric, unknown or incomplete keys.
    public init?(jwkJSON: String, owner: String = "") {
        self.init(jwkJSON: Data(jwkJSON.utf8), owner: owner)
    }

    /// Reads a JWK given as JSON bytes; `nil` for private, symmetric, unknown or incomplete keys.
    public init?(jwkJSON data: Data, owner: String = "") {
        guard let members = try? JSONDecoder().decode([String: JSONValue].self, from: data) else { return nil }
        self.init(members: members, owner: owner)
    }

    /// Reads the usable signature keys of a JWK Set (RFC 7517 §5). Keys for encryption, keys of
    /// unknown types and SPIFFE `x509-svid` entries are skipped (RFC 7517 §5: ignore what is not understood).
    public static func keySet(json data: Data, owner: String = "") -> [VerificationKey]? {
        guard let set = try? JSONDecoder().decode([String: JSONValue].self, from: data),
            case .array(let entries)? = set["keys"]
        else { return nil }
        return entries.compactMap { entry -> VerificationKey? in
            guard let members = entry.objectValue else { return nil }
            // RFC 7517 §4.2 `use`: `sig`, or SPIFFE's `jwt-svid` (SPIFFE Trust Domain and Bundle §4.2.1).
            if let use = members["use"], use.stringValue != "sig", use.stringValue != "jwt-svid" { return nil }
            return VerificationKey(members: members, owner: owner)
        }
    }

    /// Reads a JWK from its decoded members.
    init?(members: [String: JSONValue], owner: String) {
        // A registered verification key must be public: a private member means a leaked secret
        // (RFC 7517 §9.2), and symmetric (`oct`) keys cannot be public at all.
        if members["d"] != nil || members["k"] != nil { return nil }
        guard let kty = members["kty"]?.stringValue else { return nil }
        let supported: Set<String>
        switch kty {
        case "OKP" where members["crv"]?.stringValue == "Ed25519": supported = ["EdDSA"]
        case "EC" where members["crv"]?.stringValue == "P-256": supported = ["ES256"]
        case "EC" where members["crv"]?.stringValue == "P-384": supported = ["ES384"]
        case "RSA": supported = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]
        default: return nil
        }
        var algorithms = supported
        if let alg = members["alg"] {
            guard let name = alg.stringValue, supported.contains(name) else { return nil }
            algorithms = [name]
        }
        guard let encoded = try? JSONEncoder().encode(members),
            let jwk = try? JSONDecoder().decode(JWK.self, from: encoded)
        else { return nil }
        self.jwk = jwk
        self.keyID = members["kid"]?.stringValue
        self.algorithms = algorithms
        self.owner = owner
    }

    init(copying other: VerificationKey, keyID: String?) {
        self.jwk = other.jwk
        self.keyID = keyID
        self.algorithms = other.algorithms
        self.owner = other.owner
    }
}
