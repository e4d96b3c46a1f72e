/// Cedar's string escapes, applied to the raw text of a string literal.
///
/// Cedar follows Rust's string-literal escapes: `\n \r \t \\ \0 \' \"`, `\xNN` for NN ≤ 7F, `\u{X}`
/// with one to six hex digits (underscores allowed after the first) naming a Unicode scalar. A
/// backslash before a line break and a bare carriage return are not allowed. In a `like` pattern `\*` is a literal star and every other `*` a wildcard.
enum PolicyEscapes {
    /// A problem in an escape, with the scalar offset of the offending backslash in the raw text.
    struct Problem: Error {
        var message: String
        var offset: Int
    }

    /// The string `raw` denotes.
    static func unescape(_ raw: String) throws(Problem) -> String {
        var out = String.UnicodeScalarView()
        try scan(raw, allowStar: false) { scalar, _ in out.append(scalar) }
        return String(out)
    }

    /// The `like` pattern `raw` denotes.
    static func pattern(_ raw: String) throws(Problem) -> Pattern {
        var elements: [Pattern.Element] = []
        try scan(raw, allowStar: true) { scalar, escapedStar in
            elements.append(scalar == "*" && !escapedStar ? .wildcard : .literal(scalar))
        }
        return Pattern(elements)
    }

    /// Calls `emit` for every scalar `raw` denotes; the flag says the scalar was written `\*`.
    private static func scan(
        _ raw: String, allowStar: Bool, emit: (Unicode.Scalar, Bool) -> Void
    ) throws(Problem) {
        let s = Array(raw.unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\r" { throw Problem(message: "bare carriage return in string literal", offset: i) }
            guard c == "\\" else {
                emit(c, false)
                i += 1
                continue
            }
            let start = i
            guard i + 1 < s.count else { throw Problem(message: "lone backslash at end of string", offset: start) }
            let e = s[i + 1]
            i += 2
            switch e {
            case "n": emit("\n", false)
            case "r": emit("\r", false)
            case "t": emit("\t", false)
            case "\\": emit("\\", false)
            case "0": emit("\0", false)
            case "'": emit("'", false)
            case "\"": emit("\"", false)
            case "*" where allowStar: emit("*", true)
            case "\n", "\r":
                // Cedar's lexer does not accept a backslash before a line break (no line continuation).
                throw Problem(message: "a backslash may not end a line inside a string", offset: start)
            case "x":
                guard i + 1 < s.count, let high = hexValue(s[i]), let low = hexValue(s[i + 1]) else {
                    throw Problem(message: "\\x must be followed by two hex digits", offset: start)
                }
                guard high <= 7, let scalar = Unicode.Scalar(high * 16 + low) else {
                    throw Problem(message: "\\x escape above \\x7F", offset: start)
                }
                emit(scalar, false)
                i += 2
            case "u":
                let (scalar, next) = try unicodeEscape(s, from: i, start: start)
                emit(scalar, false)
                i = next
            default:
                throw Problem(message: "invalid escape '\\\(e)'", offset: start)
            }
        }
    }

    /// Reads `{X…}` at `i`; returns the scalar and the index after `}`.
    private static func unicodeEscape(
        _ s: [Unicode.Scalar], from index: Int, start: Int
    ) throws(Problem) -> (Unicode.Scalar, Int) {
        var i = index
        guard i < s.count, s[i] == "{" else {
            throw Problem(message: "\\u must be followed by '{'", offset: start)
        }
        i += 1
        var value: UInt32 = 0
        var digits = 0
        while i < s.count, s[i] != "}" {
            if s[i] == "_" {
                guard digits > 0 else { throw Problem(message: "\\u{…} may not start with '_'", offset: start) }
            } else if let d = hexValue(s[i]) {
                digits += 1
                guard digits <= 6 else { throw Problem(message: "\\u{…} has more than six hex digits", offset: start) }
                value = value * 16 + d
            } else {
                throw Problem(message: "invalid character in \\u{…} escape", offset: start)
            }
            i += 1
        }
        guard i < s.count else { throw Problem(message: "unclosed \\u{…} escape", offset: start) }
        guard digits > 0 else { throw Problem(message: "empty \\u{} escape", offset: start) }
        guard let scalar = Unicode.Scalar(value) else {
            throw Problem(message: "\\u{\(String(value, radix: 16))} is not a Unicode scalar value", offset: start)
        }
        return (scalar, i + 1)
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }
}
