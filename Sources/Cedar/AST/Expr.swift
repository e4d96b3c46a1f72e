/// A Cedar expression, as it appears in a `when` or `unless` condition.
///
/// Every node carries the source range it was parsed from (``SourceRange/none`` when built in code),
/// so evaluation and validation errors can point at the code that caused them. Equality and hashing
/// ignore the source range.
public struct Expr: Hashable, Sendable {
    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange = .none) {
        self.kind = kind
        self.range = range
    }

    /// The forms a Cedar expression can take.
    public indirect enum Kind: Hashable, Sendable {
        /// `true`, `42`, `"text"`, `User::"alice"`.
        case literal(Literal)
        /// `principal`, `action`, `resource`, `context`.
        case variable(Variable)
        /// `?principal` or `?resource` in a template.
        case slot(SlotID)
        /// `if c then a else b`.
        case ifThenElse(Expr, Expr, Expr)
        /// `a && b`, short-circuit.
        case and(Expr, Expr)
        /// `a || b`, short-circuit.
        case or(Expr, Expr)
        /// `!a` or `-a`.
        case unary(UnaryOp, Expr)
        /// `a == b`, `a < b`, `a + b`, `a in b`, …
        case binary(BinaryOp, Expr, Expr)
        /// `e.attr` and `e["attr"]`.
        case getAttribute(Expr, String)
        /// `e has attr` and `e has "attr"`. The nested form `e has a.b` is parsed as
        /// `e has a && e.a has b`.
        case hasAttribute(Expr, String)
        /// `e like "pat*tern"`.
        case like(Expr, Pattern)
        /// `e is Type`; `e is Type in x` is parsed as `e is Type && e in x`.
        case isType(Expr, EntityType)
        /// `[a, b, c]`.
        case set([Expr])
        /// `{ key: value, … }`, keys in source order, unique.
        case record([RecordEntry])
        /// A method call `receiver.name(args)`: the builtins `contains`, `containsAll`, `containsAny`,
        /// `isEmpty`, `getTag`, `hasTag`, and the extension methods (`isIpv4`, `lessThan`, `offset`, …).
        case method(receiver: Expr, name: String, arguments: [Expr])
        /// A function call `name(args)`: the extension constructors `ip`, `decimal`, `datetime`,
        /// `duration` (possibly written with a namespace in the future).
        case call(function: Name, arguments: [Expr])
    }

    // Equality ignores source ranges: two parses of the same text at different places are equal.
    public static func == (lhs: Expr, rhs: Expr) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}

/// A key and value in a record literal.
public struct RecordEntry: Hashable, Sendable {
    public var key: String
    public var value: Expr

    public init(key: String, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// A literal value written in policy text.
///
/// String literals compare byte for byte, as Cedar compares strings (``CedarString/equal(_:_:)``).
public enum Literal: Hashable, Sendable {
    case bool(Bool)
    case long(Int64)
    case string(String)
    case entity(EntityUID)

    public static func == (lhs: Literal, rhs: Literal) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.long(let a), .long(let b)): a == b
        case (.string(let a), .string(let b)): CedarString.equal(a, b)
        case (.entity(let a), .entity(let b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .bool(let b): hasher.combine(0 as UInt8); hasher.combine(b)
        case .long(let n): hasher.combine(1 as UInt8); hasher.combine(n)
        case .string(let s): hasher.combine(2 as UInt8); CedarString.hash(s, into: &hasher)
        case .entity(let uid): hasher.combine(3 as UInt8); hasher.combine(uid)
        }
    }
}

/// The four request variables.
public enum Variable: String, Hashable, Sendable, CaseIterable {
    case principal, action, resource, context
}

/// The template slots.
public enum SlotID: String, Hashable, Sendable, CaseIterable {
    case principal = "?principal"
    case resource = "?resource"
}

/// Prefix operators.
public enum UnaryOp: String, Hashable, Sendable {
    /// Boolean negation `!`.
    case not = "!"
    /// Arithmetic negation `-` (overflow on `-(-9223372036854775808)` is an error).
    case negate = "-"
}

/// Infix operators. Method-style builtins are ``Expr/Kind/method(receiver:name:arguments:)``.
public enum BinaryOp: String, Hashable, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case `in` = "in"
}

/// A `like` pattern: literal text and `*` wildcards (a literal star is written `\*` in source).
public struct Pattern: Hashable, Sendable {
    public enum Element: Hashable, Sendable {
        case literal(Unicode.Scalar)
        case wildcard
    }

    public var elements: [Element]

    public init(_ elements: [Element]) {
        self.elements = elements
    }
}
