import Cedar
import Foundation
import LeashCore
import LeashStore
import Logging
import ServiceLifecycle
import Synchronization

/// Where decisions are sent to be recorded (the decision recorder; a test may collect them).
public protocol DecisionRecordSink: Sendable {
    /// Takes one record; may wait when the recorder applies back-pressure.
    func record(_ record: DecisionRecord) async
}

/// The decision point: answers, for every API call, whether its bearer token may make it, from an
/// immutable in-memory snapshot (DESIGN.md, "The hot path"). `decide` never touches the store.
///
/// The rules, in order (the first that fails is the reason): the snapshot is fresh; a bearer token
/// is present; it is a Leash access token signed by a published key (`typ` at+jwt, `iss`); not
/// expired, not before `nbf`; its `aud` is a registered, active API; its `jti`, credential and
/// identities are not revoked or inactive; the method and path match an operation of that API; the
/// token carries the operation's scope; the enforced Cedar set permits (the shadow set is evaluated
/// beside it and only reported); the identity's rate limits have room.
public final class DecisionEngine: Sendable {
    /// The settings in force.
    public let configuration: DecisionConfiguration
    let store: any LeashStore
    private let current: Mutex<DecisionSnapshot>
    /// When the store last confirmed the snapshot current, in milliseconds since the epoch.
    private let confirmedAt: Atomic<Int64>
    private let cache: VerifiedTokenCache
    /// Callers' addresses, parsed once each for the Cedar context's `source_ip`.
    private let addresses = AddressCache()
    private let buckets: Mutex<[RateLimitKey: TokenBucket]>
    private let sink: (any DecisionRecordSink)?
    let metrics: DecisionMetrics
    /// The clock decisions are made at (injected so expiry and staleness are testable without sleeping).
    public let now: @Sendable () -> Date
    let logger: Logger

