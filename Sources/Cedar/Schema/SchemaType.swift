/// A Cedar type as a schema declares it, with every name resolved.
///
/// Common types are inlined during resolution, so only entity types remain as references.
public indirect enum SchemaType: Hashable, Sendable, CustomStringConvertible {
    case bool
    case long
    case string
    case entity(EntityType)
    case set(SchemaType)
    case record(RecordType)
    case `extension`(ExtensionType)

    /// The type as Cedar's schema syntax writes it (`Set<Long>`, `{ a?: String }`).
    public var description: String {
        switch self {
        case .bool: "Bool"
        case .long: "Long"
        case .string: "String"
        case .entity(let name): name.description
        case .set(let element): "Set<\(element)>"
        case .record(let record): record.description
        case .extension(let ext): ext.rawValue
        }
    }
}

/// Cedar's extension types.
public enum ExtensionType: String, Hashable, Sendable, CaseIterable {
    case ipaddr, decimal, datetime, duration

    /// The extension function that builds a value of this type from a string (`ip("…")` for `ipaddr`).
    public var constructorName: String {
        switch self {
        case .ipaddr: "ip"
        case .decimal: "decimal"
        case .datetime: "datetime"
        case .duration: "duration"
        }
    }
}

/// A record type: named attributes, each required or optional. Records are closed: a value with an
/// attribute the type does not declare does not conform.
public struct RecordType: Hashable, Sendable, CustomStringConvertible {
    public var attributes: [String: AttributeType]

    public init(attributes: [String: AttributeType] = [:]) {
        self.attributes = attributes
    }

    /// The empty record type `{}`.
    public static let empty = RecordType()

    public var description: String {
        if attributes.isEmpty { return "{}" }
        let parts = attributes.sorted { $0.key < $1.key }.map { key, attribute in
            "\(CedarString.quoted(key))\(attribute.isRequired ? "" : "?"): \(attribute.type)"
        }
        return "{ " + parts.joined(separator: ", ") + " }"
    }
}

/// The type of one record or entity attribute.
public struct AttributeType: Hashable, Sendable {
    public var type: SchemaType
    public var isRequired: Bool

    public init(_ type: SchemaType, isRequired: Bool = true) {
        self.type = type
        self.isRequired = isRequired
    }
}

/// An entity type as a schema declares it.
public struct EntityTypeDefinition: Hashable, Sendable {
    public var name: EntityType
    /// The entity types an entity of this type may have as direct parents (`in [...]`).
    public var memberOfTypes: Set<EntityType>
    /// The entity's attributes.
    public var attributes: RecordType
    /// The type of every tag, when the entity type declares `tags T`.
    public var tags: SchemaType?
    /// For an enumerated entity type (`entity Color enum ["red", "green"]`), the only ids allowed.
    public var enumeratedIDs: [String]?

    public init(
        name: EntityType,
        memberOfTypes: Set<EntityType> = [],
        attributes: RecordType = .empty,
        tags: SchemaType? = nil,
        enumeratedIDs: [String]? = nil
    ) {
        self.name = name
        self.memberOfTypes = memberOfTypes
        self.attributes = attributes
        self.tags = tags
        self.enumeratedIDs = enumeratedIDs
    }
}

/// An action as a schema declares it: its uid, the action groups it belongs to, and what it applies to.
public struct ActionDefinition: Hashable, Sendable {
    public var uid: EntityUID
    /// Direct parents (action groups), as written.
    public var memberOf: [EntityUID]
    /// The principal and resource types and the context type; `nil` when the action applies to nothing.
    public var appliesTo: AppliesTo?

    public init(uid: EntityUID, memberOf: [EntityUID] = [], appliesTo: AppliesTo? = nil) {
        self.uid = uid
        self.memberOf = memberOf
        self.appliesTo = appliesTo
    }
}

/// The `appliesTo` part of an action declaration.
public struct AppliesTo: Hashable, Sendable {
    public var principalTypes: Set<EntityType>
    public var resourceTypes: Set<EntityType>
    public var context: RecordType

    public init(principalTypes: Set<EntityType>, resourceTypes: Set<EntityType>, context: RecordType = .empty) {
        self.principalTypes = principalTypes
        self.resourceTypes = resourceTypes
        self.context = context
    }
}
