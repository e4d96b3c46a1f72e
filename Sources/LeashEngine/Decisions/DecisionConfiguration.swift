/// Settings of the decision point; every field has a safe default.
public struct DecisionConfiguration: Sendable, Equatable {
    /// The issuer identifier every access token must carry as `iss` (the token service's).
    public var issuer: String
    /// Clock skew tolerated on a token's `exp` and `nbf`, in seconds. Default 5: tokens are
    /// issued and checked by Leash nodes, whose clocks should agree closely.
    public var clockLeeway: Int
    /// How old the snapshot may grow without the store confirming it current before every decision
    /// is refused with `snapshot_stale` (fail closed), in seconds. Default 30.
    public var stalenessBound: Int
    /// How often the store is asked whether the snapshot is still current (the heartbeat that keeps
    /// it fresh and the snapshot-age metric up to date). Default 1 second.
    public var heartbeatInterval: Duration
    /// How many verified tokens are cached (signature checked once per token). 0 disables the
    /// cache. Default 100 000.
    public var tokenCacheCapacity: Int
    /// The longest lifetime any access token may have, in seconds: a token revoked by `jti` alone
    /// stays on the revocation list this long. Default 3600 (the token service's default).
    public var maxTokenTTL: Int

    /// Creates a configuration; omitted fields take their documented defaults.
    public init(
        issuer: String = "http://127.0.0.1:8414",
        clockLeeway: Int = 5,
        stalenessBound: Int = 30,
        heartbeatInterval: Duration = .seconds(1),
        tokenCacheCapacity: Int = 100_000,
        maxTokenTTL: Int = 3600
    ) {
        self.issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        self.clockLeeway = clockLeeway
        self.stalenessBound = stalenessBound
        self.heartbeatInterval = heartbeatInterval
        self.tokenCacheCapacity = tokenCacheCapacity
        self.maxTokenTTL = maxTokenTTL
    }
}
