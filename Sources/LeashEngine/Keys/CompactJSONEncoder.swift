import Foundation
import JWTKit
import LeashCore

/// The JSON encoder jwt-kit uses when Leash signs access tokens.
///
/// Signing is on the hot path, and Foundation's `JSONEncoder` costs more than the Ed25519
/// signature itself; the access token claims and the protected header have a fixed shape, so
/// they are written directly (RFC 8259 string escaping). Anything else goes to `JSONEncoder`.
struct CompactJSONEncoder: JWTJSONEncoder {
    private let fallback: any JWTJSONEncoder = JSONEncoder.defaultForJWT

    func encode<T: Encodable>(_ value: T) throws -> Data {
        if let claims = value as? AccessTokenClaims {
            var writer = JSONObjectWriter()
            claims.write(into: &writer)
            return writer.finish()
        }
        if let header = value as? JWTHeader, let json = Self.stringHeader(header) {
            return json
        }
        return try fallback.encode(value)
    }

    /// A header whose fields are all strings (alg, kid, typ), members sorted; else `nil`.
    private static func stringHeader(_ header: JWTHeader) -> Data? {
        var writer = JSONObjectWriter()
        for name in header.fields.keys.sorted() {
            guard let value = header.fields[name]?.asString else { return nil }
            writer.member(name, value)
        }
        return writer.finish()
    }
}

extension AccessTokenClaims {
    func write(into writer: inout JSONObjectWriter) {
        writer.member("iss", issuer)
        writer.member("sub", subject)
        writer.member("client_id", clientID)
        writer.member("aud", audience)
        writer.member("scope", scope)
        writer.member("jti", tokenID)
        writer.member("iat", issuedAt)
        writer.member("nbf", notBefore)
        writer.member("exp", expiresAt)
        if let actor { writer.member("act", actor) }
        if let credentialID { writer.member("leash_cred", credentialID) }
    }
}

/// Writes one JSON object member by member.
struct JSONObjectWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    /// Starts an object, with room for `capacity` bytes before the buffer grows.
    init(capacity: Int = 384) { bytes.reserveCapacity(capacity) }

    private mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        Self.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func member(_ name: String, _ value: String) {
        key(name)
        Self.appendString(value, to: &bytes)
    }

    mutating func member(_ name: String, _ value: Int64) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func member(_ name: String, _ actor: ActorClaim) {
        key(name)
        var nested = JSONObjectWriter()
        nested.member("sub", actor.subject)
        if let previous = actor.previous { nested.member("act", previous) }
        bytes.append(contentsOf: nested.finish())
    }

    mutating func finish() -> Data {
        Data(finishBytes())
    }

    /// Closes the object and returns its UTF-8 bytes.
    mutating func finishBytes() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// RFC 8259 §7: quote, escape `"` and `\`, and write control characters as `\u00XX`.
    static func appendString(_ string: String, to bytes: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // Most values (every token, id and scope) need no escaping at all: copy them whole.
            guard needsEscaping(utf8) else {
                bytes.append(contentsOf: utf8)
                bytes.append(UInt8(ascii: "\""))
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Whether any byte is a control character, `"` or `\`. Eight bytes at a time (the
    /// classic "has a byte less than n / equal to c" word tricks, exact for n ≤ 128): a token
    /// response carries a JWT of several hundred bytes, and a byte loop costs a microsecond.
    static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var offset = 0
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= utf8.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let control = (word &- ones &* 0x20) & ~word & highs != 0
                if control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) { return true }
                offset += 8
            }
        }
        for byte in utf8[offset...] where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            return true
        }
        return false
    }
}
