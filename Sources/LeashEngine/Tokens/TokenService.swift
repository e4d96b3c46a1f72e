import Foundation
import LeashCore
import LeashStore
import Logging

/// The OAuth 2.0 token service: issues (RFC 6749, 7523, 8693), introspects (RFC 7662) and
/// revokes (RFC 7009) Leash access tokens (RFC 9068), reading only the in-memory snapshot.
///
/// HTTP-free: each endpoint takes an `OAuthRequest` (form parameters and the `Authorization`
/// header) and returns a typed response or throws an `OAuthError` carrying the RFC error code,
/// description, status and `WWW-Authenticate` challenge.
public struct TokenService: Sendable {
    /// RFC 8693 §2.1 grant type.
    public static let tokenExchangeGrantType = "urn:ietf:params:oauth:grant-type:token-exchange"
    /// RFC 7523 §2.1 grant type.
    public static let jwtBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    /// RFC 8693 §3 token type identifiers.
    public static let accessTokenType = "urn:ietf:params:oauth:token-type:access_token"
    /// RFC 8693 §3: a JWT.
    public static let jwtTokenType = "urn:ietf:params:oauth:token-type:jwt"
    /// RFC 8693 §3: an OpenID Connect ID token.
    public static let idTokenType = "urn:ietf:params:oauth:token-type:id_token"

