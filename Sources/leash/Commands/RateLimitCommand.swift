import ArgumentParser
import Foundation

/// `leash rate-limit set|list|delete`: per-identity token buckets (`/v1/rate-limits`).
struct RateLimitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate-limit",
        abstract: "Set, list and delete per-identity rate limits (answered with 429 when exhausted).",
        subcommands: [Set.self, List.self, Delete.self]
    )

    static let columns: [(header: String, field: String)] = [
        ("IDENTITY", "identityId"), ("API", "api"), ("PER SECOND", "requestsPerSecond"), ("BURST", "burst"),
        ("UPDATED", "updatedAt"),
    ]

    /// `/v1/rate-limits/IDENTITY[/API]`.
    static func path(identity: String, api: String?) -> String {
        "/v1/rate-limits/\(pathSegment(identity))" + (api.map { "/\(pathSegment($0))" } ?? "")
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Limit an identity's calls (to every API, or with --api to one).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String
        @Option(help: "Sustained calls per second (may be fractional).") var perSecond: Double
        @Option(help: "Calls allowed at once (default: one second's worth).") var burst: Int?
        @Option(help: "Only calls to this API.") var api: String?

        func run() async throws {
            var body: [String: Any] = ["requestsPerSecond": perSecond]
            body["burst"] = burst
            let data = try await client.adminClient().send(
                .PUT, RateLimitCommand.path(identity: identity, api: api), json: body)
            try client.output(data) {
                Table.details($0, fields: ["identityId", "api", "requestsPerSecond", "burst", "updatedAt"])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rate limits.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only limits of this identity.") var identity: String?

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/rate-limits", query: ["identityId": identity])
            try client.output(data) { Table(columns: RateLimitCommand.columns).render($0["items"].array) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a rate limit.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String
        @Option(help: "The per-API limit to remove (default: the identity's all-API limit).") var api: String?

        func run() async throws {
            _ = try await client.adminClient().send(.DELETE, RateLimitCommand.path(identity: identity, api: api))
            if client.json { print("{}") } else { print("removed the rate limit of \(identity)\(api.map { " on \($0)" } ?? "")") }
        }
    }
}
