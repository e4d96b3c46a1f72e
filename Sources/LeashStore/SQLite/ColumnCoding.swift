import Foundation
import GRDB
import LeashCore

/// Conversions between model values and the column representations of `Schema`.
enum ColumnCoding {
    /// Milliseconds since 1970, the stored form of every date.
    static func encode(_ date: Date) -> Int64 { AuditChain.milliseconds(date) }

    /// Optional date to optional milliseconds.
    static func encode(_ date: Date?) -> Int64? { date.map(encode) }

    /// Milliseconds back to a date.
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// Encodes a JSON-representable value as compact text with sorted keys.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes a JSON document Leash stored (a proposal, a review item): identifier keys are read in the
    /// current spelling (`identityId`) and in the one earlier versions wrote (`identityID`).
    static func decodeStored<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .acceptingFormerIdentifierSpelling
        return try decoder.decode(T.self, from: Data(text.utf8))
    }
}

extension Row {
    /// A required text column.
    func text(_ column: String) throws -> String {
        guard let value: String = try decode(forColumn: column) else {
            throw StoreError.corrupt("column \(column) is unexpectedly empty")
        }
        return value
    }

    /// An optional text column.
    func optionalText(_ column: String) throws -> String? {
        try decode(forColumn: column)
    }

    /// A required integer column.
    func integer(_ column: String) throws -> Int64 {
        guard let value: Int64 = try decode(forColumn: column) else {
            throw StoreError.corrupt("column \(column) is unexpectedly empty")
        }
        return value
    }

    /// An optional integer column.
    func optionalInteger(_ column: String) throws -> Int64? {
        try decode(forColumn: column)
    }

    /// A required date column (milliseconds).
    func date(_ column: String) throws -> Date { ColumnCoding.date(try integer(column)) }

    /// An optional date column (milliseconds).
    func optionalDate(_ column: String) throws -> Date? { try optionalInteger(column).map(ColumnCoding.date) }

    /// A text column holding the raw value of `T`.
    func enumeration<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws -> T
    where T.RawValue == String {
        let raw = try text(column)
        guard let value = T(rawValue: raw) else {
            throw StoreError.corrupt("column \(column) holds unknown value \(raw)")
        }
        return value
    }

    /// A text column holding JSON of `T`.
    func json<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        let text = try text(column)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("column \(column) does not hold valid JSON")
        }
    }

    /// An optional text column holding JSON of `T`.
    func optionalJSON<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard try optionalText(column) != nil else { return nil }
        return try json(column, as: T.self)
    }
}

