import Foundation
import LeashCore
import LeashStore

extension InventoryService {
    /// Name of the admin credential made on first start.
    public static let bootstrapCredentialName = "bootstrap"

    /// On first start (no admin credential exists yet), creates an `admin`-role credential and returns its
    /// secret — the only time it is ever available. Returns nil on every later start.
    public func bootstrapIfNeeded() async throws -> String? {
        let now = now()
        let secret = SecretHashing.generate(kind: .admin)
        let credential = AdminCredential(
            id: ResourceID.make(prefix: ResourceID.adminCredentialPrefix), name: Self.bootstrapCredentialName,
            role: .admin, secretHash: SecretHashing.hash(secret), createdAt: now)
        let created = try await write { transaction in
            guard try transaction.adminCredentials().isEmpty else { return false }
            try transaction.insert(credential)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "admin.bootstrap", actor: AuditEvent.systemActor, time: now, targetType: "admin_credential",
                    targetID: credential.id, before: AdminCredential?.none, after: credential))
            return true
        }
        return created ? secret : nil
    }

    /// Makes a new admin credential with `role`; returns its secret once.
    public func createAdminCredential(
        name: String, role: String, actor: String
    ) async throws -> IssuedSecret<AdminCredential> {
        let now = now()
        try IdentityValidation.text("name", name, maximum: 200, required: true)
        guard let role = AdminRole(rawValue: role) else {
            throw InventoryError.invalidField(
                "role", "must be one of \(AdminRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let secret = SecretHashing.generate(kind: .admin)
        let credential = AdminCredential(
            id: ResourceID.make(prefix: ResourceID.adminCredentialPrefix), name: name, role: role,
            secretHash: SecretHashing.hash(secret), createdAt: now)
        try await write { transaction in
            try transaction.insert(credential)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "admin.create", actor: actor, time: now, targetType: "admin_credential", targetID: credential.id,
                    before: AdminCredential?.none, after: credential))
        }
        return IssuedSecret(secret: secret, record: credential)
    }

    /// Every admin credential, oldest first (hashes included; the HTTP layer must not serialise them).
    public func adminCredentials() async throws -> [AdminCredential] {
        try await read { try $0.adminCredentials() }
    }

    /// Revokes an admin credential; refused when it is the last unrevoked `admin`, which would lock everyone out.
    public func revokeAdminCredential(id: String, actor: String) async throws -> AdminCredential {
        let now = now()
        return try await write { transaction in
            guard let before = try transaction.adminCredential(id: id) else {
                throw InventoryError.notFound("admin credential \(id)")
            }
            guard before.revokedAt == nil else {
                throw InventoryError.conflict("admin credential \(id) is already revoked")
            }
            if before.role == .admin {
                let otherAdmins = try transaction.adminCredentials().filter {
                    $0.id != id && $0.role == .admin && $0.revokedAt == nil
                }
                guard !otherAdmins.isEmpty else {
                    throw InventoryError.conflict("admin credential \(id) is the last admin; create another first")
                }
            }
            var after = before
            after.revokedAt = now
            try transaction.update(after)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "admin.revoke", actor: actor, time: now, targetType: "admin_credential", targetID: id,
                    before: before, after: after))
            return after
        }
    }

    /// The unrevoked admin credential `secret` belongs to; `unauthenticated` for anything else,
    /// including text that is not a well-formed `leash_adm_…` secret (checked before any lookup).
    public func authenticateAdmin(secret: String) async throws -> AdminCredential {
        guard SecretFormat.isValid(secret, kind: .admin) else { throw InventoryError.unauthenticated }
        let hash = SecretHashing.hash(secret)
        guard let credential = try await read({ try $0.adminCredential(secretHash: hash) }),
            SecretHashing.constantTimeEquals(credential.secretHash, hash),
            credential.revokedAt == nil
        else { throw InventoryError.unauthenticated }
        return credential
    }
}
