import Foundation

/// Settings as they come from one source (flags, environment or a config file); `nil` means
/// "this source does not say".
///
/// The JSON config file has exactly these keys, e.g.
/// `{"listen": "0.0.0.0:8414", "dataDir": "/var/lib/leash", "issuer": "https://leash.example"}`.
public struct ConfigurationOverrides: Codable, Sendable, Equatable, StrictDecodable {
    /// `HOST:PORT` to listen on (`[::1]:8414` for IPv6).
    public var listen: String?
    /// Data directory.
    public var dataDir: String?
    /// Database URL (`sqlite:PATH`).
    public var database: String?
    /// Issuer identifier URL.
    public var issuer: String?
    /// TLS certificate chain (PEM file).
    public var tlsCert: String?
    /// TLS private key (PEM file).
    public var tlsKey: String?
    /// Request body limit in bytes.
    public var maxBodySize: Int?
    /// Default token lifetime in seconds.
    public var tokenTTL: Int?
    /// Signing algorithm for new keys (`EdDSA` or `ES256`).
    public var signingAlgorithm: String?
    /// Decision records held in memory before decisions wait (back-pressure).
    public var decisionBuffer: Int?
    /// Longest wait of a decision record in memory, in milliseconds.
    public var decisionFlushMs: Int?
    /// Days raw decision records are kept (0: forever).
    public var decisionRetentionDays: Int?
    /// Accept unauthenticated AuthZEN PEPs (loopback listeners only).
    public var authzenAllowUnauthenticated: Bool?
    /// Seconds the decision snapshot may go unconfirmed by the store before decisions fail closed.
    public var decisionStalenessSeconds: Int?
    /// Addresses or CIDR ranges whose `X-Real-IP` / `X-Forwarded-For` the gateway check believes.
    public var gatewayTrustedProxies: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case listen, dataDir, database, issuer, tlsCert, tlsKey, maxBodySize, tokenTTL, signingAlgorithm
        case decisionBuffer, decisionFlushMs, decisionRetentionDays
        case authzenAllowUnauthenticated
        case decisionStalenessSeconds, gatewayTrustedProxies
    }

    public static var knownFields: Set<String> { fieldNames(CodingKeys.self) }

    /// Creates overrides; every field defaults to "not set".
    public init(
        listen: String? = nil, dataDir: String? = nil, database: String? = nil, issuer: String? = nil,
        tlsCert: String? = nil, tlsKey: String? = nil, maxBodySize: Int? = nil, tokenTTL: Int? = nil,
        signingAlgorithm: String? = nil, decisionBuffer: Int? = nil, decisionFlushMs: Int? = nil,
        decisionRetentionDays: Int? = nil, authzenAllowUnauthenticated: Bool? = nil,
        decisionStalenessSeconds: Int? = nil, gatewayTrustedProxies: [String]? = nil
    ) {
        self.listen = listen
        self.dataDir = dataDir
        self.database = database
        self.issuer = issuer
        self.tlsCert = tlsCert
        self.tlsKey = tlsKey
        self.maxBodySize = maxBodySize
        self.tokenTTL = tokenTTL
        self.signingAlgorithm = signingAlgorithm
        self.decisionBuffer = decisionBuffer
        self.decisionFlushMs = decisionFlushMs
        self.decisionRetentionDays = decisionRetentionDays
        self.authzenAllowUnauthenticated = authzenAllowUnauthenticated
        self.decisionStalenessSeconds = decisionStalenessSeconds
        self.gatewayTrustedProxies = gatewayTrustedProxies
    }

    /// The `LEASH_*` environment variables: `LEASH_LISTEN`, `LEASH_DATA_DIR`, `LEASH_DATABASE`,
    /// `LEASH_ISSUER`, `LEASH_TLS_CERT`, `LEASH_TLS_KEY`, `LEASH_MAX_BODY_SIZE`, `LEASH_TOKEN_TTL`,
    /// `LEASH_SIGNING_ALGORITHM`, `LEASH_DECISION_BUFFER`, `LEASH_DECISION_FLUSH_MS`,
    /// `LEASH_DECISION_RETENTION_DAYS`, `LEASH_AUTHZEN_ALLOW_UNAUTHENTICATED` (`true`/`false`),
    /// `LEASH_DECISION_STALENESS_SECONDS`, `LEASH_GATEWAY_TRUSTED_PROXIES` (comma-separated).
    /// Empty values count as unset.
    public init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        func integer(_ name: String) throws(ConfigurationError) -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text) else { throw .invalid("\(name) must be an integer, not '\(text)'") }
            return number
        }
        func boolean(_ name: String) throws(ConfigurationError) -> Bool? {
            guard let text = value(name) else { return nil }
            switch text.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw .invalid("\(name) must be true or false, not '\(text)'")
            }
        }
        self.init(
            listen: value("LEASH_LISTEN"), dataDir: value("LEASH_DATA_DIR"), database: value("LEASH_DATABASE"),
            issuer: value("LEASH_ISSUER"), tlsCert: value("LEASH_TLS_CERT"), tlsKey: value("LEASH_TLS_KEY"),
            maxBodySize: try integer("LEASH_MAX_BODY_SIZE"), tokenTTL: try integer("LEASH_TOKEN_TTL"),
            signingAlgorithm: value("LEASH_SIGNING_ALGORITHM"), decisionBuffer: try integer("LEASH_DECISION_BUFFER"),
            decisionFlushMs: try integer("LEASH_DECISION_FLUSH_MS"),
            decisionRetentionDays: try integer("LEASH_DECISION_RETENTION_DAYS"),
            authzenAllowUnauthenticated: try boolean("LEASH_AUTHZEN_ALLOW_UNAUTHENTICATED"),
            decisionStalenessSeconds: try integer("LEASH_DECISION_STALENESS_SECONDS"),
            gatewayTrustedProxies: value("LEASH_GATEWAY_TRUSTED_PROXIES").map(Self.list)
        )
    }

    /// Reads a JSON config file, refusing unknown keys so typos are not silently ignored.
    public init(configFile data: Data, path: String) throws(ConfigurationError) {
        do {
            self = try StrictJSON.decode(ConfigurationOverrides.self, from: data)
        } catch let error as APIError {
            throw .invalid("config file \(path): \(error.message)")
        } catch {
            throw .invalid("config file \(path) could not be read")
        }
    }

    /// These settings, with `other`'s filling the gaps (`self` wins).
    public func over(_ other: ConfigurationOverrides) -> ConfigurationOverrides {
        ConfigurationOverrides(
            listen: listen ?? other.listen, dataDir: dataDir ?? other.dataDir, database: database ?? other.database,
            issuer: issuer ?? other.issuer, tlsCert: tlsCert ?? other.tlsCert, tlsKey: tlsKey ?? other.tlsKey,
            maxBodySize: maxBodySize ?? other.maxBodySize, tokenTTL: tokenTTL ?? other.tokenTTL,
            signingAlgorithm: signingAlgorithm ?? other.signingAlgorithm, decisionBuffer: decisionBuffer ?? other.decisionBuffer,
            decisionFlushMs: decisionFlushMs ?? other.decisionFlushMs,
            decisionRetentionDays: decisionRetentionDays ?? other.decisionRetentionDays,
            authzenAllowUnauthenticated: authzenAllowUnauthenticated ?? other.authzenAllowUnauthenticated,
            decisionStalenessSeconds: decisionStalenessSeconds ?? other.decisionStalenessSeconds,
            gatewayTrustedProxies: gatewayTrustedProxies ?? other.gatewayTrustedProxies
        )
    }

    /// The entries of a comma-separated list, trimmed, empty ones dropped.
    public static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

