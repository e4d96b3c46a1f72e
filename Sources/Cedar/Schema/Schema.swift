/// A Cedar schema with every name resolved: the entity types, the actions, and what each action applies to.
///
/// Build one with ``init(parsing:)`` (the `.cedarschema` syntax), ``init(json:)`` (the JSON schema
/// format) or ``init(declarations:)``.
public struct Schema: Hashable, Sendable {
    public private(set) var entityTypes: [EntityType: EntityTypeDefinition]
    public private(set) var actions: [EntityUID: ActionDefinition]
    /// Every common type by its fully qualified name, resolved.
    public private(set) var commonTypes: [Name: SchemaType]

    /// Resolves the names in `declarations` (Cedar's schema name-resolution rules).
    public init(declarations: SchemaDeclarations) throws(SchemaError) {
        var resolver = SchemaResolver(declarations)
        try resolver.resolve()
        entityTypes = resolver.entityTypes
        actions = resolver.actions
        commonTypes = resolver.commonTypes
    }

    /// The definition of entity type `type`, if declared.
    public func entityType(_ type: EntityType) -> EntityTypeDefinition? { entityTypes[type] }

    /// The definition of action `uid`, if declared.
    public func action(_ uid: EntityUID) -> ActionDefinition? { actions[uid] }

    /// Whether `type` is the entity type of some declared action (`Action`, `NS::Action`).
    public func isActionType(_ type: EntityType) -> Bool { actionTypes.contains(type) }

    /// The entity types of the declared actions.
    public var actionTypes: Set<EntityType> { Set(actions.keys.map(\.type)) }

    /// The action entities the schema declares, each with its action groups as parents.
    ///
    /// Cedar makes these available to authorization whenever entities are read with a schema.
    public var actionEntities: [Entity] {
        actions.values.map { Entity(uid: $0.uid, parents: Set($0.memberOf)) }
    }

    /// Every action group `uid` is in, directly or through other groups (cycles were refused when resolving).
    public func actionAncestors(of uid: EntityUID) -> Set<EntityUID> {
        var seen = Set<EntityUID>()
        var stack = actions[uid]?.memberOf ?? []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack.append(contentsOf: actions[next]?.memberOf ?? [])
        }
        return seen
    }

    /// The context type of action `uid`: its declared record, `{}` when it applies to nothing,
    /// or `nil` when the action is not declared.
    public func contextType(for action: EntityUID) -> RecordType? {
        guard let definition = actions[action] else { return nil }
        return definition.appliesTo?.context ?? .empty
    }
}

/// An error in a schema: where (when known) and what.
public struct SchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.location = location
        self.message = message
    }

    public var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }
}

/// Resolves names in schema declarations.
///
/// Cedar's rules for a type name `T` written in namespace `N`:
/// `__cedar::X` is always the builtin `X`; an unqualified `T` is the common type `N::T`, else the
/// entity type `N::T`, else the common type `T`, else the entity type `T`, else the builtin `T`
/// (`Long`, `String`, `Bool`, `ipaddr`, `decimal`, `datetime`, `duration`); a qualified name is the
/// common type or the entity type of that exact name. Entity-only positions (`in [...]`, `appliesTo`)
/// look for entity types `N::T`, then `T`.
struct SchemaResolver {
    let declarations: SchemaDeclarations
    var entityTypes: [EntityType: EntityTypeDefinition] = [:]
    var actions: [EntityUID: ActionDefinition] = [:]
    var commonTypes: [Name: SchemaType] = [:]

    private var commonDeclarations: [Name: (namespace: [String], declaration: CommonTypeDeclaration)] = [:]
    private var declaredEntityTypes: Set<Name> = []
    private var resolving: Set<Name> = []

    init(_ declarations: SchemaDeclarations) { self.declarations = declarations }

    static let builtins: [String: SchemaType] = [
        "Long": .long, "String": .string, "Bool": .bool,
        "ipaddr": .extension(.ipaddr), "decimal": .extension(.decimal),
        "datetime": .extension(.datetime), "duration": .extension(.duration),
    ]

