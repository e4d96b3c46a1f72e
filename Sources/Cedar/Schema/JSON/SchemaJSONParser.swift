extension Schema {
    /// Parses and resolves a schema in Cedar's JSON schema format:
    /// `{"Namespace": {"commonTypes": {…}, "entityTypes": {…}, "actions": {…}}}` (`""` is the empty namespace).
    public init(json text: String) throws(SchemaError) {
        try self.init(declarations: SchemaDeclarations(json: text))
    }
}

extension SchemaDeclarations {
    /// Parses the JSON schema format without resolving names.
    public init(json text: String) throws(SchemaError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw SchemaError("invalid JSON: \(error.message)", at: error.location)
        }
        try self.init(json: document)
    }

    /// Reads the JSON schema format from a parsed document.
    public init(json document: JSONValue) throws(SchemaError) {
        let reader = SchemaJSONReader()
        guard let root = document.object else {
            throw SchemaError("a JSON schema must be an object of namespaces, found \(document.kindName)")
        }
        var namespaces: [NamespaceDeclaration] = []
        for (key, value) in root.members {
            let path: [String]
            if key.isEmpty {
                path = []
            } else {
                guard let name = EntityTypeName.parse(key) else { throw SchemaError("invalid namespace name \"\(key)\"") }
                path = name.components
            }
            do {
                namespaces.append(try reader.namespace(value, path: path))
            } catch {
                throw SchemaError("namespace \"\(key)\": \(error.message)")
            }
        }
        self.init(namespaces: namespaces)
    }
}

/// Reads the parts of a JSON schema.
struct SchemaJSONReader {
    private func object(_ json: JSONValue, _ what: String, allowed: Set<String>) throws(SchemaError) -> JSONValue.Object {
        guard let object = json.object else { throw SchemaError("\(what) must be an object, found \(json.kindName)") }
        if let extra = object.keys.first(where: { !allowed.contains($0) }) {
            throw SchemaError("unexpected key \"\(extra)\" in \(what)")
        }
        return object
    }

    private func name(_ json: JSONValue?, _ what: String) throws(SchemaError) -> Name {
        guard case .string(let text)? = json else { throw SchemaError("\(what) must be a string") }
        guard let name = EntityTypeName.parse(text) else { throw SchemaError("invalid name \"\(text)\" in \(what)") }
        return name
    }

    private func names(_ json: JSONValue?, _ what: String) throws(SchemaError) -> [NameReference] {
        guard let json else { return [] }
        guard case .array(let items) = json else { throw SchemaError("\(what) must be an array of names") }
        var result: [NameReference] = []
        for item in items { result.append(NameReference(try name(item, what))) }
        return result
    }

    func namespace(_ json: JSONValue, path: [String]) throws(SchemaError) -> NamespaceDeclaration {
        let ns = try object(json, "a namespace", allowed: ["commonTypes", "entityTypes", "actions", "annotations"])
        var result = NamespaceDeclaration(path: path)
        if let common = ns["commonTypes"] {
            for (key, value) in try object(common, "\"commonTypes\"", allowed: Set(common.object?.keys ?? [])).members {
                guard EntityTypeName.isIdentifier(key) else { throw SchemaError("invalid common type name \"\(key)\"") }
                do {
                    result.commonTypes.append(CommonTypeDeclaration(name: key, type: try type(value)))
                } catch {
                    throw SchemaError("common type \(key): \(error.message)")
                }
            }
        }
        if let entities = ns["entityTypes"] {
            for (key, value) in try object(entities, "\"entityTypes\"", allowed: Set(entities.object?.keys ?? [])).members {
                guard EntityTypeName.isIdentifier(key) else { throw SchemaError("invalid entity type name \"\(key)\"") }
                do {
                    result.entityTypes.append(try entityType(key, value))
                } catch {
                    throw SchemaError("entity type \(key): \(error.message)")
                }
            }
        }
        if let actions = ns["actions"] {
            for (key, value) in try object(actions, "\"actions\"", allowed: Set(actions.object?.keys ?? [])).members {
                do {
                    result.actions.append(try action(key, value))
                } catch {
                    throw SchemaError("action \(CedarString.quoted(key)): \(error.message)")
                }
            }
        }
        return result
    }

