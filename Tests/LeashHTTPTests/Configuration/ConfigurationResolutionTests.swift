import Foundation
import LeashHTTP
import Testing

/// Flags win over environment, environment over the config file, the file over defaults.
@Suite("configuration resolution")
struct ConfigurationResolutionTests {
    @Test("with nothing set, every default applies")
    func defaults() throws {
        let configuration = try LeashConfiguration.resolve(flags: .init(), environment: .init())
        #expect(configuration == LeashConfiguration())
        #expect(configuration.http.host == "127.0.0.1")
        #expect(configuration.http.port == 8414)
        #expect(configuration.http.maxBodySize == 65_536)
        #expect(configuration.effectiveIssuer == "http://127.0.0.1:8414")
        #expect(try configuration.storage.sqlitePath() == "leash-data/leash.sqlite")
    }

    @Test("flags beat environment, environment beats the file, the file beats defaults")
    func precedence() throws {
        let file = try ConfigurationOverrides(
            configFile: Data(#"{"listen": "0.0.0.0:9000", "dataDir": "/file", "issuer": "https://file.example", "tokenTTL": 120}"#.utf8),
            path: "leash.json")
        let environment = try ConfigurationOverrides(environment: ["LEASH_LISTEN": "127.0.0.1:9100", "LEASH_DATA_DIR": "/env", "LEASH_ISSUER": ""])
        let flags = ConfigurationOverrides(listen: "127.0.0.1:9200")
        let configuration = try LeashConfiguration.resolve(flags: flags, environment: environment, file: file)
        #expect(configuration.http.port == 9200)
        #expect(configuration.storage.dataDirectory == "/env")
        #expect(configuration.tokens.issuer == "https://file.example")
        #expect(configuration.tokens.defaultTTLSeconds == 120)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let overrides: ConfigurationOverrides
        var testDescription: String { name }
    }

    static let bad: [BadCase] = [
        BadCase(name: "listen without port", overrides: .init(listen: "localhost")),
        BadCase(name: "port out of range", overrides: .init(listen: "127.0.0.1:70000")),
        BadCase(name: "database that is not sqlite", overrides: .init(database: "postgres://x")),
        BadCase(name: "issuer with a query", overrides: .init(issuer: "https://a.example/?x=1")),
        BadCase(name: "issuer that is not a URL", overrides: .init(issuer: "leash")),
        BadCase(name: "TLS certificate without key", overrides: .init(tlsCert: "/c.pem")),
        BadCase(name: "tiny body limit", overrides: .init(maxBodySize: 10)),
        BadCase(name: "unknown signing algorithm", overrides: .init(signingAlgorithm: "HS256")),
    ]

    @Test("invalid settings are refused with a sentence", arguments: bad)
    func refused(_ testCase: BadCase) {
        #expect(throws: ConfigurationError.self) {
            try LeashConfiguration.resolve(flags: testCase.overrides, environment: .init())
        }
    }

    @Test("a config file with an unknown key or a non-integer env value is refused")
    func strictSources() {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationOverrides(configFile: Data(#"{"listn": "x"}"#.utf8), path: "leash.json")
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationOverrides(environment: ["LEASH_MAX_BODY_SIZE": "big"])
        }
    }

    @Test("database URLs name the SQLite file")
    func databaseURL() throws {
        #expect(try StorageConfiguration(databaseURL: "sqlite:/var/lib/leash.db").sqlitePath() == "/var/lib/leash.db")
        #expect(try StorageConfiguration(databaseURL: "sqlite:///var/lib/leash.db").sqlitePath() == "/var/lib/leash.db")
        #expect(try StorageConfiguration(dataDirectory: "/d").sqlitePath() == "/d/leash.sqlite")
    }
}
