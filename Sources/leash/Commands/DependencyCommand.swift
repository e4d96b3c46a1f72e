import ArgumentParser
import Foundation

/// `leash dependency …`: declared downstream dependencies (API A calls API B as a service identity).
struct DependencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dependency",
        abstract: "Declare which API calls which other API as which service identity (for the blast radius).",
        subcommands: [Add.self, List.self, Remove.self]
    )

    static let columns: [(header: String, field: String)] = [
        ("API", "api"), ("CALLS", "calls"), ("AS", "identityId"), ("DECLARED BY", "declaredBy"), ("CREATED", "createdAt"),
    ]

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Declare that API calls another API as a service identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The calling API.") var api: String
        @Option(help: "The API it calls.") var calls: String
        @Option(name: .customLong("as"), help: "The service identity it calls as.") var identity: String

        func run() async throws {
            let data = try await client.adminClient().send(
                .POST, "/v1/dependencies", json: ["api": api, "calls": calls, "identityId": identity])
            try client.output(data) { Table.details($0, fields: ["api", "calls", "identityId", "declaredBy", "createdAt"]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List declared dependencies.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only those of this calling API.") var api: String?

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/dependencies", query: ["api": api])
            try client.output(data) { Table(columns: DependencyCommand.columns).render($0["items"].array) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a declared dependency.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The calling API.") var api: String
        @Option(help: "The API it calls.") var calls: String
        @Option(name: .customLong("as"), help: "The service identity it calls as.") var identity: String

        func run() async throws {
            _ = try await client.adminClient().send(
                .DELETE, "/v1/dependencies/\(pathSegment(api))/\(pathSegment(calls))/\(pathSegment(identity))")
            if client.json { print("{}") } else { print("removed dependency \(api) → \(calls) as \(identity)") }
        }
    }
}
