/// A recursive-descent parser for Cedar 4 policy text
/// (grammar: https://docs.cedarpolicy.com/policies/syntax-grammar.html).
///
/// The parser works on the whole token list; each policy is parsed on its own, and after an error
/// it skips to the next `;` so that one run reports the first error of every broken policy.
/// Nesting is bounded (``Limits``) so that no input can exhaust the stack.
struct PolicyParser {
    /// Bounds that keep hostile input from exhausting the stack of the parser, the evaluator or the formatter.
    enum Limits {
        /// How deeply parentheses, brackets, braces and `if` may nest.
        static let maxNesting = 64
        /// How tall the expression tree of one condition may be (long `&&` chains count one per operator).
        static let maxExpressionHeight = 1_000
    }

    /// Words that may not be used as identifiers (entity type components, attribute names written
    /// without quotes, function names). `principal`, `permit`, `when` and the like are not reserved.
    static let reservedWords: Set<String> = ["true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"]

    /// The builtin methods and how many arguments each takes (checked at parse time, as Cedar does).
    static let builtinMethodArity: [String: Int] = [
        "contains": 1, "containsAll": 1, "containsAny": 1, "isEmpty": 0, "getTag": 1, "hasTag": 1,
    ]

    /// Methods provided by the extension types (`ipaddr`, `decimal`, `datetime`, `duration`).
    static let extensionMethods: Set<String> = [
        "isIpv4", "isIpv6", "isLoopback", "isMulticast", "isInRange",
        "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual",
        "offset", "durationSince", "toDate", "toTime",
        "toDays", "toHours", "toMinutes", "toSeconds", "toMilliseconds",
    ]

    /// The extension constructors that may be called as functions.
    static let extensionFunctions: Set<String> = ["ip", "decimal", "datetime", "duration"]

    let tokens: [PolicyToken]
    var position = 0
    /// Current nesting of parenthesised or bracketed sub-expressions.
    var nesting = 0
    /// Whether `?principal` / `?resource` may appear in expressions (not inside policy conditions).
    var slotsAllowedInExpressions = true

    init(text: String) {
        self.tokens = PolicyLexer.tokenize(text)
    }

    // MARK: Token cursor

    var current: PolicyToken { tokens[min(position, tokens.count - 1)] }

    func peek(_ ahead: Int) -> PolicyToken { tokens[min(position + ahead, tokens.count - 1)] }

    /// Where the last consumed token ended (the end of a node's range).
    var previousEnd: SourceLocation { position > 0 ? tokens[min(position, tokens.count) - 1].range.end : .start }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    var atEnd: Bool { current.kind == .endOfInput }

    /// Consumes `symbol` if it is next.
    mutating func accept(_ symbol: PolicySymbol) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    /// Consumes the keyword `word` if it is next.
    mutating func acceptWord(_ word: String) -> Bool {
        guard current.isWord(word) else { return false }
        advance()
        return true
    }

    mutating func expect(_ symbol: PolicySymbol, _ more: PolicySymbol...) throws(ParseError) {
        guard accept(symbol) else {
            throw ParseError.unexpected(current, expected: ([symbol] + more).map { "'\($0.rawValue)'" })
        }
    }

    mutating func expectWord(_ word: String) throws(ParseError) {
        guard acceptWord(word) else { throw ParseError.unexpected(current, expected: ["'\(word)'"]) }
    }

    /// Consumes and returns an identifier, any word allowed.
    mutating func expectIdentifier(_ what: String = "an identifier") throws(ParseError) -> String {
        guard case .identifier(let name) = current.kind else {
            throw ParseError.unexpected(current, expected: [what])
        }
        advance()
        return name
    }

    /// Consumes a string literal and returns its unescaped value.
    mutating func expectString(_ what: String = "a string literal") throws(ParseError) -> String {
        guard case .string(let raw) = current.kind else { throw ParseError.unexpected(current, expected: [what]) }
        let value = try unescape(raw, token: current)
        advance()
        return value
    }

    /// `raw`, unescaped; an escape problem is reported at the offending backslash.
    func unescape(_ raw: String, token: PolicyToken) throws(ParseError) -> String {
        do {
            return try PolicyEscapes.unescape(raw)
        } catch {
            throw escapeError(error, in: raw, token: token)
        }
    }

    func escapeError(_ problem: PolicyEscapes.Problem, in raw: String, token: PolicyToken) -> ParseError {
        // Walk the raw text to turn the offset into a line and column (strings may span lines).
        var location = token.start
        location.column += 1
        location.offset += 1
        for scalar in raw.unicodeScalars.prefix(problem.offset) {
            location.offset += 1
            if scalar == "\n" {
                location.line += 1
                location.column = 1
            } else {
                location.column += 1
            }
        }
        return ParseError(location: location, message: problem.message, found: token.display)
    }

    // MARK: Error recovery

    /// Skips past the next `;` (or to the end): where the next policy can start.
    mutating func skipPastSemicolon() {
        while !atEnd {
            let wasSemicolon = current.isSymbol(.semicolon)
            advance()
            if wasSemicolon { return }
        }
    }
}
