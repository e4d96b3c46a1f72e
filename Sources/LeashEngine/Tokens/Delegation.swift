import Foundation
import LeashCore

extension TokenService {
    /// RFC 8693 delegation: the authenticated caller acts for the subject of a Leash access token.
    ///
    /// The result keeps the subject token's `sub` and audience, carries at most the scopes both the
    /// subject token holds and the caller is granted on that audience, lives no longer than the
    /// subject token, and records the caller in `act`, nesting any earlier actors (§4.1).
    func delegate(
        _ subjectToken: String, caller: AuthenticatedClient, request: OAuthRequest, snapshot: InventorySnapshot,
        now: Date
    ) async throws(OAuthError) -> TokenResponse {
        let subjectClaims = try await activeClaims(of: subjectToken, name: "subject_token", snapshot: snapshot, now: now)
        guard let subject = snapshot.identities[subjectClaims.subject], subject.isUsable(at: now) else {
            throw .invalidGrant("the subject token's identity is not active")
        }
        if let actorToken = request["actor_token"] {
            let actorClaims = try await activeClaims(of: actorToken, name: "actor_token", snapshot: snapshot, now: now)
            guard actorClaims.subject == caller.identity.id else {
                throw .invalidGrant("the actor_token does not belong to the authenticated client")
            }
        }
        guard let subjectAPI = snapshot.apisByAudience[subjectClaims.audience] else {
            throw .invalidTarget("the subject token's audience is no longer a registered API")
        }
        let api = try resolveDelegationAPI(request, subjectAPI: subjectAPI, snapshot: snapshot)
        let callerGrants = snapshot.effectiveGrants(identityID: caller.identity.id, api: api.name, now: now)
        var requested: ScopeSet?
        if let value = request["scope"] {
            guard let parsed = ScopeSet(parsing: value) else { throw .invalidScope("the scope parameter is malformed") }
            requested = parsed
        }
        let scopes: ScopeSet
        switch ScopeNarrowing.delegated(
            requested: requested, subjectScopes: subjectClaims.scopes,
            actorGrants: ScopeSet(uncheckedScopes: callerGrants.map(\.scope)))
        {
        case .success(let narrowed): scopes = narrowed
        case .failure(let refusal):
            throw .invalidScope(
                refusal.outside.isEmpty
                    ? "the subject token and the caller's grants have no scope in common"
                    : "the requested scope exceeds the subject token's scopes and the caller's grants: \(refusal.outside.formatted)")
        }
        var deadlines = [subjectClaims.expiry]
        if let expiry = caller.identity.expiresAt { deadlines.append(expiry) }
        if let expiry = caller.credential.expiresAt { deadlines.append(expiry) }
        let plan = IssuePlan(
            subject: subject, clientID: caller.identity.id, credentialID: caller.credential.id, api: api, scopes: scopes,
            grants: callerGrants, maximumTTLs: [], deadlines: deadlines,
            actor: ActorClaim(subject: caller.identity.id, previous: subjectClaims.actor), grantLabel: .delegation,
            issuedTokenType: Self.accessTokenType)
        return try await mint(plan, now: now)
    }

    /// A delegated token keeps the subject token's audience: scopes are per API, so carrying them
    /// to another API would widen rather than narrow.
    private func resolveDelegationAPI(_ request: OAuthRequest, subjectAPI: API, snapshot: InventorySnapshot) throws(OAuthError) -> API {
        let resources = request.resources.filter { !$0.isEmpty }
        guard resources.count <= 1 else { throw .invalidTarget("only one resource may be requested per token") }
        for target in resources + [request["audience"]].compactMap({ $0 }) {
            guard target == subjectAPI.audience || target == subjectAPI.name else {
                throw .invalidTarget("a delegated token must keep the subject token's audience")
            }
        }
        guard subjectAPI.status == .active else { throw .invalidTarget("the API no longer accepts new tokens") }
        return subjectAPI
    }

    /// Verifies a Leash access token presented as a grant: ours, unexpired, valid now, not revoked.
    func activeClaims(
        of token: String, name: String, snapshot: InventorySnapshot, now: Date
    ) async throws(OAuthError) -> AccessTokenClaims {
        let claims: AccessTokenClaims
        do { claims = try await keyRing.verify(token) } catch {
            throw .invalidGrant("the \(name) was refused: \(error)")
        }
        guard let problem = inactivityReason(claims, snapshot: snapshot, now: now) else { return claims }
        throw .invalidGrant("the \(name) was refused: \(problem)")
    }

    /// Why a signature-verified Leash token is not active now, or `nil` if it is.
    func inactivityReason(_ claims: AccessTokenClaims, snapshot: InventorySnapshot, now: Date) -> String? {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        if claims.issuer != configuration.issuer { return "it was issued by another server" }
        if claims.expiresAt <= seconds { return "it has expired" }
        if claims.notBefore > seconds + Int64(configuration.clockLeeway) { return "it is not valid yet" }
        if snapshot.isRevoked(jti: claims.tokenID) { return "it has been revoked" }
        return nil
    }
}
