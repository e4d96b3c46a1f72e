/// Standard base64 with padding (RFC 4648 §4), the encoding of HTTP Basic credentials (RFC 7617 §2).
///
/// Over bytes rather than through `Data(base64Encoded:)`: every `client_secret_basic` token
/// request decodes one, and the `String`/`Data` round trips cost more than the decoding.
enum Base64 {
    /// Decodes padded base64: `nil` for a length that is not a multiple of four, padding anywhere
    /// but at the end (at most two `=`), or any character outside the RFC 4648 §4 alphabet.
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var end = text.endIndex
        for _ in 0..<2 where end > text.startIndex && text[end - 1] == UInt8(ascii: "=") { end -= 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 4 * 3)
        var group: UInt32 = 0
        var digits = 0
        for index in text.startIndex..<end {
            guard let value = value(of: text[index]) else { return nil }
            group = group << 6 | UInt32(value)
            digits += 1
            if digits == 4 {
                bytes.append(UInt8(truncatingIfNeeded: group >> 16))
                bytes.append(UInt8(truncatingIfNeeded: group >> 8))
                bytes.append(UInt8(truncatingIfNeeded: group))
                group = 0
                digits = 0
            }
        }
        // What the padding leaves: two digits carry one byte, three carry two.
        switch digits {
        case 0: break
        case 2: bytes.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            bytes.append(UInt8(truncatingIfNeeded: group >> 10))
            bytes.append(UInt8(truncatingIfNeeded: group >> 2))
        default: return nil
        }
        return bytes
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): digit - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
