import Cedar

// The response bodies of AuthZEN 1.0, as JSON text.

extension AuthZENDecision {
    /// The body of a single evaluation (§6.2): `decision`, and a `context` with `reason_admin`
    /// (a map from language tag to text) naming the determining policies.
    public var singleResponse: Cedar.JSONValue {
        .object(.init([
            ("decision", .bool(decision)),
            ("context", .object(.init([("reason_admin", .object(.init([("en", .string(adminReason))])))]))),
        ]))
    }

    /// One item of a batch response (§7.2): only `decision`, plus `context.error` for an item
    /// that could not be evaluated. Items carry no reasons: interop harnesses compare them exactly.
    public var batchItem: Cedar.JSONValue {
        guard let error else { return .object(.init([("decision", .bool(decision))])) }
        let detail = Cedar.JSONValue.object(.init([("status", .number("400")), ("message", .string(error.message))]))
        return .object(.init([("decision", .bool(false)), ("context", .object(.init([("error", detail)])))]))
    }

    /// The body of a batch response (§7.2): `{"evaluations": [...]}` in request order.
    public static func batchResponse(_ decisions: [AuthZENDecision]) -> Cedar.JSONValue {
        .object(.init([("evaluations", .array(decisions.map(\.batchItem)))]))
    }
}

extension AuthZENSearchResult {
    /// The body of a search response (§8.3): `results`, and `page.next_token` when paging.
    public var response: Cedar.JSONValue {
        let items: [Cedar.JSONValue] = results.map { hit in
            switch hit {
            case .entity(let type, let id): .object(.init([("type", .string(type)), ("id", .string(id))]))
            case .action(let name): .object(.init([("name", .string(name))]))
            }
        }
        var members: [(String, Cedar.JSONValue)] = []
        if let nextToken {
            members.append(("page", .object(.init([("next_token", .string(nextToken)), ("count", .number(String(results.count)))]))))
        }
        members.append(("results", .array(items)))
        return .object(.init(members))
    }
}
