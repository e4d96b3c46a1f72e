/// An expression together with the height of its tree, so that the parser can bound it.
struct ParsedExpr {
    var expr: Expr
    var height: Int
}

/// The operator levels of Cedar's expression grammar, loosest first:
/// `if` < `||` < `&&` < relations (`== != < <= > >= in has like is`, not chainable) < `+ -` < `*`
/// < unary `! -` < member access and calls.
extension PolicyParser {
    /// Builds a node over `children`, refusing trees taller than ``Limits/maxExpressionHeight``.
    func node(_ kind: Expr.Kind, from start: SourceLocation, _ children: ParsedExpr...) throws(ParseError) -> ParsedExpr {
        try node(kind, from: start, children: children)
    }

    func node(_ kind: Expr.Kind, from start: SourceLocation, children: [ParsedExpr]) throws(ParseError) -> ParsedExpr {
        var height = 0
        for child in children where child.height > height { height = child.height }
        height += 1
        guard height <= Limits.maxExpressionHeight else {
            throw ParseError(
                location: start,
                message: "expression is too deeply nested (more than \(Limits.maxExpressionHeight) levels)",
                found: current.display
            )
        }
        return ParsedExpr(expr: Expr(kind, range: SourceRange(start: start, end: previousEnd)), height: height)
    }

    /// Expr ::= Or | 'if' Expr 'then' Expr 'else' Expr
    mutating func parseExpression() throws(ParseError) -> ParsedExpr {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Limits.maxNesting else {
            throw ParseError(
                location: current.start,
                message: "expression is too deeply nested (more than \(Limits.maxNesting) levels of brackets or 'if')",
                found: current.display
            )
        }
        let start = current.start
        if acceptWord("if") {
            let condition = try parseExpression()
            try expectWord("then")
            let then = try parseExpression()
            try expectWord("else")
            let otherwise = try parseExpression()
            return try node(.ifThenElse(condition.expr, then.expr, otherwise.expr), from: start, condition, then, otherwise)
        }
        return try parseOr()
    }

    /// Or ::= And {'||' And}
    mutating func parseOr() throws(ParseError) -> ParsedExpr {
        let start = current.start
        var left = try parseAnd()
        while accept(.or) {
            let right = try parseAnd()
            left = try node(.or(left.expr, right.expr), from: start, left, right)
        }
        return left
    }

    /// And ::= Relation {'&&' Relation}
    mutating func parseAnd() throws(ParseError) -> ParsedExpr {
        let start = current.start
        var left = try parseRelation()
        while accept(.and) {
            let right = try parseRelation()
            left = try node(.and(left.expr, right.expr), from: start, left, right)
        }
        return left
    }

    private static let relationalSymbols: [PolicySymbol: BinaryOp] = [
        .equal: .equal, .notEqual: .notEqual, .less: .less, .lessOrEqual: .lessOrEqual,
        .greater: .greater, .greaterOrEqual: .greaterOrEqual,
    ]

    /// The relational operator at the cursor, if any (`in` included).
    private var relationalOperator: BinaryOp? {
        if current.isWord("in") { return .in }
        if case .symbol(let symbol) = current.kind { return Self.relationalSymbols[symbol] }
        return nil
    }

    /// Whether the cursor is at an operator that may only appear once per relation.
    private var atRelationKeyword: Bool {
        relationalOperator != nil || current.isWord("has") || current.isWord("like") || current.isWord("is")
            || current.isSymbol(.assign)
    }

    /// Relation ::= Add [RELOP Add] | Add 'has' (IDENT {'.' IDENT} | STR) | Add 'like' STR | Add 'is' Path ['in' Add]
    mutating func parseRelation() throws(ParseError) -> ParsedExpr {
        let start = current.start
        let left = try parseAdd()
        let result: ParsedExpr
        if current.isSymbol(.assign) {
            throw ParseError.invalid("'=' is not an operator; use '==' to compare", at: current)
        } else if let op = relationalOperator {
            advance()
            let right = try parseAdd()
            result = try node(.binary(op, left.expr, right.expr), from: start, left, right)
        } else if acceptWord("has") {
            result = try parseHas(left, from: start)
        } else if acceptWord("like") {
            guard case .string(let raw) = current.kind else {
                throw ParseError.unexpected(current, expected: ["a string literal pattern"])
            }
            let pattern: Pattern
            do {
                pattern = try PolicyEscapes.pattern(raw)
            } catch {
                throw escapeError(error, in: raw, token: current)
            }
            advance()
            result = try node(.like(left.expr, pattern), from: start, left)
        } else if acceptWord("is") {
            let type = try parseName(what: "an entity type")
            let isType = try node(.isType(left.expr, type), from: start, left)
            if acceptWord("in") {
                // `e is T in x` means `e is T && e in x`.
                let container = try parseAdd()
                let membership = try node(.binary(.in, left.expr, container.expr), from: start, left, container)
                result = try node(.and(isType.expr, membership.expr), from: start, isType, membership)
            } else {
                result = isType
            }
        } else {
            return left
        }
        if atRelationKeyword {
            throw ParseError.invalid(
                "relational operators cannot be chained; use parentheses to make the order explicit", at: current)
        }
        return result
    }

