/// A request path normalized for route matching: the decoded segments a request names, or nothing when
/// the raw path cannot be normalized safely.
///
/// The rules (docs/catalog.md, "Normalization"):
/// - the query (`?…`) and fragment (`#…`) are cut off; the path must start with `/` (origin form, RFC 9112 §3.2.1);
/// - the path is split on the raw `/` only, then each segment is percent-decoded (RFC 3986 §2.1); a decoded `/`
///   (`%2F`), NUL, other control characters, `\` (raw or `%5C`), a raw `;`, a malformed escape or invalid UTF-8 refuse
///   the path, because servers disagree on what such segments mean;
/// - `.` and `..` segments — also when written `%2e` — are resolved as RFC 3986 §5.2.4 says; a `..` that would climb
///   above the root refuses the path;
/// - an empty segment inside the path (`//`) refuses it; a trailing `/` is kept, so `/orders/` and `/orders` differ.
public struct RequestPath: Hashable, Sendable, CustomStringConvertible {
    /// The decoded segments; `/` is `[""]` and a trailing slash is a final empty segment.
    public let segments: [String]

    /// Normalizes `raw` (a request target such as `/orders/%34%32?x=1`); nil when it cannot be done safely.
    public init?(_ raw: String) {
        var utf8 = Substring(raw).utf8
        if let end = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            utf8 = utf8[..<end]
        }
        guard utf8.first == UInt8(ascii: "/") else { return nil }
        let rawSegments = utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var output: [String] = []
        output.reserveCapacity(rawSegments.count)
        for (index, rawSegment) in rawSegments.enumerated() {
            let isLast = index == rawSegments.count - 1
            guard let segment = Self.decode(rawSegment) else { return nil }
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                // RFC 3986 §5.2.4 drops a `..` above the root; a request doing that is probing, so it matches nothing.
                guard !output.isEmpty else { return nil }
                output.removeLast()
                if isLast { output.append("") }
            case "":
                guard isLast else { return nil }
                output.append("")
            default:
                output.append(segment)
            }
        }
        segments = output
    }

    /// Creates a path from already decoded segments (no checks).
    init(segments: [String]) {
        self.segments = segments
    }

    /// The normalized path, each segment re-encoded where needed (RFC 3986 §3.3 `pchar`); normalizing it again
    /// gives the same segments.
    public var description: String {
        "/" + segments.map(Self.encode).joined(separator: "/")
    }

    /// Percent-decodes one raw segment; nil when an escape is malformed, a forbidden byte appears or the
    /// bytes are not UTF-8.
    static func decode(_ raw: Substring.UTF8View.SubSequence) -> String? {
        var needsDecoding = false
        for byte in raw {
            if byte == UInt8(ascii: "%") {
                needsDecoding = true
            } else if isForbidden(byte) || byte == UInt8(ascii: ";") {
                // A raw `;` starts path parameters that some servers strip (`/admin;x/users` is `/admin/users` to
                // Tomcat); an encoded `%3B` is data everywhere and stays allowed.
                return nil
            }
        }
        guard needsDecoding else { return String(Substring(raw)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                index = raw.index(after: index)
                continue
            }
            let high = raw.index(after: index)
            guard high < raw.endIndex else { return nil }
            let low = raw.index(after: high)
            guard low < raw.endIndex, let h = hexValue(raw[high]), let l = hexValue(raw[low]) else { return nil }
            let decoded = h << 4 | l
            guard decoded != UInt8(ascii: "/"), !isForbidden(decoded) else { return nil }
            bytes.append(decoded)
            index = raw.index(after: low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Bytes no segment may hold, raw or decoded: controls (NUL among them), DEL and `\`.
    private static func isForbidden(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Percent-encodes what RFC 3986 §3.3 does not allow raw in a segment.
    static func encode(_ segment: String) -> String {
        let allowed: (UInt8) -> Bool = { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            // unreserved / sub-delims / ":" / "@", except ";" which normalization refuses raw
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"),
                UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "="),
                UInt8(ascii: ":"), UInt8(ascii: "@"):
                true
            default:
                false
            }
        }
        guard !segment.utf8.allSatisfy(allowed) else { return segment }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in segment.utf8 {
            if allowed(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
