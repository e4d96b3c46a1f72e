import Foundation

/// Compares what every identity is granted with what it did, and with its lifecycle facts, and
/// reports the risks as findings. Pure: the same estate, usage, time and settings give the same findings.
public struct Analyzer: Sendable {
    /// Calls a token may still make after a grant's end because nodes' clocks differ (the decision
    /// point's clock leeway); later calls count as a time-bound grant outlived.
    public static let grantExpiryLeeway: TimeInterval = 60

    let estate: Estate
    let usage: AccumulatedUsage
    let now: Date
    let window: AnalysisWindow
    let settings: AnalysisSettings
    let index: EstateIndex

    /// Every finding for the estate and its usage, in report order (most severe first).
    public static func findings(
        estate: Estate, usage: AccumulatedUsage, now: Date, window: AnalysisWindow, settings: AnalysisSettings = .standard
    ) -> [Finding] {
        let analyzer = Analyzer(
            estate: estate, usage: usage, now: now, window: window, settings: settings, index: EstateIndex(estate))
        var findings: [Finding] = []
        for identity in estate.identities {
            findings += analyzer.lifecycleFindings(identity)
            findings += analyzer.accessFindings(identity)
        }
        findings += analyzer.behaviourFindings()
        // One finding per id: two grants of the same scope, say, are one risk.
        var seen: Set<String> = []
        return findings.filter { seen.insert($0.id).inserted }.sorted(by: Finding.reportOrder)
    }

    /// The instant before which something must exist for "never used" or "unused" to be said of it.
    var graceCutoff: Date { now.addingTimeInterval(-Double(settings.graceDays) * 86_400) }

    /// Whether the identity is active and not past its expiry: hygiene findings are about these only.
    func isLive(_ identity: Identity) -> Bool { identity.isUsable(at: now) }
}

/// Lookups over an estate, built once per analysis.
struct EstateIndex: Sendable {
    var identities: [String: Identity] = [:]
    var credentialsByID: [String: Credential] = [:]
    var credentialsByIdentity: [String: [Credential]] = [:]
    var grantsByIdentity: [String: [Grant]] = [:]
    var apis: [String: API] = [:]
    var operations: [OperationRef: Operation] = [:]
    /// API → scope → the operations requiring that scope, in catalog order.
    var operationsByScope: [String: [String: [Operation]]] = [:]
    var issuersByIdentity: [String: [TrustedIssuer]] = [:]

    init(_ estate: Estate) {
        for identity in estate.identities { identities[identity.id] = identity }
        for credential in estate.credentials {
            credentialsByID[credential.id] = credential
            credentialsByIdentity[credential.identityID, default: []].append(credential)
        }
        for grant in estate.grants { grantsByIdentity[grant.identityID, default: []].append(grant) }
        for api in estate.apis { apis[api.name] = api }
        for operation in estate.operations {
            operations[OperationRef(api: operation.api, operationID: operation.id)] = operation
            operationsByScope[operation.api, default: [:]][operation.scope, default: []].append(operation)
        }
        for issuer in estate.trustedIssuers { issuersByIdentity[issuer.identityID, default: []].append(issuer) }
    }

    func operations(api: String, scope: String) -> [Operation] { operationsByScope[api]?[scope] ?? [] }
}

extension Operation {
    /// Whether the operation changes state (anything but GET, HEAD, OPTIONS): a write or admin action.
    var isWrite: Bool { !["GET", "HEAD", "OPTIONS"].contains(method.uppercased()) }

    /// `api/operation`.
    var reference: String { "\(api)/\(id)" }
}

/// How findings print dates and durations.
enum AnalysisFormat {
    /// RFC 3339, UTC, whole seconds.
    static func date(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current))
    }

    /// Whole days from `from` to `to`, never negative.
    static func days(from: Date, to: Date) -> Int { max(0, Int(to.timeIntervalSince(from) / 86_400)) }

    /// At most `limit` items joined by ", ", with "… (N more)" when cut.
    static func list(_ items: [String], limit: Int = 8) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + ", … (\(items.count - limit) more)"
    }
}
