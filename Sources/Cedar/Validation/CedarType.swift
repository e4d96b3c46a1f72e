/// The type of a Cedar expression as the strict validator sees it.
///
/// Richer than ``SchemaType``: booleans have singleton types (`true`, `false`) so that the
/// validator can tell when a condition can never hold, entity types form least upper bounds, and
/// action entities are their own kind. Strict mode (Cedar 4's only validation mode) never forms
/// a union of entity types, so an entity type here names exactly one type.
indirect enum CedarType: Hashable, Sendable, CustomStringConvertible {
    /// The bottom type, a subtype of every type.
    case never
    case bool(BoolKind)
    case long
    case string
    /// A set; `nil` element type means "any set" (only used as an expected type).
    case set(CedarType?)
    case record(RecordShape)
    /// An entity of one declared (non-action) entity type.
    case entity(EntityType)
    /// An action entity of the given action entity type (`Action`, `NS::Action`).
    case action(EntityType)
    /// Any entity (only used as an expected type).
    case anyEntity
    case `extension`(ExtensionType)

    /// `Bool`, `true` or `false`.
    enum BoolKind: Hashable, Sendable {
        case any, alwaysTrue, alwaysFalse
    }

    /// A record type: its attributes and whether other attributes may be present.
    struct RecordShape: Hashable, Sendable {
        var attributes: [String: Attribute]
        /// `true` only for "any record", the expected type of `.` and `has`.
        var isOpen: Bool

        struct Attribute: Hashable, Sendable {
            var type: CedarType
            var isRequired: Bool
        }
    }

    static let boolean = CedarType.bool(.any)
    static let alwaysTrue = CedarType.bool(.alwaysTrue)
    static let alwaysFalse = CedarType.bool(.alwaysFalse)
    static func singleton(_ value: Bool) -> CedarType { value ? alwaysTrue : alwaysFalse }
    static let anySet = CedarType.set(nil)
    static let anyRecord = CedarType.record(RecordShape(attributes: [:], isOpen: true))

    /// The validator type of a schema type.
    init(_ type: SchemaType) {
        switch type {
        case .bool: self = .boolean
        case .long: self = .long
        case .string: self = .string
        case .entity(let name): self = .entity(name)
        case .set(let element): self = .set(CedarType(element))
        case .record(let record): self = .record(RecordShape(record))
        case .extension(let ext): self = .extension(ext)
        }
    }

    /// How Cedar's messages write the type.
    var description: String {
        switch self {
        case .never: "Never"
        case .bool(.any): "Bool"
        case .bool(.alwaysTrue): "True"
        case .bool(.alwaysFalse): "False"
        case .long: "Long"
        case .string: "String"
        case .set(nil): "Set"
        case .set(let element?): "Set<\(element)>"
        case .record(let shape):
            shape.isOpen && shape.attributes.isEmpty ? "record"
                : "{" + shape.attributes.sorted { $0.key < $1.key }.map { key, attribute in
                    "\(CedarString.quoted(key))\(attribute.isRequired ? "" : "?"): \(attribute.type)"
                }.joined(separator: ", ") + "}"
        case .entity(let name): name.description
        case .action(let name): name.description
        case .anyEntity: "entity"
        case .extension(let ext): ext.rawValue
        }
    }

    /// The entity type of an entity or action entity type.
    var entityTypeName: EntityType? {
        switch self {
        case .entity(let name), .action(let name): name
        default: nil
        }
    }
}

extension CedarType.RecordShape {
    init(_ record: RecordType) {
        attributes = record.attributes.mapValues { Attribute(type: CedarType($0.type), isRequired: $0.isRequired) }
        isOpen = false
    }
}

// MARK: Subtyping and least upper bounds (Cedar's validator type lattice)

extension CedarType {
    /// Whether `self` is a subtype of `other`. `strict` forbids width subtyping of records and
    /// entity/any-entity subtyping, as Cedar's strict mode does; the permissive relation is only
    /// used to check that an operand is *some* set, record or entity.
    func isSubtype(of other: CedarType, strict: Bool) -> Bool {
        switch (self, other) {
        case (.never, _): return true
        case (.bool(let a), .bool(let b)): return b == .any || a == b
        case (.long, .long), (.string, .string): return true
        case (.set(let a), .set(let b)):
            switch (a, b) {
            case (_, nil): return true
            case (nil, _?): return false
            case (let a?, let b?): return a.isSubtype(of: b, strict: strict)
            }
        case (.record(let a), .record(let b)):
            if a.isOpen && !b.isOpen { return false }
            if b.isOpen && !strict && a.hasAttributes(of: b, strict: strict) { return true }
            return Set(a.attributes.keys) == Set(b.attributes.keys) && a.hasAttributes(of: b, strict: strict)
        case (.entity(let a), .entity(let b)): return a == b
        case (.action(let a), .action(let b)): return a == b
        case (.anyEntity, .anyEntity): return true
        case (.entity, .anyEntity), (.action, .anyEntity): return !strict
        case (.extension(let a), .extension(let b)): return a == b
        default: return false
        }
    }

    /// The least upper bound of two types under strict rules, or why there is none.
    static func leastUpperBound(_ a: CedarType, _ b: CedarType) -> CedarType? {
        if a.isSubtype(of: b, strict: true) { return b }
        if b.isSubtype(of: a, strict: true) { return a }
        switch (a, b) {
        case (.bool, .bool): return .boolean
        case (.set(nil), .set), (.set, .set(nil)): return .anySet
        case (.set(let x?), .set(let y?)):
            return leastUpperBound(x, y).map { .set($0) }
        case (.record(let x), .record(let y)):
            // Strict: same attribute names, same requiredness, attribute types with a bound.
            guard Set(x.attributes.keys) == Set(y.attributes.keys) else { return nil }
            var attributes: [String: RecordShape.Attribute] = [:]
            for (key, ax) in x.attributes {
                guard let ay = y.attributes[key], ax.isRequired == ay.isRequired,
                    let bound = leastUpperBound(ax.type, ay.type)
                else { return nil }
                attributes[key] = RecordShape.Attribute(type: bound, isRequired: ax.isRequired)
            }
            return .record(RecordShape(attributes: attributes, isOpen: x.isOpen || y.isOpen))
        default:
            return nil
        }
    }

    /// The least upper bound of all `types` (`never` for none).
    static func leastUpperBound(of types: [CedarType]) -> CedarType? {
        var bound = CedarType.never
        for t in types {
            guard let next = leastUpperBound(bound, t) else { return nil }
            bound = next
        }
        return bound
    }

    /// Whether no value has both types: Cedar only promises this for entities of different types.
    static func areDisjoint(_ a: CedarType, _ b: CedarType) -> Bool {
        guard let x = a.entityTypeName, let y = b.entityTypeName else { return false }
        return x != y
    }
}

extension CedarType.RecordShape {
    /// Every attribute of `other` is in `self` with the same requiredness (strict) or a stronger
    /// one (permissive), and a subtype.
    fileprivate func hasAttributes(of other: CedarType.RecordShape, strict: Bool) -> Bool {
        other.attributes.allSatisfy { key, theirs in
            guard let mine = attributes[key] else { return false }
            let qualifier = strict ? mine.isRequired == theirs.isRequired : (mine.isRequired || !theirs.isRequired)
            return qualifier && mine.type.isSubtype(of: theirs.type, strict: strict)
        }
    }
}
