import Testing
@testable import Cedar

private typealias A = SyntaxAST

/// A source text and the tree it must parse to.
struct ExpressionCase: CustomTestStringConvertible, Sendable {
    var source: String
    var expected: Expr
    init(_ source: String, _ expected: Expr) {
        self.source = source
        self.expected = expected
    }
    var testDescription: String { source }
}

@Suite("Expression parser: every construct gives the expected tree")
struct ExpressionParserTests {
    static let literals: [ExpressionCase] = [
        .init("true", A.bool(true)),
        .init("false", A.bool(false)),
        .init("0", A.long(0)),
        .init("9223372036854775807", A.long(.max)),
        .init("-9223372036854775808", A.long(.min)),
        .init("-5", A.long(-5)),
        .init("- 5", A.long(-5)),
        .init("--5", A.negate(A.long(-5))),
        .init("-(5)", A.negate(A.long(5))),
        .init("-5.foo", A.negate(A.get(A.long(5), "foo"))),
        .init("\"hi\"", A.string("hi")),
        .init("User::\"alice\"", A.entity("User", "alice")),
        .init("App::Users::User::\"a\\\"b\"", Expr(.literal(.entity(EntityUID(type: Name(namespace: ["App", "Users"], basename: "User"), id: "a\"b"))))),
        .init("principal::\"x\"", A.entity("principal", "x")),
        .init("permit::\"x\"", A.entity("permit", "x")),
        .init("principal", A.principal),
        .init("action", A.action),
        .init("resource", A.resource),
        .init("context", A.context),
        .init("?principal", A.slot(.principal)),
        .init("?resource", A.slot(.resource)),
    ]

