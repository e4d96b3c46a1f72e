import Foundation
import LeashCore
import LeashStore

/// A newly made client secret: the secret itself (shown once, never stored) and its stored record.
public struct IssuedSecret<Record: Sendable & Hashable>: Sendable, Hashable {
    /// The full secret; give it to the caller once and forget it.
    public let secret: String
    /// What the store keeps (only a hash of the secret).
    public let record: Record
}

extension InventoryService {
    /// Longest overlap a rotation may leave the old secret valid for.
    public static let maximumRotationOverlap: TimeInterval = 30 * 24 * 3600

    /// Makes a new client secret for an identity that is not decommissioned.
    public func createClientSecret(
        identityID: String, expiresAt: Date? = nil, actor: String
    ) async throws -> IssuedSecret<Credential> {
        let now = now()
        try IdentityValidation.futureDate("expiresAt", expiresAt, now: now)
        let secret = SecretHashing.generate(kind: .clientSecret)
        let credential = Credential(
            id: ResourceID.make(prefix: ResourceID.credentialPrefix), identityID: identityID, kind: .clientSecret,
            secretHash: SecretHashing.hash(secret), hint: SecretFormat.hint(of: secret), createdAt: now,
            expiresAt: expiresAt.map(AuditChain.roundedToMilliseconds))
        try await write { transaction in
            try Self.requireLiveIdentity(identityID, in: transaction)
            try transaction.insert(credential)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "credential.create", actor: actor, time: now, targetType: "credential", targetID: credential.id,
                    before: Credential?.none, after: credential))
        }
        return IssuedSecret(secret: secret, record: credential)
    }

    /// Registers a public key (JWK JSON) for `private_key_jwt`. The kid is the one given, the JWK's own,
    /// or its RFC 7638 thumbprint, and must be unique among the identity's unrevoked keys.
    public func registerPublicKey(
        identityID: String, jwk: String, kid: String? = nil, expiresAt: Date? = nil, actor: String
    ) async throws -> Credential {
        let now = now()
        try IdentityValidation.futureDate("expiresAt", expiresAt, now: now)
        let key = try ClientPublicKey(jwkJSON: jwk, kid: kid)
        let credential = Credential(
            id: ResourceID.make(prefix: ResourceID.credentialPrefix), identityID: identityID, kind: .publicKey,
            publicJWK: key.json, kid: key.kid, createdAt: now, expiresAt: expiresAt.map(AuditChain.roundedToMilliseconds))
        return try await write { transaction in
            try Self.requireLiveIdentity(identityID, in: transaction)
            let clash = try transaction.credentials(identityID: identityID).contains {
                $0.kind == .publicKey && $0.kid == key.kid && $0.isUsable(at: now)
            }
            if clash {
                throw InventoryError.conflict("identity \(identityID) already has a key with kid \(key.kid)")
            }
            try transaction.insert(credential)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "credential.register", actor: actor, time: now, targetType: "credential",
                    targetID: credential.id, before: Credential?.none, after: credential))
            return credential
        }
    }

    /// The credential with `id`; `notFound` if there is none.
    public func credential(id: String) async throws -> Credential {
        guard let credential = try await read({ try $0.credential(id: id) }) else {
            throw InventoryError.notFound("credential \(id)")
        }
        return credential
    }

    /// Credentials of an identity, oldest first; `notFound` if the identity does not exist.
    public func credentials(identityID: String) async throws -> [Credential] {
        try await read { reader in
            guard try reader.identity(id: identityID) != nil else {
                throw InventoryError.notFound("identity \(identityID)")
            }
            return try reader.credentials(identityID: identityID)
        }
    }

    /// Revokes a credential at once; revoking it again is a `conflict`.
    public func revokeCredential(id: String, actor: String) async throws -> Credential {
        let now = now()
        return try await write { transaction in
            guard let before = try transaction.credential(id: id) else {
                throw InventoryError.notFound("credential \(id)")
            }
            guard before.revokedAt == nil else { throw InventoryError.conflict("credential \(id) is already revoked") }
            var after = before
            after.revokedAt = now
            try transaction.update(after)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "credential.revoke", actor: actor, time: now, targetType: "credential", targetID: id,
                    before: before, after: after))
            return after
        }
    }

    /// Rotates a client secret: a new secret now, while the old one keeps working for `overlap` seconds
    /// (0 ends it at once) and is dead afterwards. Returns the new secret once.
    public func rotateClientSecret(
        id: String, overlap: TimeInterval, actor: String
    ) async throws -> IssuedSecret<Credential> {
        let now = now()
        guard overlap.isFinite, overlap >= 0, overlap <= Self.maximumRotationOverlap else {
            throw InventoryError.invalidField(
                "overlap", "must be between 0 and \(Int(Self.maximumRotationOverlap)) seconds")
        }
        let secret = SecretHashing.generate(kind: .clientSecret)
        let newID = ResourceID.make(prefix: ResourceID.credentialPrefix)
        let secretHash = SecretHashing.hash(secret)
        let fresh: Credential = try await write { transaction in
            guard let old = try transaction.credential(id: id) else {
                throw InventoryError.notFound("credential \(id)")
            }
            guard old.kind == .clientSecret else {
                throw InventoryError.conflict("credential \(id) is a public key; register a new key instead of rotating")
            }
            guard old.isUsable(at: now), old.replacedBy == nil else {
                throw InventoryError.conflict("credential \(id) is revoked, expired or already rotated")
            }
            try Self.requireLiveIdentity(old.identityID, in: transaction)
            let fresh = Credential(
                id: newID, identityID: old.identityID, kind: .clientSecret, secretHash: secretHash,
                hint: SecretFormat.hint(of: secret), createdAt: now,
                rotatedFrom: old.id)
            var retired = old
            let overlapEnd = AuditChain.roundedToMilliseconds(now.addingTimeInterval(overlap))
            retired.expiresAt = min(old.expiresAt ?? overlapEnd, overlapEnd)
            retired.replacedBy = fresh.id
            try transaction.insert(fresh)
            try transaction.update(retired)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "credential.rotate", actor: actor, time: now, targetType: "credential", targetID: old.id,
                    before: old, after: retired))
            try transaction.appendAudit(
                AuditRecord.draft(
                    "credential.create", actor: actor, time: now, targetType: "credential", targetID: fresh.id,
                    before: Credential?.none, after: fresh))
            return fresh
        }
        return IssuedSecret(secret: secret, record: fresh)
    }

    /// Throws unless the identity exists and is not decommissioned.
    static func requireLiveIdentity(_ id: String, in reader: any StoreReader) throws {
        guard let identity = try reader.identity(id: id) else { throw InventoryError.notFound("identity \(id)") }
        guard identity.status != .decommissioned else {
            throw InventoryError.conflict("identity \(id) is decommissioned")
        }
    }
}