    private func entityType(_ name: String, _ json: JSONValue) throws(SchemaError) -> EntityTypeDeclaration {
        let e = try object(json, "an entity type", allowed: ["memberOfTypes", "shape", "tags", "enum", "annotations"])
        var result = EntityTypeDeclaration(name: name, memberOfTypes: try names(e["memberOfTypes"], "\"memberOfTypes\""))
        if let shape = e["shape"] { result.shape = try type(shape) }
        if let tags = e["tags"] { result.tags = try type(tags) }
        if let ids = e["enum"] {
            guard case .array(let items) = ids else { throw SchemaError("\"enum\" must be an array of strings") }
            var list: [String] = []
            for item in items {
                guard let s = item.string else { throw SchemaError("\"enum\" must be an array of strings") }
                list.append(s)
            }
            guard e["shape"] == nil, e["memberOfTypes"] == nil, e["tags"] == nil else {
                throw SchemaError("an enumerated entity type cannot have a shape, parents or tags")
            }
            result.enumeratedIDs = list
        }
        return result
    }

    private func action(_ name: String, _ json: JSONValue) throws(SchemaError) -> ActionDeclaration {
        let a = try object(json, "an action", allowed: ["memberOf", "appliesTo", "annotations", "attributes"])
        if let attributes = a["attributes"], attributes != .null, attributes.object?.count != 0 {
            throw SchemaError("action attributes are not supported")
        }
        var result = ActionDeclaration(name: name)
        if let memberOf = a["memberOf"] {
            guard case .array(let items) = memberOf else { throw SchemaError("\"memberOf\" must be an array") }
            for item in items {
                let ref = try object(item, "a \"memberOf\" entry", allowed: ["id", "type"])
                guard let id = ref["id"]?.string else { throw SchemaError("a \"memberOf\" entry needs a string \"id\"") }
                let type = try ref["type"].map { t throws(SchemaError) in try self.name(t, "\"type\" of a \"memberOf\" entry") }
                result.memberOf.append(ActionReference(type: type, id: id))
            }
        }
        if let appliesTo = a["appliesTo"], appliesTo != .null {
            let at = try object(appliesTo, "\"appliesTo\"", allowed: ["principalTypes", "resourceTypes", "context"])
            result.appliesTo = AppliesToDeclaration(
                principalTypes: try names(at["principalTypes"], "\"principalTypes\""),
                resourceTypes: try names(at["resourceTypes"], "\"resourceTypes\""),
                context: try at["context"].map { c throws(SchemaError) in try type(c) })
        }
        return result
    }

    /// The deepest type nesting accepted.
    static let maximumDepth = 200

    func type(_ json: JSONValue, depth: Int = 0) throws(SchemaError) -> TypeExpression {
        guard depth <= Self.maximumDepth else { throw SchemaError("type nested deeper than \(Self.maximumDepth) levels") }
        guard let t = json.object else { throw SchemaError("a type must be an object, found \(json.kindName)") }
        guard case .string(let kind)? = t["type"] else { throw SchemaError("a type needs a string \"type\"") }
        func only(_ keys: Set<String>) throws(SchemaError) {
            let allowed = keys.union(["type", "annotations", "required"])
            if let extra = t.keys.first(where: { !allowed.contains($0) }) {
                throw SchemaError("unexpected key \"\(extra)\" in a \(kind) type")
            }
        }
        switch kind {
        case "Long": try only([]); return .primitive(.long)
        case "String": try only([]); return .primitive(.string)
        case "Boolean": try only([]); return .primitive(.bool)
        case "Set":
            try only(["element"])
            guard let element = t["element"] else { throw SchemaError("a Set type needs \"element\"") }
            return .set(try type(element, depth: depth + 1))
        case "Record":
            try only(["attributes", "additionalAttributes"])
            if t["additionalAttributes"] == .bool(true) {
                throw SchemaError("records with additional attributes are not supported")
            }
            var attributes: [AttributeDeclaration] = []
            if let attrs = t["attributes"] {
                guard let members = attrs.object?.members else { throw SchemaError("\"attributes\" must be an object") }
                for (key, value) in members {
                    let required: Bool
                    switch value.object?["required"] {
                    case nil: required = true
                    case .bool(let b)?: required = b
                    default: throw SchemaError("\"required\" of attribute \"\(key)\" must be a boolean")
                    }
                    do {
                        attributes.append(AttributeDeclaration(name: key, type: try type(value, depth: depth + 1), isRequired: required))
                    } catch {
                        throw SchemaError("attribute \(CedarString.quoted(key)): \(error.message)")
                    }
                }
            }
            return .record(attributes)
        case "Entity":
            try only(["name"])
            return .entity(NameReference(try name(t["name"], "\"name\" of an Entity type")))
        case "Extension":
            try only(["name"])
            return .extension(NameReference(try name(t["name"], "\"name\" of an Extension type")))
        case "EntityOrCommon":
            try only(["name"])
            return .name(NameReference(try name(t["name"], "\"name\" of an EntityOrCommon type")))
        default:
            try only([])
            guard let n = EntityTypeName.parse(kind) else { throw SchemaError("unknown type \"\(kind)\"") }
            return .common(NameReference(n))
        }
    }
}
