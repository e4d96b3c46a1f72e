import ArgumentParser

/// The `leash` command: the server (`serve`, `demo`) and the admin command line.
@main
struct Leash: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leash",
        abstract: "Least-privilege control plane for machine identities.",
        discussion: """
            Admin commands talk to a running server: --server URL (env LEASH_SERVER, default \
            http://127.0.0.1:8414) with the admin secret in LEASH_ADMIN_TOKEN.
            """,
        version: "0.1.0",
        subcommands: [
            ServeCommand.self, DemoCommand.self, IdentityCommand.self, CredentialCommand.self, APICommand.self,
            GrantCommand.self, IssuerCommand.self, KeysCommand.self, AuditCommand.self, TokenCommand.self,
            CedarCommand.self,
        ]
    )
}
