import Crypto
import Foundation
import LeashCore

/// How a client proved who it is (RFC 8414 §2 `token_endpoint_auth_methods_supported` names).
public enum ClientAuthenticationMethod: String, Sendable, Hashable, CaseIterable {
    /// HTTP Basic with the form-urlencoded client id and secret (RFC 6749 §2.3.1).
    case clientSecretBasic = "client_secret_basic"
    /// `client_id` and `client_secret` in the body (RFC 6749 §2.3.1).
    case clientSecretPost = "client_secret_post"
    /// A JWT signed with a registered key (RFC 7523 §2.2, §3).
    case privateKeyJWT = "private_key_jwt"
}

/// A client that has authenticated: its identity and the credential it used.
public struct AuthenticatedClient: Sendable {
    /// The identity (its id is the `client_id`).
    public let identity: Identity
    /// The credential that authenticated it.
    public let credential: Credential
    /// How it authenticated.
    public let method: ClientAuthenticationMethod
}

/// Authenticates OAuth clients from a request's `Authorization` header and body, against the snapshot.
struct ClientAuthenticator: Sendable {
    /// RFC 7523 §2.2 `client_assertion_type` value.
    static let jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    let configuration: TokenConfiguration
    let replayCache: ReplayCache

    /// Authenticates the client, or returns `nil` when the request carries no client authentication.
    ///
    /// RFC 6749 §2.3: a client MUST NOT use more than one method in a request, so two methods
    /// (for example Basic plus an assertion) are refused as `invalid_request`. Failures are
    /// `invalid_client`, with the Basic challenge when the client used the `Authorization` header.
    func authenticate(
        _ request: OAuthRequest, snapshot: InventorySnapshot, now: Date
    ) async throws(OAuthError) -> AuthenticatedClient? {
        let basic = request.authorization.flatMap(Self.basicScheme)
        if request.authorization != nil && basic == nil {
            // Only Basic authenticates a client here; a Bearer or other scheme is not a client credential.
            throw .invalidClient("the Authorization header must use the Basic scheme", basicChallenge: true)
        }
        let hasPostSecret = request.parameters["client_secret"] != nil
        let hasAssertion = request.parameters["client_assertion"] != nil || request.parameters["client_assertion_type"] != nil
        let methods = [basic != nil, hasPostSecret, hasAssertion].filter { $0 }.count
        guard methods <= 1 else {
            throw .invalidRequest("the request uses more than one client authentication method")
        }
        if let basic {
            return try authenticateBasic(basic, request: request, snapshot: snapshot, now: now)
        }
        if hasPostSecret {
            guard let clientID = request["client_id"] else {
                throw .invalidClient("client_secret was sent without client_id")
            }
            return try verifySecret(
                request.parameters["client_secret"] ?? "", clientID: clientID, method: .clientSecretPost,
                snapshot: snapshot, now: now)
        }
        if hasAssertion {
            return try await authenticateAssertion(request, snapshot: snapshot, now: now)
        }
        return nil
    }

    // MARK: client_secret_basic

    /// The credentials part of `Basic <base64>`, if the header uses the Basic scheme (RFC 7617 §2;
    /// the scheme name is ASCII case-insensitive, RFC 9110 §11.1). Bytes, not `lowercased()`:
    /// every `client_secret_basic` request passes here.
    static func basicScheme(_ header: String) -> Substring? {
        let utf8 = header.utf8
        guard let start = utf8.firstIndex(where: { $0 != UInt8(ascii: " ") }) else { return nil }
        var index = start
        for expected in "basic".utf8 {
            guard index < utf8.endIndex, utf8[index] | 0x20 == expected else { return nil }
            index = utf8.index(after: index)
        }
        guard index < utf8.endIndex, utf8[index] == UInt8(ascii: " ") else { return nil }
        index = utf8.index(after: index)
        guard index < utf8.endIndex else { return nil }
        return Substring(utf8[index...]).drop(while: { $0 == " " })
    }

