import Crypto
import Foundation
import LeashCore

/// Everything decided about a token before it is signed.
struct IssuePlan: Sendable {
    /// The identity the token is about (`sub`).
    let subject: Identity
    /// The identity that asked for it (`client_id`).
    let clientID: String
    /// The credential used, for last-use tracking (none for federation without client auth).
    let credentialID: String?
    /// The audience.
    let api: API
    /// The scopes it carries.
    let scopes: ScopeSet
    /// The grants in force for the audience; those whose scope the token carries bound its lifetime.
    let grants: [Grant]
    /// Extra lifetime limits in seconds (trust policy max TTL).
    let maximumTTLs: [Int]
    /// Extra instants the token must not outlive (credential expiry, subject token expiry).
    let deadlines: [Date]
    /// The RFC 8693 `act` claim, for delegation.
    let actor: ActorClaim?
    /// The metrics label.
    let grantLabel: TokenMetrics.GrantLabel
    /// RFC 8693 §2.2.1 `issued_token_type`, for token exchange.
    let issuedTokenType: String?
}

extension TokenService {
    /// RFC 8707 §2 / RFC 8693 §2.1: the API the token is for, from `resource` or `audience`.
    /// Without either, the one API the identity holds grants on; otherwise the caller must say.
    func resolveAPI(_ request: OAuthRequest, identityID: String, snapshot: InventorySnapshot, now: Date) throws(OAuthError) -> API {
        let resources = request.resources.filter { !$0.isEmpty }
        guard resources.count <= 1 else { throw .invalidTarget("only one resource may be requested per token") }
        let resource = resources.first
        let audience = request["audience"]
        var api: API?
        if let resource {
            // RFC 8707 §2: an absolute URI without a fragment. A registered audience passed the
            // same rule (and more: `InventoryRules.absoluteURIProblem`) when its API was created,
            // so only a resource that names no API is parsed here, to say which rule it breaks.
            // `#` is searched as a byte: `String.contains` goes through Foundation's `range(of:)`.
            api = snapshot.apisByAudience[resource]
            guard !resource.utf8.contains(UInt8(ascii: "#")), api != nil || URL(string: resource)?.scheme != nil else {
                throw .invalidTarget("the resource must be an absolute URI without a fragment")
            }
            guard let found = api else {
                throw .invalidTarget("the resource \(Self.printable(resource)) is not a registered API")
            }
            if let audience, audience != found.audience, audience != found.name {
                throw .invalidTarget("resource and audience name different APIs")
            }
        } else if let audience {
            api = snapshot.apisByAudience[audience] ?? snapshot.apisByName[audience]
            guard api != nil else {
                throw .invalidTarget("the audience \(Self.printable(audience)) is not a registered API")
            }
        } else {
            let granted = snapshot.grantedAPIs(identityID: identityID, now: now)
            guard granted.count == 1, let name = granted.first, let only = snapshot.apisByName[name] else {
                if granted.isEmpty { throw .invalidScope("no scope is granted to this client") }
                throw .invalidRequest("the resource (or audience) parameter is required: the client holds grants on several APIs")
            }
            api = only
        }
        guard let api, api.status == .active else { throw .invalidTarget("the API no longer accepts new tokens") }
        return api
    }

    /// RFC 6749 §3.3: requested ∩ granted, refused (never narrowed) when anything requested is not granted.
    func selectScopes(_ request: OAuthRequest, within ceiling: ScopeSet) throws(OAuthError) -> ScopeSet {
        var requested: ScopeSet?
        if let value = request["scope"] {
            guard let parsed = ScopeSet(parsing: value) else { throw .invalidScope("the scope parameter is malformed") }
            requested = parsed
        }
        switch ScopeNarrowing.select(requested: requested, within: ceiling) {
        case .success(let scopes): return scopes
        case .failure(let refusal): throw .invalidScope(refusal.description)
        }
    }

    /// Fixes the lifetime, signs the RFC 9068 JWT, and records the issue.
    func mint(_ plan: IssuePlan, now: Date) async throws(OAuthError) -> TokenResponse {
        let usedGrants = plan.grants.filter { plan.scopes.contains($0.scope) }
        var deadlines = plan.deadlines + usedGrants.compactMap(\.expiresAt)
        if let expiry = plan.subject.expiresAt { deadlines.append(expiry) }
        var maximumTTLs = plan.maximumTTLs + [configuration.maxTokenTTL]
        if let apiMaximum = plan.api.maxTokenTTL { maximumTTLs.append(apiMaximum) }
        guard
            let lifetime = TokenLifetime.capped(
                now: now, defaultTTL: configuration.defaultTokenTTL, maximumTTLs: maximumTTLs, deadlines: deadlines)
        else {
            throw .invalidGrant("no token lifetime remains within the limits that apply")
        }
        let issuedAt = Int64(lifetime.issuedAt.timeIntervalSince1970)
        let claims = AccessTokenClaims(
            issuer: configuration.issuer, subject: plan.subject.id, clientID: plan.clientID,
            audience: plan.api.audience, scope: plan.scopes.formatted, tokenID: tokenIDs.next(),
            issuedAt: issuedAt, notBefore: issuedAt, expiresAt: Int64(lifetime.expiresAt.timeIntervalSince1970),
            actor: plan.actor, credentialID: plan.credentialID)
        let token: String
        do { token = try await keyRing.sign(claims) } catch {
            logger.error("access token signing failed", metadata: ["error": "\(error)"])
            throw .serverError("the token could not be signed")
        }
        usage?.recordIssue(
            identityID: plan.clientID, credentialID: plan.credentialID, grantType: plan.grantLabel.rawValue, at: now)
        metrics.recordIssued(plan.grantLabel)
        return TokenResponse(
            accessToken: token, expiresIn: lifetime.seconds, scope: claims.scope, issuedTokenType: plan.issuedTokenType)
    }
}
