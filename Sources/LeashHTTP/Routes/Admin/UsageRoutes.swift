import Foundation
import Hummingbird
import LeashCore
import LeashStore

/// One operation's usage over a window, as `GET /v1/usage/{identity}` lists it.
struct OperationUsageView: Codable, Sendable {
    var api: String
    var operation: String
    var allowed: Int
    var denied: Int
    var firstSeen: Date
    var lastSeen: Date
    /// Distinct source addresses (exact up to 32, estimated beyond: see `distinctSourcesExact`).
    var distinctSources: Int
    var distinctSourcesExact: Bool

    init(_ usage: OperationUsage) {
        api = usage.api
        operation = usage.operationID
        allowed = usage.counters.allowed
        denied = usage.counters.denied
        firstSeen = usage.counters.firstSeen
        lastSeen = usage.counters.lastSeen
        distinctSources = usage.counters.distinctSources
        distinctSourcesExact = usage.counters.sources.isExact
    }
}

/// What an identity really used in a window.
struct UsageReportView: Codable, Sendable {
    var identity: String
    var window: String
    /// Midnight UTC of the window's first day.
    var since: Date
    var allowed: Int
    var denied: Int
    var items: [OperationUsageView]
}

/// One recorded decision, as `GET /v1/decisions` lists it. Absent fields were not known.
struct DecisionRecordView: Codable, Sendable {
    struct Shadow: Codable, Sendable {
        var allowed: Bool
        var policies: [String]
    }

    var time: Date
    var identity: String?
    var credential: String?
    var jti: String?
    var api: String?
    var operation: String?
    var method: String
    var path: String
    var allowed: Bool
    var reason: String
    var policies: [String]
    var shadow: Shadow?
    var source: String?
    var latencyMicroseconds: Int
    var act: [String]?

    init(_ record: DecisionRecord) {
        time = record.time
        identity = record.identityID
        credential = record.credentialID
        jti = record.jti
        api = record.api
        operation = record.operationID
        method = record.method
        path = record.path
        allowed = record.allowed
        reason = record.reason
        policies = record.policyIDs
        shadow = record.shadow.map { Shadow(allowed: $0.allowed, policies: $0.policyIDs) }
        source = record.sourceAddress
        latencyMicroseconds = record.latencyMicroseconds
        act = record.act.isEmpty ? nil : record.act
    }
}

/// `/v1/usage/{identity}` and `/v1/decisions`: what identities really do, from the decision records.
/// Readable by every admin role.
struct UsageRoutes: Sendable {
    let store: any LeashStore
    /// The current time (injected so tests can pin windows).
    var now: @Sendable () -> Date = { Date() }

    /// Most records one `GET /v1/decisions` returns.
    static let maximumLimit = 1_000

    func register(on admin: AdminRouter) {
        let store = self.store
        let now = self.now

        admin.on(.get, "/usage/:identity", role: .viewer) { request, context, _ in
            let identity = try context.pathParameter("identity")
            let query = request.uri.queryParameters
            var window = UsageWindow(days: 30)
            if let text = query["window"] {
                window = UsageWindow(parsing: String(text))
                if window == nil {
                    throw APIError.invalidRequest(
                        "query parameter 'window' must be a number of days or weeks such as 30d or 4w, at most \(UsageWindow.maximumDays)d")
                }
            }
            guard let window else { throw APIError.invalidRequest("invalid window") }
            guard try await store.identity(id: identity) != nil else {
                throw APIError.notFound("identity \(identity) does not exist")
            }
            let firstDay = window.firstDay(endingAt: now())
            let usage = OperationUsage.summarizing(try await store.usage(identity: identity, sinceDay: firstDay))
            return try JSONResponse(
                UsageReportView(
                    identity: identity, window: window.description, since: UsageKey.start(ofDay: firstDay),
                    allowed: usage.reduce(0) { $0 + $1.counters.allowed }, denied: usage.reduce(0) { $0 + $1.counters.denied },
                    items: usage.map(OperationUsageView.init)))
        }

        admin.on(.get, "/decisions", role: .viewer) { request, _, _ in
            let query = request.uri.queryParameters
            let identity = query["identity"].map(String.init)
            if let identity, identity.isEmpty { throw APIError.invalidRequest("query parameter 'identity' must not be empty") }
            let since = try query["since"].map { try Self.instant(String($0), name: "since", now: now()) }
            let until = try query["until"].map { try Self.instant(String($0), name: "until", now: now()) }
            let limit = try request.integerQuery("limit", in: 1...Self.maximumLimit) ?? 100
            let records = try await store.decisionRecords(identity: identity, since: since, until: until, limit: limit)
            return try JSONResponse(ItemList(items: records.map(DecisionRecordView.init)))
        }
    }

    /// An RFC 3339 timestamp, or a duration back from now (`15m`, `12h`, `7d`).
    static func instant(_ text: String, name: String, now: Date) throws -> Date {
        if let unit = text.last, let number = Int(text.dropLast()), number >= 0, text.first?.isNumber == true {
            let seconds: Int? =
                switch unit {
                case "m": 60
                case "h": 3_600
                case "d": 86_400
                default: nil
                }
            if let seconds, number <= 3_650 * 86_400 / seconds { return now.addingTimeInterval(-Double(number * seconds)) }
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw APIError.invalidRequest(
            "query parameter '\(name)' must be an RFC 3339 time (2026-01-31T12:00:00Z) or a duration back from now (15m, 12h, 7d)")
    }
}