    /// Creates an engine over a loaded snapshot. Prefer ``open(store:configuration:recorder:now:logger:)``.
    public init(
        snapshot: DecisionSnapshot, store: any LeashStore, configuration: DecisionConfiguration,
        recorder: (any DecisionRecordSink)? = nil, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "leash.decisions")
    ) {
        self.configuration = configuration
        self.store = store
        current = Mutex(snapshot)
        confirmedAt = Atomic(AuditChain.milliseconds(now()))
        cache = VerifiedTokenCache(capacity: configuration.tokenCacheCapacity)
        buckets = Mutex([:])
        sink = recorder
        metrics = DecisionMetrics()
        self.now = now
        self.logger = logger
    }

    /// Loads the snapshot from `store` and creates the engine; run ``refresher`` in the server's
    /// `ServiceGroup` to keep it current.
    public static func open(
        store: any LeashStore, configuration: DecisionConfiguration = DecisionConfiguration(),
        recorder: (any DecisionRecordSink)? = nil, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "leash.decisions")
    ) async throws -> DecisionEngine {
        let snapshot = try await DecisionSnapshot.load(from: store, issuer: configuration.issuer, now: now())
        return DecisionEngine(
            snapshot: snapshot, store: store, configuration: configuration, recorder: recorder, now: now, logger: logger)
    }

    /// The background service that follows the store's change feed and heartbeat.
    public var refresher: DecisionRefresher { DecisionRefresher(engine: self) }

    /// The snapshot in force.
    public var snapshot: DecisionSnapshot { current.withLock { $0 } }

    /// How long ago (at `now`) the store last confirmed the snapshot current, in seconds.
    public func snapshotAge(at now: Date) -> Double {
        Double(AuditChain.milliseconds(now) - confirmedAt.load(ordering: .relaxed)) / 1000
    }

    // MARK: Snapshot maintenance

    /// Installs a newer snapshot (an older store version is ignored) and marks it confirmed at `time`.
    public func install(_ snapshot: DecisionSnapshot, confirmedAt time: Date) {
        let keysChanged = current.withLock { held -> Bool in
            guard snapshot.version >= held.version else { return false }
            let changed = held.verifier.keyIDs != snapshot.verifier.keyIDs
            held = snapshot
            return changed
        }
        // A key that left the JWKS must not keep vouching for cached tokens.
        if keysChanged { cache.removeAll() }
        confirm(at: time)
    }

    /// Records that the store confirmed the snapshot current at `time`.
    public func confirm(at time: Date) {
        let milliseconds = AuditChain.milliseconds(time)
        var seen = confirmedAt.load(ordering: .relaxed)
        while seen < milliseconds {
            let (exchanged, original) = confirmedAt.compareExchange(
                expected: seen, desired: milliseconds, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
        metrics.snapshotAge.record(max(0, snapshotAge(at: time)))
    }

    /// Rebuilds the snapshot from the store now (after an admin change, so it is in force by the
    /// time the change is acknowledged).
    public func refresh() async throws {
        let time = now()
        let rebuilt = try await DecisionSnapshot.load(
            from: store, issuer: configuration.issuer, now: time, reusing: current.withLock { $0 })
        install(rebuilt, confirmedAt: time)
    }

    /// Adds token revocations to the snapshot in force at once (this node refuses them on the
    /// very next call; other nodes learn them from the store's feed).
    public func addRevocations(_ revoked: [RevokedToken]) {
        current.withLock { $0 = $0.addingRevocations(revoked) }
    }

    // MARK: Deciding

    /// Decides one call from the snapshot in force. Never touches the store, never waits.
    public func decide(_ input: DecisionInput) -> DecisionOutcome {
        let started = ContinuousClock.now
        var outcome = evaluate(input, snapshot: current.withLock { $0 })
        let elapsed = ContinuousClock.now - started
        outcome.latencyNanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        metrics.count(outcome.reason)
        return outcome
    }

    /// Decides one call and hands its record to the recorder.
    public func decideAndRecord(_ input: DecisionInput) async -> DecisionOutcome {
        let outcome = decide(input)
        if let sink { await sink.record(Self.record(of: input, outcome)) }
        return outcome
    }

    /// The record of one decision (the path without its query string).
    public static func record(of input: DecisionInput, _ outcome: DecisionOutcome) -> DecisionRecord {
        let path = input.path.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(input.path[..<$0]) }
        return DecisionRecord(
            time: input.time, identityID: outcome.identityID, credentialID: outcome.credentialID, jti: outcome.jti,
            api: outcome.api, operationID: outcome.operationID, method: Self.uppercased(input.method),
            path: path ?? input.path, allowed: outcome.allowed, reason: outcome.reason.code, policyIDs: outcome.policyIDs,
            shadow: outcome.shadow, sourceAddress: input.sourceAddress,
            latencyMicroseconds: Int(outcome.latencyNanoseconds / 1000), act: outcome.act)
    }

    private func evaluate(_ input: DecisionInput, snapshot: DecisionSnapshot) -> DecisionOutcome {
        let nowMilliseconds = AuditChain.milliseconds(input.time)
        // Fail closed when the store has not confirmed the snapshot for too long (the feed is lost).
        if nowMilliseconds - confirmedAt.load(ordering: .relaxed) > Int64(configuration.stalenessBound) * 1000 {
            return DecisionOutcome(allowed: false, reason: .snapshotStale)
        }
        guard let token = input.bearerToken else { return DecisionOutcome(allowed: false, reason: .tokenMissing) }
        let now = nowMilliseconds >= 0 ? nowMilliseconds / 1000 : (nowMilliseconds - 999) / 1000
        let entry: VerifiedTokenCache.Entry
        if let cached = cache.lookup(token, now: now), snapshot.verifier.publishes(keyID: cached.claims.keyID) {
            entry = cached
        } else {
            guard let verified = snapshot.verifier.verify(token) else {
                return DecisionOutcome(allowed: false, reason: .tokenInvalid)
            }
            entry = VerifiedTokenCache.Entry(verified)
            cache.insert(token, entry, now: now)
        }
        let claims = entry.claims
        var outcome = DecisionOutcome(
            allowed: false, reason: .tokenInvalid, identityID: claims.subject, clientID: claims.clientID,
            credentialID: claims.credentialID, jti: claims.jti, scopes: claims.scope, act: claims.actors)
        // RFC 7519 §4.1.4 / §4.1.5, with a small leeway for clock skew between nodes.
        let leeway = Int64(configuration.clockLeeway)
        if claims.expiresAt + leeway <= now { return Self.denied(&outcome, .tokenExpired) }
        if claims.notBefore > now + leeway || claims.issuedAt > now + leeway { return Self.denied(&outcome, .tokenInvalid) }
        // RFC 9068 §4: the audience must be a resource this server protects.
        guard let api = snapshot.apisByAudience[claims.audience] else { return Self.denied(&outcome, .audienceUnknown) }
        outcome.api = api.name
        guard api.status == .active else { return Self.denied(&outcome, .apiRevoked) }
        if snapshot.revokedTokens[claims.jti] != nil { return Self.denied(&outcome, .tokenRevoked) }
        if let credentialID = claims.credentialID {
            guard let credential = snapshot.credentials[credentialID], credential.revokedAt == nil else {
                return Self.denied(&outcome, .credentialRevoked)
            }
        }
        guard snapshot.identities[claims.subject]?.isUsable(at: input.time) == true,
            claims.clientID == claims.subject || snapshot.identities[claims.clientID]?.isUsable(at: input.time) == true
        else { return Self.denied(&outcome, .identityInactive) }
        let method = Self.uppercased(input.method)
        guard let match = snapshot.routes[api.name]?.match(method: method, path: input.path) else {
            return Self.denied(&outcome, .noRoute)
        }
        let operation = match.operation
        outcome.operationID = operation.id
        guard claims.scopes.contains(operation.scope) else { return Self.denied(&outcome, .scopeMissing) }

        guard let enforced = snapshot.enforced else { return Self.denied(&outcome, .policyDenied([])) }
        // The uids and the token's context values are prepared ahead (per snapshot, per token):
        // per call only the record is assembled.
        let uids = snapshot.operationUIDs[api.name]?[operation.id] ?? DecisionSnapshot.OperationUIDs(operation)
        let request = Request(
            principal: LeashCedarModel.identityUID(claims.subject), action: uids.action, resource: uids.resource,
            context: LeashCedarModel.cedarContext(
                time: input.time, method: method, path: match.path, parameters: match.parameters,
                sourceIP: input.sourceAddress.flatMap(addresses.address), token: entry.cedar))
        let authorizer = Authorizer()
        if let shadow = snapshot.shadow {
            let response = authorizer.isAuthorized(request, policies: shadow.policies, entities: shadow.entities)
            outcome.shadow = ShadowOutcome(
                allowed: response.decision == .allow, policyIDs: response.reasons.sorted().map(\.rawValue))
        }
        let response = authorizer.isAuthorized(request, policies: enforced.policies, entities: enforced.entities)
        outcome.policyIDs = response.reasons.sorted().map(\.rawValue)
        let determining = outcome.policyIDs
        guard response.decision == .allow else { return Self.denied(&outcome, .policyDenied(determining)) }

        if snapshot.limitedIdentities.contains(claims.subject),
            let wait = takeRateLimitToken(identityID: claims.subject, api: api.name, snapshot: snapshot, time: input.time)
        {
            outcome.retryAfterSeconds = max(1, Int(wait.rounded(.up)))
            return Self.denied(&outcome, .rateLimited)
        }
        outcome.allowed = true
        outcome.reason = .allowed
        return outcome
    }

    /// `outcome` refused for `reason` (not a closure capturing `outcome`, which would box it on the heap).
    @inline(__always)
    private static func denied(_ outcome: inout DecisionOutcome, _ reason: DecisionReason) -> DecisionOutcome {
        outcome.reason = reason
        return outcome
    }

    /// Takes one token from each bucket that applies (the identity's, and the identity × API one),
    /// all or none; returns nil when taken, else the seconds until every bucket has room.
    private func takeRateLimitToken(identityID: String, api: String, snapshot: DecisionSnapshot, time: Date) -> Double? {
        let limits = [
            snapshot.rateLimits[RateLimitKey(identityID: identityID, api: nil)],
            snapshot.rateLimits[RateLimitKey(identityID: identityID, api: api)],
        ].compactMap { $0 }
        guard !limits.isEmpty else { return nil }
        let now = time.timeIntervalSince1970
        return buckets.withLock { buckets -> Double? in
            var wait = 0.0
            for limit in limits {
                let bucket = buckets[limit.key] ?? TokenBucket(capacity: limit.burst, now: now)
                wait = max(wait, bucket.wait(rate: limit.requestsPerSecond, capacity: limit.burst, now: now))
            }
            guard wait == 0 else { return wait }
            for limit in limits {
                var bucket = buckets[limit.key] ?? TokenBucket(capacity: limit.burst, now: now)
                _ = bucket.take(rate: limit.requestsPerSecond, capacity: limit.burst, now: now)
                buckets[limit.key] = bucket
            }
            return nil
        }
    }

    /// `method` in upper case, without allocating when it already is.
    static func uppercased(_ method: String) -> String {
        method.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) ? method.uppercased() : method
    }
}
