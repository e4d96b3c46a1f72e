import ArgumentParser
import Foundation

/// `leash propose …`: right-sizing proposals with replay proofs (docs/proposals.md).
struct ProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Generate, review, shadow, enforce or reject right-sizing proposals.",
        subcommands: [Generate.self, List.self, Show.self, Apply.self, Reject.self],
        defaultSubcommand: List.self
    )

    /// One line per proposal: id, identity, status, grants kept/removed, refusals the replay found.
    static func rows(_ items: [JSONObject]) -> String {
        guard !items.isEmpty else { return "no proposals\n" }
        let columns: [(header: String, field: String)] = [
            ("ID", "id"), ("IDENTITY", "identity"), ("STATUS", "status"), ("KEEP", "keep"), ("REMOVE", "remove"),
            ("REFUSED", "refused"), ("CREATED", "createdAt"),
        ]
        let rows = items.map { item in
            JSONObject([
                "id": item["id"].text, "identity": item["identityId"].text, "status": item["status"].text,
                "keep": "\(item["proposedGrants"].array.count)", "remove": "\(item["removedGrants"].array.count)",
                "refused": item["replay"]["refusedAfter"].text, "createdAt": item["createdAt"].text,
            ] as [String: Any])
        }
        return Table(columns: columns).render(rows)
    }

    /// A proposal in full: grants kept and removed, uses, gaps, the replay proof, shadow results.
    static func details(_ report: JSONObject) -> String {
        let proposal = report["proposal"]["id"].value == nil ? report : report["proposal"]
        func grants(_ list: [JSONObject]) -> String {
            list.isEmpty ? "    (none)\n" : list.map { "    \($0["id"].text)  \($0["api"].text)  \($0["scope"].text)\n" }.joined()
        }
        var text = """
            proposal \(proposal["id"].text) for identity \(proposal["identityId"].text): \(proposal["status"].text)
            window \(proposal["window"]["start"].text) .. \(proposal["window"]["end"].text)
            keep:

            """
        text += grants(proposal["proposedGrants"].array)
        text += "remove:\n" + grants(proposal["removedGrants"].array)
        text += "used in the window:\n"
        for use in proposal["uses"].array {
            text += "    \(use["api"].text)  \(use["operationId"].text)  scope \(use["scope"].text)  \(use["allowedCalls"].text) calls\n"
        }
        for gap in proposal["narrowingGaps"].array {
            text += "no narrower scope: \(gap["api"].text) \(gap["scope"].text) also covers \(gap["unusedOperations"].text)\n"
        }
        for use in proposal["uncovered"].array {
            text += "not covered by any grant (\(use["reason"].text)): \(use["api"].text) \(use["operationId"].text)\n"
        }
        let replay = proposal["replay"]
        text += "replay: \(replay["recordsReplayed"].text) records, \(replay["allowedBefore"].text) allowed, "
            + "\(replay["refusedAfter"].text) would be refused\n"
        for refusal in replay["refusals"].array.prefix(20) {
            text += "    \(refusal["time"].text)  \(refusal["method"].text) \(refusal["path"].text)  needs \(refusal["missingScope"].text)\n"
        }
        let shadow = report["shadow"]
        if shadow.value != nil, !(shadow.value is NSNull) {
            text += "shadow since \(shadow["since"].text): \(shadow["decisions"].text) decisions, "
                + "\(shadow["wouldBeDenied"].text) would have been denied\n"
            for example in shadow["examples"].array {
                text += "    \(example["time"].text)  \(example["method"].text) \(example["path"].text)\n"
            }
        }
        return text
    }

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Propose minimum grants for over-granted identities.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Window of recorded use, e.g. 90d or 12w.") var window = "90d"
        @Option(help: "Only this identity.") var identity: String?

        func run() async throws {
            var body: [String: Any] = ["window": window]
            body["identityId"] = identity
            let data = try await client.adminClient().send(.POST, "/v1/proposals", json: body)
            try client.output(data) { ProposeCommand.rows($0["items"].array) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List proposals.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only proposals of this identity.") var identity: String?
        @Option(help: "Only proposals in this status (proposed, shadowed, enforced, rejected).") var status: String?

        func run() async throws {
            let data = try await client.adminClient().send(
                .GET, "/v1/proposals", query: ["identityId": identity, "status": status])
            try client.output(data) { ProposeCommand.rows($0["items"].array) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a proposal, its replay proof and shadow results.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Proposal id.") var id: String

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/proposals/\(pathSegment(id))")
            try client.output(data) { ProposeCommand.details($0) }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a proposal as a shadow policy (--shadow) or delete its removed grants (--enforce).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Proposal id.") var id: String
        @Flag(help: "Record would-be denials; enforce nothing.") var shadow = false
        @Flag(help: "Delete the grants the proposal removes.") var enforce = false

        func validate() throws {
            guard shadow != enforce else { throw ValidationError("give exactly one of --shadow or --enforce") }
        }

        func run() async throws {
            let step = shadow ? "shadow" : "enforce"
            let data = try await client.adminClient().send(.POST, "/v1/proposals/\(pathSegment(id))/\(step)")
            try client.output(data) { ProposeCommand.details($0) }
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a proposal; no grant changes.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Proposal id.") var id: String

        func run() async throws {
            let data = try await client.adminClient().send(.POST, "/v1/proposals/\(pathSegment(id))/reject")
            try client.output(data) { ProposeCommand.details($0) }
        }
    }
}
