import Foundation

/// One way a re-import of an API widened what existing grants reach without anyone granting it:
/// a new write/admin operation, or an operation whose sensitivity was raised.
public struct CatalogWidening: Hashable, Sendable {
    /// How the operation widened.
    public enum Kind: Hashable, Sendable {
        /// The operation is new and changes state (any method but GET, HEAD, OPTIONS).
        case newWrite
        /// The operation existed with a lower sensitivity (`public < internal < confidential < restricted`).
        case sensitivityRaised(from: Sensitivity)
    }

    /// The operation as the import left it.
    public var operation: Operation
    /// How it widened.
    public var kind: Kind

    /// Creates a widening.
    public init(operation: Operation, kind: Kind) {
        self.operation = operation
        self.kind = kind
    }

    /// The widenings of `diff`, in the diff's order (added, then changed; each by path template, then method).
    /// A new read operation widens nothing (reads of an API are what its read scope is for); a lowered
    /// sensitivity or a changed scope alone is not a widening.
    public static func widenings(in diff: CatalogDiff) -> [CatalogWidening] {
        let added = diff.added.filter(\.isWrite).map { CatalogWidening(operation: $0, kind: .newWrite) }
        let raised = diff.changed.compactMap { change -> CatalogWidening? in
            guard change.after.sensitivity > change.before.sensitivity else { return nil }
            return CatalogWidening(operation: change.after, kind: .sensitivityRaised(from: change.before.sensitivity))
        }
        return added + raised
    }

    /// What changed, for a person: `new write operation DELETE /orders/{id} (deleteOrder, restricted)` or
    /// `GET /orders/{id} (getOrder) raised from internal to restricted`.
    public var description: String {
        let operation = self.operation
        switch kind {
        case .newWrite:
            return "new write operation \(operation.route) (\(operation.id), \(operation.sensitivity.rawValue))"
        case .sensitivityRaised(let from):
            return "\(operation.route) (\(operation.id)) raised from \(from.rawValue) to \(operation.sensitivity.rawValue)"
        }
    }
}

extension ReviewItem {
    /// The items a re-import of `api` opens: one per active identity whose effective grants (`grants` of the
    /// API, `identities` by id) reach a widening — naming the operations, the changes and the grants
    /// concerned — and one for the API alone (no identity) listing the widenings no identity reaches.
    /// Nothing when the import widened nothing.
    public static func forAPIChange(
        api: String, diff: CatalogDiff, grants: [Grant], identities: [String: Identity], at now: Date
    ) -> [ReviewItem] {
        let widenings = CatalogWidening.widenings(in: diff)
        guard !widenings.isEmpty else { return [] }
        let effective = grants.filter { grant in
            grant.api == api && grant.isEffective(at: now) && identities[grant.identityID]?.status == .active
        }
        var items: [ReviewItem] = []
        var reached: Set<String> = []
        for (identityID, held) in Dictionary(grouping: effective, by: \.identityID).sorted(by: { $0.key < $1.key }) {
            let scopes = Set(held.map(\.scope))
            let reaching = widenings.filter { scopes.contains($0.operation.scope) }
            guard !reaching.isEmpty else { continue }
            reached.formUnion(reaching.map(\.operation.route))
            let used = Set(reaching.map(\.operation.scope))
            let concerned = held.filter { used.contains($0.scope) }.sorted { $0.scope < $1.scope }
            items.append(ReviewItem(
                id: ResourceID.make(prefix: idPrefix), trigger: .apiChanged, identityID: identityID, api: api,
                operations: reaching.map(\.operation.route), grantIDs: concerned.map(\.id),
                summary: "API \(api) was re-imported: identity \(identityID) now reaches, through "
                    + concerned.map(\.scope).joined(separator: ", ") + ", "
                    + reaching.map(\.description).joined(separator: "; "),
                openedAt: now))
        }
        let unreached = widenings.filter { !reached.contains($0.operation.route) }
        if !unreached.isEmpty {
            items.append(ReviewItem(
                id: ResourceID.make(prefix: idPrefix), trigger: .apiChanged, identityID: nil, api: api,
                operations: unreached.map(\.operation.route),
                summary: "API \(api) was re-imported with " + unreached.map(\.description).joined(separator: "; ")
                    + "; no active identity's grants reach \(unreached.count == 1 ? "it" : "them") yet",
                openedAt: now))
        }
        return items
    }

    /// The item an identity's first allowed call ever to `operation` opens: only for a `confidential` or
    /// `restricted` operation. `grantIDs` are the identity's grants that cover the operation (what `reduce` removes).
    public static func forNewCaller(
        identityID: String, operation: Operation, firstCall: Date, grantIDs: [String], id: String, at now: Date
    ) -> ReviewItem? {
        guard operation.sensitivity >= .confidential else { return nil }
        return ReviewItem(
            id: id, trigger: .newCaller, identityID: identityID, api: operation.api, operations: [operation.route],
            grantIDs: grantIDs,
            summary: "identity \(identityID) called \(operation.sensitivity.rawValue) operation \(operation.api) "
                + "\(operation.route) (\(operation.id)) for the first time, at \(AnalysisFormat.date(firstCall))",
            openedAt: now)
    }
}