extension LeashConfiguration {
    /// The configuration from flags, then environment, then config file, then defaults
    /// (the first that says wins), validated.
    public static func resolve(
        flags: ConfigurationOverrides,
        environment: ConfigurationOverrides,
        file: ConfigurationOverrides = .init()
    ) throws(ConfigurationError) -> LeashConfiguration {
        let settings = flags.over(environment).over(file)
        var configuration = LeashConfiguration()
        if let listen = settings.listen {
            let (host, port) = try parseListen(listen)
            configuration.http.host = host
            configuration.http.port = port
        }
        if let dataDir = settings.dataDir { configuration.storage.dataDirectory = dataDir }
        if let database = settings.database { configuration.storage.databaseURL = database }
        _ = try configuration.storage.sqlitePath()
        if let issuer = settings.issuer {
            guard let url = URL(string: issuer), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil,
                url.query == nil, url.fragment == nil
            else {
                // RFC 8414 §2: the issuer is an https URL with no query or fragment (http allowed for loopback trials).
                throw .invalid("issuer '\(issuer)' must be an http(s) URL with a host and no query or fragment")
            }
            configuration.tokens.issuer = issuer
        }
        switch (settings.tlsCert, settings.tlsKey) {
        case (nil, nil): break
        case (let cert?, let key?):
            configuration.http.tlsCertificatePath = cert
            configuration.http.tlsKeyPath = key
        default:
            throw .invalid("TLS needs both a certificate (--tls-cert) and a key (--tls-key)")
        }
        if let maxBodySize = settings.maxBodySize {
            guard maxBodySize >= 1024 else { throw .invalid("max body size must be at least 1024 bytes") }
            configuration.http.maxBodySize = maxBodySize
        }
        if let tokenTTL = settings.tokenTTL {
            guard (1...86_400).contains(tokenTTL) else { throw .invalid("token TTL must be between 1 and 86400 seconds") }
            configuration.tokens.defaultTTLSeconds = tokenTTL
        }
        if let algorithm = settings.signingAlgorithm {
            guard ["EdDSA", "ES256"].contains(algorithm) else {
                throw .invalid("signing algorithm must be EdDSA or ES256, not '\(algorithm)'")
            }
            configuration.tokens.signingAlgorithm = algorithm
        }
        if let buffer = settings.decisionBuffer {
            guard (1_024...10_000_000).contains(buffer) else {
                throw .invalid("decision buffer must be between 1024 and 10000000 records")
            }
            configuration.decisions.recordBufferCapacity = buffer
        }
        if let flush = settings.decisionFlushMs {
            guard (1...60_000).contains(flush) else { throw .invalid("decision flush interval must be between 1 and 60000 ms") }
            configuration.decisions.recordFlushIntervalMilliseconds = flush
        }
        if let days = settings.decisionRetentionDays {
            guard (0...36_500).contains(days) else {
                throw .invalid("decision retention must be between 0 (keep forever) and 36500 days")
            }
            configuration.decisions.recordRetentionDays = days
        }
        if settings.authzenAllowUnauthenticated == true {
            // Anyone who can reach a non-loopback listener could then query the policies.
            guard isLoopback(configuration.http.host) else {
                throw .invalid("unauthenticated AuthZEN PEPs are allowed only on a loopback listener, not \(configuration.http.host)")
            }
            configuration.authzen.allowUnauthenticatedPEP = true
        }
        if let staleness = settings.decisionStalenessSeconds {
            guard (1...3_600).contains(staleness) else {
                throw .invalid("decision staleness bound must be between 1 and 3600 seconds")
            }
            configuration.decisions.stalenessBoundSeconds = staleness
        }
        if let proxies = settings.gatewayTrustedProxies {
            let problems = TrustedProxies.problems(in: proxies)
            guard problems.isEmpty else {
                throw .invalid("gateway trusted proxies must be IP addresses or CIDR ranges, not \(problems.joined(separator: ", "))")
            }
            configuration.decisions.trustedProxies = proxies
        }
        return configuration
    }

    /// Whether `host` names the loopback interface (`localhost`, `127.0.0.0/8`, `::1`).
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Splits `HOST:PORT` (`[v6]:PORT` for IPv6; a bare `:PORT` means 127.0.0.1).
    public static func parseListen(_ listen: String) throws(ConfigurationError) -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":") else {
            throw .invalid("listen address '\(listen)' must be HOST:PORT")
        }
        var host = String(listen[..<colon])
        let portText = listen[listen.index(after: colon)...]
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw .invalid("listen address '\(listen)' has no valid port")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        return (host, port)
    }
}
