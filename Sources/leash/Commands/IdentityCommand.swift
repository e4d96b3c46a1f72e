import ArgumentParser
import Foundation

/// `leash identity …`: the inventory of machine identities.
struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "Create, list, show, change, suspend and decommission machine identities.",
        subcommands: [Create.self, List.self, Show.self, Update.self, Suspend.self, Resume.self, Decommission.self]
    )

    static let columns: [(header: String, field: String)] = [
        ("ID", "id"), ("KIND", "kind"), ("NAME", "name"), ("OWNER", "owner"), ("TIER", "trustTier"),
        ("ENV", "environment"), ("STATUS", "status"),
    ]
    static let detailFields = [
        "id", "kind", "name", "owner", "purpose", "trustTier", "environment", "tenant", "labels", "reviewBy",
        "expiresAt", "status", "createdAt", "updatedAt",
    ]

    /// Fields shared by create and update.
    struct Attributes: ParsableArguments {
        @Option(help: "Human-readable name.") var name: String?
        @Option(help: "Team or person accountable for it.") var owner: String?
        @Option(help: "What it is for.") var purpose: String?
        @Option(help: "internal | partner | third-party") var trustTier: String?
        @Option(help: "Environment, e.g. prod or staging.") var environment: String?
        @Option(help: "Tenant.") var tenant: String?
        @Option(help: "Label KEY=VALUE (repeatable).") var label: [String] = []
        @Option(help: "Review date (RFC 3339).") var reviewBy: String?
        @Option(help: "Expiry (RFC 3339).") var expiresAt: String?

        func body() throws -> [String: Any] {
            var body: [String: Any] = [:]
            body["name"] = name
            body["owner"] = owner
            body["purpose"] = purpose
            body["trustTier"] = trustTier
            body["environment"] = environment
            body["tenant"] = tenant
            body["reviewBy"] = reviewBy
            body["expiresAt"] = expiresAt
            if !label.isEmpty {
                var labels: [String: String] = [:]
                for entry in label {
                    guard let equals = entry.firstIndex(of: "=") else { throw CLIError("label '\(entry)' must be KEY=VALUE") }
                    labels[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
                }
                body["labels"] = labels
            }
            return body
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a new identity.")
        @OptionGroup var client: ClientOptions
        @Option(help: "service | agent | pipeline | integration | delegated-human") var kind: String
        @Option(help: "Identifier (slug, also the OAuth client_id); generated if omitted.") var id: String?
        @OptionGroup var attributes: Attributes

        func run() async throws {
            var body = try attributes.body()
            body["kind"] = kind
            body["id"] = id
            let data = try await client.adminClient().send(.POST, "/v1/identities", json: body)
            try client.output(data) { Table.details($0, fields: IdentityCommand.detailFields) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List identities, optionally filtered.")
        @OptionGroup var client: ClientOptions
        @Option var kind: String?
        @Option var owner: String?
        @Option var status: String?
        @Option var trustTier: String?
        @Option var environment: String?
        @Option var tenant: String?

        func run() async throws {
            let query = [
                "kind": kind, "owner": owner, "status": status, "trustTier": trustTier, "environment": environment,
                "tenant": tenant,
            ]
            let data = try await client.adminClient().send(.GET, "/v1/identities", query: query)
            try client.output(data) { Table(columns: IdentityCommand.columns).render($0["items"].array) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var id: String

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/identities/\(pathSegment(id))")
            try client.output(data) { Table.details($0, fields: IdentityCommand.detailFields) }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change attributes of an identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var id: String
        @OptionGroup var attributes: Attributes

        func run() async throws {
            let body = try attributes.body()
            guard !body.isEmpty else { throw CLIError("nothing to change: pass at least one attribute option") }
            let data = try await client.adminClient().send(.PATCH, "/v1/identities/\(pathSegment(id))", json: body)
            try client.output(data) { Table.details($0, fields: IdentityCommand.detailFields) }
        }
    }

    /// A lifecycle transition (`suspend`, `resume`, `decommission`).
    struct Transition {
        static func run(_ client: ClientOptions, id: String, action: String) async throws {
            let data = try await client.adminClient().send(.POST, "/v1/identities/\(pathSegment(id))/\(action)")
            try client.output(data) { Table.details($0, fields: ["id", "name", "status", "updatedAt"]) }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend an identity: it gets no tokens until resumed.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var id: String
        func run() async throws { try await Transition.run(client, id: id, action: "suspend") }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reactivate a suspended identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var id: String
        func run() async throws { try await Transition.run(client, id: id, action: "resume") }
    }

    struct Decommission: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decommission an identity for good.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var id: String
        func run() async throws { try await Transition.run(client, id: id, action: "decommission") }
    }
}

/// Percent-encodes one URL path segment.
func pathSegment(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
