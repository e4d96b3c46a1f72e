import Foundation
import LeashCore
import LeashStore

/// What a caller supplies to grant a scope.
public struct GrantDraft: Codable, Hashable, Sendable {
    public var identityID: String
    /// Name of a registered API.
    public var api: String
    /// One RFC 6749 scope-token.
    public var scope: String
    public var expiresAt: Date?
    public var justification: String?

    /// Creates a draft.
    public init(identityID: String, api: String, scope: String, expiresAt: Date? = nil, justification: String? = nil) {
        self.identityID = identityID
        self.api = api
        self.scope = scope
        self.expiresAt = expiresAt
        self.justification = justification
    }
}

extension InventoryService {
    /// Grants one scope on one active API to an active identity; the same grant twice is a `conflict`.
    /// `grantedBy` is `actor`.
    public func grant(_ draft: GrantDraft, actor: String) async throws -> Grant {
        let now = now()
        if let problem = InventoryRules.scopeTokenProblem(draft.scope) { throw InventoryError.invalidField("scope", problem) }
        try IdentityValidation.futureDate("expiresAt", draft.expiresAt, now: now)
        if let justification = draft.justification {
            try IdentityValidation.text("justification", justification, maximum: 1000, required: false)
        }
        let grant = Grant(
            id: ResourceID.make(prefix: ResourceID.grantPrefix), identityID: draft.identityID, api: draft.api,
            scope: draft.scope, expiresAt: draft.expiresAt.map(AuditChain.roundedToMilliseconds),
            justification: draft.justification, grantedBy: actor, createdAt: now)
        return try await write { transaction in
            guard let identity = try transaction.identity(id: grant.identityID) else {
                throw InventoryError.notFound("identity \(grant.identityID)")
            }
            guard identity.status == .active else {
                throw InventoryError.conflict(
                    "identity \(identity.id) is \(identity.status.rawValue); only active identities receive grants")
            }
            guard let api = try transaction.api(name: grant.api) else { throw InventoryError.notFound("API \(grant.api)") }
            guard api.status == .active else { throw InventoryError.conflict("API \(api.name) is retired") }
            let existing = try transaction.grants(identityID: grant.identityID)
            if existing.contains(where: { $0.api == grant.api && $0.scope == grant.scope }) {
                throw InventoryError.conflict(
                    "identity \(grant.identityID) already holds \(grant.scope) on \(grant.api)")
            }
            try transaction.insert(grant)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "grant.create", actor: actor, time: now, targetType: "grant", targetID: grant.id,
                    before: Grant?.none, after: grant))
            // Issue 5: a grant to a partner or third-party identity opens a review item (docs/reviews.md).
            if let item = ReviewItem.forGrant(grant, to: identity, id: ResourceID.make(prefix: ReviewItem.idPrefix)) {
                try ReviewService.open(item, in: transaction)
            }
            return grant
        }
    }

    /// The grant with `id`; `notFound` if there is none.
    public func grant(id: String) async throws -> Grant {
        guard let grant = try await read({ try $0.grant(id: id) }) else { throw InventoryError.notFound("grant \(id)") }
        return grant
    }

    /// Grants of an identity (expired ones included; see `Grant.isEffective(at:)`); `notFound` for an unknown identity.
    public func grants(identityID: String) async throws -> [Grant] {
        try await read { reader in
            guard try reader.identity(id: identityID) != nil else {
                throw InventoryError.notFound("identity \(identityID)")
            }
            return try reader.grants(identityID: identityID)
        }
    }

    /// Removes a grant.
    public func revokeGrant(id: String, actor: String) async throws {
        let now = now()
        try await write { transaction in
            guard let before = try transaction.grant(id: id) else { throw InventoryError.notFound("grant \(id)") }
            try transaction.deleteGrant(id: id)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "grant.revoke", actor: actor, time: now, targetType: "grant", targetID: id, before: before,
                    after: Grant?.none))
        }
    }
}
