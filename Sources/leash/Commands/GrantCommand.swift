import ArgumentParser
import Foundation

/// `leash grant …`: scopes granted to identities.
struct GrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Grant scopes to identities, list grants, revoke them.",
        subcommands: [Add.self, List.self, Revoke.self]
    )

    static let columns: [(header: String, field: String)] = [
        ("ID", "id"), ("IDENTITY", "identityId"), ("API", "api"), ("SCOPE", "scope"), ("EXPIRES", "expiresAt"),
        ("GRANTED BY", "grantedBy"),
    ]
    static let detailFields = ["id", "identityId", "api", "scope", "expiresAt", "justification", "grantedBy", "createdAt"]

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grant one scope on one API to an identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String
        @Option(help: "API name.") var api: String
        @Option(help: "Scope (one scope-token).") var scope: String
        @Option(help: "Expiry (RFC 3339).") var expiresAt: String?
        @Option(help: "Why the identity needs it.") var justification: String?

        func run() async throws {
            var body: [String: Any] = ["identityId": identity, "api": api, "scope": scope]
            body["expiresAt"] = expiresAt
            body["justification"] = justification
            let data = try await client.adminClient().send(.POST, "/v1/grants", json: body)
            try client.output(data) { Table.details($0, fields: GrantCommand.detailFields) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List grants, by identity or API.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only grants of this identity.") var identity: String?
        @Option(help: "Only grants on this API.") var api: String?

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/grants", query: ["identityId": identity, "api": api])
            try client.output(data) { Table(columns: GrantCommand.columns).render($0["items"].array) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke (delete) a grant.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Grant id.") var id: String

        func run() async throws {
            _ = try await client.adminClient().send(.DELETE, "/v1/grants/\(pathSegment(id))")
            if client.json { print("{}") } else { print("revoked grant \(id)") }
        }
    }
}
