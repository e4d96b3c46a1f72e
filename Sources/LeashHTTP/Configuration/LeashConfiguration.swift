import Foundation
import LeashEngine

/// Everything a Leash server needs to start, one typed struct per subsystem.
///
/// Every field has a default, so `LeashConfiguration()` is a working loopback server that keeps
/// its state in `./leash-data`. The command line fills these from flags, `LEASH_*` environment
/// variables and an optional JSON file (see docs/configuration.md).
public struct LeashConfiguration: Sendable, Equatable {
    /// The HTTP listener.
    public var http: HTTPConfiguration
    /// Where the state lives.
    public var storage: StorageConfiguration
    /// How access tokens are issued.
    public var tokens: TokensConfiguration
    /// How decisions are recorded.
    public var decisions: DecisionsConfiguration
    /// The AuthZEN API (docs/authzen.md).
    public var authzen: AuthZENConfiguration

    /// Creates a configuration; every subsystem defaults to its own defaults.
    public init(
        http: HTTPConfiguration = .init(),
        storage: StorageConfiguration = .init(),
        tokens: TokensConfiguration = .init(),
        decisions: DecisionsConfiguration = .init(),
        authzen: AuthZENConfiguration = .init()
    ) {
        self.http = http
        self.storage = storage
        self.tokens = tokens
        self.decisions = decisions
        self.authzen = authzen
    }
}

/// The HTTP listener: address, TLS and request limits.
public struct HTTPConfiguration: Sendable, Equatable {
    /// Host name or IP address to bind. Default `127.0.0.1` (loopback only).
    public var host: String
    /// TCP port to bind. Default `8414` (`0` picks a free port).
    public var port: Int
    /// PEM certificate chain for TLS. `nil` (default) serves plain HTTP.
    public var tlsCertificatePath: String?
    /// PEM private key for TLS; required when `tlsCertificatePath` is set.
    public var tlsKeyPath: String?
    /// Largest request body accepted, in bytes; larger bodies get 413. Default 64 KiB.
    public var maxBodySize: Int

    /// Creates an HTTP configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8414,
        tlsCertificatePath: String? = nil,
        tlsKeyPath: String? = nil,
        maxBodySize: Int = 64 * 1024
    ) {
        self.host = host
        self.port = port
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsKeyPath = tlsKeyPath
        self.maxBodySize = maxBodySize
    }

    /// Whether the listener speaks TLS.
    public var usesTLS: Bool { tlsCertificatePath != nil }
}

/// Where Leash keeps its state.
public struct StorageConfiguration: Sendable, Equatable {
    /// Directory for the database and other state. Default `./leash-data`.
    public var dataDirectory: String
    /// Explicit database URL (`sqlite:PATH`). `nil` (default) means `sqlite:<dataDirectory>/leash.sqlite`.
    public var databaseURL: String?

    /// Creates a storage configuration.
    public init(dataDirectory: String = "leash-data", databaseURL: String? = nil) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
    }

    /// The SQLite file path this configuration names.
    ///
    /// Throws ``ConfigurationError`` when `databaseURL` is not a `sqlite:` URL.
    public func sqlitePath() throws(ConfigurationError) -> String {
        guard let databaseURL else {
            return (dataDirectory as NSString).appendingPathComponent("leash.sqlite")
        }
        var rest = Substring(databaseURL)
        guard rest.hasPrefix("sqlite:") else {
            throw .invalid("database URL '\(databaseURL)' is not supported; use sqlite:PATH")
        }
        rest = rest.dropFirst("sqlite:".count)
        // Accept sqlite:///abs/path and sqlite://rel as well as sqlite:path.
        if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
        guard !rest.isEmpty else { throw .invalid("database URL '\(databaseURL)' names no file") }
        return String(rest)
    }
}

