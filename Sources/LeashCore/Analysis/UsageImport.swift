import Foundation

/// Why one line of a usage import was refused: its 1-based line number and a sentence.
public struct UsageImportProblem: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The line's number, counting from 1.
    public var line: Int
    /// What is wrong with it.
    public var reason: String

    /// Creates a problem.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line N: reason`.
    public var description: String { "line \(line): \(reason)" }
}

/// Turns lines of historical API usage (JSON Lines, docs/usage-import.md) into decision records,
/// resolving paths to catalogued operations. The reason of every imported record is ``reason``.
public struct UsageImportParser: Sendable {
    /// The reason code imported records carry, so they can be told from decided ones.
    public static let reason = "imported"

    private let apisByName: [String: API]
    private let apisByAudience: [String: API]
    private let tables: [(api: String, routes: RouteTable)]
    private let operationsByAPI: [String: [String: Operation]]
    private let operationsByID: [String: [Operation]]

    /// A parser resolving against the catalog's APIs and operations.
    public init(apis: [API], operations: [Operation]) {
        apisByName = Dictionary(apis.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        apisByAudience = Dictionary(apis.map { ($0.audience, $0) }, uniquingKeysWith: { first, _ in first })
        let byAPI = Dictionary(grouping: operations, by: \.api)
        tables = byAPI.keys.sorted().map { ($0, RouteTable(operations: byAPI[$0] ?? [])) }
        operationsByAPI = byAPI.mapValues { Dictionary($0.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
        operationsByID = Dictionary(grouping: operations, by: \.id)
    }

    /// The record one line describes, or why it cannot be imported. Blank lines give nil and no problem.
    public func parse(_ line: some StringProtocol, number: Int) -> Result<DecisionRecord, UsageImportProblem>? {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        func refuse(_ reason: String) -> Result<DecisionRecord, UsageImportProblem> {
            .failure(UsageImportProblem(line: number, reason: reason))
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return refuse("not a JSON object")
        }
        guard let timeText = object["time"] as? String else { return refuse("`time` (an RFC 3339 string) is missing") }
        guard let time = Self.date(timeText) else { return refuse("`time` \"\(Self.clip(timeText))\" is not an RFC 3339 date-time") }
        guard let identity = Self.text(object["identity"]) ?? Self.text(object["client_id"]) else {
            return refuse("`identity` or `client_id` is missing")
        }
        guard let outcome = object["outcome"] else { return refuse("`outcome` (allowed, denied or an HTTP status) is missing") }
        guard let allowed = Self.allowed(outcome) else {
            return refuse("`outcome` must be \"allowed\", \"denied\" or an HTTP status (100-599)")
        }
        var api: API?
        if let name = Self.text(object["api"]) {
            guard let found = apisByName[name] else { return refuse("unknown API \"\(Self.clip(name))\"") }
            api = found
        } else if let audience = Self.text(object["audience"]) {
            guard let found = apisByAudience[audience] else { return refuse("no API has the audience \"\(Self.clip(audience))\"") }
            api = found
        }
        var act: [String] = []
        if let chain = object["act"] {
            guard let actors = chain as? [Any], let names = Optional(actors.compactMap { Self.text($0) }), names.count == actors.count
            else { return refuse("`act` must be an array of identity strings") }
            act = names
        }
        let method = Self.text(object["method"])?.uppercased()
        let path = Self.text(object["path"])
        let resolved: (api: String?, operation: Operation?)
        switch resolve(operationID: Self.text(object["operation"]), method: method, path: path, api: api) {
        case .success(let found): resolved = found
        case .failure(let reason): return refuse(reason.text)
        }
        guard let recordMethod = method ?? resolved.operation?.method else { return refuse("`method` is missing") }
        return .success(
            DecisionRecord(
                time: time, identityID: identity, credentialID: Self.text(object["credential"]) ?? Self.text(object["credential_id"]),
                api: resolved.api, operationID: resolved.operation?.id, method: recordMethod,
                path: path ?? resolved.operation?.pathTemplate ?? "", allowed: allowed, reason: Self.reason,
                sourceAddress: Self.text(object["source"]), act: act))
    }

    private struct Refusal: Error {
        let text: String
    }

    /// The API and operation a line names, by `operation` or by `method` + `path`. A path no route
    /// matches is kept without an operation (such calls count toward probing, never toward usage).
    private func resolve(operationID: String?, method: String?, path: String?, api: API?) -> Result<(api: String?, operation: Operation?), Refusal> {
        if let operationID {
            if let api {
                guard let operation = operationsByAPI[api.name]?[operationID] else {
                    return .failure(Refusal(text: "API \(api.name) has no operation \"\(Self.clip(operationID))\""))
                }
                return .success((api.name, operation))
            }
            let candidates = operationsByID[operationID] ?? []
            guard let operation = candidates.first else {
                return .failure(Refusal(text: "no catalogued operation is called \"\(Self.clip(operationID))\""))
            }
            guard candidates.count == 1 else {
                return .failure(Refusal(text: "operation \"\(operationID)\" exists in several APIs (\(candidates.map(\.api).sorted().joined(separator: ", "))); give `api`"))
            }
            return .success((operation.api, operation))
        }
        guard let path else { return .failure(Refusal(text: "`path` or `operation` is missing")) }
        guard let method else { return .failure(Refusal(text: "`method` is missing")) }
        guard path.hasPrefix("/") else { return .failure(Refusal(text: "`path` must start with /")) }
        if let api {
            let table = tables.first { $0.api == api.name }?.routes
            return .success((api.name, table?.match(method: method, path: path)?.operation))
        }
        let matches = tables.compactMap { $0.routes.match(method: method, path: path)?.operation }
        guard matches.count <= 1 else {
            return .failure(Refusal(text: "\(method) \(Self.clip(path)) matches operations of several APIs (\(matches.map(\.api).joined(separator: ", "))); give `api`"))
        }
        return .success((matches.first?.api, matches.first))
    }

    /// `allowed`/`denied`, or an HTTP status: 401, 403, 407 and 429 are refusals, any other status
    /// means the call got through to the API.
    static func allowed(_ outcome: Any) -> Bool? {
        if let text = outcome as? String {
            switch text.lowercased() {
            case "allowed", "allow", "permit": return true
            case "denied", "deny": return false
            default: return Int(text).flatMap(allowed(status:))
            }
        }
        // JSON true/false is not a status.
        if type(of: outcome) == Bool.self { return nil }
        if let number = outcome as? NSNumber, Double(number.intValue) == number.doubleValue {
            return allowed(status: number.intValue)
        }
        return nil
    }

    private static func allowed(status: Int) -> Bool? {
        guard (100...599).contains(status) else { return nil }
        return ![401, 403, 407, 429].contains(status)
    }

    /// RFC 3339 §5.6 date-time, with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        let whole = Date.ISO8601FormatStyle()
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? whole.parse(text)) ?? (try? fractional.parse(text))
    }

    private static func text(_ value: Any?) -> String? {
        guard let string = value as? String else { return nil }
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func clip(_ text: String) -> String { text.count > 80 ? String(text.prefix(80)) + "…" : text }
}
