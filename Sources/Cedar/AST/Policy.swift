/// A policy's identifier: `policy0`, `policy1`, … in file order unless the caller assigns one.
public struct PolicyID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: PolicyID, rhs: PolicyID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// `permit` or `forbid`.
public enum Effect: String, Hashable, Sendable {
    case permit, forbid
}

/// An annotation `@key("value")` or `@key` (value absent).
public struct Annotation: Hashable, Sendable {
    public var key: String
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}

/// The right-hand side of a principal or resource scope constraint: a literal entity or a template slot.
public enum EntityReference: Hashable, Sendable {
    case entity(EntityUID)
    case slot(SlotID)
}

/// The principal or resource part of a policy's scope.
public enum ScopeConstraint: Hashable, Sendable {
    /// `principal` alone: any entity.
    case any
    /// `principal == X`.
    case equal(EntityReference)
    /// `principal in X`.
    case `in`(EntityReference)
    /// `principal is T`.
    case `is`(EntityType)
    /// `principal is T in X`.
    case isIn(EntityType, EntityReference)
}

/// The action part of a policy's scope.
public enum ActionConstraint: Hashable, Sendable {
    /// `action` alone.
    case any
    /// `action == A`.
    case equal(EntityUID)
    /// `action in A`.
    case `in`(EntityUID)
    /// `action in [A, B]`.
    case inSet([EntityUID])
}

/// `when { … }` or `unless { … }`.
public struct Condition: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case when, unless
    }

    public var kind: Kind
    public var body: Expr

    public init(kind: Kind, body: Expr) {
        self.kind = kind
        self.body = body
    }
}

/// A static policy or a template, exactly as written (after desugaring of `has a.b` and `is … in`).
///
/// A template is a policy whose scope mentions `?principal` and/or `?resource`; it cannot be
/// evaluated until linked (see ``PolicySet/link(template:newID:values:)``).
public struct Policy: Hashable, Sendable {
    public var id: PolicyID
    public var effect: Effect
    public var annotations: [Annotation]
    public var principal: ScopeConstraint
    public var action: ActionConstraint
    public var resource: ScopeConstraint
    public var conditions: [Condition]
    /// Where the policy starts in its source text (``SourceRange/none`` when built in code).
    public var range: SourceRange

    public init(
        id: PolicyID,
        effect: Effect,
        annotations: [Annotation] = [],
        principal: ScopeConstraint = .any,
        action: ActionConstraint = .any,
        resource: ScopeConstraint = .any,
        conditions: [Condition] = [],
        range: SourceRange = .none
    ) {
        self.id = id
        self.effect = effect
        self.annotations = annotations
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
        self.range = range
    }

    /// The slots this policy's scope mentions; empty for a static policy.
    public var slots: Set<SlotID> {
        var result = Set<SlotID>()
        for constraint in [principal, resource] {
            switch constraint {
            case .equal(.slot(let s)), .in(.slot(let s)), .isIn(_, .slot(let s)): result.insert(s)
            default: break
            }
        }
        return result
    }

    /// Whether this is a template (its scope mentions a slot).
    public var isTemplate: Bool { !slots.isEmpty }

    /// The value of annotation `key`, if present (`@key` alone gives `""`).
    public func annotation(_ key: String) -> String? {
        annotations.first { $0.key == key }.map { $0.value ?? "" }
    }
}
