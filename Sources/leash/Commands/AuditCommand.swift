import ArgumentParser
import Foundation

/// `leash audit …`: the hash-chained audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the audit log.",
        subcommands: [List.self, Verify.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit events in order.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only events after this sequence number.") var after: Int?
        @Option(help: "At most this many events.") var limit: Int?

        func run() async throws {
            let query = ["after": after.map { String($0) }, "limit": limit.map { String($0) }]
            let data = try await client.adminClient().send(.GET, "/v1/audit", query: query)
            try client.output(data) { object in
                Table(columns: [
                    ("SEQ", "sequence"), ("TIME", "time"), ("ACTOR", "actor"), ("ACTION", "action"), ("TYPE", "targetType"),
                    ("TARGET", "targetId"),
                ]).render(object["items"].array)
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the audit hash chain; exits non-zero if it is broken.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/audit/verify")
            let object = try JSONObject(data: data)
            try client.output(data) { object in
                object["valid"].text == "true"
                    ? "audit chain intact: \(object["events"].text) events\n"
                    : "audit chain BROKEN at event \(object["brokenAt"].text): \(object["problem"].text)\n"
            }
            if object["valid"].text != "true" { throw ExitCode(2) }
        }
    }
}
