import Crypto
import Foundation
import LeashCore

/// Who called the introspection or revocation endpoint.
public enum EndpointCaller: Sendable {
    /// An OAuth client (identity) that authenticated like at the token endpoint.
    case client(AuthenticatedClient)
    /// An admin API credential (`Authorization: Bearer leash_adm_…`).
    case admin(AdminCredential)

    /// The caller's id, for audit records.
    public var id: String {
        switch self {
        case .client(let client): client.identity.id
        case .admin(let admin): admin.id
        }
    }
}

extension TokenService {
    // MARK: POST /oauth/introspect

    /// RFC 7662 §2: reports whether `token` is active. The caller must authenticate (§2.1); any
    /// token that is malformed, foreign, expired, revoked, or whose identities are no longer
    /// active is reported as `{"active": false}` and nothing more (§2.2).
    public func introspect(_ request: OAuthRequest) async throws(OAuthError) -> IntrospectionResponse {
        try request.requireNoRepeats()
        let snapshot = snapshots.snapshot
        let now = now()
        _ = try await authenticateCaller(request, snapshot: snapshot, now: now)
        guard let token = request["token"] else { throw .invalidRequest("token is missing") }
        guard let claims = try? await keyRing.verify(token),
            inactivityReason(claims, snapshot: snapshot, now: now) == nil,
            snapshot.identities[claims.subject]?.isUsable(at: now) == true,
            snapshot.identities[claims.clientID]?.isUsable(at: now) == true
        else {
            return .inactive
        }
        return IntrospectionResponse(active: claims)
    }

    // MARK: POST /oauth/revoke

    /// RFC 7009 §2: revokes an access token. Answers success for a well-formed request even when the
    /// token is unknown, invalid or expired (§2.2); a client may revoke only tokens issued to it,
    /// an admin credential any token. The revocation holds at once in this node's snapshot.
    public func revoke(_ request: OAuthRequest) async throws(OAuthError) {
        try request.requireNoRepeats()
        let snapshot = snapshots.snapshot
        let now = now()
        let caller = try await authenticateCaller(request, snapshot: snapshot, now: now)
        guard let token = request["token"] else { throw .invalidRequest("token is missing") }
        // §2.1: token_type_hint is only a hint; unknown values are ignored.
        guard let claims = try? await keyRing.verify(token), claims.issuer == configuration.issuer,
            claims.expiresAt > Int64(now.timeIntervalSince1970)
        else {
            return
        }
        if case .client(let client) = caller, client.identity.id != claims.clientID {
            throw .unauthorizedClient("the token was not issued to this client")
        }
        guard !snapshot.isRevoked(jti: claims.tokenID) else { return }
        let entry = RevokedToken(jti: claims.tokenID, expiresAt: claims.expiry)
        do {
            try await store.write { transaction in
                try transaction.insert(entry)
                try transaction.appendAudit(
                    AuditDraft(
                        time: now, actor: caller.id, action: "token.revoke", targetType: "token",
                        targetID: claims.tokenID,
                        after: #"{"client_id":"\#(claims.clientID)","exp":\#(claims.expiresAt),"sub":"\#(claims.subject)"}"#))
            }
        } catch {
            logger.error("token revocation could not be stored", metadata: ["error": "\(error)"])
            throw .serverError("the revocation could not be recorded")
        }
        snapshots.addRevocations([entry])
    }

    /// Authenticates the caller of introspection or revocation: an admin credential as a Bearer
    /// token, or client authentication as at the token endpoint. Anything else is `invalid_client`.
    func authenticateCaller(_ request: OAuthRequest, snapshot: InventorySnapshot, now: Date) async throws(OAuthError) -> EndpointCaller {
        if let header = request.authorization, let bearer = Self.bearerToken(header) {
            let presented = Array(SHA256.hash(data: Data(bearer.utf8)))
            let key = Hex.encode(presented)
            guard let admin = snapshot.adminCredentials[key],
                let stored = Hex.decode(admin.secretHash),
                SecretHashing.constantTimeEquals(presented, stored), admin.revokedAt == nil
            else {
                throw OAuthError(.invalidClient, "the admin credential is not valid", challenge: #"Bearer realm="leash""#)
            }
            return .admin(admin)
        }
        guard let client = try await authenticator.authenticate(request, snapshot: snapshot, now: now) else {
            throw .invalidClient("the caller must authenticate", basicChallenge: true)
        }
        return .client(client)
    }

    /// The token of `Bearer <token>` (RFC 6750 §2.1), if the header uses that scheme.
    static func bearerToken(_ header: String) -> String? {
        let trimmed = header.drop(while: { $0 == " " })
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let token = trimmed.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
