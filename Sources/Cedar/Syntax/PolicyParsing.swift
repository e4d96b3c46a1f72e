// The public entry points for reading Cedar text.

extension PolicySet {
    /// Parses Cedar policy text: static policies become ``policies`` and templates (policies whose
    /// scope mentions `?principal` or `?resource`) become ``templates``. Ids are `policy0`,
    /// `policy1`, … in file order; annotations such as `@id` do not change them.
    ///
    /// Throws every error found (the first error of each broken policy); `source` names the file in messages.
    public init(parsing text: String, source: String? = nil) throws(ParseErrors) {
        var parser = PolicyParser(text: text)
        let (policies, errors) = parser.parsePolicies()
        if let first = errors.first {
            throw ParseErrors(first, Array(errors.dropFirst()), source: source)
        }
        self.init(uniquelyIdentified: policies)
    }
}

extension Policy {
    /// Parses exactly one policy or template and gives it `id`.
    public static func parse(_ text: String, id: PolicyID) throws(ParseErrors) -> Policy {
        var parser = PolicyParser(text: text)
        let (policies, errors) = parser.parsePolicies()
        if let first = errors.first {
            throw ParseErrors(first, Array(errors.dropFirst()))
        }
        guard policies.count == 1, var policy = policies.first else {
            let end = parser.current
            throw ParseErrors(ParseError(
                location: policies.count > 1 ? policies[1].range.start : end.start,
                message: policies.isEmpty ? "expected a policy but found end of input" : "expected exactly one policy, found \(policies.count)",
                expected: ["a policy"], found: policies.isEmpty ? end.display : "'permit' or 'forbid'"))
        }
        policy.id = id
        return policy
    }
}

extension Expr {
    /// Parses one Cedar expression (slots `?principal` and `?resource` are allowed).
    public static func parse(_ text: String) throws(ParseErrors) -> Expr {
        var parser = PolicyParser(text: text)
        do throws(ParseError) {
            let result = try parser.parseExpression()
            guard parser.atEnd else { throw ParseError.unexpected(parser.current, expected: ["end of input"]) }
            return result.expr
        } catch {
            throw ParseErrors(error)
        }
    }
}

extension EntityUID {
    /// Parses an entity reference such as `User::"alice"` or `App::Users::User::"a\"b"`.
    public static func parse(_ text: String) throws(ParseErrors) -> EntityUID {
        var parser = PolicyParser(text: text)
        do throws(ParseError) {
            let uid = try parser.parseEntityUID()
            guard parser.atEnd else { throw ParseError.unexpected(parser.current, expected: ["end of input"]) }
            return uid
        } catch {
            throw ParseErrors(error)
        }
    }
}

extension Name {
    /// Parses a possibly namespaced name such as `Photo` or `PhotoApp::Users::User`.
    public static func parse(_ text: String) throws(ParseErrors) -> Name {
        var parser = PolicyParser(text: text)
        do throws(ParseError) {
            let name = try parser.parseName(what: "a name")
            guard parser.atEnd else { throw ParseError.unexpected(parser.current, expected: ["end of input"]) }
            return name
        } catch {
            throw ParseErrors(error)
        }
    }
}
