/// `application/x-www-form-urlencoded` decoding over bytes (WHATWG URL §5.1): `+` is a space,
/// `%XX` one byte, and the result must be UTF-8.
///
/// Written over bytes because it runs on every token request (body and Basic credentials,
/// RFC 6749 §2.3.1); Foundation's `removingPercentEncoding` bridges through `NSString`.
public enum FormURLDecoding {
    /// Decodes one name or value; `nil` for a malformed escape (`%` not followed by two hex
    /// digits) or bytes that are not UTF-8.
    /// Concrete (not generic) so it is compiled for these bytes rather than through witness tables.
    public static func decode(_ encoded: ArraySlice<UInt8>) -> String? {
        // Most names and values (grant types, scopes, ids) hold no escape: validate them in place.
        guard encoded.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(validating: encoded, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            index += 1
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index + 1 < encoded.endIndex, let high = hexValue(encoded[index]), let low = hexValue(encoded[index + 1])
                else { return nil }
                index += 2
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Splits `a=b&c=d` into decoded pairs in order (empty segments skipped, a name without `=`
    /// has the empty value); `nil` if any name or value does not decode.
    public static func pairs(_ body: [UInt8]) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        pairs.reserveCapacity(4)
        var start = body.startIndex
        while start < body.endIndex {
            let end = body[start...].firstIndex(of: UInt8(ascii: "&")) ?? body.endIndex
            let segment = body[start..<end]
            start = end + 1
            if segment.isEmpty { continue }
            let equals = segment.firstIndex(of: UInt8(ascii: "=")) ?? segment.endIndex
            let rawName = segment[..<equals]
            let rawValue = equals < segment.endIndex ? segment[(equals + 1)...] : segment[segment.endIndex...]
            guard let name = decode(rawName), let value = decode(rawValue) else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
