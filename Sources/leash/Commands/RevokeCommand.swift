import ArgumentParser
import Foundation

/// `leash revoke token JTI | credential ID | identity ID | api NAME`: takes access away so the very
/// next decision on every node refuses it (`POST /v1/revocations`).
struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token, credential, identity or API: the next call is refused.",
        discussion: """
            token JTI        refuse one access token (by its jti; the token itself is not needed)
            credential ID    revoke a credential: it no longer authenticates and its tokens are refused
            identity ID      suspend an identity: its tokens are refused, it gets no new ones
            api NAME         retire an API: every call to it is refused, no token is issued for it
            `leash revoke list` shows what is revoked.
            """,
        subcommands: [Token.self, Credential.self, Identity.self, API.self, List.self]
    )

    /// Posts one revocation and prints what was revoked.
    static func revoke(kind: String, id: String, client: ClientOptions) async throws {
        let data = try await client.adminClient().send(.POST, "/v1/revocations", json: ["kind": kind, "id": id])
        try client.output(data) { Table.details($0, fields: ["kind", "id", "revokedAt", "expiresAt"]) }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke one access token by its jti.")
        @OptionGroup var client: ClientOptions
        // A base64url jti may start with '-': collect it even when it looks like an option.
        @Argument(parsing: .allUnrecognized, help: "The token's jti (it may start with '-').") var jti: [String] = []

        /// The jti given, with the conventional `--` separator (which this parsing keeps) left out.
        private var given: [String] { jti.first == "--" ? Array(jti.dropFirst()) : jti }

        func validate() throws {
            guard given.count == 1 else { throw ValidationError("give exactly one jti (got \(given.count))") }
        }

        func run() async throws { try await RevokeCommand.revoke(kind: "token", id: given[0], client: client) }
    }

    struct Credential: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a credential and every token issued with it.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Credential id (cred_…).") var id: String
        func run() async throws { try await RevokeCommand.revoke(kind: "credential", id: id, client: client) }
    }

    struct Identity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend an identity; its tokens are refused.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var id: String
        func run() async throws { try await RevokeCommand.revoke(kind: "identity", id: id, client: client) }
    }

    struct API: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api", abstract: "Retire an API; every call to it is refused.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "API name.") var name: String
        func run() async throws { try await RevokeCommand.revoke(kind: "api", id: name, client: client) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List revoked tokens and credentials, inactive identities, retired APIs.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/revocations")
            try client.output(data) { list in
                [
                    "TOKENS\n" + Table(columns: [("JTI", "jti"), ("LISTED UNTIL", "expiresAt")]).render(list["tokens"].array),
                    "CREDENTIALS\n"
                        + Table(columns: [("ID", "id"), ("IDENTITY", "identityId"), ("REVOKED", "revokedAt")])
                        .render(list["credentials"].array),
                    "IDENTITIES\n" + Table(columns: [("ID", "id"), ("STATUS", "status")]).render(list["identities"].array),
                    "APIS\n" + Table(columns: [("NAME", "name"), ("STATUS", "status")]).render(list["apis"].array),
                ].joined(separator: "\n")
            }
        }
    }
}