    /// The settings in force.
    public let configuration: TokenConfiguration
    /// The inventory snapshot the service reads.
    public let snapshots: SnapshotHolder
    /// The signing keys.
    public let keyRing: KeyRing
    let store: any LeashStore
    let authenticator: ClientAuthenticator
    let federation: FederatedTokenVerifier
    let usage: UsageRecorder?
    let metrics: TokenMetrics
    let tokenIDs: TokenIDSource
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates the service. `now` is the clock (injected so expiry is testable without sleeping).
    public init(
        configuration: TokenConfiguration,
        store: any LeashStore,
        snapshots: SnapshotHolder,
        keyRing: KeyRing,
        issuerKeys: IssuerKeyCache,
        replayCache: ReplayCache,
        usage: UsageRecorder?,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "leash.tokens")
    ) {
        self.configuration = configuration
        self.store = store
        self.snapshots = snapshots
        self.keyRing = keyRing
        self.authenticator = ClientAuthenticator(configuration: configuration, replayCache: replayCache)
        self.federation = FederatedTokenVerifier(configuration: configuration, issuerKeys: issuerKeys, logger: logger)
        self.usage = usage
        self.metrics = TokenMetrics()
        self.tokenIDs = TokenIDSource()
        self.now = now
        self.logger = logger
    }

    // MARK: POST /oauth/token

    /// Handles a token request (`POST /oauth/token`).
    public func token(_ request: OAuthRequest) async throws(OAuthError) -> TokenResponse {
        do {
            return try await issue(request)
        } catch {
            metrics.recordRefused(error)
            logger.debug("token refused", metadata: ["error": "\(error.code)", "reason": "\(error.message)"])
            throw error
        }
    }

    private func issue(_ request: OAuthRequest) async throws(OAuthError) -> TokenResponse {
        try request.requireNoRepeats()
        guard let grantType = request["grant_type"] else { throw .invalidRequest("grant_type is missing") }
        let snapshot = snapshots.snapshot
        let now = now()
        switch grantType {
        case "client_credentials":
            return try await clientCredentials(request, snapshot: snapshot, now: now)
        case Self.tokenExchangeGrantType:
            return try await tokenExchange(request, snapshot: snapshot, now: now)
        case Self.jwtBearerGrantType:
            return try await jwtBearer(request, snapshot: snapshot, now: now)
        default:
            throw .unsupportedGrantType("the grant type \(Self.printable(grantType)) is not supported")
        }
    }

    /// RFC 6749 §4.4: the client acts on its own behalf.
    private func clientCredentials(
        _ request: OAuthRequest, snapshot: InventorySnapshot, now: Date
    ) async throws(OAuthError) -> TokenResponse {
        guard let client = try await authenticator.authenticate(request, snapshot: snapshot, now: now) else {
            throw .invalidClient("client authentication is required")
        }
        let api = try resolveAPI(request, identityID: client.identity.id, snapshot: snapshot, now: now)
        let grants = snapshot.effectiveGrants(identityID: client.identity.id, api: api.name, now: now)
        let scopes = try selectScopes(request, within: ScopeSet(uncheckedScopes: grants.map(\.scope)))
        let plan = IssuePlan(
            subject: client.identity, clientID: client.identity.id, credentialID: client.credential.id, api: api,
            scopes: scopes, grants: grants, maximumTTLs: [], deadlines: [client.credential.expiresAt].compactMap { $0 },
            actor: nil, grantLabel: .clientCredentials, issuedTokenType: nil)
        return try await mint(plan, now: now)
    }

    /// RFC 7523 §2.1: a JWT from a trusted issuer is the grant (federation); client
    /// authentication is optional, and if present must be the identity the JWT maps to.
    private func jwtBearer(
        _ request: OAuthRequest, snapshot: InventorySnapshot, now: Date
    ) async throws(OAuthError) -> TokenResponse {
        guard let assertion = request["assertion"] else { throw .invalidRequest("assertion is missing") }
        let client = try await authenticator.authenticate(request, snapshot: snapshot, now: now)
        let jws = try Self.parseGrantToken(assertion, name: "assertion")
        if let issuer = jws.unverifiedClaims.string("iss"), ClaimRules.exactlyEqual(issuer, configuration.issuer) {
            throw .invalidGrant("a Leash access token cannot be used as an assertion; use token exchange")
        }
        let subject = try await federation.verify(jws, snapshot: snapshot, now: now)
        return try await issueFederated(subject, client: client, request: request, label: .jwtBearer, snapshot: snapshot, now: now)
    }

    /// RFC 8693 §2.1: token exchange. A subject token issued by Leash means delegation; one from a
    /// trusted external issuer means federation.
    private func tokenExchange(
        _ request: OAuthRequest, snapshot: InventorySnapshot, now: Date
    ) async throws(OAuthError) -> TokenResponse {
        guard let subjectToken = request["subject_token"] else { throw .invalidRequest("subject_token is missing") }
        guard let subjectTokenType = request["subject_token_type"] else {
            throw .invalidRequest("subject_token_type is missing")
        }
        guard [Self.accessTokenType, Self.jwtTokenType, Self.idTokenType].contains(subjectTokenType) else {
            throw .invalidRequest("the subject_token_type \(Self.printable(subjectTokenType)) is not supported")
        }
        if let requested = request["requested_token_type"], requested != Self.accessTokenType, requested != Self.jwtTokenType {
            throw .invalidRequest("only access tokens can be issued (requested_token_type)")
        }
        if request["actor_token"] != nil && request["actor_token_type"] == nil {
            throw .invalidRequest("actor_token_type is required with actor_token")
        }
        if request["actor_token"] == nil && request["actor_token_type"] != nil {
            throw .invalidRequest("actor_token_type was sent without actor_token")
        }
        let client = try await authenticator.authenticate(request, snapshot: snapshot, now: now)
        let jws = try Self.parseGrantToken(subjectToken, name: "subject_token")
        if let issuer = jws.unverifiedClaims.string("iss"), ClaimRules.exactlyEqual(issuer, configuration.issuer) {
            guard subjectTokenType != Self.idTokenType else {
                throw .invalidRequest("a Leash access token is not an id_token")
            }
            guard let client else { throw .invalidClient("client authentication is required for delegation") }
            return try await delegate(subjectToken, caller: client, request: request, snapshot: snapshot, now: now)
        }
        guard request["actor_token"] == nil else {
            throw .invalidRequest("actor_token is only accepted when delegating a Leash token")
        }
        let subject = try await federation.verify(jws, snapshot: snapshot, now: now)
        return try await issueFederated(
            subject, client: client, request: request, label: .tokenExchange, snapshot: snapshot, now: now)
    }

    private func issueFederated(
        _ subject: FederatedSubject, client: AuthenticatedClient?, request: OAuthRequest,
        label: TokenMetrics.GrantLabel, snapshot: InventorySnapshot, now: Date
    ) async throws(OAuthError) -> TokenResponse {
        if let client, client.identity.id != subject.identity.id {
            throw .invalidGrant("the token maps to a different identity than the authenticated client")
        }
        let identity = subject.identity
        let api = try resolveAPI(request, identityID: identity.id, snapshot: snapshot, now: now)
        var grants = snapshot.effectiveGrants(identityID: identity.id, api: api.name, now: now)
        if let maxScopes = subject.policy.maxScopes {
            // A cap entry is a plain scope or `api:scope` (TrustedIssuer.maxScopes).
            let cap = Set(maxScopes)
            grants = grants.filter { cap.contains($0.scope) || cap.contains("\(api.name):\($0.scope)") }
        }
        let scopes = try selectScopes(request, within: ScopeSet(uncheckedScopes: grants.map(\.scope)))
        let plan = IssuePlan(
            subject: identity, clientID: identity.id, credentialID: client?.credential.id, api: api, scopes: scopes,
            grants: grants, maximumTTLs: [subject.policy.maxTTL], deadlines: [], actor: nil, grantLabel: label,
            issuedTokenType: label == .tokenExchange ? Self.accessTokenType : nil)
        return try await mint(plan, now: now)
    }

    static func parseGrantToken(_ token: String, name: String) throws(OAuthError) -> CompactJWS {
        do { return try CompactJWS(parsing: token) } catch { throw .invalidGrant("the \(name) is malformed: \(error)") }
    }

    /// A parameter value safe to repeat in an error message: short and printable ASCII.
    static func printable(_ value: String) -> String {
        let safe = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        guard safe else { return "(unprintable)" }
        return value.count > 80 ? String(value.prefix(80)) + "…" : value
    }
}
