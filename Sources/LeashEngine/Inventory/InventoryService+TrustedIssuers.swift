import Foundation
import LeashCore
import LeashStore

/// What a caller supplies to trust an external issuer (workload identity federation).
public struct TrustedIssuerDraft: Codable, Hashable, Sendable {
    /// Exact `iss` of the external tokens.
    public var issuer: String
    /// Inline JWKS JSON; exactly one of `jwks` and `jwksURL`.
    public var jwks: String?
    /// HTTPS URL of the JWKS (HTTP only for loopback).
    public var jwksURL: String?
    /// The external token's `aud` must contain one of these (at least one).
    public var allowedAudiences: [String]
    /// Claim path → exact value; at least one, so that not every token of a shared issuer maps to the identity.
    public var claimRules: [String: String]
    public var identityID: String
    /// Upper bound on exchanged scopes; nil means everything the identity is granted.
    public var maxScopes: [String]?
    /// Seconds, 1…86400; 300 when nil.
    public var maxTTL: Int?

    /// Creates a draft.
    public init(
        issuer: String, jwks: String? = nil, jwksURL: String? = nil, allowedAudiences: [String],
        claimRules: [String: String], identityID: String, maxScopes: [String]? = nil, maxTTL: Int? = nil
    ) {
        self.issuer = issuer
        self.jwks = jwks
        self.jwksURL = jwksURL
        self.allowedAudiences = allowedAudiences
        self.claimRules = claimRules
        self.identityID = identityID
        self.maxScopes = maxScopes
        self.maxTTL = maxTTL
    }
}

extension InventoryService {
    /// Default `maxTTL` of a trusted issuer, in seconds.
    public static let defaultFederatedTTL = 300

