/// A schema as written, before names are resolved: what both the `.cedarschema` syntax and the JSON
/// schema format parse into. ``Schema/init(declarations:)`` resolves it.
public struct SchemaDeclarations: Hashable, Sendable {
    public var namespaces: [NamespaceDeclaration]

    public init(namespaces: [NamespaceDeclaration] = []) {
        self.namespaces = namespaces
    }
}

/// One `namespace N { … }` block (or the declarations outside any block, with an empty path).
public struct NamespaceDeclaration: Hashable, Sendable {
    public var path: [String]
    public var commonTypes: [CommonTypeDeclaration]
    public var entityTypes: [EntityTypeDeclaration]
    public var actions: [ActionDeclaration]

    public init(
        path: [String] = [],
        commonTypes: [CommonTypeDeclaration] = [],
        entityTypes: [EntityTypeDeclaration] = [],
        actions: [ActionDeclaration] = []
    ) {
        self.path = path
        self.commonTypes = commonTypes
        self.entityTypes = entityTypes
        self.actions = actions
    }
}

/// `type Name = T;`
public struct CommonTypeDeclaration: Hashable, Sendable {
    public var name: String
    public var type: TypeExpression
    public var location: SourceLocation?

    public init(name: String, type: TypeExpression, location: SourceLocation? = nil) {
        self.name = name
        self.type = type
        self.location = location
    }
}

/// `entity A, B in [P] = { … } tags T;` or `entity E enum ["a", "b"];` (one declaration per name).
public struct EntityTypeDeclaration: Hashable, Sendable {
    public var name: String
    public var memberOfTypes: [NameReference]
    /// The attributes: a record type, or (JSON format) a reference to a common record type.
    public var shape: TypeExpression
    public var tags: TypeExpression?
    public var enumeratedIDs: [String]?
    public var location: SourceLocation?

    public init(
        name: String,
        memberOfTypes: [NameReference] = [],
        shape: TypeExpression = .record([]),
        tags: TypeExpression? = nil,
        enumeratedIDs: [String]? = nil,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.memberOfTypes = memberOfTypes
        self.shape = shape
        self.tags = tags
        self.enumeratedIDs = enumeratedIDs
        self.location = location
    }
}

/// `action "name" in [groups] appliesTo { … };` (one declaration per name).
public struct ActionDeclaration: Hashable, Sendable {
    public var name: String
    public var memberOf: [ActionReference]
    public var appliesTo: AppliesToDeclaration?
    public var location: SourceLocation?

    public init(
        name: String,
        memberOf: [ActionReference] = [],
        appliesTo: AppliesToDeclaration? = nil,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.memberOf = memberOf
        self.appliesTo = appliesTo
        self.location = location
    }
}

/// A reference to an action group: a name in the current namespace's `Action` type, or a full uid.
public struct ActionReference: Hashable, Sendable {
    /// The action entity type as written (`Action`, `NS::Action`); `nil` for the current namespace's `Action`.
    public var type: Name?
    public var id: String
    public var location: SourceLocation?

    public init(type: Name? = nil, id: String, location: SourceLocation? = nil) {
        self.type = type
        self.id = id
        self.location = location
    }
}

/// `appliesTo { principal: [..], resource: [..], context: .. }`.
public struct AppliesToDeclaration: Hashable, Sendable {
    public var principalTypes: [NameReference]
    public var resourceTypes: [NameReference]
    /// The context type: a record or a reference to a common type that is a record; `nil` means `{}`.
    public var context: TypeExpression?

    public init(principalTypes: [NameReference] = [], resourceTypes: [NameReference] = [], context: TypeExpression? = nil) {
        self.principalTypes = principalTypes
        self.resourceTypes = resourceTypes
        self.context = context
    }
}

/// A name as written in a schema, with where it was written.
public struct NameReference: Hashable, Sendable {
    public var name: Name
    public var location: SourceLocation?

    public init(_ name: Name, location: SourceLocation? = nil) {
        self.name = name
        self.location = location
    }
}

/// One attribute of a record or entity type.
public struct AttributeDeclaration: Hashable, Sendable {
    public var name: String
    public var type: TypeExpression
    public var isRequired: Bool

    public init(name: String, type: TypeExpression, isRequired: Bool = true) {
        self.name = name
        self.type = type
        self.isRequired = isRequired
    }
}

/// A type as written in a schema, before its names are resolved.
public indirect enum TypeExpression: Hashable, Sendable {
    /// A name that may be a common type, an entity type or a builtin (`.cedarschema` paths and
    /// the JSON format's `EntityOrCommon`).
    case name(NameReference)
    /// A name that must be an entity type (the JSON format's `Entity`).
    case entity(NameReference)
    /// A name that must be a common type (the JSON format's `{"type": "MyType"}`).
    case common(NameReference)
    /// A name that must be an extension type (the JSON format's `Extension`).
    case `extension`(NameReference)
    /// `Long`, `String` or `Bool` given explicitly (the JSON format).
    case primitive(SchemaType)
    case set(TypeExpression)
    case record([AttributeDeclaration])
}
