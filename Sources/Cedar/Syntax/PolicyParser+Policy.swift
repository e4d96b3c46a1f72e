/// Policies: annotations, effect, scope and conditions.
extension PolicyParser {
    /// Every policy in the text, in order, with ids `policy0`, `policy1`, …; all errors found, one
    /// per broken policy.
    mutating func parsePolicies() -> (policies: [Policy], errors: [ParseError]) {
        var policies: [Policy] = []
        var errors: [ParseError] = []
        while !atEnd {
            let id = PolicyID("policy\(policies.count + errors.count)")
            do {
                policies.append(try parsePolicy(id: id))
            } catch {
                errors.append(error)
                skipPastSemicolon()
            }
        }
        return (policies, errors)
    }

    /// Policy ::= {Annotation} Effect '(' Scope ')' {Condition} ';'
    mutating func parsePolicy(id: PolicyID) throws(ParseError) -> Policy {
        let start = current.start
        let annotations = try parseAnnotations()
        let effectToken = current
        let effect: Effect
        if acceptWord("permit") {
            effect = .permit
        } else if acceptWord("forbid") {
            effect = .forbid
        } else {
            throw ParseError.unexpected(effectToken, expected: annotations.isEmpty ? ["'permit'", "'forbid'", "'@'"] : ["'permit'", "'forbid'"])
        }
        try expect(.leftParen)
        let principal = try parseScopeVariable("principal", slot: .principal)
        try expect(.comma)
        let action = try parseActionScope()
        try expect(.comma)
        let resource = try parseScopeVariable("resource", slot: .resource)
        _ = accept(.comma)
        try expect(.rightParen)
        var conditions: [Condition] = []
        while !current.isSymbol(.semicolon) {
            conditions.append(try parseCondition())
        }
        advance()  // ';'
        return Policy(
            id: id, effect: effect, annotations: annotations,
            principal: principal, action: action, resource: resource,
            conditions: conditions, range: SourceRange(start: start, end: previousEnd))
    }

    /// Annotation ::= '@' IDENT ['(' STR ')']; keys may be any identifier and must be unique.
    private mutating func parseAnnotations() throws(ParseError) -> [Annotation] {
        var annotations: [Annotation] = []
        while accept(.at) {
            let keyToken = current
            let key = try expectIdentifier("an annotation name")
            var value: String?
            if accept(.leftParen) {
                value = try expectString()
                try expect(.rightParen)
            }
            guard !annotations.contains(where: { $0.key == key }) else {
                throw ParseError.invalid("duplicate annotation @\(key)", at: keyToken)
            }
            annotations.append(Annotation(key: key, value: value))
        }
        return annotations
    }

    /// The principal or resource constraint: `v`, `v == E`, `v in E`, `v is T`, `v is T in E`,
    /// where `E` is an entity reference or the variable's own slot.
    private mutating func parseScopeVariable(_ variable: String, slot: SlotID) throws(ParseError) -> ScopeConstraint {
        try expectScopeWord(variable)
        if accept(.equal) {
            return .equal(try parseEntityReference(slot: slot))
        }
        if acceptWord("in") {
            return .in(try parseEntityReference(slot: slot))
        }
        if acceptWord("is") {
            let type = try parseName(what: "an entity type")
            if acceptWord("in") {
                return .isIn(type, try parseEntityReference(slot: slot))
            }
            return .is(type)
        }
        try refuseOtherScopeOperator()
        return .any
    }

