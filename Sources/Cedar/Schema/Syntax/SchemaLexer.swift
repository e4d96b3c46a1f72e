/// A token of the `.cedarschema` syntax.
struct SchemaToken: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case identifier(String)
        case string(String)
        /// Punctuation: `{ } [ ] ( ) < > , ; : :: ? = @`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var location: SourceLocation

    /// The token as an error message names it.
    var display: String {
        switch kind {
        case .identifier(let s): "'\(s)'"
        case .string(let s): CedarString.quoted(s)
        case .symbol(let s): "'\(s)'"
        case .end: "end of input"
        }
    }
}

/// Splits `.cedarschema` text into tokens; `//` comments and whitespace are skipped.
struct SchemaLexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var column = 1

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: position) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    private mutating func advance() {
        if scalars[position] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        position += 1
    }

    /// All tokens, ending with `.end`.
    mutating func tokens() throws(SchemaError) -> [SchemaToken] {
        var result: [SchemaToken] = []
        while true {
            let token = try next()
            result.append(token)
            if token.kind == .end { return result }
        }
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    private static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c)
    }

    private mutating func next() throws(SchemaError) -> SchemaToken {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                advance()
            } else if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { advance() }
            } else {
                break
            }
        }
        let start = location
        guard let c = peek() else { return SchemaToken(kind: .end, location: start) }
        if Self.isIdentifierStart(c) {
            var text = ""
            while let d = peek(), Self.isIdentifierContinue(d) {
                text.unicodeScalars.append(d)
                advance()
            }
            return SchemaToken(kind: .identifier(text), location: start)
        }
        if c == "\"" {
            return SchemaToken(kind: .string(try string()), location: start)
        }
        if c == ":" && peek(1) == ":" {
            advance()
            advance()
            return SchemaToken(kind: .symbol("::"), location: start)
        }
        if "{}[]()<>,;:?=@".unicodeScalars.contains(c) {
            advance()
            return SchemaToken(kind: .symbol(String(c)), location: start)
        }
        throw SchemaError("unexpected character '\(c.escaped(asASCII: false))'", at: start)
    }

    /// A Cedar string literal: escapes `\n \r \t \\ \0 \' \"` and `\u{hex}`.
    private mutating func string() throws(SchemaError) -> String {
        let start = location
        advance()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw SchemaError("unterminated string", at: start) }
            if c == "\"" {
                advance()
                return String(out)
            }
            if c != "\\" {
                out.append(c)
                advance()
                continue
            }
            let escapeLocation = location
            advance()
            guard let e = peek() else { throw SchemaError("unterminated string", at: start) }
            advance()
            switch e {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "\\": out.append("\\")
            case "0": out.append("\0")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "u":
                guard peek() == "{" else { throw SchemaError("expected '{' after \\u", at: escapeLocation) }
                advance()
                var digits = ""
                while let d = peek(), d != "}" {
                    guard d.properties.isASCIIHexDigit, digits.count < 6 else {
                        throw SchemaError("invalid \\u escape", at: escapeLocation)
                    }
                    digits.unicodeScalars.append(d)
                    advance()
                }
                guard peek() == "}", !digits.isEmpty, let value = UInt32(digits, radix: 16),
                    let scalar = Unicode.Scalar(value)
                else { throw SchemaError("invalid \\u escape", at: escapeLocation) }
                advance()
                out.append(scalar)
            default:
                throw SchemaError("invalid escape '\\\(e)' in string", at: escapeLocation)
            }
        }
    }
}
