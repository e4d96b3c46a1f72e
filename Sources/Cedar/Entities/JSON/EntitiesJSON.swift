extension Entities {
    /// Reads entities in Cedar's JSON entity format: an array of
    /// `{"uid": {"type", "id"}, "attrs": {…}, "parents": [uid, …], "tags": {…}}`.
    /// Other keys are ignored; a uid listed twice is accepted only if both entries are equal.
    ///
    /// With a schema (Cedar's schema-based parsing): every entity's type must be declared,
    /// attributes and tags are read with their declared types and checked, parents must have a
    /// type the entity type may be a member of, and the schema's action entities (with their
    /// action groups as parents) are added. An action entity given in the JSON must match the schema.
    public init(json text: String, schema: Schema? = nil) throws(JSONDecodingError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw JSONDecodingError("invalid JSON at \(error.location): \(error.message)")
        }
        try self.init(json: document, schema: schema)
    }

    /// Reads entities from an already parsed JSON document (see ``init(json:schema:)-(String,_)``).
    public init(json document: JSONValue, schema: Schema? = nil) throws(JSONDecodingError) {
        guard case .array(let items) = document else {
            throw JSONDecodingError("expected an array of entities, found \(document.kindName)")
        }
        let decoder = ValueJSONDecoder(schema: schema)
        var entities: [Entity] = []
        var positions: [EntityUID: Int] = [:]
        for (i, item) in items.enumerated() {
            let entity = try Entities.entity(item, index: i, decoder: decoder)
            // As in Cedar: a uid may repeat only with the same attributes, parents and tags
            // (compared as Cedar values and sets); the repeat is then dropped.
            if let earlier = positions[entity.uid] {
                guard entities[earlier] == entity else {
                    throw JSONDecodingError("entity \(entity.uid) appears twice with different attributes, parents or tags")
                }
                continue
            }
            positions[entity.uid] = entities.count
            entities.append(entity)
        }
        if let schema {
            for action in schema.actionEntities {
                if let given = positions[action.uid] {
                    // The data may list the groups transitively: compare what each side is in, transitively.
                    let declared = schema.actionAncestors(of: action.uid)
                    var listed = entities[given].parents
                    for parent in entities[given].parents { listed.formUnion(schema.actionAncestors(of: parent)) }
                    guard listed == declared, entities[given].attributes.isEmpty, entities[given].tags.isEmpty else {
                        throw JSONDecodingError(
                            "the entity data for action \(action.uid) does not match its declaration in the schema")
                    }
                    entities[given] = action
                } else {
                    entities.append(action)
                }
            }
        }
        self.init(entities)
    }

    private static func entity(_ json: JSONValue, index: Int, decoder: ValueJSONDecoder) throws(JSONDecodingError) -> Entity {
        guard let object = json.object else {
            throw JSONDecodingError("expected an entity object, found \(json.kindName)", path: ["entity \(index)"])
        }
        guard let uidJSON = object["uid"] else {
            throw JSONDecodingError("missing \"uid\"", path: ["entity \(index)"])
        }
        let uid: EntityUID
        do {
            uid = try ValueJSONDecoder.entityUID(uidJSON)
        } catch {
            throw error.inside("entity \(index), \"uid\"")
        }
        do {
            return try entity(uid: uid, object: object, decoder: decoder)
        } catch {
            throw error.inside("entity \(uid)")
        }
    }

    private static func entity(uid: EntityUID, object: JSONValue.Object, decoder: ValueJSONDecoder) throws(JSONDecodingError) -> Entity {
        // Keys other than uid, attrs, parents and tags are ignored, as Cedar ignores them.
        let schema = decoder.schema
        let definition = schema?.entityType(uid.type)
        let isAction = schema?.action(uid) != nil
        if let schema, definition == nil, !isAction {
            if schema.isActionType(uid.type) {
                throw JSONDecodingError("action \(uid) is not declared in the schema")
            }
            throw JSONDecodingError("entity type \(uid.type) is not declared in the schema")
        }
        if let schema { try schema.checkEnumeratedID(uid) }

        var parents = Set<EntityUID>()
        if let parentsJSON = object["parents"] {
            guard case .array(let items) = parentsJSON else {
                throw JSONDecodingError("\"parents\" must be an array, found \(parentsJSON.kindName)")
            }
            for (i, item) in items.enumerated() {
                let parent: EntityUID
                do {
                    parent = try ValueJSONDecoder.entityUID(item)
                } catch {
                    throw error.inside("parent \(i)")
                }
                if let definition, !definition.memberOfTypes.contains(parent.type) {
                    throw JSONDecodingError("parent \(parent) has type \(parent.type), which \(uid.type) cannot be a member of")
                }
                if let schema, definition != nil { try schema.checkEnumeratedID(parent) }
                parents.insert(parent)
            }
        }

        var attributes: [String: Value] = [:]
        if let attrsJSON = object["attrs"] {
            guard case .object = attrsJSON else {
                throw JSONDecodingError("\"attrs\" must be an object, found \(attrsJSON.kindName)")
            }
            if schema != nil && isAction {
                attributes = try decoder.record(attrsJSON, expected: nil)
            } else {
                attributes = try decoder.record(attrsJSON, expected: definition?.attributes)
            }
        } else if let definition {
            try Schema.checkRecord([:], against: definition.attributes, schema: schema)
        }

        var tags: [String: Value] = [:]
        if let tagsJSON = object["tags"] {
            guard case .object(let tagObject) = tagsJSON else {
                throw JSONDecodingError("\"tags\" must be an object, found \(tagsJSON.kindName)")
            }
            if definition != nil, definition?.tags == nil, tagObject.count > 0 {
                throw JSONDecodingError("entity type \(uid.type) does not declare tags")
            }
            for (key, member) in tagObject.members {
                do {
                    tags[key] = try decoder.value(member, expected: definition?.tags)
                } catch {
                    throw error.inside("tag \(CedarString.quoted(key))")
                }
            }
        }
        return Entity(uid: uid, attributes: attributes, parents: parents, tags: tags)
    }
}

extension Request {
    /// Reads a request context from Cedar's JSON value format: a JSON object.
    ///
    /// With a schema, the context is read with the context type the schema declares for `action`
    /// (so `"10.0.0.1"` becomes an `ipaddr` where the type says so) and checked against it.
    public static func context(
        json: JSONValue, schema: Schema? = nil, action: EntityUID? = nil
    ) throws(JSONDecodingError) -> [String: Value] {
        var expected: RecordType?
        if let schema, let action {
            guard let type = schema.contextType(for: action) else {
                throw JSONDecodingError("action \(action) is not declared in the schema", path: ["context"])
            }
            expected = type
        }
        do {
            return try ValueJSONDecoder(schema: schema).record(json, expected: expected)
        } catch {
            throw error.inside("context")
        }
    }
}
