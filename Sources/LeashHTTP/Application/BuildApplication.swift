import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import LeashCore
import LeashEngine
import LeashStore
import Logging
import NIOSSL
import Prometheus
import ServiceLifecycle

/// A built Leash server: the Hummingbird application (with the engine's background services)
/// and what the caller may need to show or use once.
public struct LeashServer: Sendable {
    /// The application; run it with `runService()` or inside a `ServiceGroup`.
    public let application: Application<RouterResponder<LeashRequestContext>>
    /// The bootstrap admin secret, present only when this start created the database's first
    /// admin credential. Print it once; it is never available again.
    public let bootstrapAdminSecret: String?
    /// The store the server keeps its state in.
    public let store: any LeashStore
    /// The inventory operations (the demo seeds its estate through them).
    public let inventory: InventoryService
    /// The token service.
    public let tokens: TokenService
    /// The token service settings in force (issuer, endpoints).
    public let tokenConfiguration: TokenConfiguration
    /// The decision point behind `/gateway/…` (in-process callers and benchmarks may call `decide`).
    public let decisions: DecisionEngine
}

/// Opens (or creates) the store, loads the keys and inventory, and builds the HTTP application.
///
/// - Parameters:
///   - configuration: every setting; see ``LeashConfiguration``.
///   - metrics: the registry `/metrics` serves. The caller bootstraps swift-metrics with a
///     `PrometheusMetricsFactory` on this registry (once per process) so the per-route and token
///     counters land in it.
///   - logger: the logger for the application and every request.
///   - onServerRunning: called with the bound port once the server listens (useful with port 0).
public func buildApplication(
    configuration: LeashConfiguration,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger = Logger(label: "leash"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> LeashServer {
    // TLS files first: a bad certificate should stop the start before anything is created.
    let server: HTTPServerBuilder
    if let certificatePath = configuration.http.tlsCertificatePath, let keyPath = configuration.http.tlsKeyPath {
        server = try .tls(.http1(), tlsConfiguration: try tlsConfiguration(certificatePath: certificatePath, keyPath: keyPath))
    } else {
        server = .http1()
    }
    let path = try configuration.storage.sqlitePath()
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    let store = try SQLiteStore(path: path)
    let inventory = InventoryService(store: store)
    let bootstrapSecret = try await inventory.bootstrapIfNeeded()
    try await PolicyService(store: store).installBaselineIfNeeded()

    let tokenConfiguration = TokenConfiguration(
        issuer: configuration.effectiveIssuer,
        defaultTokenTTL: configuration.tokens.defaultTTLSeconds,
        signingAlgorithm: SigningAlgorithm(rawValue: configuration.tokens.signingAlgorithm) ?? .eddsa)
    let engine = try await TokenEngine.open(
        store: store, configuration: tokenConfiguration, logger: logger.with(label: "leash.tokens"))
    let tokens = engine.service
    let keyRing = tokens.keyRing

    // The decision point (docs/gateway.md): its snapshot follows the store; every decision is recorded.
    let recorder = DecisionRecorder(
        store: store, configuration: configuration.decisions.recorder, logger: logger.with(label: "leash.decisions.recorder"))
    let decisions = try await DecisionEngine.open(
        store: store,
        configuration: DecisionConfiguration(
            issuer: tokenConfiguration.issuer, stalenessBound: configuration.decisions.stalenessBoundSeconds,
            maxTokenTTL: tokenConfiguration.maxTokenTTL),
        recorder: recorder, logger: logger.with(label: "leash.decisions"))

    let refresher = engine.refresher
    let router = buildRouter(
        configuration: configuration, store: store, inventory: inventory, tokens: tokens, keyRing: keyRing,
        tokenConfiguration: tokenConfiguration, metrics: metrics, decisions: decisions,
        afterChange: {
            try await refresher.refresh()
            try await decisions.refresh()
        })

    let application = Application(
        router: router,
        server: server,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.http.host, port: configuration.http.port), serverName: "leash"),
        // Started in this order and stopped in reverse after the HTTP server: pending usage is
        // flushed once no more requests arrive.
        services: engine.services + [decisions.refresher, recorder],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.http.port) },
        logger: logger)
    return LeashServer(
        application: application, bootstrapAdminSecret: bootstrapSecret, store: store, inventory: inventory, tokens: tokens,
        tokenConfiguration: tokenConfiguration, decisions: decisions)
}

