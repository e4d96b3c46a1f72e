import Foundation
import LeashCore
import LeashStore

extension InventoryService {
    /// Creates an identity (active) from `draft`; refuses an id already in use with `conflict`.
    public func createIdentity(_ draft: IdentityDraft, actor: String) async throws -> Identity {
        let now = now()
        let kind = try IdentityValidation.kind(draft.kind)
        let identity = Identity(
            id: draft.id ?? IdentityValidation.generatedID(name: draft.name, kind: kind),
            kind: kind,
            name: draft.name,
            owner: draft.owner,
            purpose: draft.purpose ?? "",
            trustTier: try draft.trustTier.map(IdentityValidation.trustTier) ?? .internal,
            environment: draft.environment ?? "",
            tenant: draft.tenant ?? "",
            labels: draft.labels ?? [:],
            reviewBy: draft.reviewBy.map(AuditChain.roundedToMilliseconds),
            expiresAt: draft.expiresAt.map(AuditChain.roundedToMilliseconds),
            status: .active,
            createdAt: now,
            updatedAt: now
        )
        try IdentityValidation.check(identity)
        try IdentityValidation.futureDate("expiresAt", identity.expiresAt, now: now)
        return try await write { transaction in
            if try transaction.identity(id: identity.id) != nil {
                throw InventoryError.conflict("identity \(identity.id) already exists")
            }
            try transaction.insert(identity)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "identity.create", actor: actor, time: now, targetType: "identity", targetID: identity.id,
                    before: Identity?.none, after: identity))
            return identity
        }
    }

    /// The identity with `id`; `notFound` if there is none.
    public func identity(id: String) async throws -> Identity {
        guard let identity = try await read({ try $0.identity(id: id) }) else {
            throw InventoryError.notFound("identity \(id)")
        }
        return identity
    }

    /// Identities matching `filter`, ordered by id.
    public func identities(_ filter: IdentityFilter = .all) async throws -> [Identity] {
        try await read { try $0.identities(filter) }
    }

    /// Applies `changes` to an identity that is not decommissioned.
    public func updateIdentity(id: String, _ changes: IdentityChanges, actor: String) async throws -> Identity {
        let now = now()
        let kind = try changes.kind.map(IdentityValidation.kind)
        let trustTier = try changes.trustTier.map(IdentityValidation.trustTier)
        if case .some(.some(let expiresAt)) = changes.expiresAt {
            try IdentityValidation.futureDate("expiresAt", expiresAt, now: now)
        }
        return try await write { transaction in
            guard let before = try transaction.identity(id: id) else {
                throw InventoryError.notFound("identity \(id)")
            }
            guard before.status != .decommissioned else {
                throw InventoryError.conflict("identity \(id) is decommissioned and can no longer change")
            }
            var after = before
            if let kind { after.kind = kind }
            if let name = changes.name { after.name = name }
            if let owner = changes.owner { after.owner = owner }
            if let purpose = changes.purpose { after.purpose = purpose }
            if let trustTier { after.trustTier = trustTier }
            if let environment = changes.environment { after.environment = environment }
            if let tenant = changes.tenant { after.tenant = tenant }
            if let labels = changes.labels { after.labels = labels }
            if let reviewBy = changes.reviewBy { after.reviewBy = reviewBy.map(AuditChain.roundedToMilliseconds) }
            if let expiresAt = changes.expiresAt { after.expiresAt = expiresAt.map(AuditChain.roundedToMilliseconds) }
            try IdentityValidation.check(after)
            guard after != before else { return before }
            after.updatedAt = now
            try transaction.update(after)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "identity.update", actor: actor, time: now, targetType: "identity", targetID: id,
                    before: before, after: after))
            return after
        }
    }

    /// Suspends an active identity: it gets no tokens until reactivated.
    public func suspendIdentity(id: String, actor: String) async throws -> Identity {
        try await changeStatus(id: id, to: .suspended, from: [.active], action: "identity.suspend", actor: actor)
    }

    /// Returns a suspended identity to active.
    public func reactivateIdentity(id: String, actor: String) async throws -> Identity {
        try await changeStatus(id: id, to: .active, from: [.suspended], action: "identity.reactivate", actor: actor)
    }

    /// Decommissions an identity for good and revokes every credential it still has.
    public func decommissionIdentity(id: String, actor: String) async throws -> Identity {
        try await changeStatus(
            id: id, to: .decommissioned, from: [.active, .suspended], action: "identity.decommission", actor: actor)
    }

    private func changeStatus(
        id: String, to status: IdentityStatus, from allowed: Set<IdentityStatus>, action: String, actor: String
    ) async throws -> Identity {
        let now = now()
        return try await write { transaction in
            guard let before = try transaction.identity(id: id) else {
                throw InventoryError.notFound("identity \(id)")
            }
            guard allowed.contains(before.status) else {
                throw InventoryError.conflict("identity \(id) is \(before.status.rawValue) and cannot become \(status.rawValue)")
            }
            var after = before
            after.status = status
            after.updatedAt = now
            try transaction.update(after)
            try transaction.appendAudit(
                AuditRecord.draft(
                    action, actor: actor, time: now, targetType: "identity", targetID: id, before: before, after: after))
            if status == .decommissioned {
                for credential in try transaction.credentials(identityID: id) where credential.revokedAt == nil {
                    var revoked = credential
                    revoked.revokedAt = now
                    try transaction.update(revoked)
                    try transaction.appendAudit(
                        AuditRecord.draft(
                            "credential.revoke", actor: actor, time: now, targetType: "credential",
                            targetID: credential.id, before: credential, after: revoked))
                }
            }
            return after
        }
    }
}
