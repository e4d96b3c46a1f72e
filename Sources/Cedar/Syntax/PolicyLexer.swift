/// Splits Cedar policy text into tokens.
///
/// Never fails: text that is no token becomes an ``PolicyToken/Kind/invalid(_:)`` token, which the
/// parser reports with its location. Whitespace and `//` comments are skipped.
struct PolicyLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ text: String) {
        self.scalars = Array(text.unicodeScalars)
    }

    /// All tokens of `text`, ending with one ``PolicyToken/Kind/endOfInput`` token.
    static func tokenize(_ text: String) -> [PolicyToken] {
        var lexer = PolicyLexer(text)
        var tokens: [PolicyToken] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let i = index + ahead
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func advance() {
        guard index < scalars.count else { return }
        let scalar = scalars[index]
        index += 1
        // "\r\n" is one line break; a lone "\r" also ends a line.
        if scalar == "\n" || (scalar == "\r" && peek() != "\n") {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    private mutating func skipTrivia() {
        while let scalar = peek() {
            if scalar.properties.isWhitespace {
                advance()
            } else if scalar == "/" && peek(1) == "/" {
                while let c = peek(), c != "\n", c != "\r" { advance() }
            } else {
                return
            }
        }
    }

    private static func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        s == "_" || ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }

    private static func isIdentifierContinue(_ s: Unicode.Scalar) -> Bool {
        isIdentifierStart(s) || ("0"..."9").contains(s)
    }

    private mutating func next() -> PolicyToken {
        skipTrivia()
        let start = location
        guard let scalar = peek() else {
            return PolicyToken(kind: .endOfInput, range: SourceRange(start: start, end: start))
        }
        let kind: PolicyToken.Kind
        if Self.isIdentifierStart(scalar) {
            kind = .identifier(takeWhile(Self.isIdentifierContinue))
        } else if ("0"..."9").contains(scalar) {
            kind = .integer(takeWhile { ("0"..."9").contains($0) })
        } else if scalar == "\"" {
            kind = lexString()
        } else if scalar == "?" {
            advance()
            if let first = peek(), Self.isIdentifierStart(first) {
                kind = .slot(takeWhile(Self.isIdentifierContinue))
            } else {
                kind = .invalid("'?' not followed by a slot name")
            }
        } else {
            kind = lexSymbol(scalar)
        }
        return PolicyToken(kind: kind, range: SourceRange(start: start, end: location))
    }

    private mutating func takeWhile(_ predicate: (Unicode.Scalar) -> Bool) -> String {
        var text = String.UnicodeScalarView()
        while let s = peek(), predicate(s) {
            text.append(s)
            advance()
        }
        return String(text)
    }

    /// A string literal; backslash escapes are kept as written and checked by the parser.
    private mutating func lexString() -> PolicyToken.Kind {
        advance()  // opening quote
        var raw = String.UnicodeScalarView()
        while let s = peek() {
            if s == "\"" {
                advance()
                return .string(String(raw))
            }
            raw.append(s)
            advance()
            if s == "\\", let escaped = peek() {
                raw.append(escaped)
                advance()
            }
        }
        return .invalid("unterminated string literal")
    }

    private static let twoScalarSymbols: [String: PolicySymbol] = [
        "::": .doubleColon, "==": .equal, "!=": .notEqual, "<=": .lessOrEqual, ">=": .greaterOrEqual,
        "&&": .and, "||": .or,
    ]

    private mutating func lexSymbol(_ scalar: Unicode.Scalar) -> PolicyToken.Kind {
        if let second = peek(1) {
            var pair = String.UnicodeScalarView()
            pair.append(scalar)
            pair.append(second)
            if let symbol = Self.twoScalarSymbols[String(pair)] {
                advance()
                advance()
                return .symbol(symbol)
            }
        }
        advance()
        if let symbol = PolicySymbol(rawValue: String(Character(scalar))) {
            return .symbol(symbol)
        }
        if scalar == "&" || scalar == "|" {
            return .invalid("'\(scalar)' (did you mean '\(scalar)\(scalar)'?)")
        }
        let shown = scalar.properties.isWhitespace || scalar.value < 0x20
            ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : "'\(scalar)'"
        return .invalid("invalid character \(shown)")
    }
}
