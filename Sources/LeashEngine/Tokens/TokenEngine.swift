import AsyncHTTPClient
import Foundation
import LeashStore
import Logging
import ServiceLifecycle

/// The assembled token service with the background services it needs; the server adds
/// `services` to its `ServiceGroup` and routes requests to `service`.
public struct TokenEngine: Sendable {
    /// The token, introspection and revocation endpoints.
    public let service: TokenService
    /// Keeps the snapshot and signing keys current.
    public let refresher: SnapshotRefresher
    /// Writes credential use and issue records in batches.
    public let usage: UsageRecorder

    /// The long-running parts, to run in a `ServiceGroup`.
    public var services: [any Service] { [refresher, usage] }

    /// Opens the engine on `store`: loads the inventory snapshot and the signing keys (creating
    /// the first key on first start).
    public static func open(
        store: any LeashStore,
        configuration: TokenConfiguration = TokenConfiguration(),
        httpClient: HTTPClient = .shared,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "leash.tokens")
    ) async throws -> TokenEngine {
        let keyRing = try await KeyRing.open(store: store, algorithm: configuration.signingAlgorithm, now: now())
        let holder = SnapshotHolder(try await SnapshotRefresher.load(from: store))
        let usage = UsageRecorder(
            store: store, capacity: configuration.usageBufferCapacity, interval: configuration.usageFlushInterval,
            logger: logger)
        let service = TokenService(
            configuration: configuration, store: store, snapshots: holder, keyRing: keyRing,
            issuerKeys: IssuerKeyCache(
                ttl: configuration.issuerKeysCacheTTL, timeout: configuration.issuerKeysFetchTimeout,
                httpClient: httpClient),
            replayCache: ReplayCache(capacity: configuration.replayCacheCapacity),
            usage: usage, now: now, logger: logger)
        let refresher = SnapshotRefresher(store: store, holder: holder, keyRing: keyRing, now: now, logger: logger)
        return TokenEngine(service: service, refresher: refresher, usage: usage)
    }

    /// Rotates the signing key (`leash keys rotate`): see `KeyRing.rotate(in:algorithm:maxTokenTTL:now:actor:)`.
    @discardableResult
    public func rotateSigningKey(store: any LeashStore, actor: String = "system") async throws -> String {
        try await service.keyRing.rotate(
            in: store, algorithm: service.configuration.signingAlgorithm,
            maxTokenTTL: service.configuration.maxTokenTTL, now: service.now(), actor: actor)
    }
}
