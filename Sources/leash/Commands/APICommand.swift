import ArgumentParser
import Foundation

/// `leash api …`: the protected APIs (token audiences).
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Register, list, show and delete protected APIs (token audiences).",
        subcommands: [Create.self, List.self, Show.self, Delete.self, APIImportCommand.self, APIOperationsCommand.self, APIImportsCommand.self]
    )

    static let columns: [(header: String, field: String)] = [
        ("NAME", "name"), ("AUDIENCE", "audience"), ("OWNER", "owner"), ("SENSITIVITY", "sensitivity"),
        ("MAX TTL", "maxTokenTTL"), ("STATUS", "status"),
    ]
    static let detailFields = ["name", "audience", "owner", "sensitivity", "maxTokenTTL", "status", "createdAt", "updatedAt"]

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an API.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "API name (slug).") var name: String
        @Option(help: "Audience URI that tokens for it carry in `aud`.") var audience: String
        @Option(help: "Owning team.") var owner: String
        @Option(help: "public | internal | confidential | restricted") var sensitivity: String?
        @Option(help: "Longest token lifetime for this API, in seconds.") var maxTokenTtl: Int?

        func run() async throws {
            var body: [String: Any] = ["name": name, "audience": audience, "owner": owner]
            body["sensitivity"] = sensitivity
            body["maxTokenTTL"] = maxTokenTtl
            let data = try await client.adminClient().send(.POST, "/v1/apis", json: body)
            try client.output(data) { Table.details($0, fields: APICommand.detailFields) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List APIs.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/apis")
            try client.output(data) { Table(columns: APICommand.columns).render($0["items"].array) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one API.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "API name.") var name: String

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/apis/\(pathSegment(name))")
            try client.output(data) { Table.details($0, fields: APICommand.detailFields) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an API that no grant refers to.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "API name.") var name: String

        func run() async throws {
            _ = try await client.adminClient().send(.DELETE, "/v1/apis/\(pathSegment(name))")
            if client.json { print("{}") } else { print("deleted API \(name)") }
        }
    }
}
