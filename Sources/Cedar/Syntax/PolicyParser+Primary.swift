/// Member access, calls and primary expressions: literals, variables, entity references, names,
/// slots, parenthesised expressions, sets and records.
extension PolicyParser {
    /// Member ::= Primary {'.' IDENT ['(' args ')'] | '[' STR ']'}
    mutating func parseMember() throws(ParseError) -> ParsedExpr {
        let start = current.start
        var result = try parsePrimary()
        while true {
            if accept(.dot) {
                let nameToken = current
                let name = try parseAttributeName(after: ".")
                if accept(.leftParen) {
                    let arguments = try parseArguments()
                    try checkMethod(name, argumentCount: arguments.count, at: nameToken)
                    result = try node(
                        .method(receiver: result.expr, name: name, arguments: arguments.map(\.expr)),
                        from: start, children: [result] + arguments)
                } else {
                    result = try node(.getAttribute(result.expr, name), from: start, result)
                }
            } else if accept(.leftBracket) {
                let name = try expectString("a string literal attribute name")
                try expect(.rightBracket)
                result = try node(.getAttribute(result.expr, name), from: start, result)
            } else if current.isSymbol(.leftParen) {
                throw ParseError.invalid("only the extension functions ip, decimal, datetime and duration can be called", at: current)
            } else {
                return result
            }
        }
    }

    /// Cedar refuses unknown methods, and builtin methods with the wrong number of arguments, at parse time.
    private func checkMethod(_ name: String, argumentCount: Int, at token: PolicyToken) throws(ParseError) {
        if let arity = Self.builtinMethodArity[name] {
            guard argumentCount == arity else {
                let noun = arity == 1 ? "argument" : "arguments"
                throw ParseError.invalid("'\(name)' takes \(arity) \(noun), not \(argumentCount)", at: token)
            }
        } else if !Self.extensionMethods.contains(name) {
            if Self.extensionFunctions.contains(name) {
                throw ParseError.invalid("'\(name)' is a function, not a method; write \(name)(…)", at: token)
            }
            throw ParseError.invalid("'\(name)' is not a known method", at: token)
        }
    }

    /// `'(' [Expr {',' Expr} [',']] ')'`, after the opening parenthesis.
    mutating func parseArguments() throws(ParseError) -> [ParsedExpr] {
        var arguments: [ParsedExpr] = []
        while !accept(.rightParen) {
            arguments.append(try parseExpression())
            if !accept(.comma) {
                try expect(.rightParen, .comma)
                break
            }
        }
        return arguments
    }

    /// Primary ::= LITERAL | VAR | Entity | ExtFun '(' args ')' | '(' Expr ')' | '[' [ExprList] ']' | '{' [RecInits] '}' | Slot
    mutating func parsePrimary() throws(ParseError) -> ParsedExpr {
        let token = current
        let start = token.start
        switch token.kind {
        case .integer(let digits):
            advance()
            guard let value = Int64(digits) else {
                throw ParseError.invalid("integer literal \(digits) is out of range (at most 9223372036854775807)", at: token)
            }
            return try node(.literal(.long(value)), from: start)
        case .string(let raw):
            let value = try unescape(raw, token: token)
            advance()
            return try node(.literal(.string(value)), from: start)
        case .slot(let name):
            guard let slot = SlotID(rawValue: "?" + name) else {
                throw ParseError.invalid("'?\(name)' is not a slot; only ?principal and ?resource exist", at: token)
            }
            guard slotsAllowedInExpressions else {
                throw ParseError.invalid("template slots may appear only in the policy scope", at: token)
            }
            advance()
            return try node(.slot(slot), from: start)
        case .symbol(.leftParen):
            advance()
            var inner = try parseExpression()
            try expect(.rightParen)
            inner.expr.range = SourceRange(start: start, end: previousEnd)
            return inner
        case .symbol(.leftBracket):
            advance()
            var elements: [ParsedExpr] = []
            while !accept(.rightBracket) {
                elements.append(try parseExpression())
                if !accept(.comma) {
                    try expect(.rightBracket, .comma)
                    break
                }
            }
            return try node(.set(elements.map(\.expr)), from: start, children: elements)
        case .symbol(.leftBrace):
            advance()
            return try parseRecord(from: start)
        case .identifier(let word):
            switch word {
            case "true" where !peek(1).isSymbol(.doubleColon), "false" where !peek(1).isSymbol(.doubleColon):
                advance()
                return try node(.literal(.bool(word == "true")), from: start)
            case "if" where !peek(1).isSymbol(.doubleColon):
                throw ParseError.invalid("an 'if' expression must be in parentheses here", at: token)
            default:
                return try parseNameExpression()
            }
        default:
            throw ParseError.unexpected(token, expected: ["an expression"])
        }
    }

