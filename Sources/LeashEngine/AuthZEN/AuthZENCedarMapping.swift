import Cedar

/// How an AuthZEN request becomes a Cedar request (docs/authzen.md, "Mapping to Cedar").
///
/// - `subject` / `resource`: `type` is the Cedar entity type verbatim, `id` the entity id. Their
///   `properties` replace the stored attributes of the same name for this request only (other
///   stored attributes, parents and tags stay); an entity the store does not know is created from
///   its properties, without parents.
/// - `action.name` → `Leash::Action::"<name>"` when the entities know it, else `Action::"<name>"`.
/// - `context` → the Cedar context record; `action.properties` → `context.action`.
/// - JSON → Cedar: strings, booleans, records as themselves; integers → `Long`; other numbers →
///   `decimal` when Cedar's decimal holds them, else their text; arrays → sets; `null` members dropped;
///   `{"__entity": {"type", "id"}}` (Cedar's entity escape) → an entity reference.
enum AuthZENCedarMapping {
    /// How the request's properties are applied to the entity store.
    enum Overlay {
        /// Replace the entities in the whole store (once per search, whose candidates need all of it).
        case wholeStore
        /// Keep only what evaluation can reach (see ``AuthZENEntityOverlay``), given the policies' entity literals.
        case reachable(literals: Set<EntityUID>)
    }

    /// The Cedar request and the entity store (`base` with the request's properties applied) to decide it with.
    static func request(for evaluation: AuthZENEvaluation, entities base: Entities, overlay: Overlay) -> (Request, Entities) {
        let principal = uid(of: evaluation.subject)
        let resource = uid(of: evaluation.resource)
        var context = record(evaluation.context ?? .init())
        if let properties = evaluation.action.properties {
            context["action"] = .record(record(properties))
        }
        var overrides: [Entity] = []
        if let entity = overridden(evaluation.subject, uid: principal, in: base) { overrides.append(entity) }
        if let entity = overridden(evaluation.resource, uid: resource, in: base) {
            if let i = overrides.firstIndex(where: { $0.uid == entity.uid }) {
                // Subject and resource name the same entity: the resource's properties apply last.
                overrides[i].attributes.merge(entity.attributes) { _, new in new }
            } else {
                overrides.append(entity)
            }
        }
        let action = AuthZENActionNames.uid(for: evaluation.action.name, in: base)
        var entities = base
        if !overrides.isEmpty {
            switch overlay {
            case .wholeStore:
                entities.insert(contentsOf: overrides)
            case .reachable(let literals):
                entities = AuthZENEntityOverlay.entities(
                    base: base, overrides: overrides, roots: [principal, action, resource], context: context, literals: literals)
            }
        }
        return (Request(principal: principal, action: action, resource: resource, context: context), entities)
    }

    /// The Cedar uid of an AuthZEN subject or resource.
    static func uid(of entity: AuthZENEntity) -> EntityUID {
        uid(type: entity.type, id: entity.id)
    }

    /// The Cedar uid for a type name (split on `::`) and an id.
    static func uid(type: String, id: String) -> EntityUID {
        EntityUID(type: entityType(type), id: id)
    }

    /// A type name as a Cedar name: `Leash::Identity` → namespace `Leash`, basename `Identity`.
    static func entityType(_ type: String) -> EntityType {
        let components = type.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        return EntityType(namespace: Array(components.dropLast()), basename: components.last ?? type)
    }

    /// The stored entity with the request's properties applied, or nil when there are none.
    private static func overridden(_ entity: AuthZENEntity, uid: EntityUID, in entities: Entities) -> Entity? {
        guard let properties = entity.properties, properties.count > 0 else { return nil }
        var result = entities.entity(uid) ?? Entity(uid: uid)
        for (key, value) in properties.members {
            if let converted = cedarValue(value) {
                result.attributes[key] = converted
            } else {
                result.attributes[key] = nil
            }
        }
        return result
    }

    /// A JSON object as a Cedar record; `null` members are left out.
    static func record(_ object: Cedar.JSONValue.Object) -> [String: Value] {
        var result: [String: Value] = [:]
        for (key, value) in object.members {
            if let converted = cedarValue(value) { result[key] = converted }
        }
        return result
    }

    /// A JSON value as a Cedar value; nil for `null`.
    static func cedarValue(_ json: Cedar.JSONValue) -> Value? {
        switch json {
        case .null: return nil
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(let text):
            if let integer = Int64(text) { return .long(integer) }
            if let decimal = try? CedarDecimal(parsing: text) { return .ext(.decimal(decimal)) }
            return .string(text)
        case .array(let items): return .set(Set(items.compactMap(cedarValue)))
        case .object(let object):
            // Cedar's entity escape, as in entities.json: {"__entity": {"type": "user", "id": "alice"}}.
            if object.count == 1, case .object(let reference)? = object["__entity"], reference.count == 2,
                case .string(let type)? = reference["type"], case .string(let id)? = reference["id"]
            {
                return .entity(uid(type: type, id: id))
            }
            return .record(record(object))
        }
    }
}