    mutating func resolve() throws(SchemaError) {
        // First pass: every declared name, refusing duplicates.
        var actionNames = Set<EntityUID>()
        for ns in declarations.namespaces {
            for common in ns.commonTypes {
                let name = Name(namespace: ns.path, basename: common.name)
                guard commonDeclarations[name] == nil else {
                    throw SchemaError("common type \(name) is declared twice", at: common.location)
                }
                if Self.reservedCommonTypeNames.contains(common.name) {
                    throw SchemaError("\"\(common.name)\" is a reserved name and cannot name a common type", at: common.location)
                }
                commonDeclarations[name] = (ns.path, common)
            }
            for entity in ns.entityTypes {
                let name = Name(namespace: ns.path, basename: entity.name)
                guard declaredEntityTypes.insert(name).inserted else {
                    throw SchemaError("entity type \(name) is declared twice", at: entity.location)
                }
            }
            for action in ns.actions {
                let uid = EntityUID(type: Name(namespace: ns.path, basename: "Action"), id: action.name)
                guard actionNames.insert(uid).inserted else {
                    throw SchemaError("action \(uid) is declared twice", at: action.location)
                }
            }
        }
        for name in commonDeclarations.keys.sorted() {
            _ = try commonType(name)
        }
        for ns in declarations.namespaces {
            for entity in ns.entityTypes {
                let name = Name(namespace: ns.path, basename: entity.name)
                var memberOf = Set<EntityType>()
                for parent in entity.memberOfTypes {
                    memberOf.insert(try entityTypeName(parent, in: ns.path))
                }
                guard case .record(let attributes) = try type(entity.shape, in: ns.path) else {
                    throw SchemaError("the attributes of entity type \(name) must be a record type", at: entity.location)
                }
                let tags = try entity.tags.map { t throws(SchemaError) in try type(t, in: ns.path) }
                if let ids = entity.enumeratedIDs {
                    guard !ids.isEmpty else {
                        throw SchemaError("enumerated entity type \(name) needs at least one id", at: entity.location)
                    }
                }
                entityTypes[name] = EntityTypeDefinition(
                    name: name, memberOfTypes: memberOf, attributes: attributes, tags: tags,
                    enumeratedIDs: entity.enumeratedIDs)
            }
            for action in ns.actions {
                let uid = EntityUID(type: Name(namespace: ns.path, basename: "Action"), id: action.name)
                var memberOf: [EntityUID] = []
                for reference in action.memberOf {
                    let type = reference.type.map { $0.qualified(in: ns.path) } ?? Name(namespace: ns.path, basename: "Action")
                    let parent = EntityUID(type: type, id: reference.id)
                    guard actionNames.contains(parent) else {
                        throw SchemaError("action \(uid) is in undeclared action group \(parent)", at: reference.location)
                    }
                    memberOf.append(parent)
                }
                var appliesTo: AppliesTo?
                if let declared = action.appliesTo {
                    var principals = Set<EntityType>()
                    for p in declared.principalTypes { principals.insert(try entityTypeName(p, in: ns.path)) }
                    var resources = Set<EntityType>()
                    for r in declared.resourceTypes { resources.insert(try entityTypeName(r, in: ns.path)) }
                    var context = RecordType.empty
                    if let declaredContext = declared.context {
                        guard case .record(let r) = try type(declaredContext, in: ns.path) else {
                            throw SchemaError("the context of action \(uid) must be a record type", at: action.location)
                        }
                        context = r
                    }
                    appliesTo = AppliesTo(principalTypes: principals, resourceTypes: resources, context: context)
                }
                actions[uid] = ActionDefinition(uid: uid, memberOf: memberOf, appliesTo: appliesTo)
            }
        }
        try checkActionHierarchyIsAcyclic()
    }

    /// Names a common type may not take (they would be ambiguous with the JSON format's type names).
    static let reservedCommonTypeNames: Set<String> = [
        "Bool", "Boolean", "Entity", "Extension", "Long", "Record", "Set", "String",
    ]

    private mutating func commonType(_ name: Name) throws(SchemaError) -> SchemaType {
        if let done = commonTypes[name] { return done }
        guard let (namespace, declaration) = commonDeclarations[name] else {
            throw SchemaError("undeclared common type \(name)")
        }
        guard resolving.insert(name).inserted else {
            throw SchemaError("common type \(name) is defined in terms of itself", at: declaration.location)
        }
        let resolved = try type(declaration.type, in: namespace)
        resolving.remove(name)
        commonTypes[name] = resolved
        return resolved
    }

