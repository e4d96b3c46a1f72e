import Foundation
import LeashCore
import LeashStore

/// The result of one analysis: the findings and what they were computed from.
public struct AnalysisReport: Codable, Hashable, Sendable {
    /// When the analysis ran (the window's end).
    public var generatedAt: Date
    /// The window use was judged over.
    public var window: AnalysisWindow
    /// Only this identity was analyzed, when set.
    public var identity: String?
    /// The thresholds used.
    public var settings: AnalysisSettings
    /// Decision records read (the window plus the history before it).
    public var recordsRead: Int
    /// Of those, inside the window.
    public var recordsInWindow: Int
    /// Identities in the inventory analyzed.
    public var identities: Int
    /// Whether records reach back before the window (otherwise "new caller" cannot be told and is skipped).
    public var historyBeforeWindow: Bool
    /// The findings, most severe first.
    public var findings: [Finding]

    /// Creates a report.
    public init(
        generatedAt: Date, window: AnalysisWindow, identity: String?, settings: AnalysisSettings, recordsRead: Int,
        recordsInWindow: Int, identities: Int, historyBeforeWindow: Bool, findings: [Finding]
    ) {
        self.generatedAt = generatedAt
        self.window = window
        self.identity = identity
        self.settings = settings
        self.recordsRead = recordsRead
        self.recordsInWindow = recordsInWindow
        self.identities = identities
        self.historyBeforeWindow = historyBeforeWindow
        self.findings = findings
    }

    /// How many findings there are of each severity.
    public var countsBySeverity: [Severity: Int] {
        Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
    }
}

/// Runs the analyzer against a store: loads the estate, streams every decision record up to now
/// once (in time order, a chunk at a time) through a ``UsageAccumulator``, then judges.
public struct AnalysisRun: Sendable {
    /// Records read between two progress reports.
    public static let progressInterval = 100_000

    /// The inventory and catalog as the analyzer sees them; only `identity`'s part when given.
    public static func estate(from store: some LeashStore, identity: String? = nil) async throws -> Estate {
        let contents = try await store.contents()
        let operations = try await store.read { try $0.allOperations() }
        var estate = Estate(
            identities: contents.identities, credentials: contents.credentials, grants: contents.grants, apis: contents.apis,
            operations: operations, trustedIssuers: contents.trustedIssuers)
        if let identity {
            estate.identities.removeAll { $0.id != identity }
            estate.credentials.removeAll { $0.identityID != identity }
            estate.grants.removeAll { $0.identityID != identity }
            estate.trustedIssuers.removeAll { $0.identityID != identity }
        }
        return estate
    }

    /// Analyzes the estate in `store` over `window`; `progress(read, total)` is called every
    /// ``progressInterval`` records and once at the end. Owners marked gone in the store are added to
    /// `settings.goneOwners`.
    public static func run(
        store: some AnalysisScanStore & LeashStore, window: AnalysisWindow, settings: AnalysisSettings = .standard,
        identity: String? = nil, progress: (Int, Int) -> Void = { _, _ in }
    ) async throws -> AnalysisReport {
        let estate = try await estate(from: store, identity: identity)
        // Owners marked gone in the store (`leash owner gone`) count as gone, besides those the settings name.
        var settings = settings
        let stored = try await store.read { try $0.goneOwners() }
        settings.goneOwners += stored.subtracting(settings.goneOwners).sorted()
        let total = try await store.decisionCount(identity: identity, until: window.end)
        var accumulator = UsageAccumulator(window: window)
        var read = 0
        progress(0, total)
        try await store.forEachDecision(identity: identity, since: nil, until: window.end, chunkSize: 20_000) { record in
            accumulator.add(record)
            read += 1
            if read % progressInterval == 0 { progress(read, total) }
        }
        progress(read, total)
        let usage = accumulator.usage
        var findings = Analyzer.findings(estate: estate, usage: usage, now: window.end, window: window, settings: settings)
        if let identity { findings.removeAll { $0.identityID != identity } }
        return AnalysisReport(
            generatedAt: window.end, window: window, identity: identity, settings: settings, recordsRead: usage.records,
            recordsInWindow: usage.recordsInWindow, identities: estate.identities.count,
            historyBeforeWindow: usage.hasHistoryBeforeWindow, findings: findings)
    }
}
