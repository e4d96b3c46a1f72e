import Testing
@testable import Cedar

/// Terse builders for Cedar expressions in tests that build ASTs directly.
enum E {
    static func long(_ n: Int64) -> Expr { Expr(.literal(.long(n))) }
    static func string(_ s: String) -> Expr { Expr(.literal(.string(s))) }
    static func bool(_ b: Bool) -> Expr { Expr(.literal(.bool(b))) }
    static func entity(_ type: String, _ id: String) -> Expr { Expr(.literal(.entity(EntityUID(type, id)))) }
    static let principal = Expr(.variable(.principal))
    static let action = Expr(.variable(.action))
    static let resource = Expr(.variable(.resource))
    static let context = Expr(.variable(.context))

    static func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr) -> Expr { Expr(.binary(op, a, b)) }
    static func and(_ a: Expr, _ b: Expr) -> Expr { Expr(.and(a, b)) }
    static func or(_ a: Expr, _ b: Expr) -> Expr { Expr(.or(a, b)) }
    static func not(_ a: Expr) -> Expr { Expr(.unary(.not, a)) }
    static func negate(_ a: Expr) -> Expr { Expr(.unary(.negate, a)) }
    static func ite(_ c: Expr, _ a: Expr, _ b: Expr) -> Expr { Expr(.ifThenElse(c, a, b)) }
    static func get(_ a: Expr, _ name: String) -> Expr { Expr(.getAttribute(a, name)) }
    static func has(_ a: Expr, _ name: String) -> Expr { Expr(.hasAttribute(a, name)) }
    static func `is`(_ a: Expr, _ type: String) -> Expr { Expr(.isType(a, EntityUID(type, "").type)) }
    static func like(_ a: Expr, _ pattern: String) -> Expr { Expr(.like(a, .wildcards(pattern))) }
    static func set(_ elements: Expr...) -> Expr { Expr(.set(elements)) }
    static func record(_ entries: (String, Expr)...) -> Expr {
        Expr(.record(entries.map { RecordEntry(key: $0.0, value: $0.1) }))
    }
    static func call(_ function: String, _ arguments: Expr...) -> Expr {
        Expr(.call(function: Name(basename: function), arguments: arguments))
    }
    static func method(_ receiver: Expr, _ name: String, _ arguments: Expr...) -> Expr {
        Expr(.method(receiver: receiver, name: name, arguments: arguments))
    }
    static func ip(_ s: String) -> Expr { call("ip", string(s)) }
    static func decimal(_ s: String) -> Expr { call("decimal", string(s)) }
    static func datetime(_ s: String) -> Expr { call("datetime", string(s)) }
    static func duration(_ s: String) -> Expr { call("duration", string(s)) }
}

extension Pattern {
    /// A pattern where `*` is a wildcard and every other character is literal (tests only).
    static func wildcards(_ text: String) -> Pattern {
        Pattern(text.unicodeScalars.map { $0 == "*" ? .wildcard : .literal($0) })
    }
}

/// What evaluating an expression should give: a value, or an error of a given kind.
enum Outcome: Hashable, Sendable, CustomStringConvertible {
    case value(Value)
    case error(EvaluationError.Kind)

    static func bool(_ b: Bool) -> Outcome { .value(.bool(b)) }
    static func long(_ n: Int64) -> Outcome { .value(.long(n)) }

    var description: String {
        switch self {
        case .value(let v): "\(v)"
        case .error(let k): "error(\(k))"
        }
    }
}

/// One row of an evaluation table.
struct EvalCase: Sendable, CustomTestStringConvertible {
    var name: String
    var expr: Expr
    var expected: Outcome

    init(_ name: String, _ expr: Expr, _ expected: Outcome) {
        self.name = name
        self.expr = expr
        self.expected = expected
    }

    var testDescription: String { name }
}

/// A small entity graph and request shared by the evaluation tests.
enum Sample {
    static let alice = EntityUID("User", "alice")
    static let bob = EntityUID("User", "bob")
    static let ghost = EntityUID("User", "ghost") // not in the store
    static let admins = EntityUID("Group", "admins")
    static let staff = EntityUID("Group", "staff")
    static let view = EntityUID("Action", "view")
    static let read = EntityUID("Action", "read")
    static let photo = EntityUID("Photo", "p1")
    static let album = EntityUID("Album", "a1")

    static let entities = Entities([
        Entity(
            uid: alice,
            attributes: ["name": .string("alice"), "age": .long(30), "address": .record(["city": .string("Paris")])],
            parents: [admins],
            tags: ["level": .string("high")]
        ),
        Entity(uid: bob, attributes: ["name": .string("bob")]),
        Entity(uid: admins, parents: [staff]),
        Entity(uid: staff),
        Entity(uid: EntityUID("Group", "a"), parents: [EntityUID("Group", "b")]),
        Entity(uid: EntityUID("Group", "b"), parents: [EntityUID("Group", "a")]),
        Entity(uid: view, parents: [read]),
        Entity(uid: read),
        Entity(uid: photo, attributes: ["owner": .entity(alice), "private": .bool(true)], parents: [album]),
        Entity(uid: album),
    ])

    static let request = Request(
        principal: alice,
        action: view,
        resource: photo,
        context: ["n": .long(5), "flag": .bool(true), "tags": .set([.string("a"), .string("b")])]
    )

    /// Evaluates `expr` against the sample request and entities.
    static func outcome(of expr: Expr, request: Request = Sample.request) -> Outcome {
        do {
            return .value(try Evaluator(request: request, entities: entities).evaluate(expr))
        } catch {
            return .error(error.kind)
        }
    }
}