    private func authenticateBasic(
        _ encoded: Substring, request: OAuthRequest, snapshot: InventorySnapshot, now: Date
    ) throws(OAuthError) -> AuthenticatedClient {
        // Bytes all the way: Foundation's NSString-bridged trimming and percent decoding cost
        // more than the signature on this path. The colon is ASCII, so it never splits a UTF-8 sequence.
        var credentials = Array(encoded.utf8)[...]
        while let last = credentials.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            credentials.removeLast()
        }
        guard let data = Base64.decode(credentials), let colon = data.firstIndex(of: UInt8(ascii: ":")) else {
            throw .invalidClient("the Basic credentials are malformed", basicChallenge: true)
        }
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
        guard let clientID = FormURLDecoding.decode(data[..<colon]),
            let secret = FormURLDecoding.decode(data[(colon + 1)...])
        else {
            throw .invalidClient("the Basic credentials are malformed", basicChallenge: true)
        }
        if let bodyID = request["client_id"], bodyID != clientID {
            throw .invalidRequest("client_id in the body differs from the authenticated client")
        }
        return try verifySecret(secret, clientID: clientID, method: .clientSecretBasic, snapshot: snapshot, now: now)
    }

    // MARK: secrets

    private func verifySecret(
        _ secret: String, clientID: String, method: ClientAuthenticationMethod, snapshot: InventorySnapshot, now: Date
    ) throws(OAuthError) -> AuthenticatedClient {
        let basic = method == .clientSecretBasic
        var secret = secret
        let presented = secret.withUTF8 { Array(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
        var matched: Credential?
        // Compare against every secret of the client in constant time, so timing does not tell
        // which credential (if any) nearly matched.
        for credential in snapshot.secretsByIdentity[clientID] ?? [] {
            guard let stored = credential.secretHash.flatMap(Hex.decode) else { continue }
            if SecretHashing.constantTimeEquals(presented, stored) && matched == nil { matched = credential }
        }
        guard let credential = matched, let identity = snapshot.identities[clientID] else {
            throw .invalidClient("client authentication failed", basicChallenge: basic)
        }
        guard credential.isUsable(at: now) else {
            throw .invalidClient("the client credential has been revoked or has expired", basicChallenge: basic)
        }
        guard identity.isUsable(at: now) else {
            throw .invalidClient("the client is not active", basicChallenge: basic)
        }
        return AuthenticatedClient(identity: identity, credential: credential, method: method)
    }

    // MARK: private_key_jwt

    /// RFC 7523 §3 client assertion checks, in order: type, form, iss = sub = client, audience,
    /// times, signature by a registered key of that client, then single use of `jti`.
    private func authenticateAssertion(
        _ request: OAuthRequest, snapshot: InventorySnapshot, now: Date
    ) async throws(OAuthError) -> AuthenticatedClient {
        guard request.parameters["client_assertion_type"] == Self.jwtBearerAssertionType else {
            throw .invalidClient("client_assertion_type must be \(Self.jwtBearerAssertionType)")
        }
        guard let assertion = request["client_assertion"] else {
            throw .invalidClient("client_assertion is missing")
        }
        let jws: CompactJWS
        do { jws = try CompactJWS(parsing: assertion) } catch {
            throw .invalidClient("the client assertion is malformed: \(error)")
        }
        let unverified = jws.unverifiedClaims
        // RFC 7523 §3 items 1–2: iss and sub are both the client_id.
        guard let issuer = unverified.string("iss"), let subject = unverified.string("sub"), issuer == subject else {
            throw .invalidClient("the client assertion's iss and sub must both be the client_id")
        }
        if let clientID = request["client_id"], clientID != subject {
            throw .invalidClient("client_id differs from the client assertion's subject")
        }
        guard let identity = snapshot.identities[subject] else {
            throw .invalidClient("client authentication failed")
        }
        let keys = snapshot.publicKeysByIdentity[subject] ?? []
        let verified: (claims: JWTClaimSet, key: VerificationKey)
        do { verified = try await JWSVerifier.verify(jws, keys: keys) } catch {
            throw .invalidClient("the client assertion was refused: \(error)")
        }
        let claims = verified.claims
        guard claims.string("iss") == identity.id, claims.string("sub") == identity.id else {
            throw .invalidClient("the client assertion's iss and sub must both be the client_id")
        }
        // RFC 7523 §3 item 3: aud identifies the AS; its issuer or its token endpoint.
        guard let audiences = claims.audiences,
            audiences.contains(configuration.issuer) || audiences.contains(configuration.tokenEndpoint)
        else {
            throw .invalidClient("the client assertion's aud must be the issuer or the token endpoint")
        }
        let policy = TimeClaimsPolicy(
            leeway: TimeInterval(configuration.clockLeeway),
            maximumLifetime: TimeInterval(configuration.maxAssertionLifetime))
        if let problem = policy.check(claims, now: now) {
            throw .invalidClient("the client assertion was refused: \(problem)")
        }
        guard let credential = snapshot.credentials[verified.key.owner] else {
            throw .invalidClient("client authentication failed")
        }
        guard credential.isUsable(at: now) else {
            throw .invalidClient("the client credential has been revoked or has expired")
        }
        guard identity.isUsable(at: now) else { throw .invalidClient("the client is not active") }
        // RFC 7523 §3 item 7: jti once only, remembered until the assertion expires.
        guard let jti = claims.string("jti"), !jti.isEmpty else {
            throw .invalidClient("the client assertion has no jti")
        }
        let expiry = claims.date("exp") ?? now
        switch replayCache.use("\(identity.id)\u{0}\(jti)", until: expiry.addingTimeInterval(TimeInterval(configuration.clockLeeway)), now: now) {
        case .fresh: break
        case .replayed: throw .invalidClient("the client assertion has already been used")
        case .full: throw .invalidClient("too many client assertions are in use; retry shortly")
        }
        return AuthenticatedClient(identity: identity, credential: credential, method: .privateKeyJWT)
    }
}