    private func entityTypeName(_ reference: NameReference, in namespace: [String]) throws(SchemaError) -> EntityType {
        let name = reference.name
        if name.isUnqualified {
            let local = Name(namespace: namespace, basename: name.basename)
            if declaredEntityTypes.contains(local) { return local }
        }
        if declaredEntityTypes.contains(name) { return name }
        throw SchemaError("undeclared entity type \(name)", at: reference.location)
    }

    private mutating func record(_ attributes: [AttributeDeclaration], in namespace: [String]) throws(SchemaError) -> RecordType {
        var result: [String: AttributeType] = [:]
        for attribute in attributes {
            guard result[attribute.name] == nil else {
                throw SchemaError("attribute \(CedarString.quoted(attribute.name)) is declared twice")
            }
            result[attribute.name] = AttributeType(try type(attribute.type, in: namespace), isRequired: attribute.isRequired)
        }
        return RecordType(attributes: result)
    }

    /// Type nesting plus common-type indirection beyond this is refused rather than risking the stack.
    static let maximumDepth = 256
    private var depth = 0

    private mutating func type(_ expression: TypeExpression, in namespace: [String]) throws(SchemaError) -> SchemaType {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw SchemaError("types nested (or common types referring to each other) deeper than \(Self.maximumDepth) levels")
        }
        switch expression {
        case .primitive(let t):
            return t
        case .set(let element):
            return .set(try type(element, in: namespace))
        case .record(let attributes):
            return .record(try record(attributes, in: namespace))
        case .entity(let reference):
            return .entity(try entityTypeName(reference, in: namespace))
        case .extension(let reference):
            let name = reference.name
            guard name.isUnqualified || name.namespace == ["__cedar"],
                let ext = ExtensionType(rawValue: name.basename)
            else { throw SchemaError("unknown extension type \(name)", at: reference.location) }
            return .extension(ext)
        case .common(let reference):
            let name = reference.name
            if name.isUnqualified, commonDeclarations[Name(namespace: namespace, basename: name.basename)] != nil {
                return try commonType(Name(namespace: namespace, basename: name.basename))
            }
            if commonDeclarations[name] != nil { return try commonType(name) }
            // Cedar reads an unknown type name here as an entity type or common type reference.
            return try type(.name(reference), in: namespace)
        case .name(let reference):
            let name = reference.name
            if name.namespace == ["__cedar"] {
                guard let builtin = Self.builtins[name.basename] else {
                    throw SchemaError("unknown builtin type \(name)", at: reference.location)
                }
                return builtin
            }
            if name.isUnqualified {
                let local = Name(namespace: namespace, basename: name.basename)
                if commonDeclarations[local] != nil { return try commonType(local) }
                if declaredEntityTypes.contains(local) { return .entity(local) }
            }
            if commonDeclarations[name] != nil { return try commonType(name) }
            if declaredEntityTypes.contains(name) { return .entity(name) }
            if name.isUnqualified, let builtin = Self.builtins[name.basename] { return builtin }
            throw SchemaError("undeclared type \(name)", at: reference.location)
        }
    }

    /// Cedar refuses action groups that contain themselves.
    private func checkActionHierarchyIsAcyclic() throws(SchemaError) {
        var state: [EntityUID: Bool] = [:]  // false: on the current path, true: done
        for start in actions.keys.sorted() where state[start] == nil {
            var stack: [(EntityUID, Int)] = [(start, 0)]
            state[start] = false
            while let (uid, next) = stack.popLast() {
                let parents = actions[uid]?.memberOf ?? []
                if next < parents.count {
                    stack.append((uid, next + 1))
                    let parent = parents[next]
                    switch state[parent] {
                    case .some(false): throw SchemaError("action \(parent) is in a cycle of action groups")
                    case .some(true): continue
                    case .none:
                        state[parent] = false
                        stack.append((parent, 0))
                    }
                } else {
                    state[uid] = true
                }
            }
        }
    }
}
