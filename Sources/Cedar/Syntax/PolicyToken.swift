/// A lexical token of Cedar policy text, with the source range it covers.
struct PolicyToken: Sendable {
    /// What the token is.
    enum Kind: Equatable, Sendable {
        /// An identifier or keyword: keywords such as `permit`, `in` or `if` are told apart by the parser,
        /// because Cedar lets most of them appear as identifiers in some places.
        case identifier(String)
        /// A run of decimal digits; its range is checked by the parser (negation changes the limit).
        case integer(String)
        /// A string literal's text between the quotes, escapes not yet processed: `like` patterns
        /// read escapes differently from other strings.
        case string(String)
        /// `?principal`, `?resource`, or another `?name` (which the parser refuses).
        case slot(String)
        case symbol(PolicySymbol)
        /// Text that is no token; the payload explains why (`unterminated string literal`).
        case invalid(String)
        case endOfInput
    }

    var kind: Kind
    var range: SourceRange

    var start: SourceLocation { range.start }

    /// Whether this is the identifier or keyword `word`.
    func isWord(_ word: String) -> Bool {
        if case .identifier(let name) = kind { return name == word }
        return false
    }

    /// Whether this is the punctuation `symbol`.
    func isSymbol(_ symbol: PolicySymbol) -> Bool {
        if case .symbol(let s) = kind { return s == symbol }
        return false
    }

    /// How the token is named in an error message: `'when'`, `'('`, `"text"`, `end of input`.
    var display: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .integer(let digits): return "'\(Self.shortened(digits))'"
        case .string(let raw): return "\"\(Self.shortened(raw))\""
        case .slot(let name): return "'?\(name)'"
        case .symbol(let symbol): return "'\(symbol.rawValue)'"
        case .invalid(let message): return message
        case .endOfInput: return "end of input"
        }
    }

    private static func shortened(_ s: String) -> String {
        s.unicodeScalars.count <= 40 ? s : String(String.UnicodeScalarView(s.unicodeScalars.prefix(37))) + "..."
    }
}

/// Cedar's punctuation and operator symbols. `/`, `%` and `=` are not Cedar operators; they are
/// tokens so that the parser can say so plainly instead of reporting an unknown character.
enum PolicySymbol: String, Sendable {
    case leftParen = "(", rightParen = ")"
    case leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}"
    case comma = ",", semicolon = ";", colon = ":", doubleColon = "::", dot = ".", at = "@"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and = "&&", or = "||", not = "!"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", assign = "="
}