/// All routes and middleware of a Leash server.
func buildRouter(
    configuration: LeashConfiguration, store: any LeashStore, inventory: InventoryService, tokens: TokenService,
    keyRing: KeyRing, tokenConfiguration: TokenConfiguration, metrics: PrometheusCollectorRegistry,
    decisions: DecisionEngine, afterChange: @escaping @Sendable () async throws -> Void
) -> Router<LeashRequestContext> {
    let router = Router(context: LeashRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())

    let body = RequestBodyReader(limit: configuration.http.maxBodySize)
    HealthRoutes(readiness: { await readinessProblems(store: store, keyRing: keyRing) }).register(on: router)
    MetricsRoutes(registry: metrics).register(on: router)
    DiscoveryRoutes(tokens: tokenConfiguration, keyRing: keyRing, openAPIDocument: OpenAPIDocument.data).register(on: router)
    OAuthRoutes(tokens: tokens, body: body).register(on: router)
    GatewayRoutes(engine: decisions, proxies: TrustedProxies(configuration.decisions.trustedProxies)).register(on: router)
    AuthZENRoutes(
        decisions: decisions, admins: tokens.snapshots, baseURL: tokenConfiguration.issuer, body: body,
        configuration: configuration.authzen
    ).register(on: router)

    let group = router.group("v1").add(
        middleware: AdminAuthMiddleware { secret in
            let credential = try await inventory.authenticateAdmin(secret: secret)
            return AdminCaller(id: credential.id, name: credential.name, role: credential.role)
        })
    let admin = AdminRouter(group: group, body: body, afterChange: afterChange)
    IdentityRoutes(inventory: inventory).register(on: admin)
    CredentialRoutes(inventory: inventory).register(on: admin)
    APIRoutes(inventory: inventory).register(on: admin)
    CatalogRoutes(catalog: CatalogService(store: store)).register(on: admin)
    GrantRoutes(inventory: inventory).register(on: admin)
    TrustedIssuerRoutes(inventory: inventory).register(on: admin)
    AdminCredentialRoutes(inventory: inventory).register(on: admin)
    KeyRoutes(inventory: inventory, keyRing: keyRing, tokens: tokenConfiguration).register(on: admin)
    AuditRoutes(store: store).register(on: admin)
    UsageRoutes(store: store).register(on: admin)
    AnalysisRoutes(store: store).register(on: admin)
    PolicyRoutes(policies: PolicyService(store: store)).register(on: admin)
    RevocationRoutes(revocations: RevocationService(engine: decisions, inventory: inventory, tokenSnapshots: tokens.snapshots))
        .register(on: admin)
    RateLimitRoutes(rateLimits: RateLimitService(engine: decisions, inventory: inventory)).register(on: admin)
    ProposalRoutes(proposals: ProposalService(store: store)).register(on: admin)
    DependencyRoutes(reach: BlastRadiusService(store: store)).register(on: admin)
    ReviewRoutes(reviews: ReviewService(store: store)).register(on: admin)
    return router
}

/// Why the server is not ready (empty when it is): the store must answer and a signing key be loaded.
func readinessProblems(store: any LeashStore, keyRing: KeyRing) async -> [String] {
    var problems: [String] = []
    do {
        _ = try await store.read { reader in try reader.lastAuditEvent()?.sequence }
    } catch {
        problems.append("store unreachable")
    }
    if keyRing.signingKeyID.isEmpty { problems.append("no signing key loaded") }
    return problems
}

/// A server TLS configuration from PEM files.
func tlsConfiguration(certificatePath: String, keyPath: String) throws -> TLSConfiguration {
    do {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    } catch {
        throw ConfigurationError.invalid("cannot load TLS certificate \(certificatePath) or key \(keyPath): \(error)")
    }
}

/// The OpenAPI document shipped as a resource.
enum OpenAPIDocument {
    /// Its bytes (`{}` if the resource is missing, which a test catches).
    static var data: Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Data("{}".utf8) }
        return data
    }
}

extension Logger {
    /// A copy of this logger's handler under another label.
    func with(label: String) -> Logger {
        var copy = self
        copy[metadataKey: "component"] = .string(label)
        return copy
    }
}