    /// The action constraint: `action`, `action == A`, `action in A`, `action in [A, …]`; every
    /// entity must be an action (its type's last component is `Action`).
    private mutating func parseActionScope() throws(ParseError) -> ActionConstraint {
        try expectScopeWord("action")
        if accept(.equal) {
            return .equal(try parseActionUID())
        }
        if acceptWord("in") {
            let parentheses = try openScopeParentheses()
            let constraint: ActionConstraint
            if accept(.leftBracket) {
                var actions: [EntityUID] = []
                while !accept(.rightBracket) {
                    actions.append(try parseActionUID())
                    if !accept(.comma) {
                        try expect(.rightBracket, .comma)
                        break
                    }
                }
                constraint = .inSet(actions)
            } else {
                constraint = .in(try parseBareActionUID())
            }
            try closeScopeParentheses(parentheses)
            return constraint
        }
        if current.isWord("is") {
            throw ParseError.invalid("'is' is not allowed in the action scope", at: current)
        }
        try refuseOtherScopeOperator()
        return .any
    }

    private mutating func expectScopeWord(_ word: String) throws(ParseError) {
        guard acceptWord(word) else {
            throw ParseError.unexpected(current, expected: ["'\(word)'"])
        }
    }

    /// A scope allows only `==`, `in` and `is`; say so for any other operator.
    private func refuseOtherScopeOperator() throws(ParseError) {
        if case .symbol(let symbol) = current.kind,
           [.notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .assign].contains(symbol) {
            throw ParseError.invalid("the policy scope allows only '==', 'in' and 'is'", at: current)
        }
    }

    /// Cedar accepts a parenthesised entity, slot or action list in the scope: `principal == (User::"a")`.
    private mutating func openScopeParentheses() throws(ParseError) -> Int {
        var count = 0
        while current.isSymbol(.leftParen) {
            guard count < Limits.maxNesting else {
                throw ParseError.invalid("too many parentheses in the policy scope", at: current)
            }
            advance()
            count += 1
        }
        return count
    }

    private mutating func closeScopeParentheses(_ count: Int) throws(ParseError) {
        for _ in 0..<count { try expect(.rightParen) }
    }

    private mutating func parseEntityReference(slot: SlotID) throws(ParseError) -> EntityReference {
        let parentheses = try openScopeParentheses()
        let reference = try parseBareEntityReference(slot: slot)
        try closeScopeParentheses(parentheses)
        return reference
    }

    private mutating func parseBareEntityReference(slot: SlotID) throws(ParseError) -> EntityReference {
        let token = current
        if case .slot(let name) = token.kind {
            guard slot.rawValue == "?" + name else {
                throw ParseError.invalid("expected \(slot.rawValue) or an entity here, found '?\(name)'", at: token)
            }
            advance()
            return .slot(slot)
        }
        guard case .identifier = token.kind else {
            throw ParseError.unexpected(token, expected: ["an entity", "'\(slot.rawValue)'"])
        }
        return .entity(try parseEntityUID())
    }

    private mutating func parseActionUID() throws(ParseError) -> EntityUID {
        let parentheses = try openScopeParentheses()
        let uid = try parseBareActionUID()
        try closeScopeParentheses(parentheses)
        return uid
    }

    private mutating func parseBareActionUID() throws(ParseError) -> EntityUID {
        let token = current
        if case .slot = token.kind {
            throw ParseError.invalid("the action scope cannot use a template slot", at: token)
        }
        let uid = try parseEntityUID()
        guard uid.type.basename == "Action" else {
            throw ParseError.invalid("expected an action entity (type Action or Namespace::Action), found \(uid)", at: token)
        }
        return uid
    }

    /// Condition ::= ('when' | 'unless') '{' Expr '}'
    private mutating func parseCondition() throws(ParseError) -> Condition {
        let kind: Condition.Kind
        if acceptWord("when") {
            kind = .when
        } else if acceptWord("unless") {
            kind = .unless
        } else {
            throw ParseError.unexpected(current, expected: ["'when'", "'unless'", "';'"])
        }
        try expect(.leftBrace)
        if current.isSymbol(.rightBrace) {
            throw ParseError.invalid("a \(kind.rawValue) condition needs an expression", at: current)
        }
        slotsAllowedInExpressions = false
        defer { slotsAllowedInExpressions = true }
        let body = try parseExpression()
        try expect(.rightBrace)
        return Condition(kind: kind, body: body.expr)
    }
}
