import Foundation

/// An operation of an API, as usage is keyed by.
public struct OperationRef: Hashable, Sendable, Codable, Comparable {
    /// The API's name.
    public var api: String
    /// The operation's id within the API.
    public var operationID: String

    /// Creates a reference.
    public init(api: String, operationID: String) {
        self.api = api
        self.operationID = operationID
    }

    /// `api/operation`, the form findings name an operation by.
    public var description: String { "\(api)/\(operationID)" }

    /// By API, then operation.
    public static func < (lhs: OperationRef, rhs: OperationRef) -> Bool {
        (lhs.api, lhs.operationID) < (rhs.api, rhs.operationID)
    }
}

/// What one identity did with one operation.
public struct OperationActivity: Hashable, Sendable {
    /// Calls allowed inside the window.
    public var allowedInWindow = 0
    /// Calls denied inside the window.
    public var deniedInWindow = 0
    /// The first allowed call in everything streamed (before the window too).
    public var firstAllowed: Date?
    /// The last allowed call in everything streamed.
    public var lastAllowed: Date?
    /// The longest `act` chain seen on calls inside the window (0 without delegation).
    public var longestChain: [String] = []

    /// Nothing seen yet.
    public init() {}
}

/// What one identity did, over everything streamed (dates) and inside the window (counts).
public struct IdentityActivity: Hashable, Sendable {
    /// Per operation.
    public var operations: [OperationRef: OperationActivity] = [:]
    /// The last call of any outcome.
    public var lastSeen: Date?
    /// The last allowed call.
    public var lastAllowed: Date?
    /// Calls (any outcome) inside the window.
    public var callsInWindow = 0
    /// Denied calls inside the window.
    public var deniedInWindow = 0
    /// Distinct targets of denials inside the window (operation, or `METHOD path` when no route
    /// matched), kept up to ``UsageAccumulator/deniedTargetLimit`` (enough to judge any probing threshold).
    public var deniedTargets: Set<String> = []

    /// Nothing seen yet.
    public init() {}
}

/// What was done with one credential.
public struct CredentialActivity: Hashable, Sendable {
    /// The last call of any outcome.
    public var lastSeen: Date?
    /// The last allowed call.
    public var lastAllowed: Date?
    /// Calls inside the window.
    public var callsInWindow = 0
    /// Distinct source addresses inside the window (exact up to 32, estimated beyond).
    public var sources = DistinctSources()

    /// Nothing seen yet.
    public init() {}
}

/// The result of accumulating a stream of decision records: bounded by identities × operations
/// plus credentials × a fixed-size source sketch, however many records went in.
public struct AccumulatedUsage: Hashable, Sendable {
    /// The window counts refer to.
    public var window: AnalysisWindow
    /// Per identity (records without an identity are only counted).
    public var identities: [String: IdentityActivity] = [:]
    /// Per credential.
    public var credentials: [String: CredentialActivity] = [:]
    /// Records read.
    public var records = 0
    /// Records inside the window.
    public var recordsInWindow = 0
    /// Records without an identity (no or invalid token): kept in the count only.
    public var unattributedRecords = 0
    /// The earliest record read: whether there is any history before the window.
    public var earliest: Date?

    /// Empty usage for `window`.
    public init(window: AnalysisWindow) { self.window = window }

    /// Whether records from before the window were read (so "first use in the window" can be told).
    public var hasHistoryBeforeWindow: Bool { earliest.map { $0 < window.start } ?? false }
}

/// Folds decision records, one at a time and in any order, into ``AccumulatedUsage``.
///
/// Records after the window's end are ignored; records before its start count only toward
/// first/last-seen dates (history), so "dormant", "never used" and "new caller" can be told apart.
public struct UsageAccumulator: Sendable {
    /// Distinct denied targets kept per identity; the probing threshold is capped to it.
    public static let deniedTargetLimit = 64

    /// What has been accumulated so far.
    public private(set) var usage: AccumulatedUsage

    /// An empty accumulator for `window`.
    public init(window: AnalysisWindow) { usage = AccumulatedUsage(window: window) }

    /// Adds one record.
    public mutating func add(_ record: DecisionRecord) {
        let time = record.time
        guard time < usage.window.end else { return }
        usage.records += 1
        if usage.earliest.map({ time < $0 }) ?? true { usage.earliest = time }
        let inWindow = time >= usage.window.start
        if inWindow { usage.recordsInWindow += 1 }
        if let credentialID = record.credentialID {
            usage.credentials[credentialID, default: CredentialActivity()].note(record, inWindow: inWindow)
        }
        guard let identityID = record.identityID else {
            usage.unattributedRecords += 1
            return
        }
        usage.identities[identityID, default: IdentityActivity()].note(record, inWindow: inWindow)
    }

    /// Adds every record of a sequence.
    public mutating func add(contentsOf records: some Sequence<DecisionRecord>) {
        for record in records { add(record) }
    }
}

extension CredentialActivity {
    fileprivate mutating func note(_ record: DecisionRecord, inWindow: Bool) {
        lastSeen = Swift.max(lastSeen ?? record.time, record.time)
        if record.allowed { lastAllowed = Swift.max(lastAllowed ?? record.time, record.time) }
        guard inWindow else { return }
        callsInWindow += 1
        if let source = record.sourceAddress { sources.insert(source) }
    }
}

extension IdentityActivity {
    fileprivate mutating func note(_ record: DecisionRecord, inWindow: Bool) {
        let time = record.time
        lastSeen = Swift.max(lastSeen ?? time, time)
        if record.allowed { lastAllowed = Swift.max(lastAllowed ?? time, time) }
        if inWindow {
            callsInWindow += 1
            if !record.allowed {
                deniedInWindow += 1
                if deniedTargets.count < UsageAccumulator.deniedTargetLimit {
                    deniedTargets.insert(record.operationID.map { "\(record.api ?? "")/\($0)" } ?? "\(record.method) \(record.path)")
                }
            }
        }
        guard let api = record.api, let operationID = record.operationID else { return }
        operations[OperationRef(api: api, operationID: operationID), default: OperationActivity()]
            .note(record, inWindow: inWindow)
    }
}

extension OperationActivity {
    fileprivate mutating func note(_ record: DecisionRecord, inWindow: Bool) {
        let time = record.time
        if record.allowed {
            firstAllowed = Swift.min(firstAllowed ?? time, time)
            lastAllowed = Swift.max(lastAllowed ?? time, time)
        }
        guard inWindow else { return }
        if record.allowed { allowedInWindow += 1 } else { deniedInWindow += 1 }
        if record.act.count > longestChain.count { longestChain = record.act }
    }
}