    /// `{ key: value, … }` after the opening brace; keys are identifiers or strings and must be unique.
    private mutating func parseRecord(from start: SourceLocation) throws(ParseError) -> ParsedExpr {
        var entries: [RecordEntry] = []
        var children: [ParsedExpr] = []
        var seen = Set<String>()
        while !accept(.rightBrace) {
            let keyToken = current
            let key: String
            switch keyToken.kind {
            case .string:
                key = try expectString()
            case .identifier(let name):
                guard !Self.reservedWords.contains(name) else {
                    throw ParseError.invalid("'\(name)' is a reserved word; write the key as a string, \"\(name)\"", at: keyToken)
                }
                advance()
                key = name
            default:
                throw ParseError.unexpected(keyToken, expected: ["a record key", "'}'"])
            }
            guard seen.insert(key).inserted else {
                throw ParseError.invalid("duplicate key \(CedarString.quoted(key)) in record literal", at: keyToken)
            }
            try expect(.colon)
            let value = try parseExpression()
            entries.append(RecordEntry(key: key, value: value.expr))
            children.append(value)
            if !accept(.comma) {
                try expect(.rightBrace, .comma)
                break
            }
        }
        return try node(.record(entries), from: start, children: children)
    }

    /// An expression that starts with an identifier: a variable, an entity reference `Path::"id"`,
    /// or an extension function call `name(args)`.
    private mutating func parseNameExpression() throws(ParseError) -> ParsedExpr {
        let start = current.start
        let firstToken = current
        var components = [try expectIdentifier()]
        var componentTokens = [firstToken]
        while current.isSymbol(.doubleColon) {
            advance()
            if case .string(let raw) = current.kind {
                let type = try validatedName(components, tokens: componentTokens)
                let id = try unescape(raw, token: current)
                advance()
                return try node(.literal(.entity(EntityUID(type: type, id: id))), from: start)
            }
            componentTokens.append(current)
            components.append(try expectIdentifier("an identifier or a string"))
        }
        if components.count == 1, let variable = Variable(rawValue: components[0]) {
            return try node(.variable(variable), from: start)
        }
        if current.isSymbol(.leftParen) {
            let name = try validatedName(components, tokens: componentTokens)
            let nameToken = firstToken
            advance()
            let arguments = try parseArguments()
            guard name.isUnqualified, Self.extensionFunctions.contains(name.basename) else {
                if name.isUnqualified, Self.builtinMethodArity[name.basename] != nil || Self.extensionMethods.contains(name.basename) {
                    throw ParseError.invalid("'\(name)' is a method, not a function; write x.\(name)(…)", at: nameToken)
                }
                throw ParseError.invalid("'\(name)' is not a known function", at: nameToken)
            }
            return try node(.call(function: name, arguments: arguments.map(\.expr)), from: start, children: arguments)
        }
        if components.count == 1, Self.reservedWords.contains(components[0]) {
            throw ParseError.unexpected(firstToken, expected: ["an expression"])
        }
        throw ParseError.invalid(
            "'\(components.joined(separator: "::"))' is not a variable (principal, action, resource, context), "
                + "an entity reference (Type::\"id\") or a function call", at: firstToken)
    }

    /// `components` as a name, after checking none is a reserved word.
    func validatedName(_ components: [String], tokens: [PolicyToken]) throws(ParseError) -> Name {
        for (index, component) in components.enumerated() where Self.reservedWords.contains(component) {
            let token = index < tokens.count ? tokens[index] : current
            throw ParseError.invalid("'\(component)' is reserved and cannot be part of a name", at: token)
        }
        guard let basename = components.last else { throw ParseError.unexpected(current, expected: ["a name"]) }
        return Name(namespace: Array(components.dropLast()), basename: basename)
    }

    /// Path ::= IDENT {'::' IDENT}, for entity types after `is`.
    mutating func parseName(what: String) throws(ParseError) -> Name {
        var tokens = [current]
        var components = [try expectIdentifier(what)]
        while current.isSymbol(.doubleColon), case .identifier = peek(1).kind {
            advance()
            tokens.append(current)
            components.append(try expectIdentifier())
        }
        return try validatedName(components, tokens: tokens)
    }

    /// Entity ::= Path '::' STR
    mutating func parseEntityUID() throws(ParseError) -> EntityUID {
        var tokens = [current]
        var components = [try expectIdentifier("an entity type")]
        while true {
            try expect(.doubleColon)
            if case .string(let raw) = current.kind {
                let type = try validatedName(components, tokens: tokens)
                let id = try unescape(raw, token: current)
                advance()
                return EntityUID(type: type, id: id)
            }
            tokens.append(current)
            components.append(try expectIdentifier("an identifier or a string"))
        }
    }
}
