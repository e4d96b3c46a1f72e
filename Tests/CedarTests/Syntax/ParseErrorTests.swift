import Testing
@testable import Cedar

/// A text that must fail, where, and words the message must contain.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    var source: String
    var line: Int
    var column: Int
    var message: String
    init(_ source: String, _ line: Int, _ column: Int, _ message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }
    var testDescription: String { source.replacingOccurrences(of: "\n", with: "⏎") }
}

@Suite("Parse errors say where, what was expected and what was found")
struct ParseErrorTests {
    static let policyErrors: [ErrorCase] = [
        .init("permit(principal, action, resource)", 1, 36, "expected 'when', 'unless' or ';' but found end of input"),
        .init("permit(principal, action, resource) when { true }", 1, 50, "but found end of input"),
        .init("allow(principal, action, resource);", 1, 1, "expected 'permit', 'forbid' or '@' but found 'allow'"),
        .init("permit(principal action, resource);", 1, 18, "expected ',' but found 'action'"),
        .init("permit(resource, action, principal);", 1, 8, "expected 'principal' but found 'resource'"),
        .init("permit(principal, action);", 1, 25, "expected ',' but found ')'"),
        .init("permit(principal == User, action, resource);", 1, 25, "expected '::' but found ','"),
        .init("permit(principal == ?resource, action, resource);", 1, 21, "expected ?principal"),
        .init("permit(principal, action == ?principal, resource);", 1, 29, "action scope cannot use a template slot"),
        .init("permit(principal, action == User::\"x\", resource);", 1, 29, "expected an action entity"),
        .init("permit(principal, action in [Action::\"a\", User::\"x\"], resource);", 1, 43, "expected an action entity"),
        .init("permit(principal, action is Action, resource);", 1, 26, "'is' is not allowed in the action scope"),
        .init("permit(principal != User::\"a\", action, resource);", 1, 18, "allows only '==', 'in' and 'is'"),
        .init("permit(principal, action, resource) when {};", 1, 43, "needs an expression"),
        .init("permit(principal, action, resource) if { true };", 1, 37, "expected 'when', 'unless' or ';' but found 'if'"),
        .init("@id(\"a\") @id(\"b\") permit(principal, action, resource);", 1, 11, "duplicate annotation @id"),
        .init("@id(a) permit(principal, action, resource);", 1, 5, "expected a string literal but found 'a'"),
        .init("permit(principal, action, resource)\nwhen { principal == ?principal };", 2, 21, "slots may appear only in the policy scope"),
        .init("permit(principal, action, resource)\n  when {\n    1 +\n  };", 4, 3, "expected an expression but found '}'"),
        .init("permit(principal, action, resource) when { \"abc };", 1, 44, "unterminated string literal"),
        .init("permit(principal, action, resource) when { # };", 1, 44, "invalid character '#'"),
        .init("permit(principal, action, resource) when { a & b };", 1, 44, "is not a variable"),
        .init("permit(principal, action, resource) when { true & false };", 1, 49, "did you mean '&&'"),
    ]

