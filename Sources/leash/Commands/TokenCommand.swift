import ArgumentParser
import Foundation

/// `leash token …`: get a token the way a workload would, to try things out.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Get an access token with client credentials (for people trying Leash out).",
        subcommands: [Get.self]
    )

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "client_credentials grant with client_secret_basic; prints the token response."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "Client id (the identity id).") var clientId: String
        @Option(help: "Client secret (default: env LEASH_CLIENT_SECRET).") var clientSecret: String?
        @Option(help: "Audience: the API's audience URI (RFC 8707 resource).") var resource: String?
        @Option(help: "Space-separated scopes.") var scope: String?

        func run() async throws {
            guard let secret = clientSecret ?? ProcessInfo.processInfo.environment["LEASH_CLIENT_SECRET"], !secret.isEmpty else {
                throw CLIError("pass --client-secret or set LEASH_CLIENT_SECRET")
            }
            var form = ["grant_type": "client_credentials"]
            form["resource"] = resource
            form["scope"] = scope
            let data = try await AdminClient(baseURL: client.serverURL, adminToken: nil)
                .sendForm("/oauth/token", form: form, basic: (clientId, secret))
            try client.output(data) { object in
                Table.details(object, fields: ["token_type", "expires_in", "scope"]) + "\naccess_token:\n\(object["access_token"].text)\n"
            }
        }
    }
}
