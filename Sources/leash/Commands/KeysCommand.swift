import ArgumentParser
import Foundation

/// `leash keys …`: the token signing keys.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Rotate the token signing key.",
        subcommands: [Rotate.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign new tokens with a new key; the old key stays published until its last token expires."
        )
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let data = try await client.adminClient().send(.POST, "/v1/keys/rotate")
            try client.output(data) { object in
                Table.details(object, fields: ["kid", "algorithm"]) + "\npublished keys:\n"
                    + Table(columns: [("KID", "kid"), ("ALG", "algorithm"), ("STATUS", "status"), ("RETIRES", "retiresAt")])
                    .render(object["keys"].array)
            }
        }
    }
}