/// Row ↔ model mappings.
enum RowMapping {
    static func identity(_ row: Row) throws -> Identity {
        Identity(
            id: try row.text("id"),
            kind: try row.enumeration("kind"),
            name: try row.text("name"),
            owner: try row.text("owner"),
            purpose: try row.text("purpose"),
            trustTier: try row.enumeration("trust_tier"),
            environment: try row.text("environment"),
            tenant: try row.text("tenant"),
            labels: try row.json("labels"),
            reviewBy: try row.optionalDate("review_by"),
            expiresAt: try row.optionalDate("expires_at"),
            status: try row.enumeration("status"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at")
        )
    }

    static func arguments(_ identity: Identity) throws -> StatementArguments {
        [
            "id": identity.id, "kind": identity.kind.rawValue, "name": identity.name, "owner": identity.owner,
            "purpose": identity.purpose, "trust_tier": identity.trustTier.rawValue,
            "environment": identity.environment, "tenant": identity.tenant,
            "labels": try ColumnCoding.json(identity.labels),
            "review_by": ColumnCoding.encode(identity.reviewBy), "expires_at": ColumnCoding.encode(identity.expiresAt),
            "status": identity.status.rawValue, "created_at": ColumnCoding.encode(identity.createdAt),
            "updated_at": ColumnCoding.encode(identity.updatedAt),
        ]
    }

    static func credential(_ row: Row) throws -> Credential {
        Credential(
            id: try row.text("id"),
            identityID: try row.text("identity_id"),
            kind: try row.enumeration("kind"),
            secretHash: try row.optionalText("secret_hash"),
            hint: try row.optionalText("hint"),
            publicJWK: try row.optionalText("public_jwk"),
            kid: try row.optionalText("kid"),
            createdAt: try row.date("created_at"),
            lastUsedAt: try row.optionalDate("last_used_at"),
            expiresAt: try row.optionalDate("expires_at"),
            revokedAt: try row.optionalDate("revoked_at"),
            replacedBy: try row.optionalText("replaced_by"),
            rotatedFrom: try row.optionalText("rotated_from")
        )
    }

    static func arguments(_ credential: Credential) -> StatementArguments {
        [
            "id": credential.id, "identity_id": credential.identityID, "kind": credential.kind.rawValue,
            "secret_hash": credential.secretHash, "hint": credential.hint, "public_jwk": credential.publicJWK,
            "kid": credential.kid, "created_at": ColumnCoding.encode(credential.createdAt),
            "last_used_at": ColumnCoding.encode(credential.lastUsedAt),
            "expires_at": ColumnCoding.encode(credential.expiresAt),
            "revoked_at": ColumnCoding.encode(credential.revokedAt),
            "replaced_by": credential.replacedBy, "rotated_from": credential.rotatedFrom,
        ]
    }

    static func api(_ row: Row) throws -> API {
        API(
            name: try row.text("name"),
            audience: try row.text("audience"),
            owner: try row.text("owner"),
            sensitivity: try row.enumeration("sensitivity"),
            maxTokenTTL: try row.optionalInteger("max_token_ttl").map { Int($0) },
            status: try row.enumeration("status"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at")
        )
    }

    static func arguments(_ api: API) -> StatementArguments {
        [
            "name": api.name, "audience": api.audience, "owner": api.owner, "sensitivity": api.sensitivity.rawValue,
            "max_token_ttl": api.maxTokenTTL, "status": api.status.rawValue,
            "created_at": ColumnCoding.encode(api.createdAt), "updated_at": ColumnCoding.encode(api.updatedAt),
        ]
    }

    static func grant(_ row: Row) throws -> Grant {
        Grant(
            id: try row.text("id"),
            identityID: try row.text("identity_id"),
            api: try row.text("api"),
            scope: try row.text("scope"),
            expiresAt: try row.optionalDate("expires_at"),
            justification: try row.optionalText("justification"),
            grantedBy: try row.text("granted_by"),
            createdAt: try row.date("created_at")
        )
    }

    static func arguments(_ grant: Grant) -> StatementArguments {
        [
            "id": grant.id, "identity_id": grant.identityID, "api": grant.api, "scope": grant.scope,
            "expires_at": ColumnCoding.encode(grant.expiresAt), "justification": grant.justification,
            "granted_by": grant.grantedBy, "created_at": ColumnCoding.encode(grant.createdAt),
        ]
    }

    static func trustedIssuer(_ row: Row) throws -> TrustedIssuer {
        TrustedIssuer(
            id: try row.text("id"),
            issuer: try row.text("issuer"),
            jwks: try row.optionalText("jwks"),
            jwksURL: try row.optionalText("jwks_url"),
            allowedAudiences: try row.json("allowed_audiences"),
            claimRules: try row.json("claim_rules"),
            identityID: try row.text("identity_id"),
            maxScopes: try row.optionalJSON("max_scopes"),
            maxTTL: Int(try row.integer("max_ttl")),
            createdAt: try row.date("created_at")
        )
    }

    static func arguments(_ issuer: TrustedIssuer) throws -> StatementArguments {
        [
            "id": issuer.id, "issuer": issuer.issuer, "jwks": issuer.jwks, "jwks_url": issuer.jwksURL,
            "allowed_audiences": try ColumnCoding.json(issuer.allowedAudiences),
            "claim_rules": try ColumnCoding.json(issuer.claimRules), "identity_id": issuer.identityID,
            "max_scopes": try issuer.maxScopes.map { try ColumnCoding.json($0) }, "max_ttl": issuer.maxTTL,
            "created_at": ColumnCoding.encode(issuer.createdAt),
        ]
    }

    static func adminCredential(_ row: Row) throws -> AdminCredential {
        AdminCredential(
            id: try row.text("id"),
            name: try row.text("name"),
            role: try row.enumeration("role"),
            secretHash: try row.text("secret_hash"),
            createdAt: try row.date("created_at"),
            revokedAt: try row.optionalDate("revoked_at")
        )
    }

    static func arguments(_ credential: AdminCredential) -> StatementArguments {
        [
            "id": credential.id, "name": credential.name, "role": credential.role.rawValue,
            "secret_hash": credential.secretHash, "created_at": ColumnCoding.encode(credential.createdAt),
            "revoked_at": ColumnCoding.encode(credential.revokedAt),
        ]
    }

    static func signingKey(_ row: Row) throws -> SigningKey {
        guard let privateKey: Data = try row.decode(forColumn: "private_key") else {
            throw StoreError.corrupt("column private_key is unexpectedly empty")
        }
        return SigningKey(
            kid: try row.text("kid"),
            algorithm: try row.enumeration("algorithm"),
            privateKey: privateKey,
            publicJWK: try row.text("public_jwk"),
            createdAt: try row.date("created_at"),
            retiredAt: try row.optionalDate("retired_at"),
            removeAfter: try row.optionalDate("remove_after")
        )
    }

    static func arguments(_ key: SigningKey) -> StatementArguments {
        [
            "kid": key.kid, "algorithm": key.algorithm.rawValue, "private_key": key.privateKey,
            "public_jwk": key.publicJWK, "created_at": ColumnCoding.encode(key.createdAt),
            "retired_at": ColumnCoding.encode(key.retiredAt), "remove_after": ColumnCoding.encode(key.removeAfter),
        ]
    }

    static func revokedToken(_ row: Row) throws -> RevokedToken {
        RevokedToken(jti: try row.text("jti"), expiresAt: try row.date("expires_at"))
    }

    static func auditEvent(_ row: Row) throws -> AuditEvent {
        AuditEvent(
            sequence: try row.integer("sequence"),
            time: try row.date("time"),
            actor: try row.text("actor"),
            action: try row.text("action"),
            targetType: try row.text("target_type"),
            targetID: try row.text("target_id"),
            before: try row.optionalText("before"),
            after: try row.optionalText("after"),
            previousHash: try row.text("previous_hash"),
            hash: try row.text("hash")
        )
    }

    static func arguments(_ event: AuditEvent) -> StatementArguments {
        [
            "sequence": event.sequence, "time": ColumnCoding.encode(event.time), "actor": event.actor,
            "action": event.action, "target_type": event.targetType, "target_id": event.targetID,
            "before": event.before, "after": event.after, "previous_hash": event.previousHash, "hash": event.hash,
        ]
    }
}
