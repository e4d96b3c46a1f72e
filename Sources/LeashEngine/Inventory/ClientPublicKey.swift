import Crypto
import Foundation

/// A client's public key for `private_key_jwt` (RFC 7523 §2.2), checked when it is registered.
///
/// Accepted: OKP Ed25519 (RFC 8037 §2), EC P-256 (RFC 7518 §6.2), RSA with a modulus of at least 2048 bits
/// (RFC 7518 §6.3, §3.3). Private members and symmetric keys are refused, so a leaked private key can never
/// end up stored as if it were public.
public struct ClientPublicKey: Hashable, Sendable {
    /// Key id: the one given, the JWK's own `kid`, or its RFC 7638 thumbprint.
    public let kid: String
    /// The key as a compact JWK JSON object with sorted members, including `kid`.
    public let json: String

    /// JWK members that carry private key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2).
    private static let privateMembers: Set<String> = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]

    /// Parses and checks `jwkJSON`; `kid` (if given) must agree with the JWK's own `kid` (if any).
    /// Throws `InventoryError.invalidField("jwk" or "kid", …)`.
    public init(jwkJSON: String, kid requestedKID: String?) throws(InventoryError) {
        guard jwkJSON.utf8.count <= 16_384,
            let object = (try? JSONSerialization.jsonObject(with: Data(jwkJSON.utf8))) as? [String: Any]
        else { throw .invalidField("jwk", "must be a JSON object (RFC 7517 §4)") }
        if let leaked = object.keys.first(where: Self.privateMembers.contains) {
            throw .invalidField("jwk", "must be a public key: it contains the private member \"\(leaked)\"")
        }
        guard let kty = object["kty"] as? String else { throw .invalidField("jwk", "must have a string \"kty\"") }
        if let use = object["use"] {
            guard (use as? String) == "sig" else { throw .invalidField("jwk", "\"use\" must be \"sig\"") }
        }

        var members: [String: String]
        let required: [String]
        switch kty {
        case "OKP":
            // RFC 8037 §2: Ed25519 public key is 32 bytes in "x".
            guard (object["crv"] as? String) == "Ed25519" else { throw .invalidField("jwk", "OKP keys must use crv Ed25519") }
            let x = try Self.base64URLMember(object, "x")
            guard (try? Curve25519.Signing.PublicKey(rawRepresentation: x.bytes)) != nil else {
                throw .invalidField("jwk", "\"x\" is not an Ed25519 public key")
            }
            members = ["kty": "OKP", "crv": "Ed25519", "x": x.text]
            required = ["crv", "kty", "x"]
            try Self.checkAlgorithm(object, allowed: ["EdDSA", "Ed25519"])
        case "EC":
            guard (object["crv"] as? String) == "P-256" else { throw .invalidField("jwk", "EC keys must use crv P-256") }
            let x = try Self.base64URLMember(object, "x")
            let y = try Self.base64URLMember(object, "y")
            guard x.bytes.count == 32, y.bytes.count == 32,
                (try? P256.Signing.PublicKey(x963Representation: [0x04] + x.bytes + y.bytes)) != nil
            else { throw .invalidField("jwk", "\"x\" and \"y\" are not a point on P-256") }
            members = ["kty": "EC", "crv": "P-256", "x": x.text, "y": y.text]
            required = ["crv", "kty", "x", "y"]
            try Self.checkAlgorithm(object, allowed: ["ES256"])
        case "RSA":
            let n = try Self.base64URLMember(object, "n")
            let e = try Self.base64URLMember(object, "e")
            let modulusBits = Self.bitLength(n.bytes)
            guard modulusBits >= 2048 else {
                throw .invalidField("jwk", "RSA keys must have a modulus of at least 2048 bits (this one has \(modulusBits))")
            }
            guard modulusBits <= 8192 else { throw .invalidField("jwk", "RSA modulus is larger than 8192 bits") }
            let exponent = Self.bitLength(e.bytes)
            guard exponent >= 2, exponent <= 64, (e.bytes.last ?? 0) & 1 == 1 else {
                throw .invalidField("jwk", "RSA exponent \"e\" is not a valid public exponent")
            }
            members = ["kty": "RSA", "n": n.text, "e": e.text]
            required = ["e", "kty", "n"]
            try Self.checkAlgorithm(object, allowed: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"])
        case "oct":
            throw .invalidField("jwk", "symmetric (oct) keys are not accepted; register a public key")
        default:
            throw .invalidField("jwk", "kty \(kty) is not supported (use OKP Ed25519, EC P-256 or RSA)")
        }
        if let alg = object["alg"] as? String { members["alg"] = alg }
        members["use"] = "sig"

        let ownKID = object["kid"] as? String
        if object["kid"] != nil, ownKID == nil { throw .invalidField("jwk", "\"kid\" must be a string") }
        if let requestedKID, let ownKID, requestedKID != ownKID {
            throw .invalidField("kid", "does not match the JWK's own kid")
        }
        let thumbprint = Self.thumbprint(members, required: required)
        let kid = requestedKID ?? ownKID ?? thumbprint
        guard !kid.isEmpty, kid.utf8.count <= 200,
            !kid.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidField("kid", "must be 1 to 200 printable characters") }
        members["kid"] = kid
        self.kid = kid
        self.json = Self.compactJSON(members)
    }

    /// RFC 7638 §3.2: SHA-256 over the required members in lexicographic order, no whitespace, base64url.
    static func thumbprint(_ members: [String: String], required: [String]) -> String {
        let canonical = "{" + required.map { "\"\($0)\":\"\(members[$0] ?? "")\"" }.joined(separator: ",") + "}"
        return Self.base64URL(Data(SHA256.hash(data: Data(canonical.utf8))))
    }

    private static func checkAlgorithm(_ object: [String: Any], allowed: Set<String>) throws(InventoryError) {
        guard let alg = object["alg"] else { return }
        guard let name = alg as? String, allowed.contains(name) else {
            throw .invalidField("jwk", "\"alg\" must be one of \(allowed.sorted().joined(separator: ", ")) for this key type")
        }
    }

    private static func base64URLMember(
        _ object: [String: Any], _ name: String
    ) throws(InventoryError) -> (text: String, bytes: [UInt8]) {
        guard let text = object[name] as? String, !text.isEmpty else {
            throw .invalidField("jwk", "must have a base64url \"\(name)\"")
        }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("="), base64.utf8.count % 4 != 1 else {
            throw .invalidField("jwk", "\"\(name)\" is not unpadded base64url")
        }
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else {
            throw .invalidField("jwk", "\"\(name)\" is not unpadded base64url")
        }
        return (text, Array(data))
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func bitLength(_ bytes: [UInt8]) -> Int {
        guard let first = bytes.firstIndex(where: { $0 != 0 }) else { return 0 }
        return (bytes.count - first - 1) * 8 + (8 - bytes[first].leadingZeroBitCount)
    }

    private static func compactJSON(_ members: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a [String: String] cannot fail.
        return (try? encoder.encode(members)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
