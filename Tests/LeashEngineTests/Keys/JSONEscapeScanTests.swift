import Testing

@testable import LeashEngine

/// The word-at-a-time scan that lets JSON strings skip escaping agrees with a byte-by-byte check.
@Suite("JSON string escaping scan")
struct JSONEscapeScanTests {
    static func bytewise(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    @Test("every byte value, at every position of words and tails, is classified as a byte loop would")
    func everyByteEverywhere() {
        for length in 1...19 {
            for position in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = UInt8(value)
                    let scanned = bytes.withUnsafeBufferPointer { JSONObjectWriter.needsEscaping($0) }
                    #expect(scanned == Self.bytewise(bytes), "length \(length), byte \(value) at \(position)")
                }
            }
        }
    }

    @Test("mixed high bytes and neighbours of the special values never hide one or invent one")
    func randomBuffers() {
        var generator = SystemRandomNumberGenerator()
        let tricky: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0, 0xA2, 0xDC, 0xFF]
        for _ in 0..<5000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in tricky.randomElement(using: &generator) ?? 0x41 }
            let scanned = bytes.withUnsafeBufferPointer { JSONObjectWriter.needsEscaping($0) }
            #expect(scanned == Self.bytewise(bytes), "\(bytes)")
        }
    }

    @Test("strings that need escaping still come out escaped")
    func escapes() {
        var bytes: [UInt8] = []
        JSONObjectWriter.appendString("a long value with a \"quote\" and a \\ past the first eight bytes\n", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a long value with a \"quote\" and a \\ past the first eight bytes\u000a""#)
    }
}
