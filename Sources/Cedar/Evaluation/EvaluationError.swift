/// Why evaluating a Cedar expression failed.
///
/// Cedar has no exceptions a policy can catch: an error makes the whole policy evaluate to an
/// error, and the authorizer skips that policy and reports it. The ``kind`` says which rule was
/// broken (tests compare on it); the ``message`` explains it to a person.
public struct EvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which rule an evaluation broke.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An operand had the wrong type (`1 + "a"`, `if 1 then …`, `"a".isIpv4()`).
        public static let typeMismatch = Kind("type mismatch")
        /// Checked 64-bit arithmetic overflowed (`+ - *`, unary `-`, datetime and duration math).
        public static let overflow = Kind("integer overflow")
        /// `e.attr` on a record or entity that has no attribute `attr`.
        public static let attributeMissing = Kind("attribute missing")
        /// `e.attr` or `e.getTag(t)` on an entity that is not in the entity store.
        public static let entityNotFound = Kind("entity does not exist")
        /// `e.getTag(t)` on an entity that has no tag `t`.
        public static let tagMissing = Kind("tag missing")
        /// An extension constructor or method rejected its input (`ip("1.2.3")`, `decimal("1.23456")`).
        public static let extensionFailure = Kind("extension function failed")
        /// A call to a function or method Cedar does not define, or with the wrong number of arguments.
        public static let unknownFunction = Kind("unknown function")
        /// A template slot (`?principal`) in a policy that was not linked.
        public static let unlinkedSlot = Kind("unlinked template slot")
        /// The expression is nested deeper than the evaluator allows.
        public static let tooDeep = Kind("expression too deeply nested")
    }

    /// Which rule was broken.
    public let kind: Kind
    /// A sentence for people, naming the values involved.
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// An operand of `operation` was not of the `expected` type.
    public static func typeMismatch(_ operation: String, expected: String, got value: Value) -> Self {
        EvaluationError(
            kind: .typeMismatch,
            message: "type error in \(operation): expected \(expected), got \(value.runtimeTypeName)"
        )
    }

    /// 64-bit overflow in `operation`.
    public static func overflow(_ operation: String) -> Self {
        EvaluationError(kind: .overflow, message: "integer overflow in \(operation)")
    }

    /// An extension constructor or method failed.
    public static func extensionFailure(_ function: String, _ reason: String) -> Self {
        EvaluationError(kind: .extensionFailure, message: "\(function): \(reason)")
    }
}