    /// The right side of `has`: an attribute name, a string, or a dotted path (`e has a.b` means
    /// `e has a && e.a has b`).
    private mutating func parseHas(_ target: ParsedExpr, from start: SourceLocation) throws(ParseError) -> ParsedExpr {
        if case .string = current.kind {
            let name = try expectString()
            return try node(.hasAttribute(target.expr, name), from: start, target)
        }
        var path = [try parseAttributeName(after: "has")]
        while current.isSymbol(.dot), case .identifier = peek(1).kind {
            advance()
            path.append(try parseAttributeName(after: "has"))
        }
        var object = target
        var result = try node(.hasAttribute(object.expr, path[0]), from: start, object)
        for index in path.indices.dropFirst() {
            object = try node(.getAttribute(object.expr, path[index - 1]), from: start, object)
            let step = try node(.hasAttribute(object.expr, path[index]), from: start, object)
            result = try node(.and(result.expr, step.expr), from: start, result, step)
        }
        return result
    }

    /// An unquoted attribute name (after `.` or `has`): any identifier except the reserved words.
    mutating func parseAttributeName(after context: String) throws(ParseError) -> String {
        let token = current
        let name = try expectIdentifier(context == "has" ? "an attribute name or string" : "an attribute name")
        if Self.reservedWords.contains(name) {
            throw ParseError.invalid(
                "'\(name)' is a reserved word; write the attribute name as a string, e.g. [\"\(name)\"] or has \"\(name)\"",
                at: token)
        }
        return name
    }

    /// Add ::= Mult {('+' | '-') Mult}
    mutating func parseAdd() throws(ParseError) -> ParsedExpr {
        let start = current.start
        var left = try parseMultiply()
        while true {
            let op: BinaryOp
            if accept(.plus) { op = .add } else if accept(.minus) { op = .subtract } else { return left }
            let right = try parseMultiply()
            left = try node(.binary(op, left.expr, right.expr), from: start, left, right)
        }
    }

    /// Mult ::= Unary {'*' Unary}. Cedar 4 multiplies any operands; `/` and `%` do not exist.
    mutating func parseMultiply() throws(ParseError) -> ParsedExpr {
        let start = current.start
        var left = try parseUnary()
        while true {
            if current.isSymbol(.slash) || current.isSymbol(.percent) {
                throw ParseError.invalid("Cedar has no division or remainder operator", at: current)
            }
            guard accept(.star) else { return left }
            let right = try parseUnary()
            left = try node(.binary(.multiply, left.expr, right.expr), from: start, left, right)
        }
    }

    /// Unary ::= ['!' | '-']{1,4} Member. A `-` directly before an integer literal makes a negative
    /// literal, which is how `-9223372036854775808` is written.
    mutating func parseUnary() throws(ParseError) -> ParsedExpr {
        let start = current.start
        let symbol: PolicySymbol
        if current.isSymbol(.not) { symbol = .not } else if current.isSymbol(.minus) { symbol = .minus } else {
            return try parseMember()
        }
        var count = 0
        while accept(symbol) { count += 1 }
        if count > 4 {
            throw ParseError(
                location: start, message: "at most four '\(symbol.rawValue)' may be applied in a row",
                found: "'\(symbol.rawValue)'")
        }
        var operand: ParsedExpr
        var remaining = count
        let followsAccess = peek(1).isSymbol(.dot) || peek(1).isSymbol(.leftBracket) || peek(1).isSymbol(.leftParen)
        if symbol == .minus, case .integer(let digits) = current.kind, !followsAccess {
            let token = current
            let literalStart = current.start
            advance()
            guard let magnitude = UInt64(digits), magnitude <= UInt64(Int64.max) + 1 else {
                throw ParseError.invalid("integer literal -\(digits) is out of range", at: token)
            }
            let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
            operand = try node(.literal(.long(value)), from: literalStart)
            remaining -= 1
        } else {
            operand = try parseMember()
        }
        if symbol == .not {
            // Cedar keeps the parity only: `!!!x` is `!x`, `!!!!x` is `!!x`.
            remaining = remaining % 2 == 0 ? 2 : 1
        }
        for _ in 0..<remaining {
            operand = try node(.unary(symbol == .not ? .not : .negate, operand.expr), from: start, operand)
        }
        return operand
    }
}
