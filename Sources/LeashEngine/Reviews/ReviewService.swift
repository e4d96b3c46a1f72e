import Foundation
import LeashCore
import LeashStore

/// Review items: opened automatically inside the transaction of the change that raises them, closed by a
/// person with `approve` (accept as is), `reduce` (remove the grant that raised it) or `revoke` (suspend
/// the identity). Every step is audited.
public struct ReviewService: Sendable, InventoryErrorTranslating {
    /// Where the items live.
    public let store: any LeashStore
    private let clock: @Sendable () -> Date

    /// Creates the service over `store`; `now` supplies wall-clock time (injected in tests).
    public init(store: any LeashStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = now
    }

    /// Stores a new item and its `review.open` audit event (actor `system`) in `transaction`.
    static func open(_ item: ReviewItem, in transaction: any StoreTransaction) throws {
        try transaction.save(item)
        try transaction.appendAudit(AuditRecord.draft(
            "review.open", actor: AuditEvent.systemActor, time: item.openedAt, targetType: "review", targetID: item.id,
            before: ReviewItem?.none, after: item))
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

    /// Removes the grant that raised the item (audited as `grant.revoke`); a `conflict` for an item no
    /// grant raised, or whose grant is already gone.
    public func reduce(id: String, actor: String) async throws -> ReviewItem {
        try await close(id: id, as: .reduced, actor: actor) { item, transaction, now in
            guard let grantID = item.grantID, let grant = try transaction.grant(id: grantID) else {
                throw InventoryError.conflict("review item \(item.id) has no grant to remove; approve or revoke it")
            }
            try transaction.deleteGrant(id: grantID)
            try transaction.appendAudit(AuditRecord.draft(
                "grant.revoke", actor: actor, time: now, targetType: "grant", targetID: grantID, before: grant, after: Grant?.none))
        }
    }

    /// Suspends the item's identity (audited as `identity.suspend`); an identity already not active stays as it is.
    public func revoke(id: String, actor: String) async throws -> ReviewItem {
        try await close(id: id, as: .revoked, actor: actor) { item, transaction, now in
            guard let before = try transaction.identity(id: item.identityID) else {
                throw InventoryError.notFound("identity \(item.identityID)")
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
