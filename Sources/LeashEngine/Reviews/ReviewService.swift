import Foundation
import LeashCore
import LeashStore

/// Review items: opened automatically inside the transaction of the change that raises them (a `new-caller`
/// item by the store, in the decision batch that records the call), closed by a person with `approve` (accept
/// as is), `reduce` (remove the grants concerned) or `revoke` (suspend the identity); an item about an API
/// alone can only be approved. Every step is audited.
public struct ReviewService: Sendable, InventoryErrorTranslating {
    /// Where the items live.
    public let store: any LeashStore
    private let clock: @Sendable () -> Date

    /// Creates the service over `store`; `now` supplies wall-clock time (injected in tests).
    public init(store: any LeashStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = now
    }

    /// Stores a new item and its `review.open` audit event (actor `system`) in `transaction`, unless an open
    /// item already reports the same event (then nothing is stored: the same event twice opens one item).
    /// Returns whether it was stored.
    @discardableResult
    static func open(_ item: ReviewItem, in transaction: any StoreTransaction) throws -> Bool {
        let open = try transaction.openReviewItems(trigger: item.trigger, identityID: item.identityID, api: item.api)
        guard !open.contains(where: { $0.reportsSameEvent(as: item) }) else { return false }
        try transaction.save(item)
        try transaction.appendAudit(AuditRecord.draft(
            "review.open", actor: AuditEvent.systemActor, time: item.openedAt, targetType: "review", targetID: item.id,
            before: ReviewItem?.none, after: item))
        return true
    }

    /// Opens the `api-changed` items a re-import of `api` with `diff` raises (see `ReviewItem.forAPIChange`), in
    /// the import's own transaction; returns those stored.
    @discardableResult
    static func openForAPIChange(api: String, diff: CatalogDiff, at now: Date, in transaction: any StoreTransaction) throws
        -> [ReviewItem]
    {
        guard !CatalogWidening.widenings(in: diff).isEmpty else { return [] }
        let grants = try transaction.grants(api: api)
        var identities: [String: Identity] = [:]
        for identityID in Set(grants.map(\.identityID)) {
            identities[identityID] = try transaction.identity(id: identityID)
        }
        return try ReviewItem.forAPIChange(api: api, diff: diff, grants: grants, identities: identities, at: now)
            .filter { try open($0, in: transaction) }
    }

    /// Review items with `status` (all when nil), oldest first.
    public func items(status: ReviewStatus? = nil) async throws -> [ReviewItem] {
        try await read { try $0.reviewItems(status: status) }
    }

    /// The item with `id`; `notFound` when there is none.
    public func item(id: String) async throws -> ReviewItem {
        guard let item = try await read({ try $0.reviewItem(id: id) }) else { throw InventoryError.notFound("review item \(id)") }
        return item
    }

    /// Marks `owner` gone and opens an `owner-gone` item for each of its active identities; audited as
    /// `owner.gone`. Marking an owner twice is a `conflict`. Returns the items opened.
    public func markOwnerGone(_ owner: String, actor: String) async throws -> [ReviewItem] {
        try IdentityValidation.text("owner", owner, maximum: 200, required: true)
        let now = AuditChain.roundedToMilliseconds(clock())
        return try await write { transaction in
            try transaction.markOwnerGone(owner, by: actor, at: now)
            try transaction.appendAudit(AuditDraft(
                time: now, actor: actor, action: "owner.gone", targetType: "owner", targetID: owner, before: nil, after: nil))
            var opened: [ReviewItem] = []
            for identity in try transaction.identities(IdentityFilter(owner: owner)) {
                guard let item = ReviewItem.forGoneOwner(owner, identity: identity, id: ResourceID.make(prefix: ReviewItem.idPrefix), at: now)
                else { continue }
                try Self.open(item, in: transaction)
                opened.append(item)
            }
            return opened
        }
    }

    /// Accepts the item as it is.
    public func approve(id: String, actor: String) async throws -> ReviewItem {
        try await close(id: id, as: .approved, actor: actor) { _, _, _ in }
    }

    /// Removes the grants concerned that still exist (each audited as `grant.revoke`); a `conflict` for an item
    /// about an API alone, for one no grant concerns (`owner-gone`), or whose grants are all gone already.
    public func reduce(id: String, actor: String) async throws -> ReviewItem {
        try await close(id: id, as: .reduced, actor: actor) { item, transaction, now in
            guard item.identityID != nil else { throw Self.apiOnly(item) }
            let grants = try item.grantsConcerned.compactMap { try transaction.grant(id: $0) }
            guard !grants.isEmpty else {
                throw InventoryError.conflict("review item \(item.id) has no grant to remove; approve or revoke it")
            }
            for grant in grants {
                try transaction.deleteGrant(id: grant.id)
                try transaction.appendAudit(AuditRecord.draft(
                    "grant.revoke", actor: actor, time: now, targetType: "grant", targetID: grant.id, before: grant,
                    after: Grant?.none))
            }
        }
    }

    /// Suspends the item's identity (audited as `identity.suspend`); an identity already not active stays as it
    /// is; a `conflict` for an item about an API alone.
    public func revoke(id: String, actor: String) async throws -> ReviewItem {
        try await close(id: id, as: .revoked, actor: actor) { item, transaction, now in
            guard let identityID = item.identityID else { throw Self.apiOnly(item) }
            guard let before = try transaction.identity(id: identityID) else {
                throw InventoryError.notFound("identity \(identityID)")
            }
            guard before.status == .active else { return }
            var after = before
            after.status = .suspended
            after.updatedAt = now
            try transaction.update(after)
            try transaction.appendAudit(AuditRecord.draft(
                "identity.suspend", actor: actor, time: now, targetType: "identity", targetID: before.id, before: before, after: after))
        }
    }

    private static func apiOnly(_ item: ReviewItem) -> InventoryError {
        .conflict("review item \(item.id) is about API \(item.api ?? "?") alone, with no identity or grant to act on; only approve closes it")
    }

    private func close(
        id: String, as status: ReviewStatus, actor: String,
        effect: @escaping @Sendable (ReviewItem, any StoreTransaction, Date) throws -> Void
    ) async throws -> ReviewItem {
        let now = AuditChain.roundedToMilliseconds(clock())
        return try await write { transaction in
            guard let before = try transaction.reviewItem(id: id) else { throw InventoryError.notFound("review item \(id)") }
            guard before.status == .open else {
                throw InventoryError.conflict("review item \(id) is already \(before.status.rawValue)")
            }
            try effect(before, transaction, now)
            var after = before
            after.status = status
            after.closedAt = now
            after.closedBy = actor
            try transaction.save(after)
            try transaction.appendAudit(AuditRecord.draft(
                "review.\(status == .approved ? "approve" : status == .reduced ? "reduce" : "revoke")", actor: actor, time: now,
                targetType: "review", targetID: id, before: before, after: after))
            return after
        }
    }
}

extension ReviewItem: AuditSnapshot {
    var auditJSON: String { AuditRecord.json(self) }
}
