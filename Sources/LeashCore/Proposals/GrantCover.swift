import Foundation

/// Allowed use of one identity in a window, per operation, built one decision record at a time
/// (memory bounded by the operations the identity called, not by the number of records).
public struct AllowedUse: Sendable, Hashable {
    /// One operation of one API.
    public struct Key: Sendable, Hashable, Comparable {
        /// The API (by name).
        public var api: String
        /// The operation id.
        public var operationID: String

        /// Creates a key.
        public init(api: String, operationID: String) {
            self.api = api
            self.operationID = operationID
        }

        /// By API, then operation.
        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.api, lhs.operationID) < (rhs.api, rhs.operationID)
        }
    }

    /// Allowed calls of one operation.
    public struct Tally: Sendable, Hashable {
        /// How many.
        public var calls: Int
        /// The earliest.
        public var firstSeen: Date
        /// The latest.
        public var lastSeen: Date
    }

    /// The identity the use belongs to.
    public let identityID: String
    /// The window; records outside it are ignored.
    public let window: AnalysisWindow
    /// Allowed calls per operation.
    public private(set) var tallies: [Key: Tally] = [:]

    /// An empty tally for `identityID` over `window`.
    public init(identityID: String, window: AnalysisWindow) {
        self.identityID = identityID
        self.window = window
    }

    /// Counts `record` when it is an allowed call of this identity, inside the window, to a known operation.
    /// (An allowed call always matched an operation; a record without one cannot be attributed and is skipped.)
    public mutating func add(_ record: DecisionRecord) {
        guard record.allowed, record.identityID == identityID, window.contains(record.time),
            let api = record.api, let operationID = record.operationID
        else { return }
        let key = Key(api: api, operationID: operationID)
        if var tally = tallies[key] {
            tally.calls += 1
            tally.firstSeen = min(tally.firstSeen, record.time)
            tally.lastSeen = max(tally.lastSeen, record.time)
            tallies[key] = tally
        } else {
            tallies[key] = Tally(calls: 1, firstSeen: record.time, lastSeen: record.time)
        }
    }
}

/// The minimum-grant computation: the smallest subset of an identity's existing grants that covers every
/// allowed use, plus what it leaves out and why.
///
/// A grant is (identity × API × scope) and every catalogued operation requires exactly one scope
/// (`Operation.scope`), so an allowed use of operation `o` is covered by a grant `g` exactly when
/// `g.api == o.api && g.scope == o.scope`; and an identity holds at most one grant per (API, scope)
/// (`InventoryService.grant` refuses duplicates). In set-cover terms every element is covered by at most
/// one candidate set, so the minimum cover is unique and forced: the grants whose (API, scope) some allowed
/// use requires. It is computed exactly in O(uses + grants); no approximation is involved. Should a
/// duplicate (API, scope) grant ever exist, the one effective longest is kept (the choice does not change
/// the size of the cover).
public struct GrantCover: Sendable, Hashable {
    /// The grants kept, ordered by API, scope.
    public var proposed: [Grant]
    /// The effective grants left out, ordered by API, scope.
    public var removed: [Grant]
    /// Every allowed use with the grant covering it, ordered by API, operation.
    public var uses: [OperationUse]
    /// Kept scopes that also cover never-called operations.
    public var narrowingGaps: [NarrowingGap]
    /// Allowed uses no effective grant covers.
    public var uncovered: [UncoveredUse]

    /// Computes the cover of `use` by `grants` (only those effective at `now` count), with `operations` the catalog.
    public init(use: AllowedUse, grants: [Grant], operations: [Operation], now: Date) {
        let effective = grants.filter { $0.identityID == use.identityID && $0.isEffective(at: now) }
        var byPair: [ScopeKey: Grant] = [:]
        for grant in effective {
            let key = ScopeKey(api: grant.api, scope: grant.scope)
            if let other = byPair[key], Self.outlasts(other, grant) { continue }
            byPair[key] = grant
        }
        var catalog: [AllowedUse.Key: Operation] = [:]
        var operationsByScope: [ScopeKey: [String]] = [:]
        for operation in operations {
            catalog[AllowedUse.Key(api: operation.api, operationID: operation.id)] = operation
            operationsByScope[ScopeKey(api: operation.api, scope: operation.scope), default: []].append(operation.id)
        }

        var kept: [ScopeKey: Grant] = [:]
        var usedByScope: [ScopeKey: [String]] = [:]
        var uses: [OperationUse] = []
        var uncovered: [UncoveredUse] = []
        for (key, tally) in use.tallies.sorted(by: { $0.key < $1.key }) {
            guard let operation = catalog[key] else {
                uses.append(OperationUse(
                    api: key.api, operationID: key.operationID, scope: nil, grantID: nil, allowedCalls: tally.calls,
                    firstSeen: tally.firstSeen, lastSeen: tally.lastSeen))
                uncovered.append(UncoveredUse(
                    api: key.api, operationID: key.operationID, scope: nil, reason: .notCatalogued,
                    allowedCalls: tally.calls))
                continue
            }
            let pair = ScopeKey(api: operation.api, scope: operation.scope)
            let grant = byPair[pair]
            uses.append(OperationUse(
                api: key.api, operationID: key.operationID, scope: operation.scope, grantID: grant?.id,
                allowedCalls: tally.calls, firstSeen: tally.firstSeen, lastSeen: tally.lastSeen))
            if let grant {
                kept[pair] = grant
                usedByScope[pair, default: []].append(key.operationID)
            } else {
                uncovered.append(UncoveredUse(
                    api: key.api, operationID: key.operationID, scope: operation.scope, reason: .notGranted,
                    allowedCalls: tally.calls))
            }
        }

        let keptIDs = Set(kept.values.map(\.id))
        self.proposed = kept.values.sorted(by: Self.order)
        self.removed = effective.filter { !keptIDs.contains($0.id) }.sorted(by: Self.order)
        self.uses = uses
        self.uncovered = uncovered
        self.narrowingGaps = kept.keys.sorted().compactMap { pair in
            let used = Set(usedByScope[pair] ?? [])
            let unused = Set(operationsByScope[pair] ?? []).subtracting(used)
            guard !unused.isEmpty else { return nil }
            return NarrowingGap(api: pair.api, scope: pair.scope, usedOperations: used.sorted(), unusedOperations: unused.sorted())
        }
    }

    /// Grants in a stable order: API, scope, id.
    static func order(_ lhs: Grant, _ rhs: Grant) -> Bool { (lhs.api, lhs.scope, lhs.id) < (rhs.api, rhs.scope, rhs.id) }

    /// Whether `lhs` stays effective at least as long as `rhs` (no expiry outlasts any expiry).
    private static func outlasts(_ lhs: Grant, _ rhs: Grant) -> Bool {
        switch (lhs.expiresAt, rhs.expiresAt) {
        case (nil, _): true
        case (_, nil): false
        case let (left?, right?): left >= right
        }
    }
}

/// One scope on one API: what a grant confers and an operation requires.
public struct ScopeKey: Sendable, Hashable, Comparable, Codable {
    /// The API (by name).
    public var api: String
    /// The scope token.
    public var scope: String

    /// Creates a key.
    public init(api: String, scope: String) {
        self.api = api
        self.scope = scope
    }

    /// By API, then scope.
    public static func < (lhs: ScopeKey, rhs: ScopeKey) -> Bool { (lhs.api, lhs.scope) < (rhs.api, rhs.scope) }
}
