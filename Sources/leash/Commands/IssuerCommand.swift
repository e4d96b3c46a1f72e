import ArgumentParser
import Foundation

/// `leash issuer …`: trusted external issuers for workload identity federation.
struct IssuerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issuer",
        abstract: "Trust, list and remove external token issuers (workload identity federation).",
        subcommands: [Add.self, List.self, Remove.self]
    )

    static let columns: [(header: String, field: String)] = [
        ("ID", "id"), ("ISSUER", "issuer"), ("IDENTITY", "identityId"), ("AUDIENCES", "allowedAudiences"),
        ("RULES", "claimRules"), ("MAX TTL", "maxTTL"),
    ]
    static let detailFields = [
        "id", "issuer", "jwksUrl", "allowedAudiences", "claimRules", "identityId", "maxScopes", "maxTTL", "createdAt",
    ]

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Trust an issuer's tokens for one identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Issuer (`iss`), matched exactly.") var issuer: String
        @Option(help: "Identity the matching tokens are exchanged for.") var identity: String
        @Option(help: "Accepted audience (repeatable, at least one).") var audience: [String] = []
        @Option(help: ArgumentHelp("JWKS file (inline keys).", valueName: "file")) var jwksFile: String?
        @Option(help: "JWKS URL (https).") var jwksUrl: String?
        @Option(help: "Claim rule CLAIM=VALUE, exact match (repeatable).") var claim: [String] = []
        @Option(help: "Most scopes an exchanged token may carry (repeatable).") var maxScope: [String] = []
        @Option(help: "Longest lifetime of an exchanged token, in seconds.") var maxTtl: Int = 300

        func run() async throws {
            var body: [String: Any] = ["issuer": issuer, "identityId": identity, "allowedAudiences": audience, "maxTTL": maxTtl]
            if let jwksFile {
                guard let data = FileManager.default.contents(atPath: jwksFile),
                    let jwks = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
                else {
                    throw CLIError("\(jwksFile) does not hold a JWKS JSON object")
                }
                body["jwks"] = jwks
            }
            body["jwksUrl"] = jwksUrl
            var rules: [String: String] = [:]
            for entry in claim {
                guard let equals = entry.firstIndex(of: "=") else { throw CLIError("claim rule '\(entry)' must be CLAIM=VALUE") }
                rules[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
            body["claimRules"] = rules
            if !maxScope.isEmpty { body["maxScopes"] = maxScope }
            let data = try await client.adminClient().send(.POST, "/v1/trusted-issuers", json: body)
            try client.output(data) { Table.details($0, fields: IssuerCommand.detailFields) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List trusted issuers.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/trusted-issuers")
            try client.output(data) { Table(columns: IssuerCommand.columns).render($0["items"].array) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop trusting an issuer.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Trusted issuer id.") var id: String

        func run() async throws {
            _ = try await client.adminClient().send(.DELETE, "/v1/trusted-issuers/\(pathSegment(id))")
            if client.json { print("{}") } else { print("removed trusted issuer \(id)") }
        }
    }
}