    /// Trusts an external issuer for one identity that is not decommissioned.
    public func createTrustedIssuer(_ draft: TrustedIssuerDraft, actor: String) async throws -> TrustedIssuer {
        let now = now()
        let issuer = TrustedIssuer(
            id: ResourceID.make(prefix: ResourceID.trustedIssuerPrefix), issuer: draft.issuer, jwks: draft.jwks,
            jwksURL: draft.jwksURL, allowedAudiences: draft.allowedAudiences, claimRules: draft.claimRules,
            identityID: draft.identityID, maxScopes: draft.maxScopes, maxTTL: draft.maxTTL ?? Self.defaultFederatedTTL,
            createdAt: now)
        try Self.check(issuer)
        return try await write { transaction in
            try Self.requireLiveIdentity(issuer.identityID, in: transaction)
            try transaction.insert(issuer)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "issuer.create", actor: actor, time: now, targetType: "trusted_issuer", targetID: issuer.id,
                    before: TrustedIssuer?.none, after: issuer))
            return issuer
        }
    }

    /// The trusted issuer with `id`; `notFound` if there is none.
    public func trustedIssuer(id: String) async throws -> TrustedIssuer {
        guard let issuer = try await read({ try $0.trustedIssuer(id: id) }) else {
            throw InventoryError.notFound("trusted issuer \(id)")
        }
        return issuer
    }

    /// Every trusted issuer, oldest first.
    public func trustedIssuers() async throws -> [TrustedIssuer] { try await read { try $0.trustedIssuers() } }

    /// Replaces a trusted issuer's settings with `draft` (its id and creation time stay).
    public func updateTrustedIssuer(id: String, _ draft: TrustedIssuerDraft, actor: String) async throws -> TrustedIssuer {
        let now = now()
        return try await write { transaction in
            guard let before = try transaction.trustedIssuer(id: id) else {
                throw InventoryError.notFound("trusted issuer \(id)")
            }
            let after = TrustedIssuer(
                id: id, issuer: draft.issuer, jwks: draft.jwks, jwksURL: draft.jwksURL,
                allowedAudiences: draft.allowedAudiences, claimRules: draft.claimRules, identityID: draft.identityID,
                maxScopes: draft.maxScopes, maxTTL: draft.maxTTL ?? Self.defaultFederatedTTL, createdAt: before.createdAt)
            try Self.check(after)
            guard after != before else { return before }
            try Self.requireLiveIdentity(after.identityID, in: transaction)
            try transaction.update(after)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "issuer.update", actor: actor, time: now, targetType: "trusted_issuer", targetID: id,
                    before: before, after: after))
            return after
        }
    }

    /// Stops trusting an issuer.
    public func deleteTrustedIssuer(id: String, actor: String) async throws {
        let now = now()
        try await write { transaction in
            guard let before = try transaction.trustedIssuer(id: id) else {
                throw InventoryError.notFound("trusted issuer \(id)")
            }
            try transaction.deleteTrustedIssuer(id: id)
            try transaction.appendAudit(
                AuditRecord.draft(
                    "issuer.delete", actor: actor, time: now, targetType: "trusted_issuer", targetID: id,
                    before: before, after: TrustedIssuer?.none))
        }
    }

    static func check(_ issuer: TrustedIssuer) throws(InventoryError) {
        if let problem = InventoryRules.absoluteURIProblem(issuer.issuer) { throw .invalidField("issuer", problem) }
        switch (issuer.jwks, issuer.jwksURL) {
        case (nil, nil), (.some, .some):
            throw .invalidField("jwks", "exactly one of jwks (inline) and jwksURL must be given")
        case (.some(let jwks), nil):
            try checkJWKS(jwks)
        case (nil, .some(let url)):
            if let problem = InventoryRules.fetchURLProblem(url) { throw .invalidField("jwksURL", problem) }
        }
        guard !issuer.allowedAudiences.isEmpty, issuer.allowedAudiences.count <= 20 else {
            throw .invalidField("allowedAudiences", "must list between 1 and 20 audiences")
        }
        for audience in issuer.allowedAudiences {
            if let problem = InventoryRules.textProblem(audience, maximum: 2048, required: true) {
                throw .invalidField("allowedAudiences", "entries \(problem)")
            }
        }
        guard !issuer.claimRules.isEmpty, issuer.claimRules.count <= 20 else {
            throw .invalidField(
                "claimRules", "must have between 1 and 20 rules (e.g. sub), so that not every token of the issuer matches")
        }
        for (path, value) in issuer.claimRules {
            if let problem = InventoryRules.textProblem(path, maximum: 200, required: true) {
                throw .invalidField("claimRules", "claim names \(problem)")
            }
            if let problem = InventoryRules.textProblem(value, maximum: 2048, required: true) {
                throw .invalidField("claimRules", "value of \(path) \(problem)")
            }
        }
        if let scopes = issuer.maxScopes {
            for scope in scopes {
                if let problem = InventoryRules.scopeTokenProblem(scope) { throw .invalidField("maxScopes", problem) }
            }
        }
        guard (1...maximumTokenTTL).contains(issuer.maxTTL) else {
            throw .invalidField("maxTTL", "must be between 1 and \(maximumTokenTTL) seconds")
        }
    }

    /// An inline JWKS (RFC 7517 §5): an object whose non-empty `keys` are all acceptable public keys.
    private static func checkJWKS(_ jwks: String) throws(InventoryError) {
        guard jwks.utf8.count <= 65_536,
            let object = (try? JSONSerialization.jsonObject(with: Data(jwks.utf8))) as? [String: Any],
            let keys = object["keys"] as? [Any], !keys.isEmpty
        else { throw .invalidField("jwks", "must be a JWK Set: a JSON object with a non-empty \"keys\" array") }
        for key in keys {
            guard JSONSerialization.isValidJSONObject(key),
                let data = try? JSONSerialization.data(withJSONObject: key)
            else { throw .invalidField("jwks", "every entry of \"keys\" must be a JSON object") }
            do {
                _ = try ClientPublicKey(jwkJSON: String(decoding: data, as: UTF8.self), kid: nil)
            } catch {
                throw .invalidField("jwks", "has an unacceptable key: \(error.message)")
            }
        }
    }
}
