import ArgumentParser
import Foundation

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
            PolicyCommand.self,
            UsageCommand.self, DecisionsCommand.self,
            RevokeCommand.self,
            RateLimitCommand.self,
            AnalyzeCommand.self,
            DependencyCommand.self, BlastRadiusCommand.self, ReviewCommand.self, OwnerCommand.self,
            ProposeCommand.self,
        ]
    )

    /// Runs the command line, accepting the client options before the subcommand as well
    /// (`leash --server URL identity list`), as a global option reads.
    static func main() async {
        let arguments = hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// Moves `--server URL`, `--server=URL` and `--json` given before the first subcommand to the
    /// end, where the subcommand's ``ClientOptions`` parse them.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--server", index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else if argument.hasPrefix("--server=") || argument == "--json" {
                leading.append(argument)
                index += 1
            } else {
                break
            }
        }
        return Array(arguments[index...]) + leading
    }
}
