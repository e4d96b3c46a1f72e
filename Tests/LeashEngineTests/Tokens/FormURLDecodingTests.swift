import Foundation
import Testing

@testable import LeashEngine

/// The byte-level decoders on the token hot path agree with the specifications they replace
/// Foundation for, and refuse what must be refused.
@Suite("form and base64url decoding on the token path")
struct FormURLDecodingTests {
    @Test("form values decode + as space, %XX as a byte, and UTF-8 sequences whole", arguments: [
        ("", ""), ("abc", "abc"), ("a+b", "a b"), ("a%2Bb", "a+b"), ("%3a%3A", "::"),
        ("https%3A%2F%2Fx.example%2Fa%20b", "https://x.example/a b"), ("%C3%A9t%C3%A9", "été"),
        ("caf%C3%A9+%E2%9C%93", "café ✓"), ("%25", "%"), ("%00", "\u{0}"),
    ])
    func decodes(encoded: String, decoded: String) {
        #expect(FormURLDecoding.decode(Array(encoded.utf8)[...]) == decoded)
    }

    @Test("malformed escapes and bytes that are not UTF-8 are refused", arguments: [
        "%", "%4", "a%", "%G1", "%1G", "%zz", "%C3", "%FF", "%C3%28", "%ED%A0%80",
    ])
    func refuses(encoded: String) {
        #expect(FormURLDecoding.decode(Array(encoded.utf8)[...]) == nil)
    }

    @Test("raw bytes that are not UTF-8 are refused, not repaired")
    func refusesRawInvalidUTF8() {
        #expect(FormURLDecoding.decode([0x61, 0xFF, 0x62][...]) == nil)
        #expect(FormURLDecoding.pairs([0x61, 0x3D, 0xC3]) == nil)
    }

    @Test("pairs keep body order and repeats, skip empty segments, and give a bare name the empty value")
    func pairs() throws {
        let pairs = try #require(FormURLDecoding.pairs(Array("a=1&&b=x%3Dy&a=2&c&d=".utf8)))
        #expect(pairs.map(\.name) == ["a", "b", "a", "c", "d"])
        #expect(pairs.map(\.value) == ["1", "x=y", "2", "", ""])
        #expect(FormURLDecoding.pairs(Array("a=1&b=%zz".utf8)) == nil)
        #expect(FormURLDecoding.pairs([UInt8]())?.isEmpty == true)
    }

    @Test("base64url encoding matches RFC 4648 §5 (Foundation's base64, URL alphabet, no padding) for every length")
    func base64URL() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            let encoded = Base64URL.encode(bytes)
            #expect(encoded == expected, "length \(length)")
            #expect(Base64URL.decode(encoded) == Data(bytes))
        }
        // RFC 4648 §10 test vectors, in the URL alphabet.
        #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64URL.encode(Array("fooba".utf8)) == "Zm9vYmE")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
    }

    @Test("token ids are 128 random bits: 22 base64url characters, and distinct")
    func tokenIDs() {
        // More than one pool's worth (4 KiB = 256 ids), so refills are covered too.
        let source = TokenIDSource()
        let ids = (0..<1000).map { _ in source.next() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.utf8.count == 22 && Base64URL.decode($0)?.count == 16 })
    }
}
