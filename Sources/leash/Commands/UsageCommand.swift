import ArgumentParser
import Foundation

/// `leash usage IDENTITY`: what an identity really uses, from the recorded decisions.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show what an identity really uses.",
        subcommands: [Show.self, UsageImportCommand.self],
        defaultSubcommand: Show.self
    )

    struct Show: AsyncParsableCommand {
        /// A JSON count as digits (0 and 1 must not read as booleans).
        static func count(_ value: JSONObject) -> String {
            (value.value as? Int).map(String.init) ?? value.text
        }

        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Per operation: calls allowed and denied, first and last seen, distinct source addresses.",
            discussion: "Counted per UTC day; the window covers whole days ending today. `~` before a source count marks an estimate."
        )
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String
        @Option(help: ArgumentHelp("Days (30d) or weeks (4w) back from today.", valueName: "window")) var window = "30d"

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/usage/\(pathSegment(identity))", query: ["window": window])
            try client.output(data) { object in
                let rows = object["items"].array.map { item in
                    JSONObject([
                        "api": item["api"].text, "operation": item["operation"].text, "allowed": Self.count(item["allowed"]),
                        "denied": Self.count(item["denied"]), "firstSeen": item["firstSeen"].text, "lastSeen": item["lastSeen"].text,
                        "sources": (item["distinctSourcesExact"].text == "true" ? "" : "~") + Self.count(item["distinctSources"]),
                    ])
                }
                let header =
                    "\(object["identity"].text) over \(object["window"].text) since \(object["since"].text): "
                    + "\(Self.count(object["allowed"])) allowed, \(Self.count(object["denied"])) denied\n"
                return header
                    + Table(columns: [
                        ("API", "api"), ("OPERATION", "operation"), ("ALLOWED", "allowed"), ("DENIED", "denied"),
                        ("FIRST SEEN", "firstSeen"), ("LAST SEEN", "lastSeen"), ("SOURCES", "sources"),
                    ]).render(rows)
            }
        }
    }
}

/// `leash decisions`: recorded decisions, and a write-throughput check of the recorder.
struct DecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "List recorded decisions, newest first.",
        subcommands: [List.self, DecisionRecorderBenchmark.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List recorded decisions, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only this identity's decisions.") var identity: String?
        @Option(help: ArgumentHelp("Only decisions since an RFC 3339 time or a duration back (15m, 12h, 7d).", valueName: "time"))
        var since: String?
        @Option(help: "At most this many (1-1000; default 100).") var limit: Int?

        func run() async throws {
            let query = ["identity": identity, "since": since, "limit": limit.map { String($0) }]
            let data = try await client.adminClient().send(.GET, "/v1/decisions", query: query)
            try client.output(data) { object in
                Table(columns: [
                    ("TIME", "time"), ("IDENTITY", "identity"), ("API", "api"), ("OPERATION", "operation"), ("METHOD", "method"),
                    ("PATH", "path"), ("ALLOWED", "allowed"), ("REASON", "reason"), ("SOURCE", "source"),
                ]).render(object["items"].array)
            }
        }
    }
}