    static let expressionErrors: [ErrorCase] = [
        .init("1 < 2 < 3", 1, 7, "cannot be chained"),
        .init("1 == 2 == 3", 1, 8, "cannot be chained"),
        .init("principal has a == true", 1, 17, "cannot be chained"),
        .init("principal = action", 1, 11, "use '=='"),
        .init("4 / 2", 1, 3, "no division"),
        .init("4 % 2", 1, 3, "no division or remainder"),
        .init("9223372036854775808", 1, 1, "out of range"),
        .init("-9223372036854775809", 1, 2, "out of range"),
        .init("99999999999999999999999", 1, 1, "out of range"),
        .init("!!!!!true", 1, 1, "at most four '!'"),
        .init("-----1", 1, 1, "at most four '-'"),
        .init("!-1", 1, 2, "expected an expression but found '-'"),
        .init("foo(1)", 1, 1, "'foo' is not a known function"),
        .init("contains([1], 1)", 1, 1, "is a method, not a function"),
        .init("principal.foo()", 1, 11, "'foo' is not a known method"),
        .init("principal.ip()", 1, 11, "is a function, not a method"),
        .init("[1].contains()", 1, 5, "'contains' takes 1 argument, not 0"),
        .init("[].isEmpty(1)", 1, 4, "'isEmpty' takes 0 arguments, not 1"),
        .init("principal.if", 1, 11, "'if' is a reserved word"),
        .init("principal has then", 1, 15, "'then' is a reserved word"),
        .init("principal has 1", 1, 15, "expected an attribute name or string but found '1'"),
        .init("principal[1]", 1, 11, "expected a string literal attribute name"),
        .init("principal is if", 1, 14, "'if' is reserved"),
        .init("true::\"a\"", 1, 1, "'true' is reserved"),
        .init("__cedar::X::\"a\"", 1, 1, "'__cedar' is reserved"),
        .init("{a: 1, a: 2}", 1, 8, "duplicate key \"a\""),
        .init("{if: 1}", 1, 2, "'if' is a reserved word"),
        .init("{1: 1}", 1, 2, "expected a record key or '}'"),
        .init("[1, 2", 1, 6, "expected ']' or ',' but found end of input"),
        .init("[,]", 1, 2, "expected an expression but found ','"),
        .init("(1", 1, 3, "expected ')' but found end of input"),
        .init("1 + if true then 1 else 2", 1, 5, "'if' expression must be in parentheses"),
        .init("if true then 1", 1, 15, "expected 'else' but found end of input"),
        .init("\"a\" like 1", 1, 10, "expected a string literal pattern"),
        .init("\"a\\q\"", 1, 3, "invalid escape '\\q'"),
        .init("\"ok\\u{110000}\"", 1, 4, "is not a Unicode scalar value"),
        .init("\"line1\nline2\\z\"", 2, 6, "invalid escape"),
        .init("?other", 1, 1, "'?other' is not a slot"),
        .init("?", 1, 1, "not followed by a slot name"),
        .init("principal principal", 1, 11, "expected end of input but found 'principal'"),
        .init("principal(1)", 1, 10, "only the extension functions"),
        .init("foo", 1, 1, "'foo' is not a variable"),
        .init("Namespace::foo", 1, 1, "is not a variable"),
        .init("then", 1, 1, "expected an expression but found 'then'"),
        .init("", 1, 1, "expected an expression but found end of input"),
    ]

    @Test("policy errors point at the offending token", arguments: policyErrors)
    func policyError(_ c: ErrorCase) {
        check(c) { () throws(ParseErrors) in _ = try PolicySet(parsing: c.source) }
    }

    @Test("expression errors point at the offending token", arguments: expressionErrors)
    func expressionError(_ c: ErrorCase) {
        check(c) { () throws(ParseErrors) in _ = try Expr.parse(c.source) }
    }

    private func check(_ c: ErrorCase, _ parse: () throws(ParseErrors) -> Void) {
        do {
            try parse()
            Issue.record("parsed without error: \(c.source)")
        } catch {
            let first = error.first
            #expect(first.location.line == c.line, "\(error)")
            #expect(first.location.column == c.column, "\(error)")
            #expect(first.message.contains(c.message), "\(error)")
            #expect(error.description.hasPrefix("\(c.line):\(c.column): "))
        }
    }

    @Test("several broken policies each report their first error, and good ones between do not")
    func severalErrors() {
        let text = """
            permit(principal, action, resource) when { 1 < };
            permit(principal, action, resource);
            forbid(principal, action == User::"x", resource);
            permit(principal, action, resource) when { principal.foo() };
            """
        do {
            _ = try PolicySet(parsing: text, source: "policies.cedar")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.location.line) == [1, 3, 4])
            #expect(error.errors[0].expected == ["an expression"])
            #expect(error.errors[0].found == "'}'")
            #expect(error.description.split(separator: "\n").count == 3)
            #expect(error.description.hasPrefix("policies.cedar:1:48: expected an expression but found '}'"))
        }
    }

    @Test("the error lists what was expected and what was found")
    func expectedAndFound() {
        do {
            _ = try Policy.parse("permit(principal, action, resource) when { true ", id: "p")
            Issue.record("expected an error")
        } catch {
            #expect(error.first.expected == ["'}'"])
            #expect(error.first.found == "end of input")
            #expect(error.first.description == "1:49: expected '}' but found end of input")
        }
    }
}