    static let operators: [ExpressionCase] = [
        .init("if true then 1 else 2", A.ite(A.bool(true), A.long(1), A.long(2))),
        .init("principal || action", A.or(A.principal, A.action)),
        .init("principal && action", A.and(A.principal, A.action)),
        .init("1 == 2", A.binary(.equal, A.long(1), A.long(2))),
        .init("1 != 2", A.binary(.notEqual, A.long(1), A.long(2))),
        .init("1 < 2", A.binary(.less, A.long(1), A.long(2))),
        .init("1 <= 2", A.binary(.lessOrEqual, A.long(1), A.long(2))),
        .init("1 > 2", A.binary(.greater, A.long(1), A.long(2))),
        .init("1 >= 2", A.binary(.greaterOrEqual, A.long(1), A.long(2))),
        .init("principal in resource", A.binary(.in, A.principal, A.resource)),
        .init("1 + 2", A.binary(.add, A.long(1), A.long(2))),
        .init("1 - 2", A.binary(.subtract, A.long(1), A.long(2))),
        .init("1 * 2", A.binary(.multiply, A.long(1), A.long(2))),
        .init("context.a * context.b", A.binary(.multiply, A.get(A.context, "a"), A.get(A.context, "b"))),
        .init("!true", A.not(A.bool(true))),
        .init("!!true", A.not(A.not(A.bool(true)))),
        .init("!!!true", A.not(A.bool(true))),
        .init("!!!!true", A.not(A.not(A.bool(true)))),
        .init("----principal", A.negate(A.negate(A.negate(A.negate(A.principal))))),
        .init("----5", A.negate(A.negate(A.negate(A.long(-5))))),
        .init("context.a", A.get(A.context, "a")),
        .init("context[\"a b\"]", A.get(A.context, "a b")),
        .init("context.a.b[\"c\"]", A.get(A.get(A.get(A.context, "a"), "b"), "c")),
        .init("principal.permit", A.get(A.principal, "permit")),
        .init("principal has name", A.has(A.principal, "name")),
        .init("principal has \"first name\"", A.has(A.principal, "first name")),
        .init("principal has if_", A.has(A.principal, "if_")),
        .init("principal has a.b", A.and(A.has(A.principal, "a"), A.has(A.get(A.principal, "a"), "b"))),
        .init("principal has a.b.c", A.and(
            A.and(A.has(A.principal, "a"), A.has(A.get(A.principal, "a"), "b")),
            A.has(A.get(A.get(A.principal, "a"), "b"), "c"))),
        .init("principal is User", A.isType(A.principal, "User")),
        .init("principal is App::User", A.isType(A.principal, "App::User")),
        .init("principal is User in Group::\"g\"",
              A.and(A.isType(A.principal, "User"), A.binary(.in, A.principal, A.entity("Group", "g")))),
        .init("\"abc\" like \"a*c\"", A.like(A.string("abc"), [.literal("a"), .wildcard, .literal("c")])),
        .init("\"a*\" like \"a\\*\"", A.like(A.string("a*"), [.literal("a"), .literal("*")])),
        .init("\"x\" like \"\\u{2a}\"", A.like(A.string("x"), [.wildcard])),
        .init("[]", A.set()),
        .init("[1, \"a\", [true]]", A.set(A.long(1), A.string("a"), A.set(A.bool(true)))),
        .init("[1, 2,]", A.set(A.long(1), A.long(2))),
        .init("{}", A.record()),
        .init("{a: 1, \"b c\": 2, principal: 3}", A.record(("a", A.long(1)), ("b c", A.long(2)), ("principal", A.long(3)))),
        .init("{a: {b: [1]},}", A.record(("a", A.record(("b", A.set(A.long(1))))))),
        .init("[1].contains(1)", A.method(A.set(A.long(1)), "contains", A.long(1))),
        .init("[1].containsAll([1])", A.method(A.set(A.long(1)), "containsAll", A.set(A.long(1)))),
        .init("[1].containsAny([1])", A.method(A.set(A.long(1)), "containsAny", A.set(A.long(1)))),
        .init("[].isEmpty()", A.method(A.set(), "isEmpty")),
        .init("principal.getTag(\"t\")", A.method(A.principal, "getTag", A.string("t"))),
        .init("principal.hasTag(\"t\")", A.method(A.principal, "hasTag", A.string("t"))),
        .init("ip(\"10.0.0.1\")", A.call("ip", A.string("10.0.0.1"))),
        .init("ip(\"10.0.0.1\").isInRange(ip(\"10.0.0.0/8\"))",
              A.method(A.call("ip", A.string("10.0.0.1")), "isInRange", A.call("ip", A.string("10.0.0.0/8")))),
        .init("decimal(\"1.5\").lessThan(decimal(\"2.0\"))",
              A.method(A.call("decimal", A.string("1.5")), "lessThan", A.call("decimal", A.string("2.0")))),
        .init("datetime(\"2024-01-01\").offset(duration(\"1h\")).toDate()",
              A.method(A.method(A.call("datetime", A.string("2024-01-01")), "offset", A.call("duration", A.string("1h"))), "toDate")),
        .init("duration(\"1d\").toMilliseconds()", A.method(A.call("duration", A.string("1d")), "toMilliseconds")),
        .init("ip(\"::1\").isIpv6() && ip(\"127.0.0.1\").isLoopback()",
              A.and(A.method(A.call("ip", A.string("::1")), "isIpv6"), A.method(A.call("ip", A.string("127.0.0.1")), "isLoopback"))),
        .init("User::\"a\".name", A.get(A.entity("User", "a"), "name")),
        .init("// comment\n principal // trailing\n", A.principal),
    ]

    @Test("literals, variables, entities and slots", arguments: literals)
    func literal(_ c: ExpressionCase) throws {
        #expect(try Expr.parse(c.source) == c.expected)
    }

    @Test("operators, access, methods, calls, sets and records", arguments: operators)
    func operatorForms(_ c: ExpressionCase) throws {
        #expect(try Expr.parse(c.source) == c.expected)
    }

