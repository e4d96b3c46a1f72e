extension Schema {
    /// Checks that `value` has the schema type `type`: kinds match, records have every required
    /// attribute and no undeclared one, entity references have the declared type (and, for an
    /// enumerated entity type, one of its ids).
    public func check(_ value: Value, against type: SchemaType) throws(JSONDecodingError) {
        try Schema.checkShape(value, against: type, schema: self)
    }

    static func checkShape(_ value: Value, against type: SchemaType, schema: Schema?) throws(JSONDecodingError) {
        func mismatch() -> JSONDecodingError {
            JSONDecodingError("expected \(type), found \(value.jsonTypeName)")
        }
        switch (type, value) {
        case (.bool, .bool), (.long, .long), (.string, .string):
            return
        case (.entity(let expected), .entity(let uid)):
            guard uid.type == expected else { throw mismatch() }
            if let schema { try schema.checkEnumeratedID(uid) }
        case (.extension(let expected), .ext(let ext)):
            switch (expected, ext) {
            case (.ipaddr, .ipaddr), (.decimal, .decimal), (.datetime, .datetime), (.duration, .duration): return
            default: throw mismatch()
            }
        case (.set(let element), .set(let items)):
            for item in items {
                do {
                    try checkShape(item, against: element, schema: schema)
                } catch {
                    throw error.inside("set element")
                }
            }
        case (.record(let record), .record(let fields)):
            try checkRecord(fields, against: record, schema: schema)
        default:
            throw mismatch()
        }
    }

    static func checkRecord(_ fields: [String: Value], against record: RecordType, schema: Schema?) throws(JSONDecodingError) {
        for (name, attribute) in record.attributes.sorted(by: { $0.key < $1.key }) {
            guard let field = fields[name] else {
                if attribute.isRequired { throw JSONDecodingError("missing required attribute \(CedarString.quoted(name))") }
                continue
            }
            do {
                try checkShape(field, against: attribute.type, schema: schema)
            } catch {
                throw error.inside("attribute \(CedarString.quoted(name))")
            }
        }
        if let extra = fields.keys.sorted().first(where: { record.attributes[$0] == nil }) {
            throw JSONDecodingError("attribute \(CedarString.quoted(extra)) is not declared")
        }
    }

    /// An entity of an enumerated type must carry one of the declared ids.
    func checkEnumeratedID(_ uid: EntityUID) throws(JSONDecodingError) {
        guard let ids = entityTypes[uid.type]?.enumeratedIDs, !ids.contains(where: { CedarString.equal($0, uid.id) }) else { return }
        let allowed = ids.map(CedarString.quoted).joined(separator: ", ")
        throw JSONDecodingError("\(uid) is not one of the ids of enumerated entity type \(uid.type) (\(allowed))")
    }
}
