import ArgumentParser
import Foundation

/// `leash review …`: review items opened by events (a grant to a partner/third-party identity, an owner gone,
/// an API re-imported with new write operations or raised sensitivity, a first call to a sensitive operation).
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List review items and close them: approve, reduce (remove the grants concerned), revoke (suspend the identity).",
        subcommands: [List.self, Show.self, Approve.self, Reduce.self, Revoke.self]
    )

    static let columns: [(header: String, field: String)] = [
        ("ID", "id"), ("TRIGGER", "trigger"), ("STATUS", "status"), ("IDENTITY", "identityId"), ("API", "api"),
        ("SUMMARY", "summary"),
    ]
    static let detailFields = [
        "id", "trigger", "status", "identityId", "api", "operations", "grantId", "grantIds", "summary", "openedAt", "closedAt",
        "closedBy",
    ]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List review items, oldest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only items with this status: open, approved, reduced, revoked.") var status: String?

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/reviews", query: ["status": status])
            try client.output(data) { Table(columns: ReviewCommand.columns).render($0["items"].array) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one review item.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Review item id.") var id: String

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/reviews/\(pathSegment(id))")
            try client.output(data) { Table.details($0, fields: ReviewCommand.detailFields) }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept the change as it is.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Review item id.") var id: String
        func run() async throws { try await ReviewCommand.close(client, id, "approve") }
    }

    struct Reduce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the grants concerned (not for an item about an API alone: approve it).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Review item id.") var id: String
        func run() async throws { try await ReviewCommand.close(client, id, "reduce") }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend the item's identity (not for an item about an API alone: approve it).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Review item id.") var id: String
        func run() async throws { try await ReviewCommand.close(client, id, "revoke") }
    }

    static func close(_ client: ClientOptions, _ id: String, _ action: String) async throws {
        let data = try await client.adminClient().send(.POST, "/v1/reviews/\(pathSegment(id))/\(action)")
        try client.output(data) { Table.details($0, fields: detailFields) }
    }
}

/// `leash owner gone OWNER`: marks an owner gone, opening a review item for each of its active identities.
struct OwnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owner", abstract: "Mark an owner gone.", subcommands: [Gone.self])

    struct Gone: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an owner gone; opens a review item per active identity it owns.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Owner (team or person).") var owner: String

        func run() async throws {
            let data = try await client.adminClient().send(.POST, "/v1/owners/\(pathSegment(owner))/gone")
            try client.output(data) { Table(columns: ReviewCommand.columns).render($0["items"].array) }
        }
    }
}
