import Foundation
import LeashCore

// JSON shapes of the admin API (camelCase, documented in Resources/openapi.json). Domain records
// whose Codable form already matches (Identity, API) are sent as they are; these views exist where
// the wire shape differs or where a stored field (a secret hash) must never leave the server.

/// A credential as the admin API shows it: never the secret or its hash.
struct CredentialView: Codable, Sendable {
    var id: String
    var identityId: String
    var type: String
    var hint: String?
    var kid: String?
    var jwk: AnyJSON?
    var status: String
    var createdAt: Date
    var lastUsedAt: Date?
    var expiresAt: Date?
    var revokedAt: Date?
    var rotatedFrom: String?
    var replacedBy: String?

    init(_ credential: Credential, now: Date) {
        id = credential.id
        identityId = credential.identityID
        type = credential.kind.rawValue
        hint = credential.hint
        kid = credential.kid
        jwk = credential.publicJWK.flatMap { AnyJSON(jsonText: $0) }
        status = credential.revokedAt != nil ? "revoked" : (credential.isUsable(at: now) ? "active" : "expired")
        createdAt = credential.createdAt
        lastUsedAt = credential.lastUsedAt
        expiresAt = credential.expiresAt
        revokedAt = credential.revokedAt
        rotatedFrom = credential.rotatedFrom
        replacedBy = credential.replacedBy
    }
}

/// A new credential; `secret` is present only for client secrets and only in this answer.
struct IssuedCredentialView: Codable, Sendable {
    var credential: CredentialView
    var secret: String?
    var previous: CredentialView?
}

/// A grant with the admin API's field names.
struct GrantView: Codable, Sendable {
    var id: String
    var identityId: String
    var api: String
    var scope: String
    var expiresAt: Date?
    var justification: String?
    var grantedBy: String
    var createdAt: Date

    init(_ grant: Grant) {
        id = grant.id
        identityId = grant.identityID
        api = grant.api
        scope = grant.scope
        expiresAt = grant.expiresAt
        justification = grant.justification
        grantedBy = grant.grantedBy
        createdAt = grant.createdAt
    }
}

/// A trusted issuer with its inline JWKS as a JSON object.
struct TrustedIssuerView: Codable, Sendable {
    var id: String
    var issuer: String
    var jwks: AnyJSON?
    var jwksUrl: String?
    var allowedAudiences: [String]
    var claimRules: [String: String]
    var identityId: String
    var maxScopes: [String]?
    var maxTTL: Int
    var createdAt: Date

    init(_ issuer: TrustedIssuer) {
        id = issuer.id
        self.issuer = issuer.issuer
        jwks = issuer.jwks.flatMap { AnyJSON(jsonText: $0) }
        jwksUrl = issuer.jwksURL
        allowedAudiences = issuer.allowedAudiences
        claimRules = issuer.claimRules
        identityId = issuer.identityID
        maxScopes = issuer.maxScopes
        maxTTL = issuer.maxTTL
        createdAt = issuer.createdAt
    }
}

/// An admin credential without its secret hash.
struct AdminCredentialView: Codable, Sendable {
    var id: String
    var name: String
    var role: AdminRole
    var createdAt: Date
    var revokedAt: Date?

    init(_ credential: AdminCredential) {
        id = credential.id
        name = credential.name
        role = credential.role
        createdAt = credential.createdAt
        revokedAt = credential.revokedAt
    }
}

/// A new admin credential and its secret, shown once.
struct IssuedAdminCredentialView: Codable, Sendable {
    var credential: AdminCredentialView
    var secret: String
}

/// An audit event with its before/after states as JSON values.
struct AuditEventView: Codable, Sendable {
    var sequence: Int64
    var time: Date
    var actor: String
    var action: String
    var targetType: String
    var targetId: String
    var before: AnyJSON?
    var after: AnyJSON?
    var previousHash: String
    var hash: String

    init(_ event: AuditEvent) {
        sequence = event.sequence
        time = event.time
        actor = event.actor
        action = event.action
        targetType = event.targetType
        targetId = event.targetID
        before = event.before.flatMap { AnyJSON(jsonText: $0) }
        after = event.after.flatMap { AnyJSON(jsonText: $0) }
        previousHash = event.previousHash
        hash = event.hash
    }
}
