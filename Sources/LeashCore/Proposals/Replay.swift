import Foundation

/// One past call the proposal would have refused.
public struct ReplayRefusal: Codable, Hashable, Sendable {
    /// When the call was made.
    public var time: Date
    /// The API, when the record named one.
    public var api: String?
    /// The operation, when the record named one.
    public var operationID: String?
    /// The request method.
    public var method: String
    /// The request path.
    public var path: String
    /// The scope the call needs that the proposal does not grant (nil when the operation is no longer catalogued).
    public var missingScope: String?

    /// JSON names spell identifiers `…Id` / `…Ids`, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case time
        case api
        case operationID = "operationId"
        case method
        case path
        case missingScope
    }

    /// Creates a refusal.
    public init(time: Date, api: String?, operationID: String?, method: String, path: String, missingScope: String?) {
        self.time = time
        self.api = api
        self.operationID = operationID
        self.method = method
        self.path = path
        self.missingScope = missingScope
    }
}

/// The evidence a proposal carries: every recorded decision of the identity in the window, re-decided
/// under the proposed grants.
public struct ReplayProof: Codable, Hashable, Sendable {
    /// Records of the identity in the window that were replayed.
    public var recordsReplayed: Int
    /// Of those, the ones allowed when they were made.
    public var allowedBefore: Int
    /// Of those, the ones the proposal would refuse: the exact count.
    public var refusedAfter: Int
    /// The refused calls in time order, at most `ReplayProof.refusalLimit` of them (`refusedAfter` is exact).
    public var refusals: [ReplayRefusal]

    /// At most this many refused calls are kept as evidence.
    public static let refusalLimit = 1_000

    /// Creates a proof.
    public init(recordsReplayed: Int = 0, allowedBefore: Int = 0, refusedAfter: Int = 0, refusals: [ReplayRefusal] = []) {
        self.recordsReplayed = recordsReplayed
        self.allowedBefore = allowedBefore
        self.refusedAfter = refusedAfter
        self.refusals = refusals
    }

    /// Whether some refused calls were left out of `refusals`.
    public var isTruncated: Bool { refusedAfter > refusals.count }
}

/// Re-decides recorded calls of one identity under a different set of grants.
///
/// A grant change does not change the Cedar policy set, and a call first needs its token to carry the
/// operation's scope (DecisionEngine), which a token can carry only while the identity holds a grant of
/// it. So a call that was allowed stays allowed exactly when the proposed grants still include its
/// operation's (API, scope); a call that was refused stays refused (removing grants only narrows).
/// An allowed call whose operation is no longer catalogued cannot be attributed to any grant and is
/// counted as refused (conservative: the proof never hides a call it cannot vouch for).
public struct Replay: Sendable {
    /// The identity replayed.
    public let identityID: String
    /// The window; records outside it are skipped.
    public let window: AnalysisWindow
    private let granted: Set<ScopeKey>
    private let scopes: [AllowedUse.Key: String]
    /// The proof built so far.
    public private(set) var proof = ReplayProof()

    /// A replay of `identityID`'s records in `window` under `proposedGrants`, with `operations` the catalog.
    public init(identityID: String, window: AnalysisWindow, proposedGrants: [Grant], operations: [Operation]) {
        self.identityID = identityID
        self.window = window
        self.granted = Set(proposedGrants.map { ScopeKey(api: $0.api, scope: $0.scope) })
        var scopes: [AllowedUse.Key: String] = [:]
        for operation in operations { scopes[AllowedUse.Key(api: operation.api, operationID: operation.id)] = operation.scope }
        self.scopes = scopes
    }

    /// The refusal `record` would meet under the proposed grants, or nil when its answer would not change
    /// (it was refused already, or its operation's scope is still granted).
    public func refusal(for record: DecisionRecord) -> ReplayRefusal? {
        guard record.allowed else { return nil }
        let scope = record.api.flatMap { api in
            record.operationID.flatMap { scopes[AllowedUse.Key(api: api, operationID: $0)] }
        }
        if let scope, let api = record.api, granted.contains(ScopeKey(api: api, scope: scope)) { return nil }
        return ReplayRefusal(
            time: record.time, api: record.api, operationID: record.operationID, method: record.method, path: record.path,
            missingScope: scope)
    }

    /// Replays `record` when it belongs to the identity and the window.
    public mutating func add(_ record: DecisionRecord) {
        guard record.identityID == identityID, window.contains(record.time) else { return }
        proof.recordsReplayed += 1
        if record.allowed { proof.allowedBefore += 1 }
        guard let refusal = refusal(for: record) else { return }
        proof.refusedAfter += 1
        if proof.refusals.count < ReplayProof.refusalLimit { proof.refusals.append(refusal) }
    }
}