/// How access tokens are issued.
public struct TokensConfiguration: Sendable, Equatable {
    /// The issuer identifier (RFC 8414 §2): `iss` of every token and the base of the endpoint URLs.
    /// `nil` (default) means `http(s)://<host>:<port>` of the listener.
    public var issuer: String?
    /// Default access-token lifetime in seconds when no API or grant caps it lower. Default 300.
    public var defaultTTLSeconds: Int
    /// Signing algorithm for new keys: `EdDSA` (default) or `ES256`.
    public var signingAlgorithm: String

    /// Creates a token configuration.
    public init(issuer: String? = nil, defaultTTLSeconds: Int = 300, signingAlgorithm: String = "EdDSA") {
        self.issuer = issuer
        self.defaultTTLSeconds = defaultTTLSeconds
        self.signingAlgorithm = signingAlgorithm
    }
}

/// How the decision point records its decisions (see docs/configuration.md).
public struct DecisionsConfiguration: Sendable, Equatable {
    /// Most decision records held in memory; when reached, decisions wait for the database
    /// (back-pressure) rather than drop a record. Default 65 536.
    public var recordBufferCapacity: Int
    /// Longest time a decision record waits in memory before it is written, in milliseconds. Default 250.
    public var recordFlushIntervalMilliseconds: Int
    /// Days raw decision records are kept; `0` keeps them forever. Usage aggregates are always kept.
    /// Default 90 (the analyzer's default window).
    public var recordRetentionDays: Int
    /// Seconds the decision snapshot may go unconfirmed by the store (its feed lost) before every
    /// decision is refused with `snapshot_stale`. Default 30.
    public var stalenessBoundSeconds: Int
    /// Proxies (addresses or CIDR ranges) whose `X-Real-IP` / `X-Forwarded-For` the gateway check
    /// believes when finding the caller's address. Default loopback (`127.0.0.0/8`, `::1`).
    public var trustedProxies: [String]

    /// Creates a decisions configuration.
    public init(
        recordBufferCapacity: Int = 65_536, recordFlushIntervalMilliseconds: Int = 250, recordRetentionDays: Int = 90,
        stalenessBoundSeconds: Int = 30, trustedProxies: [String] = TrustedProxies().ranges
    ) {
        self.recordBufferCapacity = recordBufferCapacity
        self.recordFlushIntervalMilliseconds = recordFlushIntervalMilliseconds
        self.recordRetentionDays = recordRetentionDays
        self.stalenessBoundSeconds = stalenessBoundSeconds
        self.trustedProxies = trustedProxies
    }

    /// The recorder settings these name.
    public var recorder: DecisionRecorderConfiguration {
        DecisionRecorderConfiguration(
            capacity: recordBufferCapacity, batchSize: min(4_096, recordBufferCapacity),
            flushInterval: .milliseconds(recordFlushIntervalMilliseconds),
            retention: recordRetentionDays > 0 ? .seconds(recordRetentionDays * 86_400) : nil)
    }
}

extension LeashConfiguration {
    /// The issuer identifier in effect: the configured one, or one derived from the listener.
    public var effectiveIssuer: String {
        if let issuer = tokens.issuer {
            return issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        }
        let scheme = http.usesTLS ? "https" : "http"
        let host = http.host.contains(":") ? "[\(http.host)]" : http.host
        return "\(scheme)://\(host):\(http.port)"
    }
}

/// A configuration value that cannot be used, with a sentence saying which and why.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for people.
    public let description: String

    /// A configuration value is invalid.
    public static func invalid(_ message: String) -> Self { .init(description: message) }
}

/// The AuthZEN Authorization API (docs/authzen.md).
public struct AuthZENConfiguration: Sendable, Equatable {
    /// Accept PEPs that present no credential. Default `false`: a PEP authenticates with any admin
    /// credential (`Authorization: Bearer <secret>`), as AuthZEN 1.0 §11 recommends. Only allowed
    /// when the listener is bound to a loopback address.
    public var allowUnauthenticatedPEP: Bool

    /// Creates an AuthZEN configuration.
    public init(allowUnauthenticatedPEP: Bool = false) {
        self.allowUnauthenticatedPEP = allowUnauthenticatedPEP
    }
}
