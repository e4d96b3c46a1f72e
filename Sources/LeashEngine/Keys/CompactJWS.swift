import Foundation

/// A JWT in JWS compact serialization (RFC 7515 §7.1), split and decoded but NOT yet verified.
///
/// Only for choosing how to verify it (which client, which issuer, which key); nothing read here
/// is trusted until `JWSVerifier` has checked the signature.
public struct CompactJWS: Sendable {
    /// The token as received.
    public let token: String
    /// The protected header's `alg` (RFC 7515 §4.1.1).
    public let algorithm: String
    /// The protected header's `kid` (RFC 7515 §4.1.4), if any.
    public let keyID: String?
    /// The protected header's `typ` (RFC 7515 §4.1.9), if any.
    public let type: String?
    /// The unverified claims.
    public let unverifiedClaims: JWTClaimSet

    /// The largest token accepted, in bytes: far above any real assertion, small enough to bound work.
    public static let maximumLength = 16 * 1024

    /// Splits and decodes a compact JWS; throws `JWSError.malformed` for anything else.
    public init(parsing token: String) throws(JWSError) {
        guard token.utf8.count <= Self.maximumLength else { throw .malformed("the token is too long") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        // RFC 7515 §7.1: exactly three parts; a JWE (five parts) or anything else is refused.
        guard parts.count == 3 else { throw .malformed("the token is not a signed JWT in compact form") }
        guard let headerData = Base64URL.decode(parts[0]), let payloadData = Base64URL.decode(parts[1]),
            Base64URL.decode(parts[2]) != nil
        else { throw .malformed("the token is not valid base64url") }
        guard let header = try? JSONDecoder().decode([String: JSONValue].self, from: headerData) else {
            throw .malformed("the token header is not a JSON object")
        }
        guard let algorithm = header["alg"]?.stringValue else { throw .malformed("the token header has no alg") }
        // RFC 7515 §4.1.11: Leash understands no extension, so any critical one is refused.
        if header["crit"] != nil { throw .malformed("the token header names critical extensions") }
        if let kid = header["kid"], kid.stringValue == nil { throw .malformed("the token header kid is not a string") }
        guard let claims = try? JSONDecoder().decode(JWTClaimSet.self, from: payloadData) else {
            throw .malformed("the token claims are not a JSON object")
        }
        self.token = token
        self.algorithm = algorithm
        self.keyID = header["kid"]?.stringValue
        self.type = header["typ"]?.stringValue
        self.unverifiedClaims = claims
    }
}

/// Base64url without padding (RFC 7515 §2).
enum Base64URL {
    /// Decodes base64url text; `nil` if it holds other characters.
    static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        let remainder = base64.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { base64 += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: base64)
    }

    /// Encodes bytes as base64url without padding.
    static func encode(_ bytes: some DataProtocol) -> String {
        var text: [UInt8] = []
        append(bytes, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the base64url text of `bytes` (no padding) to `text`; written directly because
    /// every token is encoded on the hot path (RFC 4648 §5).
    static func append(_ bytes: some DataProtocol, to text: inout [UInt8]) {
        let appended: Void? = bytes.withContiguousStorageIfAvailable { append(UnsafeRawBufferPointer($0), to: &text) }
        if appended == nil {
            Array(bytes).withUnsafeBytes { append($0, to: &text) }
        }
    }

    /// Appends the base64url text of the bytes in `input` (no padding) to `text`.
    static func append(_ input: UnsafeRawBufferPointer, to text: inout [UInt8]) {
        let whole = input.count / 3
        let rest = input.count % 3
        let start = text.count
        text.append(contentsOf: repeatElement(0, count: whole * 4 + (rest == 0 ? 0 : rest + 1)))
        alphabet.withUnsafeBufferPointer { alphabet in
            text.withUnsafeMutableBufferPointer { out in
                var written = start
                func put(_ group: UInt32, _ shift: UInt32) {
                    out[written] = alphabet[Int(group >> shift & 0x3F)]
                    written += 1
                }
                for index in stride(from: 0, to: whole * 3, by: 3) {
                    let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                    put(group, 18)
                    put(group, 12)
                    put(group, 6)
                    put(group, 0)
                }
                if rest > 0 {
                    let index = whole * 3
                    let second = rest == 2 ? UInt32(input[index + 1]) : 0
                    let group = UInt32(input[index]) << 16 | second << 8
                    put(group, 18)
                    put(group, 12)
                    if rest == 2 { put(group, 6) }
                }
            }
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}

/// Why a JWT's signature could not be accepted.
public struct JWSError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case malformed, algorithmNotAllowed, unknownKey, signatureInvalid
    }

    private let kind: Kind
    /// A sentence naming the problem (never the token).
    public let description: String

    private init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The token is not a well-formed compact JWS.
    public static func malformed(_ reason: String) -> Self { Self(.malformed, reason) }
    /// `alg` is `none`, symmetric, unknown, or not what the key is for.
    public static func algorithmNotAllowed(_ algorithm: String) -> Self {
        Self(.algorithmNotAllowed, "the signing algorithm \(algorithm) is not accepted")
    }
    /// No registered key has the token's `kid` (or there is no key at all).
    public static var unknownKey: Self { Self(.unknownKey, "the token was signed with an unknown key") }
    /// No candidate key verifies the signature.
    public static var signatureInvalid: Self { Self(.signatureInvalid, "the token signature does not verify") }

    /// Code-only matchers for tests.
    public static var malformed: Self { Self(.malformed, "") }
    /// Code-only matcher for tests.
    public static var algorithmNotAllowed: Self { Self(.algorithmNotAllowed, "") }

    /// Compares kinds only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    /// Hashes the kind only.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}
