import Foundation
import LeashCore
import LeashStore

/// An immutable, indexed copy of everything the token path reads, so issuing, introspecting and
/// revoking never query the store. Built from one consistent read and swapped whole on change.
public struct InventorySnapshot: Sendable {
    /// The store's change version the snapshot reflects.
    public let version: UInt64
    /// Identities by id (the OAuth `client_id`).
    public let identities: [String: Identity]
    /// Credentials by id.
    public let credentials: [String: Credential]
    /// Client-secret credentials by identity id.
    public let secretsByIdentity: [String: [Credential]]
    /// Parsed public keys of `private_key_jwt` credentials by identity id (`owner` = credential id).
    public let publicKeysByIdentity: [String: [VerificationKey]]
    /// Grants by identity id.
    public let grantsByIdentity: [String: [Grant]]
    /// APIs by audience URI.
    public let apisByAudience: [String: API]
    /// APIs by name.
    public let apisByName: [String: API]
    /// Trusted issuers by exact `iss` value (several trust policies may share one issuer).
    public let trustedIssuers: [String: [TrustedIssuer]]
    /// Parsed inline JWKS of trusted issuers by issuer record id.
    public let inlineIssuerKeys: [String: [VerificationKey]]
    /// Revoked access token `jti`s with the token's expiry.
    public let revokedTokens: [String: Date]
    /// Admin credentials by SHA-256 secret hash (hex).
    public let adminCredentials: [String: AdminCredential]

    /// Indexes the store's contents.
    public init(contents: StoreContents, adminCredentials: [AdminCredential]) {
        version = contents.version
        identities = Dictionary(contents.identities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        credentials = Dictionary(contents.credentials.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var secrets: [String: [Credential]] = [:]
        var keys: [String: [VerificationKey]] = [:]
        for credential in contents.credentials {
            switch credential.kind {
            case .clientSecret:
                secrets[credential.identityID, default: []].append(credential)
            case .publicKey:
                guard let jwk = credential.publicJWK, let key = VerificationKey(jwkJSON: jwk, owner: credential.id)
                else { continue }
                keys[credential.identityID, default: []].append(key.withKeyID(credential.kid))
            }
        }
        secretsByIdentity = secrets
        publicKeysByIdentity = keys
        grantsByIdentity = Dictionary(grouping: contents.grants, by: \.identityID)
        apisByAudience = Dictionary(contents.apis.map { ($0.audience, $0) }, uniquingKeysWith: { first, _ in first })
        apisByName = Dictionary(contents.apis.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        trustedIssuers = Dictionary(grouping: contents.trustedIssuers, by: \.issuer)
        var inline: [String: [VerificationKey]] = [:]
        for issuer in contents.trustedIssuers {
            if let jwks = issuer.jwks {
                inline[issuer.id] = VerificationKey.keySet(json: Data(jwks.utf8), owner: issuer.id) ?? []
            }
        }
        inlineIssuerKeys = inline
        revokedTokens = Dictionary(
            contents.revokedTokens.map { ($0.jti, $0.expiresAt) }, uniquingKeysWith: { first, _ in first })
        self.adminCredentials = Dictionary(
            adminCredentials.map { ($0.secretHash.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    private init(copying other: InventorySnapshot, revokedTokens: [String: Date]) {
        version = other.version
        identities = other.identities
        credentials = other.credentials
        secretsByIdentity = other.secretsByIdentity
        publicKeysByIdentity = other.publicKeysByIdentity
        grantsByIdentity = other.grantsByIdentity
        apisByAudience = other.apisByAudience
        apisByName = other.apisByName
        trustedIssuers = other.trustedIssuers
        inlineIssuerKeys = other.inlineIssuerKeys
        self.revokedTokens = revokedTokens
        adminCredentials = other.adminCredentials
    }

    /// A copy that also holds the given revocations (applied at once, before the store's feed
    /// delivers them, so a revoked token is refused on its very next use).
    public func addingRevocations(_ revoked: [RevokedToken]) -> InventorySnapshot {
        var tokens = revokedTokens
        for entry in revoked { tokens[entry.jti] = entry.expiresAt }
        return InventorySnapshot(copying: self, revokedTokens: tokens)
    }

    /// Whether the access token with `jti` has been revoked.
    public func isRevoked(jti: String) -> Bool { revokedTokens[jti] != nil }

    /// The grants of `identityID` on the API named `api` that are in force at `now`.
    public func effectiveGrants(identityID: String, api: String, now: Date) -> [Grant] {
        (grantsByIdentity[identityID] ?? []).filter { $0.api == api && $0.isEffective(at: now) }
    }

    /// The names of the active APIs on which `identityID` holds at least one grant in force at `now`.
    public func grantedAPIs(identityID: String, now: Date) -> Set<String> {
        Set(
            (grantsByIdentity[identityID] ?? []).filter { grant in
                grant.isEffective(at: now) && apisByName[grant.api]?.status == .active
            }.map(\.api))
    }
}

extension VerificationKey {
    /// The key with the credential's registered `kid` when the JWK itself carries none.
    func withKeyID(_ kid: String?) -> VerificationKey {
        guard keyID == nil, let kid else { return self }
        return VerificationKey(copying: self, keyID: kid)
    }
}
