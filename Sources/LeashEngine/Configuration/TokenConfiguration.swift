import LeashCore

/// Settings of the OAuth token service; every field has a safe default.
public struct TokenConfiguration: Sendable {
    /// The authorization server's issuer identifier (RFC 8414 §2): the `iss` of every token and an
    /// accepted `aud` of client assertions. Default `http://127.0.0.1:8414`.
    public var issuer: String
    /// The token endpoint URL (RFC 8414 §2), also accepted as a client assertion's `aud`
    /// (RFC 7523 §3). Default: the issuer followed by `/oauth/token`.
    public var tokenEndpoint: String
    /// Lifetime of an access token when nothing shorter applies, in seconds. Default 300 (5 minutes).
    public var defaultTokenTTL: Int
    /// The longest lifetime any access token may have, in seconds; a retired signing key stays in
    /// the JWKS this long after rotation so every token it signed stays verifiable. Default 3600.
    public var maxTokenTTL: Int
    /// The algorithm for newly generated signing keys. Default EdDSA (Ed25519).
    public var signingAlgorithm: SigningAlgorithm
    /// How far in the future a client assertion's `exp` may lie, in seconds (RFC 7523 §3 item 4
    /// lets the server limit this). Default 3600: authlib's `private_key_jwt` asks for one hour.
    public var maxAssertionLifetime: Int
    /// Clock skew tolerated on `exp`, `nbf` and `iat` of assertions and federated tokens, in
    /// seconds. Default 30.
    public var clockLeeway: Int
    /// How many assertion `jti` values are remembered to refuse replays (RFC 7523 §3 item 7).
    /// Entries leave when their assertion expires; when the cache is full of unexpired entries,
    /// new assertions are refused (fail closed) rather than forgetting one. Default 100 000.
    public var replayCacheCapacity: Int
    /// How long a trusted issuer's JWKS fetched from a URL is reused, in seconds. Default 300.
    public var issuerKeysCacheTTL: Int
    /// How long a JWKS fetch may take, in seconds. Default 5.
    public var issuerKeysFetchTimeout: Int
    /// Pending usage records (credential last-used times, token-issued events) kept before new
    /// ones are dropped. Default 10 000.
    public var usageBufferCapacity: Int
    /// How often pending usage records are written to the store. Default 1 second.
    public var usageFlushInterval: Duration

    /// Creates a configuration; omitted fields take their documented defaults.
    public init(
        issuer: String = "http://127.0.0.1:8414",
        tokenEndpoint: String? = nil,
        defaultTokenTTL: Int = 300,
        maxTokenTTL: Int = 3600,
        signingAlgorithm: SigningAlgorithm = .eddsa,
        maxAssertionLifetime: Int = 3600,
        clockLeeway: Int = 30,
        replayCacheCapacity: Int = 100_000,
        issuerKeysCacheTTL: Int = 300,
        issuerKeysFetchTimeout: Int = 5,
        usageBufferCapacity: Int = 10_000,
        usageFlushInterval: Duration = .seconds(1)
    ) {
        let trimmedIssuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        self.issuer = trimmedIssuer
        self.tokenEndpoint = tokenEndpoint ?? trimmedIssuer + "/oauth/token"
        self.defaultTokenTTL = defaultTokenTTL
        self.maxTokenTTL = maxTokenTTL
        self.signingAlgorithm = signingAlgorithm
        self.maxAssertionLifetime = maxAssertionLifetime
        self.clockLeeway = clockLeeway
        self.replayCacheCapacity = replayCacheCapacity
        self.issuerKeysCacheTTL = issuerKeysCacheTTL
        self.issuerKeysFetchTimeout = issuerKeysFetchTimeout
        self.usageBufferCapacity = usageBufferCapacity
        self.usageFlushInterval = usageFlushInterval
    }

    /// The introspection endpoint URL (RFC 7662), for the RFC 8414 metadata document.
    public var introspectionEndpoint: String { issuer + "/oauth/introspect" }
    /// The revocation endpoint URL (RFC 7009), for the RFC 8414 metadata document.
    public var revocationEndpoint: String { issuer + "/oauth/revoke" }
    /// The JWKS URL (RFC 7517), for the RFC 8414 metadata document.
    public var jwksURI: String { issuer + "/jwks.json" }
}
