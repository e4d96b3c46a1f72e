// The JSON form of validation results, shared by `leash cedar validate --json` and any HTTP
// edge that refuses an invalid policy set.

extension ValidationError {
    /// `{"policy", "line", "column", "kind", "expected", "found", "message"}` (`line`/`column`
    /// are `null` when the error has no position).
    public var jsonValue: JSONValue {
        .object(JSONValue.Object([
            ("policy", .string(policyID.rawValue)),
            ("line", location.map { .number(String($0.line)) } ?? .null),
            ("column", location.map { .number(String($0.column)) } ?? .null),
            ("kind", .string(kind.rawValue)),
            ("expected", .string(expected)),
            ("found", .string(found)),
            ("message", .string(message)),
        ]))
    }
}

extension ValidationWarning {
    /// `{"policy", "line", "column", "message"}`.
    public var jsonValue: JSONValue {
        .object(JSONValue.Object([
            ("policy", .string(policyID.rawValue)),
            ("line", location.map { .number(String($0.line)) } ?? .null),
            ("column", location.map { .number(String($0.column)) } ?? .null),
            ("message", .string(message)),
        ]))
    }
}

extension ValidationResult {
    /// `{"valid", "errors": [...], "warnings": [...]}`.
    public var jsonValue: JSONValue {
        .object(JSONValue.Object([
            ("valid", .bool(isValid)),
            ("errors", .array(errors.map(\.jsonValue))),
            ("warnings", .array(warnings.map(\.jsonValue))),
        ]))
    }
}
