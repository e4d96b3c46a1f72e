import Foundation
import Testing

@testable import LeashEngine

/// The byte-level readers of `Authorization: Basic …` (RFC 7617 §2) agree with Foundation's
/// base64 and refuse what Foundation refuses.
@Suite("Basic credentials decoding on the token path")
struct BasicCredentialsDecodingTests {
    @Test("padded base64 decodes as Foundation decodes it, for every length")
    func agreesWithFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let encoded = Data(bytes).base64EncodedString()
            #expect(Base64.decode(Array(encoded.utf8)[...]) == bytes, "length \(length)")
        }
        // RFC 4648 §10 test vectors.
        let vectors = ["": "", "Zg==": "f", "Zm8=": "fo", "Zm9v": "foo", "Zm9vYg==": "foob", "Zm9vYmE=": "fooba", "Zm9vYmFy": "foobar"]
        for (encoded, decoded) in vectors {
            #expect(Base64.decode(Array(encoded.utf8)[...]) == Array(decoded.utf8), "\(encoded)")
        }
    }

    @Test("unpadded, mispadded, URL-alphabet and foreign characters are refused", arguments: [
        "Zg", "Zg=", "Zm8", "Z===", "====", "Zg==Zg==", "Zm9v=", "Zm=v", "-_8=", "Zm9v YmFy", "Zm9v\nYmFy", "Zm9v*mFy",
    ])
    func refuses(encoded: String) {
        // Stricter than Foundation, which reads "Zm9v=", "Zm=v" and even "====" as some bytes:
        // RFC 4648 §3.3 lets padding appear only at the end. A malformed Basic header is refused.
        #expect(Base64.decode(Array(encoded.utf8)[...]) == nil)
    }

    @Test("the Basic scheme is found case-insensitively after leading spaces, and only with credentials after it", arguments: [
        ("Basic YTpi", "YTpi"), ("basic YTpi", "YTpi"), ("BASIC   YTpi", "YTpi"), ("  bAsIc YTpi", "YTpi"),
        ("Basic YTpi  ", "YTpi  "),
    ])
    func basicScheme(header: String, credentials: String) {
        #expect(ClientAuthenticator.basicScheme(header).map(String.init) == credentials)
    }

    @Test("other schemes and a bare Basic are not Basic credentials", arguments: [
        "Bearer YTpi", "Basic", "Basic ", "BasicYTpi", "Basic\tYTpi", "Basi YTpi", "Bäsic YTpi", "", "   ", "Digest Basic YTpi",
    ])
    func notBasic(header: String) {
        #expect(ClientAuthenticator.basicScheme(header) == nil)
    }
}
