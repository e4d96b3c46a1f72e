/// Cedar-level facts about runtime values: their type names, accessors used by the evaluator,
/// and a readable rendering for error messages.
extension Value {
    /// The Cedar type of this value, as error messages name it (`long`, `set`, `ipaddr`, …).
    public var runtimeTypeName: String {
        switch self {
        case .bool: "bool"
        case .long: "long"
        case .string: "string"
        case .entity(let uid): "entity of type \(uid.type)"
        case .set: "set"
        case .record: "record"
        case .ext(let e): e.typeName
        }
    }
}

extension ExtensionValue {
    /// The Cedar type name of this extension value: `ipaddr`, `decimal`, `datetime` or `duration`.
    public var typeName: String {
        switch self {
        case .ipaddr: "ipaddr"
        case .decimal: "decimal"
        case .datetime: "datetime"
        case .duration: "duration"
        }
    }
}
