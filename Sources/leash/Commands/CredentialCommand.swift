import ArgumentParser
import Foundation

/// `leash credential …`: client secrets and registered public keys of an identity.
struct CredentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential",
        abstract: "Create, register, list, revoke and rotate the credentials of an identity.",
        subcommands: [CreateSecret.self, AddKey.self, List.self, Revoke.self, Rotate.self]
    )

    static let columns: [(header: String, field: String)] = [
        ("ID", "id"), ("TYPE", "type"), ("HINT/KID", "label"), ("CREATED", "createdAt"), ("LAST USED", "lastUsedAt"),
        ("EXPIRES", "expiresAt"), ("REVOKED", "revokedAt"),
    ]
    static let detailFields = [
        "id", "identityId", "type", "hint", "kid", "createdAt", "lastUsedAt", "expiresAt", "revokedAt", "rotatedFrom",
        "replacedBy",
    ]

    /// Prints a newly created credential; a secret is shown once, so it is labelled loudly.
    static func printIssued(_ data: Data, client: ClientOptions) throws {
        try client.output(data) { object in
            var text = Table.details(object["credential"], fields: detailFields)
            if !object["secret"].text.isEmpty {
                text += "\nclient_secret (shown once, store it now):\n  \(object["secret"].text)\n"
            }
            if !object["previous"]["id"].text.isEmpty {
                text += "\nprevious credential \(object["previous"]["id"].text) stays valid until \(object["previous"]["expiresAt"].text)\n"
            }
            return text
        }
    }

    struct CreateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a client secret (printed once).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String
        @Option(help: "Expiry (RFC 3339).") var expiresAt: String?

        func run() async throws {
            var body: [String: Any] = ["type": "client_secret"]
            body["expiresAt"] = expiresAt
            let data = try await client.adminClient().send(.POST, "/v1/identities/\(pathSegment(identity))/credentials", json: body)
            try CredentialCommand.printIssued(data, client: client)
        }
    }

    struct AddKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a public key (JWK) for private_key_jwt.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String
        @Option(help: ArgumentHelp("File holding the public JWK (JSON object).", valueName: "file")) var jwk: String
        @Option(help: "Expiry (RFC 3339).") var expiresAt: String?

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: jwk),
                let key = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                throw CLIError("\(jwk) does not hold a JSON object")
            }
            var body: [String: Any] = ["type": "public_key", "jwk": key]
            body["expiresAt"] = expiresAt
            let reply = try await client.adminClient().send(.POST, "/v1/identities/\(pathSegment(identity))/credentials", json: body)
            try CredentialCommand.printIssued(reply, client: client)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the credentials of an identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String

        func run() async throws {
            let data = try await client.adminClient().send(.GET, "/v1/identities/\(pathSegment(identity))/credentials")
            try client.output(data) { object in
                let rows = object["items"].array.map { item -> JSONObject in
                    var row = (item.value as? [String: Any]) ?? [:]
                    row["label"] = item["hint"].text.isEmpty ? item["kid"].text : item["hint"].text
                    return JSONObject(row)
                }
                return Table(columns: CredentialCommand.columns).render(rows)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a credential at once.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String
        @Argument(help: "Credential id.") var credential: String

        func run() async throws {
            let path = "/v1/identities/\(pathSegment(identity))/credentials/\(pathSegment(credential))/revoke"
            let data = try await client.adminClient().send(.POST, path)
            try client.output(data) { Table.details($0, fields: CredentialCommand.detailFields) }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a client secret; the old one stays valid for the overlap.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id.") var identity: String
        @Argument(help: "Credential id of the secret to replace.") var credential: String
        @Option(help: "Seconds the old secret stays valid.") var overlap: Int = 3600

        func run() async throws {
            let path = "/v1/identities/\(pathSegment(identity))/credentials/\(pathSegment(credential))/rotate"
            let data = try await client.adminClient().send(.POST, path, json: ["overlapSeconds": overlap])
            try CredentialCommand.printIssued(data, client: client)
        }
    }
}
