/// A reason a policy does not validate against a schema (Cedar strict mode), with the policy,
/// where in its text, and what was expected versus what was found.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The policy (or template, or template-linked policy) the error is in.
    public var policyID: PolicyID
    /// Where the offending code starts; `nil` when it has no position (a link's slot values).
    public var location: SourceLocation?
    /// Which rule was broken.
    public var kind: Kind
    /// What the rule wanted (a type, a declared name); empty when the rule has no "expected".
    public var expected: String
    /// What the policy has instead.
    public var found: String
    /// A sentence for people.
    public var message: String

    /// Which rule of strict validation an error breaks. A struct with static members rather than an
    /// enum, so that rules Cedar adds later can be added without breaking callers.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The rule's name as it appears in JSON (`"unsafeOptionalAttributeAccess"`).
        public let rawValue: String

        private init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// An entity type the schema does not declare.
        public static let unrecognizedEntityType = Kind("unrecognizedEntityType")
        /// An action the schema does not declare.
        public static let unrecognizedAction = Kind("unrecognizedAction")
        /// An entity of an enumerated type with an id the schema does not list.
        public static let invalidEnumEntity = Kind("invalidEnumEntity")
        /// No declared action applies to the principal and resource the scope allows.
        public static let invalidActionApplication = Kind("invalidActionApplication")
        /// An operand of the wrong type.
        public static let unexpectedType = Kind("unexpectedType")
        /// Two types that strict mode does not let meet (`==`, sets, `if` branches, `contains`).
        public static let incompatibleTypes = Kind("incompatibleTypes")
        /// An attribute the type does not declare.
        public static let attributeNotFound = Kind("attributeNotFound")
        /// An optional attribute read without a `has` guard.
        public static let unsafeOptionalAttributeAccess = Kind("unsafeOptionalAttributeAccess")
        /// A tag read without a `hasTag` guard.
        public static let unsafeTagAccess = Kind("unsafeTagAccess")
        /// A tag read on an entity type that declares no tags.
        public static let noTagsAllowed = Kind("noTagsAllowed")
        /// An empty set literal `[]`, whose element type strict mode cannot know.
        public static let emptySetLiteral = Kind("emptySetLiteral")
        /// An extension constructor (`ip`, `decimal`, …) called on something other than a literal.
        public static let nonLiteralExtensionConstructor = Kind("nonLiteralExtensionConstructor")
        /// An extension constructor's literal argument that does not parse.
        public static let invalidExtensionArgument = Kind("invalidExtensionArgument")
        /// An extension function called with the wrong number of arguments.
        public static let wrongArgumentCount = Kind("wrongArgumentCount")
        /// A function or method Cedar does not define (only reachable with expressions built in code:
        /// the parser refuses them).
        public static let undefinedFunction = Kind("undefinedFunction")
    }

    public init(
        policyID: PolicyID, location: SourceLocation?, kind: Kind, expected: String = "", found: String = "",
        message: String
    ) {
        self.policyID = policyID
        self.location = location
        self.kind = kind
        self.expected = expected
        self.found = found
        self.message = message
    }

    /// `line:column: policy <id>: message`.
    public var description: String {
        (location.map { "\($0): " } ?? "") + "policy \(policyID): \(message)"
    }
}

/// Something a policy does that is legal but almost certainly a mistake.
public struct ValidationWarning: Hashable, Sendable, CustomStringConvertible {
    public var policyID: PolicyID
    public var location: SourceLocation?
    public var message: String

    public init(policyID: PolicyID, location: SourceLocation?, message: String) {
        self.policyID = policyID
        self.location = location
        self.message = message
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + "policy \(policyID): \(message)"
    }
}

/// The outcome of validating a policy set: its errors (the set is invalid when there is one) and
/// its warnings (such as a policy that can never apply).
public struct ValidationResult: Hashable, Sendable {
    public var errors: [ValidationError]
    public var warnings: [ValidationWarning]

    public init(errors: [ValidationError] = [], warnings: [ValidationWarning] = []) {
        self.errors = errors
        self.warnings = warnings
    }

    /// Whether the set validates (no errors; warnings do not count).
    public var isValid: Bool { errors.isEmpty }
}