    static let precedence: [ExpressionCase] = [
        .init("1 + 2 * 3", A.binary(.add, A.long(1), A.binary(.multiply, A.long(2), A.long(3)))),
        .init("1 * 2 + 3", A.binary(.add, A.binary(.multiply, A.long(1), A.long(2)), A.long(3))),
        .init("1 - 2 - 3", A.binary(.subtract, A.binary(.subtract, A.long(1), A.long(2)), A.long(3))),
        .init("1 - 2 + 3", A.binary(.add, A.binary(.subtract, A.long(1), A.long(2)), A.long(3))),
        .init("1 - -2", A.binary(.subtract, A.long(1), A.long(-2))),
        .init("principal || action && resource", A.or(A.principal, A.and(A.action, A.resource))),
        .init("principal && action || resource", A.or(A.and(A.principal, A.action), A.resource)),
        .init("principal || action || resource", A.or(A.or(A.principal, A.action), A.resource)),
        .init("1 + 1 == 2 && true", A.and(A.binary(.equal, A.binary(.add, A.long(1), A.long(1)), A.long(2)), A.bool(true))),
        .init("!principal.a", A.not(A.get(A.principal, "a"))),
        .init("-context.n * 2", A.binary(.multiply, A.negate(A.get(A.context, "n")), A.long(2))),
        .init("(1 + 2) * 3", A.binary(.multiply, A.binary(.add, A.long(1), A.long(2)), A.long(3))),
        .init("if principal then action else resource || context",
              A.ite(A.principal, A.action, A.or(A.resource, A.context))),
        .init("(if principal then 1 else 2) + 3",
              A.binary(.add, A.ite(A.principal, A.long(1), A.long(2)), A.long(3))),
        .init("principal in resource && context has a", A.and(A.binary(.in, A.principal, A.resource), A.has(A.context, "a"))),
        .init("1 + 2 < 4", A.binary(.less, A.binary(.add, A.long(1), A.long(2)), A.long(4))),
        .init("(1 < 2) == true", A.binary(.equal, A.binary(.less, A.long(1), A.long(2)), A.bool(true))),
        .init("principal.a has b", A.has(A.get(A.principal, "a"), "b")),
        .init("principal is User && true", A.and(A.isType(A.principal, "User"), A.bool(true))),
    ]

    @Test("operators bind with Cedar's precedence", arguments: precedence)
    func precedenceRules(_ c: ExpressionCase) throws {
        #expect(try Expr.parse(c.source) == c.expected)
    }

    @Test("parsed nodes carry their source range")
    func ranges() throws {
        let e = try Expr.parse("  principal.name\n  == \"a\"")
        #expect(e.range.start == SourceLocation(line: 1, column: 3, offset: 2))
        #expect(e.range.end.line == 2)
        guard case .binary(_, let left, let right) = e.kind else {
            Issue.record("expected a binary node")
            return
        }
        #expect(left.range.start.column == 3)
        #expect(left.range.end.column == 17)
        #expect(right.range.start == SourceLocation(line: 2, column: 6, offset: 22))
    }

    @Test("entity UIDs and names parse on their own")
    func entityAndName() throws {
        #expect(try EntityUID.parse("User::\"alice\"") == EntityUID("User", "alice"))
        #expect(try EntityUID.parse(" A::B::\"x\\\"y\" ") == EntityUID(type: Name(namespace: ["A"], basename: "B"), id: "x\"y"))
        #expect(try EntityUID.parse("Action::\"\"") == EntityUID("Action", ""))
        #expect(try Name.parse("PhotoApp::Users::User") == Name(namespace: ["PhotoApp", "Users"], basename: "User"))
        #expect(throws: ParseErrors.self) { try EntityUID.parse("User") }
        #expect(throws: ParseErrors.self) { try EntityUID.parse("User::\"a\" extra") }
        #expect(throws: ParseErrors.self) { try EntityUID.parse("if::\"a\"") }
        #expect(throws: ParseErrors.self) { try Name.parse("A::") }
        #expect(throws: ParseErrors.self) { try Name.parse("__cedar::X") }
    }
}
